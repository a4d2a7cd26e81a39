// The audit: a target (an export folder, a live database) is planned and loaded or surveyed,
// then every rule runs through the target's backends and its findings are gathered. This file
// is the driver every target shares; engine/target.hpp is the seam a new kind of target plugs
// into.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
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

class Target;

// What was audited: an export folder (files loaded into a store) or a live database (rules run
// in the server).
enum class TargetKind { export_folder, database };

// Which rows a store holds.
enum class StoredRows {
  matchable,  // only the rows some rule can match (engine/row_filters.hpp); the rest are counted
  every,      // every row, for a store kept for auditors to query
};

struct ScanOptions {
  std::int64_t as_of = 0;   // the audit instant, Unix seconds
  bool reveal_pii = false;  // show pii fields instead of ***
  StoredRows stored_rows = StoredRows::matchable;
  // Bytes the loader's key sets may hold (data::LoadOptions::key_set_memory).
  std::size_t key_set_memory = data::LoadOptions().key_set_memory;
  data::Limits limits;
  // Datasets read (their keys at least) even when no rule reads them, so that the gate can tell
  // whether they have rows (--require-dataset).
  std::set<std::string> required_datasets;
  std::function<void(const data::LoadProgress&)> on_load_progress;
  std::function<void(const rules::Rule&, size_t index, size_t count)> on_rule;
};

// A finding of the baseline report that the scan no longer finds, with the baseline's data (the
// rule may since have changed or gone, so nothing here points into this scan's rules).
struct FixedFinding {
  std::string rule;
  std::string severity;
  std::string title;
  std::string dataset;
  std::optional<std::string> key;
  std::string file;
  std::int64_t line = 0;
  std::string message;
  std::string fingerprint;
};

struct ScanResult {
  TargetKind target = TargetKind::export_folder;
  std::int64_t as_of = 0;
  data::Limits limits;  // as given in ScanOptions
  data::ExportPlan plan;
  data::LoadReport load;
  std::vector<RuleResult> results;  // one per rule, in rule id order
  FindingList findings;             // sorted by finding_order
  std::vector<Waiver> waivers;      // the waiver register (apply_waivers)
  bool has_baseline = false;        // findings are marked new or existing (apply_baseline)
  std::vector<FixedFinding> fixed;  // with a baseline: its findings no longer found, its order
  AuditTrail audit;
  util::PhaseTimer timings;  // wall time per phase, for --timings (never in reports)

  // Rows or files that could not be read, or rules that ended in error.
  bool incomplete() const;
  // Datasets the export has that no selected rule reads (so they were not loaded).
  std::vector<std::string> unread_datasets() const;
  const RuleResult* result_of(std::string_view rule_id) const;
};

// Scans `target` with `rules` (checked, parameters applied): prepares the target, runs every
// rule on as many threads as the target has backends, and lets the target keep what it keeps.
// Errors are those that stop the audit before it starts or a failing store.
util::Expected<ScanResult> run_scan(Target& target, const rules::RuleSet& rules,
                                    const ScanOptions& options);

// Scans the export folder `export_dir` with a temporary store.
util::Expected<ScanResult> run_scan(const std::filesystem::path& export_dir,
                                    const data::Schema& schema, const rules::RuleSet& rules,
                                    const ScanOptions& options);

// The fields a scan reads of each dataset: those the rules in force at options.as_of read, and
// the key of each required dataset.
std::map<std::string, std::set<std::string>> fields_for_scan(const rules::RuleSet& rules,
                                                             const data::Schema& schema,
                                                             const ScanOptions& options);

// Marks each finding new or existing by whether its fingerprint is in `baseline`; returns the
// fingerprints of `baseline` that no finding has (the fixed ones).
std::set<std::string> apply_baseline(ScanResult& result, const std::set<std::string>& baseline);

}  // namespace lethe::engine
