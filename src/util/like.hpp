// SQL LIKE patterns of rules (`s like 'pat'`): `%` any run of characters, `_` one character,
// case-sensitive, compared byte for byte, as PostgreSQL's LIKE does.
#pragma once

#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace lethe::util {

// `pattern` with its escape character `escape` ("" for none, else one UTF-8 character) rewritten
// with a backslash as the escape, PostgreSQL's default: every literal `%`, `_` and `\` escaped by
// one. An error when the pattern ends with its escape character.
Expected<std::string> canonical_like_pattern(std::string_view pattern, std::string_view escape);

// Whether `text` matches the canonical pattern `pattern` (from canonical_like_pattern). `_`
// matches one UTF-8 character; linear-ish time, no exponential backtracking.
bool like_match(std::string_view text, std::string_view pattern);

}  // namespace lethe::util
