// One audit from its settings, shared by `lethe scan` (settings from the command line and the
// config file) and `lethe verify` (settings recorded in a JSON report).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "engine/scan.hpp"
#include "engine/target.hpp"
#include "report/scan_report.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::cli {

// A file named on the command line that decides the outcome (waivers, a baseline): as given, and
// where it was, so that a later `verify` finds it from any folder.
struct NamedFile {
  std::string given;
  std::string absolute;
  std::string sha256;
};

struct AuditSettings {
  std::string export_dir;
  std::string manifest;            // with a database URL
  int statement_timeout = 0;       // seconds, per rule in a database; 0: the server's setting
  std::vector<std::string> rules;  // as given; empty: the bundled rules
  // Overrides `rules` when set: where each source is, under the name it was shown with.
  std::optional<std::vector<rules::RulePath>> rule_paths;
  bool rule_paths_bundled = false;  // with rule_paths: they are the bundled pack
  std::vector<rules::RulePattern> select_patterns;
  std::vector<rules::RulePattern> exclude_patterns;
  std::string as_of;
  std::string as_of_timezone;       // the zone of an --as-of without an offset, and of waiver dates
  std::vector<std::string> params;  // ID.NAME=VALUE, later ones win
  std::string fail_on = "low";
  std::string store;
  bool reveal_pii = false;
  std::string waivers;
  std::string waivers_shown;  // how messages name the waivers file; "": as `waivers`
  std::string baseline;
  bool fail_on_new_only = false;
  std::vector<std::string> required_datasets;
  bool fail_on_not_applicable = false;
  std::string max_rejected_rows = "0";
  LimitSettings limits;
  bool progress = false;  // show progress on stderr
};

// An audit that ran: its result and what every report needs beside it.
// The result points into the schema, the rules and the target, which it therefore owns.
struct Audit {
  std::unique_ptr<data::Schema> schema;
  rules::RuleSet rules;
  std::unique_ptr<engine::Target> target;
  engine::ScanResult result;
  report::ScanContext context;
};

// Loads the rules, waivers and baseline, runs the scan and applies waivers and baseline. Errors
// are those that stop the audit before it starts (exit 2), each with its whole message.
util::Expected<Audit> run_audit(const AuditSettings& settings);

}  // namespace lethe::cli
