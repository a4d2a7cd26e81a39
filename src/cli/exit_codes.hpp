// The exit codes of every command, documented in the README and in `lethe scan --help`.
#pragma once

namespace lethe::cli {

constexpr int k_exit_ok = 0;          // completed; nothing at or above --fail-on
constexpr int k_exit_findings = 1;    // findings at or above --fail-on
constexpr int k_exit_error = 2;       // usage error, invalid rules or manifest: nothing audited
constexpr int k_exit_incomplete = 3;  // rows rejected or a rule could not run (wins over 1)

}  // namespace lethe::cli
