// The configuration file (`lethe.config.yaml` in the current folder, or --config FILE): defaults
// for `lethe scan` that command-line options override.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "report/scan_report.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::cli {

struct ScanConfig {
  std::string path;  // the file read, "" when none
  std::vector<std::string> rules;
  std::vector<rules::RulePattern> select;  // each with its place in the file
  std::vector<rules::RulePattern> exclude;
  std::vector<std::string> params;  // ID.NAME=VALUE, from `params: {ID: {NAME: VALUE}}`
  std::optional<std::string> fail_on;
  std::optional<std::string> as_of_timezone;  // an IANA name or an offset, checked
  std::optional<bool> fail_on_new_only;
  std::vector<std::string> required_datasets;  // `required_datasets: [legal_holds, ...]`
  std::optional<bool> fail_on_not_applicable;
  std::optional<std::string> max_rejected_rows;  // N or P%, checked
  std::optional<std::string> waivers;
  std::optional<std::string> baseline;
  std::map<std::string, std::string> reports;  // format -> path
  LimitSettings limits;                        // from `limits: {max_field_size: 32MiB, ...}`
  report::Engagement engagement;               // `report: {client, engagement, auditor, notes}`
};

constexpr const char* k_default_config = "lethe.config.yaml";

// Reads `path`; paths inside it are taken relative to the file's folder. Unknown keys and bad
// values are errors `file:line:col: message`.
util::Expected<ScanConfig> read_config(const std::filesystem::path& path);

// The config to use: `explicit_path` when given, else lethe.config.yaml in the current folder
// when it exists, else an empty config.
util::Expected<ScanConfig> find_config(const std::string& explicit_path);

}  // namespace lethe::cli
