#include "cli/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "engine/gate.hpp"
#include "report/formats.hpp"
#include "rules/rule.hpp"
#include "util/strings.hpp"
#include "util/yaml_file.hpp"

#include "util/time_zone.hpp"

namespace lethe::cli {

namespace fs = std::filesystem;
using util::Expected;
using util::YamlFile;

namespace {

// A path in the config is relative to the config file's folder.
std::string relative_to(const fs::path& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

using ConfigStep = Expected<void> (*)(const YamlFile& file, const YAML::Node& root,
                                      const fs::path& base, ScanConfig& config);

Expected<void> read_lists(const YamlFile& file, const YAML::Node& root, const fs::path& base,
                          ScanConfig& config) {
  for (auto [key, out] : {std::pair{"rules", &config.rules},
                          std::pair{"required_datasets", &config.required_datasets}}) {
    if (!root[key]) continue;
    auto items = file.string_list(root[key], fmt::format("'{}'", key));
    if (!items) return items.error();
    *out = std::move(*items);
  }
  // Patterns keep where they are, so that one matching no rule is reported there.
  for (auto [key, out] :
       {std::pair{"select", &config.select}, std::pair{"exclude", &config.exclude}}) {
    const YAML::Node& node = root[key];
    if (!node) continue;
    auto items = file.string_list(node, fmt::format("'{}'", key));
    if (!items) return items.error();
    for (size_t i = 0; i < items->size(); ++i) {
      const YAML::Node& item = node.IsSequence() ? node[i] : node;
      out->push_back(
          {(*items)[i], fmt::format("{}: {}", util::format_location(file.location(item)), key)});
    }
  }
  for (auto& rules_path : config.rules)
    rules_path = relative_to(base, rules_path);
  return {};
}

// `params: {ID: {NAME: VALUE or [VALUES]}}` as ID.NAME=VALUE settings.
Expected<void> read_params(const YamlFile& file, const YAML::Node& root, const fs::path&,
                           ScanConfig& config) {
  const YAML::Node& params = root["params"];
  if (!params) return {};
  if (auto ok = file.expect_map(params, "'params'"); !ok) return ok;
  for (const auto& rule : params) {
    if (auto ok = file.expect_map(rule.second, "the parameters of a rule"); !ok) return ok;
    for (const auto& param : rule.second) {
      // A mapping (or nothing) would otherwise read as "": an empty list, a narrower audit.
      if (!param.second.IsScalar() && !param.second.IsSequence()) {
        return file.error_at(
            param.second.IsNull() ? param.first : param.second,
            fmt::format("parameter '{}' needs a value or a list of values", param.first.Scalar()));
      }
      std::string value = param.second.Scalar();
      if (param.second.IsSequence()) {
        auto items = file.string_list(param.second, "a list parameter");
        if (!items) return items.error();
        value = util::join(*items, ",");
      }
      config.params.push_back(
          fmt::format("{}.{}={}", rule.first.Scalar(), param.first.Scalar(), value));
    }
  }
  return {};
}

Expected<void> read_gate(const YamlFile& file, const YAML::Node& root, const fs::path&,
                         ScanConfig& config) {
  if (const YAML::Node& fail_on = root["fail_on"]) {
    std::string text = fail_on.Scalar();
    if (text != "never" && !rules::parse_severity(text)) {
      return file.error_at(fail_on, fmt::format("unknown fail_on '{}'", text),
                           "fail_on: info, low, medium, high, critical or never");
    }
    config.fail_on = text;
  }
  if (const YAML::Node& zone = root["as_of_timezone"]) {
    auto text = file.scalar(zone, "'as_of_timezone'");
    if (!text) return text.error();
    if (auto parsed = util::TimeZone::parse(*text); !parsed)
      return file.error_at(zone, "as_of_timezone: ", parsed.error());
    config.as_of_timezone = *text;
  }
  for (auto [key, out] : {std::pair{"fail_on_new_only", &config.fail_on_new_only},
                          std::pair{"fail_on_not_applicable", &config.fail_on_not_applicable}}) {
    const YAML::Node& flag = root[key];
    if (!flag) continue;
    if (flag.Scalar() != "true" && flag.Scalar() != "false") {
      return file.error_at(flag, fmt::format("{} must be true or false", key));
    }
    *out = flag.Scalar() == "true";
  }
  if (const YAML::Node& max = root["max_rejected_rows"]) {
    auto text = file.scalar(max, "'max_rejected_rows'");
    if (!text) return text.error();
    if (auto ok = engine::RejectedRowLimit::parse(*text); !ok) {
      return file.error_at(max, fmt::format("max_rejected_rows: expected a number of rows (25) or "
                                            "a percentage of the rows read (0.5%), got '{}'",
                                            *text));
    }
    config.max_rejected_rows = *text;
  }
  return {};
}

Expected<void> read_paths(const YamlFile& file, const YAML::Node& root, const fs::path& base,
                          ScanConfig& config) {
  for (auto [key, out] :
       {std::pair{"waivers", &config.waivers}, std::pair{"baseline", &config.baseline}}) {
    if (!root[key]) continue;
    auto value = file.scalar(root[key], fmt::format("'{}'", key));
    if (!value) return value.error();
    *out = relative_to(base, *value);
  }
  return {};
}

// `reports: {FORMAT: PATH}`.
Expected<void> read_reports(const YamlFile& file, const YAML::Node& root, const fs::path& base,
                            ScanConfig& config) {
  const YAML::Node& reports = root["reports"];
  if (!reports) return {};
  if (auto ok = file.expect_map(reports, "'reports'"); !ok) return ok;
  for (const auto& entry : reports) {
    std::string format = entry.first.Scalar();
    if (!report::is_report_format(format)) {
      return file.error_at(entry.first, fmt::format("unknown report format '{}'", format),
                           fmt::format("formats: {}", util::join(report::report_formats(), ", ")));
    }
    auto report_path = file.scalar(entry.second, fmt::format("the path of the {} report", format));
    if (!report_path) return report_path.error();
    config.reports[format] = relative_to(base, *report_path);
  }
  return {};
}

// `limits: {max_field_size: 32MiB, ...}`, each checked as its option would be.
Expected<void> read_limits(const YamlFile& file, const YAML::Node& root, const fs::path&,
                           ScanConfig& config) {
  const YAML::Node& limits = root["limits"];
  if (!limits) return {};
  if (auto ok = file.expect_map(limits, "'limits'"); !ok) return ok;
  data::Limits checked;
  const auto& names = data::limit_names();
  for (const auto& entry : limits) {
    std::string name = entry.first.Scalar();
    std::replace(name.begin(), name.end(), '_', '-');
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return file.error_at(entry.first, fmt::format("unknown limit '{}'", entry.first.Scalar()),
                           fmt::format("limits: {}", util::join(names, ", ")));
    }
    auto text = file.scalar(entry.second, fmt::format("'{}'", entry.first.Scalar()));
    if (!text) return text.error();
    if (auto ok = data::set_limit(checked, name, *text); !ok) {
      return file.error_at(entry.second,
                           fmt::format("{}: {}", entry.first.Scalar(), ok.error().message));
    }
    config.limits.emplace_back(name, *text);
  }
  return {};
}

// `report: {client, engagement, auditor, notes}`: the engagement header of the HTML, Markdown
// and JSON reports.
Expected<void> read_engagement(const YamlFile& file, const YAML::Node& root, const fs::path&,
                               ScanConfig& config) {
  const YAML::Node& report = root["report"];
  if (!report) return {};
  if (auto ok = file.expect_map(report, "'report'"); !ok) return ok;
  for (const auto& entry : report) {
    // `report:` and `reports:` differ by a letter: name the one meant.
    if (std::string key = entry.first.Scalar(); report::is_report_format(key)) {
      return file.error_at(entry.first, fmt::format("unknown key '{}' in 'report'", key),
                           fmt::format("reports to write go under 'reports:' ({}: PATH); "
                                       "'report' takes: client, engagement, auditor, notes",
                                       key));
    }
  }
  if (auto ok = file.check_keys(report, {"client", "engagement", "auditor", "notes"}, "'report'");
      !ok) {
    return ok;
  }
  report::Engagement& engagement = config.engagement;
  for (auto [key, out] :
       {std::pair{"client", &engagement.client}, std::pair{"engagement", &engagement.engagement},
        std::pair{"auditor", &engagement.auditor}, std::pair{"notes", &engagement.notes}}) {
    const YAML::Node& node = report[key];
    if (!node) continue;
    std::string value;
    if (!node.IsNull()) {
      auto text = file.scalar(node, fmt::format("'report: {}'", key));
      if (!text) return text.error();
      value = std::string(util::trim(*text));
    }
    if (value.empty()) {
      return file.error_at(node, fmt::format("'report: {}' is empty", key),
                           "give a text or leave the key out");
    }
    *out = std::move(value);
  }
  return {};
}

// The sections, in the order their errors are reported.
constexpr ConfigStep k_steps[] = {read_lists,   read_params, read_gate,      read_paths,
                                  read_reports, read_limits, read_engagement};

}  // namespace

Expected<ScanConfig> read_config(const fs::path& path) {
  auto file = YamlFile::load(path, path.string());
  if (!file) return file.error();
  const YAML::Node& root = file->root();
  ScanConfig config;
  config.path = path.string();
  if (root.IsNull()) return config;
  if (auto ok = file->expect_map(root, "the config file"); !ok) return ok.error();
  if (auto ok = file->check_keys(
          root,
          {"version", "rules", "select", "exclude", "params", "fail_on", "as_of_timezone",
           "fail_on_new_only", "required_datasets", "fail_on_not_applicable", "max_rejected_rows",
           "waivers", "baseline", "reports", "report", "limits"},
          "the config file");
      !ok) {
    return ok.error();
  }
  if (root["version"] && root["version"].Scalar() != "1") {
    return file->error_at(root["version"], "the config file needs 'version: 1'");
  }
  for (ConfigStep step : k_steps) {
    if (auto ok = step(*file, root, path.parent_path(), config); !ok) return ok.error();
  }
  return config;
}

Expected<ScanConfig> find_config(const std::string& explicit_path) {
  if (!explicit_path.empty()) return read_config(explicit_path);
  std::error_code error;
  if (fs::exists(k_default_config, error)) return read_config(k_default_config);
  return ScanConfig{};
}

}  // namespace lethe::cli
