// GitHub Actions workflow commands: one annotation per finding, capped, then a summary.
#include <fmt/format.h>

#include <algorithm>

#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/strings.hpp"
#include "util/xml.hpp"

namespace lethe::report {

namespace {

constexpr size_t k_max_annotations = 50;

const char* data_char_escape(char c) {
  if (c == '%') return "%25";
  if (c == '\r') return "%0D";
  if (c == '\n') return "%0A";
  return nullptr;
}

const char* property_char_escape(char c) {
  if (c == ':') return "%3A";
  if (c == ',') return "%2C";
  return data_char_escape(c);
}

// Workflow command data: %, CR and LF are escaped.
std::string escape_data(std::string_view text) {
  return util::escape_chars(text, data_char_escape);
}

// Workflow command properties: also ':' and ','.
std::string escape_property(std::string_view text) {
  return util::escape_chars(text, property_char_escape);
}

// The workflow command that annotates a finding of `severity`.
std::string_view command_for(rules::Severity severity) {
  return severity_entry({"notice", "warning", "warning", "error", "error"}, severity);
}

std::string file_in_repository(const std::string& export_path, const std::string& file) {
  if (export_path.empty() || export_path == ".") return file;
  return export_path.back() == '/' ? export_path + file : export_path + "/" + file;
}

}  // namespace

std::string render_github(const engine::ScanResult& result, const ScanContext& context) {
  std::string out;
  size_t shown = 0;
  size_t waived = 0;
  for (const auto& finding : result.findings) {
    if (finding.waiver) {
      ++waived;
      continue;
    }
    if (shown == k_max_annotations) break;
    ++shown;
    std::string properties = fmt::format(
        "file={}", escape_property(file_in_repository(context.export_path, finding.location.file)));
    if (std::int64_t line = text_line(finding.location))
      properties += fmt::format(",line={}", line);
    properties += fmt::format(
        ",title={}", escape_property(fmt::format("{} ({})", finding.rule->id,
                                                 rules::severity_name(finding.rule->severity))));
    out +=
        fmt::format("::{} {}::{}\n", command_for(finding.rule->severity), properties,
                    escape_data(fmt::format("{} [key {}]", finding.message, finding.key_text())));
  }
  Summary summary = summarize(result);
  size_t unshown = summary.findings - waived - shown;
  if (unshown > 0) {
    out += fmt::format(
        "::notice title=Lethe::{} more findings not annotated (see the full report)\n", unshown);
  }
  if (result.has_baseline) {
    out += fmt::format(
        "::notice title=Lethe baseline::{}\n",
        escape_data(fmt::format("{} new, {} existing, {} fixed since the baseline",
                                summary.new_findings, summary.existing, result.fixed.size())));
    for (size_t i = 0; i < result.fixed.size() && i < k_fixed_listed; ++i) {
      out +=
          fmt::format("::notice title=Lethe fixed::{}\n", escape_data(fixed_text(result.fixed[i])));
    }
  }
  for (const auto& waiver : result.waivers) {
    if (waiver.state != engine::Waiver::State::expired) continue;
    out += fmt::format("::error title=Lethe expired waiver::{}\n",
                       escape_data(fmt::format("waiver for {} ({}) expired; it waives nothing",
                                               waiver.rule, waiver.target())));
  }
  for (const auto& rule_result : result.results) {
    const std::string& id = rule_result.rule->id;
    if (rule_result.outcome == engine::Outcome::error) {
      out += fmt::format("::error title=Lethe rule error::{}\n",
                         escape_data(fmt::format("{} could not run: {}", id, rule_result.reason)));
    } else if (rule_result.outcome == engine::Outcome::incomplete) {
      out +=
          fmt::format("::error title=Lethe rule incomplete::{}\n",
                      escape_data(fmt::format("{} found nothing, but {}", id, rule_result.reason)));
    }
  }
  for (const auto& warning : file_warnings(result.load))
    out += fmt::format("::warning title=Lethe file warning::{}\n", escape_data(warning));
  if (const auto& unread = result.audit.unread; !unread.empty()) {
    constexpr size_t k_named = 10;
    std::vector<std::string> names;
    for (size_t i = 0; i < std::min(unread.size(), k_named); ++i)
      names.push_back(unread[i].path);
    out +=
        fmt::format("::warning title=Lethe unread files::{}\n",
                    escape_data(fmt::format(
                        "{} under the export read by no dataset: {}{}",
                        util::count_noun(unread.size(), "file", "files"), util::join(names, ", "),
                        unread.size() > k_named ? ", ... (see the full report)" : "")));
  }
  if (summary.rows_rejected > 0) {
    out +=
        fmt::format("::error title=Lethe rejected rows::{} rows of the export could not be read\n",
                    summary.rows_rejected);
  }
  if (!context.incomplete_reasons.empty()) {
    out += fmt::format("::error title=Lethe audit incomplete::{}\n",
                       escape_data(incomplete_text(context)));
  }
  out += fmt::format(
      "::notice title=Lethe {}::{} findings ({} critical, {} high, {} medium, {} low, {} info), {} "
      "waived; exit code {}\n",
      verdict(context.exit_code), summary.findings,
      summary.by_severity[static_cast<size_t>(rules::Severity::critical)],
      summary.by_severity[static_cast<size_t>(rules::Severity::high)],
      summary.by_severity[static_cast<size_t>(rules::Severity::medium)],
      summary.by_severity[static_cast<size_t>(rules::Severity::low)],
      summary.by_severity[static_cast<size_t>(rules::Severity::info)], summary.waived,
      context.exit_code);
  return out;
}

}  // namespace lethe::report
