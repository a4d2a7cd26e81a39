// The audit engine: loads what the selected rules read, runs every rule, and turns the rows they
// match into findings with evidence.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "data/export_plan.hpp"
#include "data/loader.hpp"
#include "data/schema.hpp"
#include "engine/audit_trail.hpp"
#include "engine/finding.hpp"
#include "engine/finding_list.hpp"
#include "engine/waivers.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"
#include "util/stopwatch.hpp"

namespace lethe::engine {

struct ScanOptions {
  std::int64_t as_of = 0;            // the audit instant, Unix seconds
  bool reveal_pii = false;           // show pii fields instead of ***
  std::filesystem::path store_path;  // keep the store here; empty: a temporary one
  // Leave out of the store the rows no rule can match (engine/row_filters.hpp); off, every row
  // is stored (for a store kept for auditors to query).
  bool filter_rows = true;
  data::Limits limits;
  std::function<void(const data::LoadProgress&)> on_load_progress;
  std::function<void(const rules::Rule&, size_t index, size_t count)> on_rule;
};

struct ScanResult {
  std::int64_t as_of = 0;
  data::Limits limits;  // as given in ScanOptions
  data::ExportPlan plan;
  data::LoadReport load;
  std::vector<RuleResult> results;  // one per rule, in rule id order
  FindingList findings;             // sorted by finding_order
  std::vector<Waiver> waivers;      // the waiver register (apply_waivers)
  bool has_baseline = false;        // findings are marked new or existing (apply_baseline)
  AuditTrail audit;
  util::PhaseTimer timings;  // wall time per phase, for --timings (never in reports)

  // Rows or files that could not be read, or rules that ended in error.
  bool incomplete() const;
  // Datasets the export has that no selected rule reads (so they were not loaded).
  std::vector<std::string> unread_datasets() const;
  const RuleResult* result_of(std::string_view rule_id) const;
};

// Scans the export at `export_dir` with `rules` (checked, parameters applied). Errors are those
// that stop the audit before it starts (the export cannot be planned) or a failing store.
util::Expected<ScanResult> run_scan(const std::filesystem::path& export_dir,
                                    const data::Schema& schema, const rules::RuleSet& rules,
                                    const ScanOptions& options);

// When a run fails.
struct Gate {
  std::optional<rules::Severity> fail_on = rules::Severity::low;  // nullopt: never
  bool new_only = false;  // only findings not in the baseline count
};

// Whether a finding counts against the gate: not waived, at or above fail_on, new if new_only.
bool counts_for_gate(const Finding& finding, const Gate& gate);

// The exit code: 3 when incomplete; else 1 when a finding counts or a waiver has expired; else 0.
int scan_exit_code(const ScanResult& result, const Gate& gate);

// Marks each finding new or existing by whether its fingerprint is in `baseline`.
void apply_baseline(ScanResult& result, const std::set<std::string>& baseline);

// The fingerprints of a previous JSON report, for --baseline.
util::Expected<std::set<std::string>> read_baseline(const std::filesystem::path& path);

}  // namespace lethe::engine
