// Counts that every report shows: findings by severity, rules by outcome, rows by dataset.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/scan.hpp"
#include "report/scan_report.hpp"

namespace lethe::report {

struct Summary {
  std::array<std::uint64_t, 5> by_severity{};                       // indexed by rules::Severity
  std::array<std::uint64_t, engine::k_outcome_count> by_outcome{};  // indexed by engine::Outcome
  std::uint64_t findings = 0;
  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_rejected = 0;
  std::uint64_t files_failed = 0;
  std::uint64_t waived = 0;        // findings covered by an active waiver
  std::uint64_t new_findings = 0;  // with a baseline: not in it
  std::uint64_t existing = 0;      // with a baseline: in it
  std::uint64_t expired_waivers = 0;
  std::uint64_t unused_waivers = 0;
};

Summary summarize(const engine::ScanResult& result);

// How many of the baseline's fixed findings a report lists before saying how many more.
inline constexpr size_t k_fixed_listed = 50;
// "file:line" of a baseline finding no longer found ("file" without a line, "" without a file).
std::string fixed_location_text(const engine::FixedFinding& fixed);
// "rule key at file:line: message" of a baseline finding no longer found.
std::string fixed_text(const engine::FixedFinding& fixed);

// The severities from the most severe down, the order reports list them in.
inline constexpr std::array<rules::Severity, 5> k_severities_descending{
    rules::Severity::critical, rules::Severity::high, rules::Severity::medium, rules::Severity::low,
    rules::Severity::info};

// A name for each severity, in the order of rules::Severity: info, low, medium, high, critical.
using SeverityTable = std::array<std::string_view, 5>;
// `table`'s entry for `severity`.
std::string_view severity_entry(const SeverityTable& table, rules::Severity severity);

// "PASSED", "FAILED" or "INCOMPLETE", from the exit code.
std::string verdict(int exit_code);

// How HTML and Markdown state the verdict to a reader who does not run CI, without exit codes or
// options, as a sentence without its full stop: "42 findings at or above low severity", "No
// findings at or above medium severity (3 waived)", "The audit could not check everything: 2 rows
// rejected".
std::string verdict_reason(const engine::ScanResult& result, const ScanContext& context);

// The findings that fail the gate: not waived, at or above fail_on, new when it asks for new.
std::uint64_t gate_findings(const engine::ScanResult& result, const engine::Gate& gate);

// The as-of instant in UTC and, when the audit has a zone, there too:
// `2026-11-01T00:00:00Z (2026-10-31 17:00 America/Los_Angeles)`.
std::string as_of_text(std::int64_t as_of, const ScanContext& context);

// A path as HTML and Markdown show it: an absolute one relative to the folder lethe ran in
// (context.working_dir), any other as given.
std::string shown_path(const std::string& path, const ScanContext& context);

// `file:line`, or `file (rowid N)` for a SQLite row, or the file alone when the line is unknown.
std::string location_text(const engine::Location& location);

// The line of a text file that `location` names, or 0 when it names none (a rowid, a table row).
std::int64_t text_line(const engine::Location& location);

// Why the audit is incomplete, in one phrase: the context's reasons joined by "; ".
std::string incomplete_text(const ScanContext& context);

// The SHA-256 of the scan's manifest, nullopt when it had none.
std::optional<std::string> manifest_digest(const engine::ScanResult& result);

// A rule outcome's detail: "3 findings" when it failed, else its reason ("" when passed).
std::string outcome_detail(const engine::RuleResult& result);

// Every warning of every file read, `path: message`, in load order.
std::vector<std::string> file_warnings(const data::LoadReport& load);

// An unread file in one line: `notes.txt (12 bytes, sha256 ab12...)`, or
// `link (not a regular file, not opened)`.
std::string unread_file_text(const engine::UnreadFileDigest& file);

// How an evidence value reads in text: `***` when masked, `null`, or the value.
std::string evidence_value_text(const engine::Evidence& evidence);

}  // namespace lethe::report
