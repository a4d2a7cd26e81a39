// The text report: a verdict line, findings grouped by severity, rule outcomes, coverage.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/diagnostic.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

using rules::Severity;

class TextWriter {
 public:
  explicit TextWriter(bool color) : m_color(color) {}

  // `text` in an ANSI style when colour is on.
  std::string style(std::string_view text, std::string_view code) const {
    if (!m_color) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }

  std::string severity_label(Severity severity) const {
    static const std::map<Severity, std::string_view> k_codes{{Severity::critical, "1;31"},
                                                              {Severity::high, "31"},
                                                              {Severity::medium, "33"},
                                                              {Severity::low, "36"},
                                                              {Severity::info, "2"}};
    std::string upper(rules::severity_name(severity));
    for (char& c : upper)
      c = static_cast<char>(c - 'a' + 'A');
    return style(upper, k_codes.at(severity));
  }

 private:
  bool m_color;
};

std::string evidence_text(const engine::Finding& finding) {
  std::vector<std::string> parts;
  for (const auto& evidence : finding.evidence) {
    parts.push_back(fmt::format("{}={}", evidence.field, evidence_value_text(evidence)));
  }
  return util::join(parts, ", ");
}

// The header: what was audited, the verdict and the counts.
void write_overview(std::string& out, const TextWriter& w, const engine::ScanResult& result,
                    const ScanContext& context, const Summary& summary) {
  out += fmt::format("Lethe {} audit of {} as of {}\n", LETHE_VERSION, context.export_path,
                     util::format_iso8601(result.as_of));
  if (const Engagement& engagement = context.engagement; !engagement.empty()) {
    std::vector<std::string> parts;
    for (auto [term, value] :
         {std::pair{"client", &engagement.client}, std::pair{"engagement", &engagement.engagement},
          std::pair{"auditor", &engagement.auditor}}) {
      if (!value->empty()) parts.push_back(fmt::format("{} {}", term, *value));
    }
    // The notes are for the reports that are read: HTML, Markdown and JSON.
    if (!parts.empty()) out += "For " + util::join(parts, ", ") + "\n";
  }
  out += fmt::format("Rules: {} ({})\n", util::join(context.rule_sources, ", "),
                     util::count_noun(result.results.size(), "rule", "rules"));
  if (!context.scope.left_out.empty()) {
    out += fmt::format("Left out by {}: {} of {}: {}\n", context.scope.patterns_text(),
                       context.scope.left_out.size(), context.scope.pack_size,
                       util::join(context.scope.left_out, ", "));
  }
  out += "\n";

  std::vector<std::string> severity_counts;
  severity_counts.reserve(k_severities_descending.size());
  for (auto severity : k_severities_descending) {
    severity_counts.push_back(fmt::format("{} {}",
                                          summary.by_severity[static_cast<size_t>(severity)],
                                          rules::severity_name(severity)));
  }
  std::string verdict_text = verdict(context.exit_code);
  std::string verdict_code = context.exit_code == 0   ? "1;32"
                             : context.exit_code == 1 ? "1;31"
                                                      : "1;33";
  out += fmt::format("{}: {} ({})\n", w.style(verdict_text, verdict_code),
                     util::count_noun(summary.findings, "finding", "findings"),
                     util::join(severity_counts, ", "));
  auto outcome_count = [&](engine::Outcome outcome) {
    return summary.by_outcome[static_cast<size_t>(outcome)];
  };
  out += fmt::format(
      "Rules: {} failed, {} passed, {} incomplete, {} not applicable, {} not in force, {} error\n",
      outcome_count(engine::Outcome::failed), outcome_count(engine::Outcome::passed),
      outcome_count(engine::Outcome::incomplete), outcome_count(engine::Outcome::not_applicable),
      outcome_count(engine::Outcome::not_in_force), outcome_count(engine::Outcome::error));
  if (summary.waived || !result.waivers.empty()) {
    out += fmt::format("Waivers: {} waived; {} expired, {} unused\n",
                       util::count_noun(summary.waived, "finding", "findings"),
                       summary.expired_waivers, summary.unused_waivers);
  }
  if (result.has_baseline) {
    out += fmt::format("Baseline: {} new, {} existing, {} fixed{}\n", summary.new_findings,
                       summary.existing, result.fixed.size(),
                       context.gate.new_only ? " (only new findings fail the run)" : "");
  }
  out += fmt::format(
      "Rows: {} loaded, {} rejected{}\n", summary.rows_loaded, summary.rows_rejected,
      summary.files_failed
          ? fmt::format(", {} unreadable", util::count_noun(summary.files_failed, "file", "files"))
          : "");
}

