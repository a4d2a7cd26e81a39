// SQL LIKE patterns of rules (`s like 'pat'`): `%` any run of characters, `_` one character,
// case-sensitive, compared byte for byte, as PostgreSQL's LIKE does.
//
// A pattern is written with an escape character of the rule's choosing, or none (the SQL
// standard's default, not PostgreSQL's backslash); canonical_like_pattern rewrites it with a
// backslash as the escape, so that PostgreSQL runs it as `s LIKE $1` and the store runs it with
// like_match, and both read the same pattern.
#pragma once

#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace lethe::util {

// `pattern` with its escape character `escape` ("" for none, else one UTF-8 character other than
// `%` and `_`) rewritten with a backslash as the escape: every literal `%`, `_` and `\` escaped
// by one, and an escape before any other character dropped (it stands for that character, as in
// PostgreSQL). An error when the pattern ends with its escape character, when `escape` is not
// one such character, or when either is not UTF-8.
Expected<std::string> canonical_like_pattern(std::string_view pattern, std::string_view escape);

// Whether `text` matches the canonical pattern `pattern` (from canonical_like_pattern): `_` is
// one UTF-8 character, the rest is compared byte for byte. At most length of text times length
// of pattern steps, however many `%` the pattern has.
bool like_match(std::string_view text, std::string_view pattern);

}  // namespace lethe::util
