#include "report/formats.hpp"

#include "report/listing.hpp"

namespace lethe::report {

const std::vector<ReportFormat>& report_format_table() {
  static const std::vector<ReportFormat> k_table{
      {"text", render_text},   {"json", render_json, write_json}, {"sarif", render_sarif},
      {"junit", render_junit}, {"github", render_github},         {"markdown", render_markdown},
      {"csv", render_csv},     {"html", render_html, write_html},
  };
  return k_table;
}

const std::vector<std::string>& report_formats() {
  static const std::vector<std::string> k_names = format_names(report_format_table());
  return k_names;
}

util::Expected<const ReportFormat*> find_report_format(std::string_view name) {
  if (const ReportFormat* format = find_format(report_format_table(), name)) return format;
  return unknown_format_error("report format", name, report_formats());
}

bool is_report_format(const std::string& name) {
  return find_format(report_format_table(), name) != nullptr;
}

util::Expected<std::string> render_report(std::string_view format, const engine::ScanResult& result,
                                          const ScanContext& context) {
  auto found = find_report_format(format);
  if (!found) return found.error();
  return (*found)->render(result, context);
}

util::Expected<void> write_report(std::string_view format, const engine::ScanResult& result,
                                  const ScanContext& context, std::ostream& sink) {
  auto found = find_report_format(format);
  if (!found) return found.error();
  const ReportFormat& entry = **found;
  if (entry.streams()) {
    entry.stream(result, context, sink);
  } else {
    sink << entry.render(result, context);
  }
  return {};
}

}  // namespace lethe::report
