#include "data/load_report.hpp"

#include <algorithm>

#include "data/record_source.hpp"

namespace lethe::data {

std::string RowDiagnostic::text() const {
  return ReadError{line, 0, message}.text(path);
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
