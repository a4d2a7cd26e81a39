// The results of a scan ("report" side): findings with their evidence and locations, and the
// outcome of every rule. Renderers consume these; they never query the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/ast.hpp"
#include "rules/rule.hpp"

namespace lethe::engine {

// How a Location points at its row.
enum class LocationKind {
  line,   // `line` is a line of a text file (0: none known)
  rowid,  // `line` is the row's rowid in a SQLite file
  key,    // a table of a database, which has no lines: the finding's key names the row
};

// Where a row came from: a file of the export (relative path) or a database table
// (URL/schema.table), and where in it.
struct Location {
  std::string file;
  std::int64_t line = 0;  // a line or a rowid, by `kind`
  LocationKind kind = LocationKind::line;
  std::string source;  // the dataset's store the row is in, "" for a dataset of one
};

// One evidence value: a field of the finding's row, as it reads in reports.
struct Evidence {
  std::string field;
  rules::Value value;   // null when the row has none
  bool masked = false;  // a pii field shown as ***
};

// A row related to a finding: the first row that made an exists() clause true.
struct RelatedRow {
  std::string dataset;
  std::optional<std::string> key;
  Location location;
  // The fields of it that the rule's message names (masked as evidence is); for the message
  // only, not kept with the finding.
  std::vector<Evidence> fields;
};

struct Waiver;

// Whether a finding was in the baseline report (`--baseline`).
enum class BaselineState { none, new_finding, existing };

struct Finding {
  const rules::Rule* rule = nullptr;
  std::string dataset;
  std::optional<std::string> key;
  Location location;
  std::string message;  // the rendered template
  std::vector<Evidence> evidence;
  std::vector<RelatedRow> related;
  std::string fingerprint;
  bool duplicate_key = false;      // another row of the dataset has the same key
  const Waiver* waiver = nullptr;  // the active waiver that covers it, if any
  BaselineState baseline = BaselineState::none;

  // The key as a string ("" when null).
  std::string key_text() const { return key.value_or(""); }
};

enum class Outcome {
  passed,          // it ran on all of its input and found nothing
  failed,          // it found violations
  not_applicable,  // a dataset it needs is not in the target
  not_in_force,    // the audit instant is before it applies
  error,           // it could not run
  incomplete,      // it found nothing, but rows or files of its datasets could not be read
};

constexpr size_t k_outcome_count = 6;

// "passed", "failed", "not_applicable", "not_in_force", "error", "incomplete".
std::string_view outcome_name(Outcome outcome);

struct RuleResult {
  const rules::Rule* rule = nullptr;
  Outcome outcome = Outcome::passed;
  std::uint64_t findings = 0;
  std::string reason;  // why not_applicable, not_in_force, error or incomplete
  // What a reader of the outcome should know: a dataset read as empty, a failed rule's
  // incomplete input.
  std::vector<std::string> notes;
};

// "waived", "new", "existing" or "open": a finding's status in reports.
std::string_view finding_status(const Finding& finding);
// "new" or "existing" against a baseline, "" without one.
std::string_view baseline_state_name(BaselineState state);

// The fingerprint of a finding: a hash of rule id, dataset and key, stable across file order,
// line numbers and tool versions.
// A row of a dataset with `sources:` adds its source: a copy in the backup store is a finding
// of its own.
std::string fingerprint(std::string_view rule_id, std::string_view dataset, std::string_view key,
                        std::string_view source = {});

// Orders findings: severity (critical first), rule id, key, then file and line.
bool finding_order(const Finding& a, const Finding& b);

}  // namespace lethe::engine
