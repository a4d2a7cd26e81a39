// The CSV report: one row per finding, with its rule's title and citations, its evidence (pii
// masked as everywhere), its waiver and its baseline state.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "engine/waivers.hpp"
#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

// A quoted RFC 4180 cell. A cell a spreadsheet would read as a formula (= + - @, or a leading tab
// or carriage return) gets a leading apostrophe, so that opening the report runs nothing.
std::string csv_cell(std::string_view text) {
  std::string out = "\"";
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string render_csv(const engine::ScanResult& result, const ScanContext&) {
  // The first ten columns are the report's first form; the others were added after them, so
  // that a sheet that reads columns by position keeps working.
  std::string out =
      "severity,rule,dataset,key,file,line,message,fingerprint,status,source,title,citations,"
      "evidence,waiver_reason,waiver_approved_by,waiver_expires,baseline\r\n";
  for (const auto& finding : result.findings) {
    const rules::Rule& rule = *finding.rule;
    std::vector<std::string> evidence;
    for (const auto& item : finding.evidence)
      evidence.push_back(fmt::format("{}={}", item.field, evidence_value_text(item)));
    const engine::Waiver* waiver = finding.waiver;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
        rules::severity_name(rule.severity), csv_cell(rule.id), csv_cell(finding.dataset),
        csv_cell(finding.key_text()), csv_cell(finding.location.file), finding.location.line,
        csv_cell(finding.message), finding.fingerprint, engine::finding_status(finding),
        finding.location.source.empty() ? std::string() : csv_cell(finding.location.source),
        csv_cell(rule.title), csv_cell(util::join(rule.citations, "; ")),
        csv_cell(util::join(evidence, ", ")), waiver ? csv_cell(waiver->reason) : std::string(),
        waiver ? csv_cell(waiver->approved_by) : std::string(),
        waiver ? util::format_iso8601(waiver->expires).substr(0, 10) : std::string(),
        engine::baseline_state_name(finding.baseline));
  }
  // The baseline's findings no longer found: its data, status and baseline state `fixed`.
  for (const auto& fixed : result.fixed) {
    out += fmt::format("{},{},{},{},{},{},{},{},fixed,,{},,,,,,fixed\r\n", fixed.severity,
                       csv_cell(fixed.rule), csv_cell(fixed.dataset),
                       csv_cell(fixed.key.value_or("")), csv_cell(fixed.file), fixed.line,
                       csv_cell(fixed.message), fixed.fingerprint, csv_cell(fixed.title));
  }
  return out;
}

}  // namespace lethe::report
