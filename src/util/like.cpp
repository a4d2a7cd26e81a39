#include "util/like.hpp"

#include <algorithm>
#include <cstddef>

namespace lethe::util {
namespace {

// The length of the UTF-8 character starting at `pos` of `text`: 1 for a byte that starts none,
// so that text that is not UTF-8 still moves on, never past the end.
size_t char_length(std::string_view text, size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
  return std::min(length, text.size() - pos);
}

// The length of the well-formed UTF-8 character at `pos` of `text` (shortest form, no
// surrogate, at most U+10FFFF), or 0 when there is none.
size_t valid_char_length(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xC2 && lead < 0xE0   ? 2
                  : lead >= 0xE0 && lead < 0xF0 ? 3
                  : lead >= 0xF0 && lead < 0xF5 ? 4
                                                : 0;
  if (length == 0 || pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  // The second byte's range that excludes overlong forms, surrogates and code points past
  // U+10FFFF.
  unsigned char second = byte(1);
  if (lead == 0xE0 && second < 0xA0) return 0;
  if (lead == 0xED && second >= 0xA0) return 0;
  if (lead == 0xF0 && second < 0x90) return 0;
  if (lead == 0xF4 && second >= 0x90) return 0;
  return length;
}

bool valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    size_t length = valid_char_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

// Appends the character `ch` of a pattern as a literal of the canonical form.
void append_literal(std::string& out, std::string_view ch) {
  if (ch == "%" || ch == "_" || ch == "\\") out += '\\';
  out += ch;
}

Expected<void> check_escape(std::string_view escape) {
  if (escape.empty()) return {};
  if (!valid_utf8(escape) || valid_char_length(escape, 0) != escape.size())
    return Error{"LIKE escape must be a single character, not '" + std::string(escape) + "'"};
  // With a wildcard as the escape, "%%" would be a literal `%` and a lone `%` no wildcard at all:
  // PostgreSQL reads such patterns, but few people would read them the same way.
  if (escape == "%" || escape == "_")
    return Error{"LIKE escape cannot be the wildcard '" + std::string(escape) + "'"};
  return {};
}

}  // namespace

Expected<std::string> canonical_like_pattern(std::string_view pattern, std::string_view escape) {
  if (auto checked = check_escape(escape); !checked) return checked.error();
  if (!valid_utf8(pattern)) return Error{"LIKE pattern is not valid UTF-8"};
  std::string canonical;
  canonical.reserve(pattern.size());
  for (size_t pos = 0; pos < pattern.size();) {
    std::string_view ch = pattern.substr(pos, valid_char_length(pattern, pos));
    pos += ch.size();
    if (ch == "%" || ch == "_") {
      canonical += ch;
    } else if (ch != escape) {
      append_literal(canonical, ch);
    } else if (pos == pattern.size()) {
      return Error{"LIKE pattern ends with its escape character '" + std::string(escape) + "'"};
    } else {
      std::string_view escaped = pattern.substr(pos, valid_char_length(pattern, pos));
      pos += escaped.size();
      append_literal(canonical, escaped);
    }
  }
  return canonical;
}

// The usual wildcard match: on a mismatch, go back to the last `%` and let it take one more
// character. No earlier `%` ever needs to take more, so this is O(text × pattern) at worst.
bool like_match(std::string_view text, std::string_view pattern) {
  constexpr size_t k_none = std::string_view::npos;
  size_t t = 0;
  size_t p = 0;
  size_t resume_p = k_none;  // just after the last `%` seen
  size_t resume_t = 0;       // where the text stood when that `%` took nothing more
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '%') {
        resume_p = ++p;
        resume_t = t;
        // A trailing `%` takes the rest of the text.
        if (p == pattern.size()) return true;
        continue;
      }
      if (pc == '_') {
        t += char_length(text, t);
        ++p;
        continue;
      }
      size_t literal = pc == '\\' && p + 1 < pattern.size() ? p + 1 : p;
      size_t length = char_length(pattern, literal);
      if (text.compare(t, length, pattern.substr(literal, length)) == 0) {
        t += length;
        p = literal + length;
        continue;
      }
    }
    if (resume_p == k_none) return false;
    resume_t += char_length(text, resume_t);
    t = resume_t;
    p = resume_p;
  }
  while (p < pattern.size() && pattern[p] == '%')
    ++p;
  return p == pattern.size();
}

}  // namespace lethe::util
