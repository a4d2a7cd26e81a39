// The gate: whether a scan fails the build, and why. The exit code of `lethe scan` is the
// gate's verdict; reports state it too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.hpp"
#include "rules/rule.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

struct ScanResult;

// The exit codes of every command, documented in the README and in `lethe scan --help`.
constexpr int k_exit_ok = 0;          // completed; nothing at or above --fail-on
constexpr int k_exit_findings = 1;    // findings at or above --fail-on, or an expired waiver
constexpr int k_exit_error = 2;       // usage error, invalid rules or manifest: nothing audited
constexpr int k_exit_incomplete = 3;  // rows rejected or a rule could not run (wins over 1)

// How many rejected rows a run accepts (`--max-rejected-rows N|P%`): they are still listed and
// counted, but do not fail the gate. Unreadable files and rules in error always do.
struct RejectedRowLimit {
  std::uint64_t count = 0;        // rows, when `percent` is not set
  std::optional<double> percent;  // of the rows read (loaded and rejected), 0 to 100

  // Reads `N` (a whole number) or `P%` (0 to 100); errors say what is expected.
  static util::Expected<RejectedRowLimit> parse(std::string_view text);
  // "0", "25", "0.5%".
  std::string text() const;
  // Whether `rejected` rows of `read` are within the limit.
  bool allows(std::uint64_t rejected, std::uint64_t read) const;
};

// When a run fails.
struct Gate {
  std::optional<rules::Severity> fail_on = rules::Severity::low;  // nullopt: never
  bool new_only = false;  // only findings not in the baseline count
  // Datasets that must be in the target with at least one row (--require-dataset).
  std::vector<std::string> required_datasets;
  bool fail_on_not_applicable = false;  // a rule not applicable leaves the audit incomplete
  RejectedRowLimit max_rejected_rows;
};

// Why a scan ended as it did, the most serious reason first.
enum class ExitReason {
  incomplete,      // rows or files could not be read, or a rule ended in error
  findings,        // a finding counts against the gate
  expired_waiver,  // a waiver has expired
  clean,           // nothing counts
};

// Whether a finding of `rule` counts against the gate: not waived, at or above fail_on, new if
// new_only.
bool counts_for_gate(const rules::Rule& rule, const Waiver* waiver, BaselineState baseline,
                     const Gate& gate);
// The same for a decoded finding.
bool counts_for_gate(const Finding& finding, const Gate& gate);

// Why the scan leaves the audit incomplete under `gate`, one sentence fragment each ("2 rows
// rejected", "required dataset legal_holds is not in the export"); empty when it does not.
std::vector<std::string> incomplete_reasons(const ScanResult& result, const Gate& gate);

// The gate's verdict on a finished scan.
ExitReason exit_reason(const ScanResult& result, const Gate& gate);

// The exit code for `reason`: 3 when incomplete, 1 for findings or an expired waiver, else 0.
int exit_code(ExitReason reason);

}  // namespace lethe::engine
