// Every report format, by name: one entry point for the command line.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/scan_report.hpp"

namespace lethe::report {

// text, json, sarif, junit, github, markdown, csv, html.
const std::vector<std::string>& report_formats();
bool is_report_format(const std::string& name);

// Renders `result` in `format` (one of report_formats()).
std::string render_report(const std::string& format, const engine::ScanResult& result,
                          const ScanContext& context);

// Writes `result` in `format` to `sink`, streaming the formats that can grow large.
void write_report(const std::string& format, const engine::ScanResult& result,
                  const ScanContext& context, std::ostream& sink);

}  // namespace lethe::report
