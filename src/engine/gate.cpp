#include "engine/gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "engine/finding_list.hpp"
#include "engine/scan.hpp"
#include "engine/waivers.hpp"
#include "util/strings.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

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

Expected<RejectedRowLimit> RejectedRowLimit::parse(std::string_view text) {
  RejectedRowLimit limit;
  auto invalid = [&] {
    return Error{fmt::format(
        "--max-rejected-rows {}: expected a number of rows (25) or a percentage of the rows read "
        "(0.5%)",
        text)};
  };
  if (text.ends_with('%')) {
    std::string_view number = text.substr(0, text.size() - 1);
    double percent = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), percent);
    if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
        !(percent >= 0 && percent <= 100)) {
      return invalid();
    }
    limit.percent = percent;
    return limit;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit.count);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return invalid();
  return limit;
}

std::string RejectedRowLimit::text() const {
  return percent ? fmt::format("{}%", *percent) : std::to_string(count);
}

bool RejectedRowLimit::allows(std::uint64_t rejected, std::uint64_t read) const {
  if (!percent) return rejected <= count;
  return static_cast<double>(rejected) * 100 <= *percent * static_cast<double>(read);
}

namespace {

// What the load left unread: files, and rows beyond the limit.
void add_load_reasons(const ScanResult& result, const Gate& gate,
                      std::vector<std::string>& reasons) {
  std::uint64_t files = 0, rejected = 0, read = 0;
  for (const auto& dataset : result.load.datasets) {
    files += dataset.files_failed;
    rejected += dataset.rows_rejected;
    read += dataset.rows_loaded + dataset.rows_rejected;
  }
  if (files > 0) reasons.push_back(util::count_noun(files, "file unreadable", "files unreadable"));
  if (rejected > 0 && !gate.max_rejected_rows.allows(rejected, read)) {
    std::string limit =
        gate.max_rejected_rows.percent || gate.max_rejected_rows.count > 0
            ? fmt::format(", more than --max-rejected-rows {}", gate.max_rejected_rows.text())
            : "";
    reasons.push_back(util::count_noun(rejected, "row rejected", "rows rejected") + limit);
  }
}

}  // namespace

std::vector<std::string> incomplete_reasons(const ScanResult& result, const Gate& gate) {
  std::vector<std::string> reasons;
  add_load_reasons(result, gate, reasons);
  for (const auto& rule_result : result.results) {
    if (rule_result.outcome == Outcome::error) {
      reasons.push_back(fmt::format("{} could not run", rule_result.rule->id));
    } else if (rule_result.outcome == Outcome::not_applicable && gate.fail_on_not_applicable) {
      reasons.push_back(fmt::format("{} is not applicable ({}; --fail-on-not-applicable)",
                                    rule_result.rule->id, rule_result.reason));
    }
  }
  for (const auto& name : gate.required_datasets) {
    const data::DatasetReport* dataset = result.load.find(name);
    bool in_target = std::any_of(result.plan.datasets.begin(), result.plan.datasets.end(),
                                 [&](const auto& d) { return d.spec->name == name; });
    if (!in_target) {
      reasons.push_back(fmt::format("required dataset {} is not in the export", name));
    } else if (!dataset || dataset->rows_loaded == 0) {  // not read is no rows seen
      reasons.push_back(fmt::format("required dataset {} has no rows", name));
    }
  }
  return reasons;
}

ExitReason exit_reason(const ScanResult& result, const Gate& gate) {
  if (!incomplete_reasons(result, gate).empty()) return ExitReason::incomplete;
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
