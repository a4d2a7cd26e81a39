#include "rules/rule.hpp"

namespace lethe::rules {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (auto severity :
       {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    if (severity_name(severity) == text) return severity;
  }
  return std::nullopt;
}

const Param* Rule::find_param(std::string_view name) const {
  for (const auto& param : params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

Param* Rule::find_param(std::string_view name) {
  for (auto& param : params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

std::vector<std::string> Rule::datasets() const {
  std::vector<std::string> names{from_dataset};
  for (const auto& [dataset, fields] : reads) {
    if (dataset != from_dataset) names.push_back(dataset);
  }
  return names;
}

}  // namespace lethe::rules
