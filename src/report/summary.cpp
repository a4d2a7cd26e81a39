#include "report/summary.hpp"

namespace lethe::report {

Summary summarize(const engine::ScanResult& result) {
  Summary summary;
  for (const auto& finding : result.findings) {
    ++summary.by_severity[static_cast<size_t>(finding.rule->severity)];
    ++summary.findings;
  }
  for (const auto& rule : result.results) ++summary.by_outcome[static_cast<size_t>(rule.outcome)];
  for (const auto& dataset : result.load.datasets) {
    summary.rows_loaded += dataset.rows_loaded;
    summary.rows_rejected += dataset.rows_rejected;
    summary.files_failed += dataset.files_failed;
  }
  return summary;
}

std::string verdict(int exit_code) {
  switch (exit_code) {
    case 0: return "PASSED";
    case 1: return "FAILED";
    default: return "INCOMPLETE";
  }
}

}  // namespace lethe::report
