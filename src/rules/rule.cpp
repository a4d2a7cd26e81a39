#include "rules/rule.hpp"

#include "util/enum_names.hpp"

namespace lethe::rules {

namespace {

constexpr auto k_severity_names = std::to_array<util::EnumName<Severity>>({
    {Severity::info, "info"},
    {Severity::low, "low"},
    {Severity::medium, "medium"},
    {Severity::high, "high"},
    {Severity::critical, "critical"},
});

}  // namespace

std::string_view severity_name(Severity severity) {
  return util::enum_name(k_severity_names, severity);
}

std::optional<Severity> parse_severity(std::string_view text) {
  return util::parse_enum(k_severity_names, text);
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
  for (const auto& [name, fields] : reads) {
    if (name != from_dataset) names.push_back(name);
  }
  return names;
}

std::vector<std::string> Rule::exempting_datasets() const {
  std::set<std::string> needed{from_dataset};
  std::set<std::string> negative;
  if (where) {
    for_each_exists(*where, [&](const Expr& exists, Polarity polarity) {
      (polarity == Polarity::negative ? negative : needed).insert(exists.name);
    });
  }
  std::vector<std::string> names;
  for (const auto& name : negative) {
    if (!needed.count(name)) names.push_back(name);
  }
  return names;
}

}  // namespace lethe::rules
