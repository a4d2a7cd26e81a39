#include "engine/gate.hpp"

#include <algorithm>

#include "engine/finding_list.hpp"
#include "engine/scan.hpp"
#include "engine/waivers.hpp"

namespace lethe::engine {

bool counts_for_gate(const rules::Rule& rule, const Waiver* waiver, BaselineState baseline,
                     const Gate& gate) {
  if (waiver || !gate.fail_on || rule.severity < *gate.fail_on) return false;
  return !gate.new_only || baseline != BaselineState::existing;
}

bool counts_for_gate(const Finding& finding, const Gate& gate) {
  return counts_for_gate(*finding.rule, finding.waiver, finding.baseline, gate);
}

bool FindingList::any_counts_for_gate(const Gate& gate) const {
  for (const auto& range : by_rule()) {
    for (size_t i = range.first; i < range.last; ++i) {
      if (counts_for_gate(*range.rule, waiver(i), baseline(i), gate)) return true;
    }
  }
  return false;
}

ExitReason exit_reason(const ScanResult& result, const Gate& gate) {
  if (result.incomplete()) return ExitReason::incomplete;
  if (result.findings.any_counts_for_gate(gate)) return ExitReason::findings;
  bool expired = std::any_of(result.waivers.begin(), result.waivers.end(),
                             [](const Waiver& w) { return w.state == Waiver::State::expired; });
  return expired ? ExitReason::expired_waiver : ExitReason::clean;
}

int exit_code(ExitReason reason) {
  switch (reason) {
    case ExitReason::incomplete:
      return k_exit_incomplete;
    case ExitReason::findings:
    case ExitReason::expired_waiver:
      return k_exit_findings;
    case ExitReason::clean:
      break;
  }
  return k_exit_ok;
}

}  // namespace lethe::engine
