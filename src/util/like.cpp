#include "util/like.hpp"

namespace lethe::util {

Expected<std::string> canonical_like_pattern(std::string_view pattern, std::string_view) {
  return std::string(pattern);
}

bool like_match(std::string_view text, std::string_view pattern) {
  return text == pattern;
}

}  // namespace lethe::util
