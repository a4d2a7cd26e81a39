// Small string helpers that the standard library lacks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::util {

// Removes ASCII white space from both ends.
std::string_view trim(std::string_view text);

// Lower-cases ASCII letters.
std::string to_lower(std::string_view text);

// True when `text` equals `other` ignoring ASCII case.
bool iequals(std::string_view text, std::string_view other);

// Splits on every `separator`; an empty input gives one empty part.
std::vector<std::string_view> split(std::string_view text, char separator);

// Joins `parts` with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Edit distance (Levenshtein with adjacent transpositions), for "did you mean" hints.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is a plausible typo of it, else "".
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);

// "1 row", "3 rows": `count` and the noun that agrees with it.
std::string count_noun(std::uint64_t count, std::string_view one, std::string_view many);

// `text` in double quotes, `"` and `\` escaped with a backslash and control characters as \xNN
// (a message's quoting, and a YAML double-quoted scalar).
std::string double_quoted(std::string_view text);

// `text` quoted for a message: double_quoted, cut at 80 bytes ("...").
std::string quote_for_message(std::string_view text);

// The number of UTF-8 characters (code points) of `text`: its bytes that start one.
size_t utf8_length(std::string_view text);

// `text` with every line wider than `width` columns broken at spaces; a continuation is indented
// `hang` columns more than its line. Width counts UTF-8 characters and skips ANSI colour codes
// (ESC [ ... m); a word wider than the room is kept whole. `width` 0 leaves `text` as it is.
std::string wrap_lines(std::string_view text, size_t width, size_t hang);

}  // namespace lethe::util
