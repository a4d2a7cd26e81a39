// Regular expressions of rules (`s matches 're'`): RE2 syntax, searched in linear time, and the
// same pattern for PostgreSQL's `~` (POSIX ARE), so that both engines find the same rows.
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

// Checks `pattern`: valid RE2 syntax, and within what reads the same in PostgreSQL (see
// docs/rule-language.md); nullopt when it is fine.
std::optional<PatternError> check_regex(std::string_view pattern);

// The POSIX ARE that PostgreSQL's `~` searches for to match exactly the strings RE2 finds
// `pattern` (already checked) in.
std::string to_postgres_regex(std::string_view pattern);

// A compiled pattern (checked by check_regex).
class Regex {
 public:
  // Compiles `pattern`; an error when check_regex would refuse it.
  static Expected<Regex> compile(std::string_view pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  // Whether the pattern occurs anywhere in `text` (UTF-8).
  bool search(std::string_view text) const;

 private:
  Regex();
  std::unique_ptr<re2::RE2> m_re;
};

}  // namespace lethe::util
