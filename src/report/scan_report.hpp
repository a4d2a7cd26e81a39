// Rendering a scan's results: the text report for terminals and the JSON report for machines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/scan.hpp"
#include "rules/rule.hpp"

namespace lethe::report {

// What a report states besides the results: how the scan was run.
struct ScanContext {
  std::string export_path;                       // as given on the command line
  std::vector<std::string> rule_sources;         // rule paths as shown
  std::optional<rules::Severity> fail_on;        // nullopt: never
  int exit_code = 0;
  size_t max_per_rule = 20;                      // text report: findings shown per rule
  bool color = false;                            // text report: ANSI colours
};

std::string render_text(const engine::ScanResult& result, const ScanContext& context);

// The JSON report (`"schema_version": 1`), documented in docs/report.schema.json.
std::string render_json(const engine::ScanResult& result, const ScanContext& context);

}  // namespace lethe::report
