#include "report/formats.hpp"

#include <algorithm>

namespace lethe::report {

const std::vector<std::string>& report_formats() {
  static const std::vector<std::string> k_formats{"text",   "json",     "sarif", "junit",
                                                  "github", "markdown", "csv",   "html"};
  return k_formats;
}

bool is_report_format(const std::string& name) {
  const auto& formats = report_formats();
  return std::find(formats.begin(), formats.end(), name) != formats.end();
}

std::string render_report(const std::string& format, const engine::ScanResult& result,
                          const ScanContext& context) {
  if (format == "json") return render_json(result, context);
  if (format == "sarif") return render_sarif(result, context);
  if (format == "junit") return render_junit(result, context);
  if (format == "github") return render_github(result, context);
  if (format == "markdown") return render_markdown(result, context);
  if (format == "csv") return render_csv(result, context);
  if (format == "html") return render_html(result, context);
  return render_text(result, context);
}

void write_report(const std::string& format, const engine::ScanResult& result,
                  const ScanContext& context, std::ostream& sink) {
  if (format == "json") {
    write_json(result, context, sink);
  } else {
    sink << render_report(format, result, context);
  }
}

}  // namespace lethe::report