// One finding: where, what, its key and evidence, and the rows it relates to.
void write_finding(std::string& out, const engine::Finding& finding) {
  std::string status;
  if (finding.waiver) {
    status = fmt::format("  [waived until {} by {}: {}]",
                         util::format_iso8601(finding.waiver->expires).substr(0, 10),
                         finding.waiver->approved_by, finding.waiver->reason);
  } else if (finding.baseline != engine::BaselineState::none) {
    status = fmt::format("  [{}]", engine::finding_status(finding));
  }
  out += fmt::format("    {}  {}{}\n", location_text(finding.location), finding.message, status);
  out += fmt::format("      key {}{}; {}\n", finding.key ? *finding.key : "null",
                     finding.duplicate_key ? " (duplicated in the dataset)" : "",
                     evidence_text(finding));
  for (const auto& related : finding.related) {
    out += fmt::format("      related: {} {} at {}\n", related.dataset,
                       related.key.value_or("null"), location_text(related.location));
  }
}

// A rule with findings: its line, then its first findings.
void write_rule_findings(std::string& out, const TextWriter& w, const engine::ScanResult& result,
                         const engine::RuleResult& rule_result, size_t max_per_rule) {
  const rules::Rule& rule = *rule_result.rule;
  out += fmt::format("  {}: {} ({})\n", w.style(rule.id, "1"), rule.title,
                     util::count_noun(rule_result.findings, "finding", "findings"));
  size_t shown = 0;
  for (const auto& finding : result.findings.of_rule(&rule)) {
    if (shown == max_per_rule) break;
    ++shown;
    write_finding(out, finding);
  }
  if (rule_result.findings > shown) {
    out += fmt::format("    ... and {} more\n", rule_result.findings - shown);
  }
}

// Findings, grouped by severity, then by rule.
void write_findings(std::string& out, const TextWriter& w, const engine::ScanResult& result,
                    const ScanContext& context) {
  for (auto severity : k_severities_descending) {
    bool header = false;
    for (const auto& rule_result : result.results) {
      if (rule_result.rule->severity != severity || rule_result.findings == 0) continue;
      if (!header) {
        out += fmt::format("\n{}\n", w.severity_label(severity));
        header = true;
      }
      write_rule_findings(out, w, result, rule_result, context.max_per_rule);
    }
  }
}

// The baseline's findings that are gone: the first k_fixed_listed, then how many more.
void write_fixed_lines(std::string& out, const engine::ScanResult& result) {
  if (result.fixed.empty()) return;
  out += fmt::format("\nFixed since the baseline ({})\n", result.fixed.size());
  for (size_t i = 0; i < result.fixed.size() && i < k_fixed_listed; ++i)
    out += "  " + fixed_text(result.fixed[i]) + "\n";
  if (result.fixed.size() > k_fixed_listed)
    out += fmt::format("  ...and {} more (all in the JSON report)\n",
                       result.fixed.size() - k_fixed_listed);
}

void write_outcome_lines(std::string& out, const engine::ScanResult& result) {
  out += "\nRule outcomes\n";
  size_t width = 0;
  for (const auto& rule_result : result.results)
    width = std::max(width, rule_result.rule->id.size());
  for (const auto& rule_result : result.results) {
    std::string detail = outcome_detail(rule_result);
    std::string line =
        fmt::format("  {:<14}  {:<{}}  {}", engine::outcome_name(rule_result.outcome),
                    rule_result.rule->id, width, detail);
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
    for (const auto& note : rule_result.notes)
      out += fmt::format("  {:<14}  {:<{}}  note: {}\n", "", "", width, note);
  }
}

