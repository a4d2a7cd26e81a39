#include "data/record_source.hpp"

#include <fmt/format.h>

namespace lethe::data {

std::string ReadError::text(std::string_view path) const {
  if (line == 0) return fmt::format("{}: {}", path, message);
  if (column == 0) return fmt::format("{}:{}: {}", path, line, message);
  return fmt::format("{}:{}:{}: {}", path, line, column, message);
}

}  // namespace lethe::data
