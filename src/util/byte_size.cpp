#include "util/byte_size.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "util/strings.hpp"

namespace lethe::util {

Expected<std::uint64_t> parse_byte_size(std::string_view text) {
  auto fail = [&] {
    return Error{
        fmt::format("expected a size such as 16MiB or 1048576, got {}", quote_for_message(text))};
  };
  std::string_view rest = trim(text);
  std::uint64_t number = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (error != std::errc{} || end == rest.data()) return fail();
  std::string unit = to_lower(trim(rest.substr(static_cast<std::size_t>(end - rest.data()))));
  int shift = 0;
  if (unit.empty() || unit == "b") {
    shift = 0;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    shift = 10;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    shift = 20;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    shift = 30;
  } else {
    return fail();
  }
  if (number == 0) return Error{"a size of 0 leaves nothing to read"};
  if (number > (std::numeric_limits<std::uint64_t>::max() >> shift)) return fail();
  return number << shift;
}

std::string format_byte_size(std::uint64_t bytes) {
  static constexpr const char* k_units[] = {"GiB", "MiB", "KiB"};
  static constexpr int k_shifts[] = {30, 20, 10};
  for (int i = 0; i < 3; ++i) {
    std::uint64_t unit = std::uint64_t{1} << k_shifts[i];
    if (bytes >= unit && bytes % unit == 0) return fmt::format("{} {}", bytes / unit, k_units[i]);
  }
  return fmt::format("{} {}", bytes, bytes == 1 ? "byte" : "bytes");
}

}  // namespace lethe::util
