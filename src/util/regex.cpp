#include "util/regex.hpp"

#include <re2/re2.h>

namespace lethe::util {

std::optional<PatternError> check_regex(std::string_view pattern) {
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), RE2::Quiet);
  if (!re.ok()) return PatternError{0, re.error(), {}};
  return std::nullopt;
}

std::string to_postgres_regex(std::string_view pattern) {
  return std::string(pattern);
}

Regex::Regex() = default;
Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

Expected<Regex> Regex::compile(std::string_view pattern) {
  if (auto error = check_regex(pattern)) return Error{error->message};
  Regex regex;
  regex.m_re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), RE2::Quiet);
  return regex;
}

bool Regex::search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *m_re);
}

}  // namespace lethe::util
