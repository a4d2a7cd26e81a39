// Rendering a scan's results: the text report for terminals and the JSON report for machines.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/gate.hpp"
#include "engine/scan.hpp"
#include "rules/rule.hpp"
#include "rules/rule_set.hpp"
#include "util/time_zone.hpp"

namespace lethe::report {

// Which rules of the pack the audit covers, and what left the others out.
struct Scope {
  std::vector<rules::RulePattern> select;  // as given, with where (option or config line)
  std::vector<rules::RulePattern> exclude;
  std::vector<std::string> left_out;  // ids of the pack's rules that did not run, sorted
  size_t pack_size = 0;               // rules loaded, before selection

  // "--select 'amazon.*', --exclude 'x'" (config patterns by their place), or "" when none.
  std::string patterns_text() const;
};

// A file the audit read that is not part of the export, recorded so that `lethe verify` finds it
// again from any folder and knows whether it changed.
struct RecordedFile {
  std::string shown;     // as given (rule sources: "rules" for the bundled ones)
  std::string absolute;  // where it was
  std::string sha256;    // "" for a folder
};

// What a re-run of the audit needs beyond the export and what the report states elsewhere.
struct Reproduction {
  std::vector<RecordedFile> rule_sources;  // one per source, as `rule_sources` shows them
  bool bundled_rules = false;              // the first source is the bundled rule pack
  std::optional<RecordedFile> waivers;
  std::optional<RecordedFile> baseline;
  bool reveal_pii = false;
  std::string as_of_timezone;  // --as-of-timezone, "" when not given
};

// Who the audit is for and by whom: `report: {client, engagement, auditor, notes}` in the config
// file. HTML and Markdown show it at the top, the JSON report as `engagement`, text in one line.
struct Engagement {
  std::string client;
  std::string engagement;  // the engagement's name or reference
  std::string auditor;
  std::string notes;  // free text, may span lines

  bool empty() const {
    return client.empty() && engagement.empty() && auditor.empty() && notes.empty();
  }
};

// What a report states besides the results: how the scan was run.
struct ScanContext {
  std::string export_path;                // as given on the command line
  std::vector<std::string> rule_sources;  // rule paths as shown
  Engagement engagement;                  // from the config file's `report:`
  // --as-of-timezone (or the config's as_of_timezone) when given: HTML and Markdown show the
  // as-of instant in it as well as in UTC.
  std::optional<util::TimeZone> as_of_zone;
  // The folder lethe ran in: HTML and Markdown show an absolute path below or beside it relative
  // to it. "": paths as given.
  std::string working_dir;
  Reproduction reproduction;                    // JSON report: for `lethe verify`
  Scope scope;                                  // the rules left out, and why
  engine::Gate gate;                            // when the run fails
  std::vector<std::string> incomplete_reasons;  // engine::incomplete_reasons under `gate`
  int exit_code = 0;
  size_t max_per_rule = 20;  // text report: findings shown per rule
  size_t text_width = 0;     // text report: lines wrapped at this many columns (0: never)
  // Text report: the audit trail's digests one per line, or only counted (stdout without
  // --verbose: the JSON report and a text file list them).
  enum class Digests { listed, counted };
  Digests digests = Digests::listed;
  // SARIF: results written at most (0: every finding); GitHub code scanning shows 5,000 per run
  // and rejects a run of more than 25,000.
  size_t sarif_max_results = 5000;
  std::string full_report;  // the JSON report this run also writes, "" when none
  bool color = false;       // text report: ANSI colours
};

std::string render_text(const engine::ScanResult& result, const ScanContext& context);

// The JSON report (`"schema_version": 1`), documented in docs/report.schema.json.
std::string render_json(const engine::ScanResult& result, const ScanContext& context);
// The same, written to `sink` as it is produced (it can be large).
void write_json(const engine::ScanResult& result, const ScanContext& context, std::ostream& sink);

// SARIF 2.1.0, for code-scanning dashboards.
std::string render_sarif(const engine::ScanResult& result, const ScanContext& context);

// JUnit XML: a testsuite per rule pack, a testcase per rule.
std::string render_junit(const engine::ScanResult& result, const ScanContext& context);

// GitHub Actions workflow commands (::error file=...,line=...::message), capped, with a summary.
std::string render_github(const engine::ScanResult& result, const ScanContext& context);

// A Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY.
std::string render_markdown(const engine::ScanResult& result, const ScanContext& context);

// CSV: one row per finding, with spreadsheet formula injection neutralised.
std::string render_csv(const engine::ScanResult& result, const ScanContext& context);

// One self-contained HTML file for auditors (no network, no external scripts or fonts).
std::string render_html(const engine::ScanResult& result, const ScanContext& context);
// render_html, streamed to `sink`: the findings' data of a large report is never held whole.
void write_html(const engine::ScanResult& result, const ScanContext& context, std::ostream& sink);

}  // namespace lethe::report