// Datasets read, unread and absent, then the rows and files that could not be read.
void write_datasets(std::string& out, const engine::ScanResult& result, const Summary& summary) {
  out += "\nDatasets\n";
  size_t dataset_width = 0;
  for (const auto& dataset : result.load.datasets)
    dataset_width = std::max(dataset_width, dataset.spec->name.size());
  for (const auto& dataset : result.load.datasets) {
    std::vector<std::string> files;
    for (const auto& file : dataset.files)
      files.push_back(file.path);
    out +=
        fmt::format("  {:<{}}  {} loaded, {} rejected  ({})\n", dataset.spec->name, dataset_width,
                    dataset.rows_loaded, dataset.rows_rejected, util::join(files, ", "));
  }
  if (auto unread = result.unread_datasets(); !unread.empty()) {
    out += fmt::format("  in the export, read by no selected rule: {}\n", util::join(unread, ", "));
  }
  if (!result.load.absent.empty()) {
    out += fmt::format("  not in the export: {}\n", util::join(result.load.absent, ", "));
  }

  if (!result.audit.unread.empty()) {
    out += fmt::format("\nFiles no dataset read ({})\n", result.audit.unread.size());
    for (const auto& file : result.audit.unread)
      out += "  " + unread_file_text(file) + "\n";
  }

  std::vector<std::string> problems;
  for (const auto& dataset : result.load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics)
      problems.push_back(diagnostic.text());
  }
  if (!problems.empty()) {
    out +=
        fmt::format("\nRejected rows and unreadable files ({} rejected)\n", summary.rows_rejected);
    for (const auto& problem : problems)
      out += "  " + problem + "\n";
  }
  if (auto warnings = file_warnings(result.load); !warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& warning : warnings)
      out += "  " + warning + "\n";
  }
}

// The waiver register, then the audit trail's digests.
void write_waivers_and_audit(std::string& out, const engine::ScanResult& result,
                             ScanContext::Digests digests) {
  if (!result.waivers.empty()) {
    out += "\nWaiver register\n";
    for (const auto& waiver : result.waivers) {
      out += fmt::format("  {:<7}  {} {}: {} (approved by {}, expires {}; {} matched) at {}\n",
                         engine::waiver_state_name(waiver.state), waiver.rule, waiver.target(),
                         waiver.reason, waiver.approved_by,
                         util::format_iso8601(waiver.expires).substr(0, 10),
                         util::count_noun(waiver.matched, "finding", "findings"),
                         util::format_location(waiver.location));
    }
  }

  if (digests == ScanContext::Digests::counted) {
    out +=
        fmt::format("\nAudit trail: SHA-256 of {} and {}, parameters {} (--verbose lists them)\n",
                    util::count_noun(result.audit.inputs.size(), "input file", "input files"),
                    util::count_noun(result.audit.rules.size(), "rule file", "rule files"),
                    result.audit.params_sha256);
    return;
  }
  out += "\nAudit trail (SHA-256)\n";
  for (const auto& digest : result.audit.inputs)
    out += fmt::format("  {}  {}\n", digest.sha256, digest.path);
  for (const auto& digest : result.audit.rules)
    out += fmt::format("  {}  {}\n", digest.sha256, digest.path);
  out += fmt::format("  {}  (effective parameters)\n", result.audit.params_sha256);
}

// Why the run ends with its exit code.
std::string exit_line(const engine::ScanResult& result, const ScanContext& context,
                      const Summary& summary) {
  std::string fail_on =
      context.gate.fail_on ? std::string(rules::severity_name(*context.gate.fail_on)) : "never";
  switch (context.exit_code) {
    case 0:
      return fmt::format("Exit 0: no finding at or above --fail-on {}.\n", fail_on);
    case 1:
      return summary.expired_waivers > 0 && !result.findings.any_counts_for_gate(context.gate)
                 ? std::string("Exit 1: expired waivers (renew or remove them).\n")
                 : fmt::format("Exit 1: {}findings at or above --fail-on {}.\n",
                               context.gate.new_only ? "new " : "", fail_on);
    default:
      return fmt::format("Exit 3: the audit is incomplete: {}.\n", incomplete_text(context));
  }
}

}  // namespace

std::string render_text(const engine::ScanResult& result, const ScanContext& context) {
  TextWriter w(context.color);
  Summary summary = summarize(result);
  std::string out;
  write_overview(out, w, result, context, summary);
  write_findings(out, w, result, context);
  write_fixed_lines(out, result);
  write_outcome_lines(out, result);
  write_datasets(out, result, summary);
  write_waivers_and_audit(out, result, context.digests);
  out += "\n" + exit_line(result, context, summary);
  // A continuation is indented four columns more than its line, past a finding's own indent.
  return util::wrap_lines(out, context.text_width, 4);
}

}  // namespace lethe::report
