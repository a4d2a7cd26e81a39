#include "data/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "util/byte_size.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace {

// Beyond these a limit protects nothing: a buffer this large is itself the exhaustion.
constexpr std::uint64_t k_max_size = std::uint64_t{4} << 30;
constexpr std::uint64_t k_max_count = 100'000'000;

struct LimitSpec {
  const char* name;
  std::size_t Limits::*member;
  bool is_size;
  const char* help;
  std::uint64_t minimum;
  std::uint64_t maximum = 0;  // 0: k_max_size or k_max_count
};

constexpr LimitSpec k_limits[] = {
    {"max-field-size", &Limits::max_field_size, true,
     "Bytes of one field value; a longer one rejects its row", 1},
    {"max-record-size", &Limits::max_record_size, true,
     "Bytes of one record (CSV record, JSON object, SQLite value); a longer one is rejected and "
     "stops its file (NDJSON: its line)",
     1024},
    {"max-nesting-depth", &Limits::max_nesting_depth, false,
     "Levels of JSON objects and arrays in one record; a deeper one is rejected", 1},
    {"max-glob-files", &Limits::max_glob_files, false,
     "Files one manifest pattern may match; more is an error", 1},
    {"max-archive-members", &Limits::max_archive_members, false,
     "Members of one archive; more is an error", 1},
    {"max-archive-depth", &Limits::max_archive_depth, false,
     "Levels of archives within archives (an archive in the export is level 1); deeper is an "
     "error",
     1, 16},
    {"max-decompressed-size", &Limits::max_decompressed_size, true,
     "Bytes one compressed file or archive member may decompress to; more is an error", 1,
     std::uint64_t{1} << 50},
    {"max-compression-ratio", &Limits::max_compression_ratio, false,
     "Decompressed bytes per stored byte of a compressed file or archive (checked past 16 MiB); "
     "more is an error",
     2},
};

const LimitSpec* find_limit(std::string_view name) {
  std::string dashed(name);
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  for (const auto& spec : k_limits) {
    if (dashed == spec.name) return &spec;
  }
  return nullptr;
}

}  // namespace

std::string limit_note(std::string_view name, std::uint64_t value, bool is_size) {
  return fmt::format("the {} limit ({}; raise it with --{})", name,
                     is_size ? util::format_byte_size(value) : std::to_string(value), name);
}

const std::vector<std::string>& limit_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& spec : k_limits)
      all.emplace_back(spec.name);
    return all;
  }();
  return names;
}

std::string describe_limit(std::string_view name) {
  const LimitSpec* spec = find_limit(name);
  if (!spec) return {};
  std::uint64_t value = Limits{}.*(spec->member);
  return fmt::format("{} (default {})", spec->help,
                     spec->is_size ? util::format_byte_size(value) : std::to_string(value));
}

util::Expected<void> set_limit(Limits& limits, std::string_view name, std::string_view text) {
  const LimitSpec* spec = find_limit(name);
  if (!spec) {
    return util::Error{fmt::format("unknown limit {}; limits: {}", util::quote_for_message(name),
                                   util::join(limit_names(), ", "))};
  }
  std::uint64_t value = 0;
  if (spec->is_size) {
    auto size = util::parse_byte_size(text);
    if (!size) return size.error();
    value = *size;
    std::uint64_t maximum = spec->maximum ? spec->maximum : k_max_size;
    if (value > maximum) {
      return util::Error{
          fmt::format("{} is at most {}", spec->name, util::format_byte_size(maximum))};
    }
  } else {
    std::string_view digits = util::trim(text);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size() || value == 0) {
      return util::Error{fmt::format("expected a whole number of at least 1, got {}",
                                     util::quote_for_message(text))};
    }
    std::uint64_t maximum = spec->maximum ? spec->maximum : k_max_count;
    if (value > maximum) {
      return util::Error{fmt::format("{} is at most {}", spec->name, maximum)};
    }
  }
  if (value < spec->minimum) {
    return util::Error{fmt::format(
        "{} is at least {}", spec->name,
        spec->is_size ? util::format_byte_size(spec->minimum) : std::to_string(spec->minimum))};
  }
  limits.*(spec->member) = static_cast<std::size_t>(value);
  return {};
}

}  // namespace lethe::data
