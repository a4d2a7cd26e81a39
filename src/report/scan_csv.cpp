// The CSV report: one row per finding.
#include <fmt/format.h>

#include "report/scan_report.hpp"

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
  std::string out = "severity,rule,dataset,key,file,line,message,fingerprint,status,source\r\n";
  for (const auto& finding : result.findings) {
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{}\r\n", rules::severity_name(finding.rule->severity),
        csv_cell(finding.rule->id), csv_cell(finding.dataset), csv_cell(finding.key_text()),
        csv_cell(finding.location.file), finding.location.line, csv_cell(finding.message),
        finding.fingerprint, engine::finding_status(finding),
        finding.location.source.empty() ? std::string() : csv_cell(finding.location.source));
  }
  return out;
}

}  // namespace lethe::report
