// Every report format, by name: one table that the command line and the writers read.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/scan_report.hpp"
#include "util/expected.hpp"

namespace lethe::report {

// One report format: its name, how it renders, and how it streams if it can.
struct ReportFormat {
  using Render = std::string (*)(const engine::ScanResult&, const ScanContext&);
  using Stream = void (*)(const engine::ScanResult&, const ScanContext&, std::ostream&);

  std::string_view name;
  Render render;
  Stream stream = nullptr;  // null: rendered whole, then written

  // Whether the format is written to its sink as it is produced (it can grow large).
  bool streams() const { return stream != nullptr; }
};

// The table of formats, in the order that help texts list them.
const std::vector<ReportFormat>& report_format_table();

// The format called `name`, or an error that lists the known names.
util::Expected<const ReportFormat*> find_report_format(std::string_view name);

// text, json, sarif, junit, github, markdown, csv, html (the table's names).
const std::vector<std::string>& report_formats();
// Whether `name` is in the table.
bool is_report_format(const std::string& name);

// Renders `result` in `format`; an unknown format is an error.
util::Expected<std::string> render_report(std::string_view format, const engine::ScanResult& result,
                                          const ScanContext& context);

// Writes `result` in `format` to `sink`, streaming the formats that can grow large; an unknown
// format is an error and writes nothing.
util::Expected<void> write_report(std::string_view format, const engine::ScanResult& result,
                                  const ScanContext& context, std::ostream& sink);

}  // namespace lethe::report
