// Regular expressions of rules (`s matches 're'`): RE2 syntax, searched in linear time, and the
// same pattern for PostgreSQL's `~` (POSIX ARE), so that both engines find the same rows.
//
// Only a portable subset of RE2 is accepted: what can be written in ARE so that it matches
// exactly the same strings, whatever the server's locale (see docs/rule-language.md). The ARE is
// written out explicitly rather than trusting that the two dialects agree: `.` becomes `[^\n]`,
// `\d` `[0-9]`, `\b` lookarounds, a letter under (?i) the set of its cases as RE2 has them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace re2 {
class RE2;
}

namespace lethe::util {

// What is wrong with a pattern, at a byte offset of it.
struct PatternError {
  size_t offset = 0;
  std::string message;
  std::string hint;
};

// Checks `pattern`: valid RE2 syntax, and within the portable subset; nullopt when it is fine.
std::optional<PatternError> check_regex(std::string_view pattern);

// The POSIX ARE that PostgreSQL's `~` searches for to match exactly the strings RE2 finds
// `pattern` (checked by check_regex) in; one that matches nothing for a pattern it refuses.
std::string to_postgres_regex(std::string_view pattern);

// A compiled pattern, for the store's engine.
class Regex {
 public:
  // Compiles `pattern`; the error check_regex gives when it refuses it.
  static Expected<Regex, PatternError> compile(std::string_view pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  // Whether the pattern occurs anywhere in `text` (UTF-8; other bytes never match a character).
  bool search(std::string_view text) const;

 private:
  Regex();
  std::unique_ptr<re2::RE2> m_re;
};

}  // namespace lethe::util
