#include "data/load_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "data/record_source.hpp"

namespace lethe::data {

std::string RowDiagnostic::text() const {
  return ReadError{line, 0, message}.text(path);
}

std::string wall_time_warning(std::string_view field, std::string_view zone, util::WallTime kind,
                              std::uint64_t count, std::optional<std::uint64_t> first_line) {
  const bool repeated = kind == util::WallTime::repeated;
  std::string what = repeated ? (count == 1 ? "1 wall time occurs twice"
                                            : fmt::format("{} wall times occur twice", count))
                              : (count == 1 ? "1 wall time does not occur"
                                            : fmt::format("{} wall times do not occur", count));
  std::string message =
      fmt::format("{}: {} in {} ({}), {}", field, what, zone,
                  repeated ? "clocks went back" : "clocks went forward",
                  repeated ? "read as the earlier instant" : "read with the offset before the gap");
  if (first_line) message += fmt::format("; the first at line {}", *first_line);
  return message;
}

std::vector<std::string> DatasetReport::missing_fields() const {
  std::vector<std::string> missing;
  for (const auto& field : fields) {
    if (!field.present) missing.push_back(field.spec->name);
  }
  return missing;
}

bool LoadReport::complete() const {
  return std::all_of(datasets.begin(), datasets.end(), [](const auto& d) { return d.complete(); });
}

const DatasetReport* LoadReport::find(std::string_view dataset) const {
  for (const auto& report : datasets) {
    if (report.spec->name == dataset) return &report;
  }
  return nullptr;
}

}  // namespace lethe::data
