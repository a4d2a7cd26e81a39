// The Markdown summary, for a pull-request comment or $GITHUB_STEP_SUMMARY.
#include <fmt/format.h>

#include <map>

#include "report/markdown.hpp"
#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/diagnostic.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

constexpr size_t k_findings_per_rule = 10;

// Every cell holds text from the export or the rules: escaped alike.
std::string cell(std::string_view text) {
  return markdown_cell(text);
}

// Who the audit is for and by whom, from the config file's `report:`.
std::string markdown_engagement_text(const Engagement& engagement) {
  if (engagement.empty()) return "";
  std::vector<std::string> parts;
  for (auto [term, value] :
       {std::pair{"Client", &engagement.client}, std::pair{"Engagement", &engagement.engagement},
        std::pair{"Auditor", &engagement.auditor}}) {
    if (!value->empty()) parts.push_back(fmt::format("**{}:** {}", term, cell(*value)));
  }
  std::string out = parts.empty() ? "" : util::join(parts, " · ") + "\n\n";
  return out + markdown_paragraphs(engagement.notes);
}

// What a failed rule is about, how to fix it and what it rests on, under its heading.
std::string markdown_rule_text(const rules::Rule& rule) {
  std::string out = markdown_paragraphs(rule.description);
  if (std::string remediation = markdown_paragraphs(rule.remediation); !remediation.empty())
    out += "**Remediation:** " + remediation;
  if (!rule.citations.empty()) {
    out += "**Citations:**\n\n";
    for (const auto& citation : rule.citations)
      out += "- " + cell(citation) + "\n";
    out += "\n";
  }
  return out;
}

// Each failed rule: its heading, what it is about, and its first findings.
void write_markdown_findings(std::string& out, const engine::ScanResult& result) {
  for (const auto& findings : result.findings.by_rule()) {
    const rules::Rule& rule = *findings.rule;
    out += fmt::format("### `{}` — {} ({}, {} finding{})\n\n", rule.id, cell(rule.title),
                       rules::severity_name(rule.severity), findings.size(),
                       findings.size() == 1 ? "" : "s");
    out += markdown_rule_text(rule);
    out += "| key | location | message | status |\n|---|---|---|---|\n";
    size_t shown = 0;
    for (const auto& f : findings) {
      if (shown++ == k_findings_per_rule) break;
      out +=
          fmt::format("| {} | {} | {} | {} |\n", cell(f.key_text()),
                      cell(location_text(f.location)), cell(f.message), engine::finding_status(f));
    }
    if (findings.size() > k_findings_per_rule) {
      out += fmt::format("\n…and {} more.\n", findings.size() - k_findings_per_rule);
    }
    out += "\n";
  }
}

// The baseline's findings that this scan no longer finds.
void write_markdown_fixed(std::string& out, const engine::ScanResult& result) {
  if (!result.fixed.empty()) {
    out += fmt::format("### Fixed since the baseline ({})\n\n", result.fixed.size());
    out += "| rule | severity | key | location | message |\n|---|---|---|---|---|\n";
    for (size_t i = 0; i < result.fixed.size() && i < k_fixed_listed; ++i) {
      const auto& fixed = result.fixed[i];
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", fixed.rule, fixed.severity,
                         cell(fixed.key.value_or("(no key)")), cell(fixed_location_text(fixed)),
                         cell(fixed.message));
    }
    if (result.fixed.size() > k_fixed_listed)
      out += fmt::format("\n…and {} more.\n", result.fixed.size() - k_fixed_listed);
    out += "\n";
  }
}

// Rule outcomes, datasets, warnings and unread files, folded.
void write_markdown_coverage(std::string& out, const engine::ScanResult& result) {
  out +=
      "<details><summary>Rule outcomes and coverage</summary>\n\n| rule | outcome | detail "
      "|\n|---|---|---|\n";
  for (const auto& rule_result : result.results) {
    std::string detail = cell(outcome_detail(rule_result));
    for (const auto& note : rule_result.notes)
      detail += (detail.empty() ? "note: " : "<br>note: ") + cell(note);
    out += fmt::format("| `{}` | {} | {} |\n", rule_result.rule->id,
                       engine::outcome_name(rule_result.outcome), detail);
  }
  out += "\n| dataset | rows loaded | rows rejected |\n|---|---:|---:|\n";
  for (const auto& dataset : result.load.datasets) {
    out += fmt::format("| {} | {} | {} |\n", dataset.spec->name, dataset.rows_loaded,
                       dataset.rows_rejected);
  }
  if (!result.load.absent.empty()) {
    out += fmt::format("\nNot in the export: {}.\n", cell(util::join(result.load.absent, ", ")));
  }
  if (auto warnings = file_warnings(result.load); !warnings.empty()) {
    out += "\nWarnings:\n\n";
    for (const auto& warning : warnings)
      out += "- " + cell(warning) + "\n";
  }
  if (!result.audit.unread.empty()) {
    out +=
        fmt::format("\nFiles no dataset read ({}):\n\n| file | bytes | sha256 |\n|---|---:|---|\n",
                    result.audit.unread.size());
    for (const auto& file : result.audit.unread) {
      out += fmt::format(
          "| {} | {} | {} |\n", cell(file.path), file.size,
          file.sha256.empty() ? "not a regular file, not opened" : "`" + file.sha256 + "`");
    }
  }
  out += "\n</details>\n";
}

// The waiver register and the audit trail.
void write_markdown_waivers_and_trail(std::string& out, const engine::ScanResult& result,
                                      const ScanContext& context) {
  if (!result.waivers.empty()) {
    out +=
        "\n#### Waiver register\n\n| rule | target | state | matched | reason | approved by | "
        "expires |\n"
        "|---|---|---|---:|---|---|---|\n";
    for (const auto& waiver : result.waivers) {
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", waiver.rule,
                         cell(waiver.target()), engine::waiver_state_name(waiver.state),
                         waiver.matched, cell(waiver.reason), cell(waiver.approved_by),
                         util::format_iso8601(waiver.expires).substr(0, 10));
    }
  }
  out += fmt::format(
      "\n<details><summary>Audit trail (SHA-256), Lethe {}</summary>\n\n| file | sha256 "
      "|\n|---|---|\n",
      LETHE_VERSION);
  for (const auto* digests : {&result.audit.inputs, &result.audit.rules}) {
    for (const auto& digest : *digests)
      out += fmt::format("| {} | `{}` |\n", cell(shown_path(digest.path, context)), digest.sha256);
  }
  out +=
      fmt::format("| (effective parameters) | `{}` |\n\n</details>\n", result.audit.params_sha256);
}

}  // namespace

std::string render_markdown(const engine::ScanResult& result, const ScanContext& context) {
  Summary summary = summarize(result);
  std::string verdict_text = verdict(context.exit_code);
  std::string mark = context.exit_code == 0 ? "✅" : context.exit_code == 1 ? "❌" : "⚠️";
  std::string out = fmt::format("## {} Lethe audit: {}\n\n", mark, verdict_text);
  out += markdown_engagement_text(context.engagement);
  // The verdict in a reader's words, then for CI (this is also the PR comment and step summary).
  out += cell(verdict_reason(result, context)) + ".\n\n";
  out += fmt::format("Export `{}` as of {}, {} rules; exit code {} (--fail-on {}{}).\n\n",
                     cell(context.export_path), cell(as_of_text(result.as_of, context)),
                     result.results.size(), context.exit_code,
                     context.gate.fail_on ? rules::severity_name(*context.gate.fail_on) : "never",
                     context.gate.new_only ? ", new findings only" : "");
  if (!context.scope.left_out.empty()) {
    // Patterns as code: their `*` would otherwise read as emphasis.
    std::vector<std::string> patterns;
    for (const auto* list : {&context.scope.select, &context.scope.exclude}) {
      for (const auto& pattern : *list)
        patterns.push_back(fmt::format("{} `{}`", cell(pattern.origin), pattern.glob));
    }
    out += fmt::format("Left out by {}: {} of {} rules ({}).\n\n", util::join(patterns, ", "),
                       context.scope.left_out.size(), context.scope.pack_size,
                       cell(util::join(context.scope.left_out, ", ")));
  }
  out += "| severity | findings |\n|---|---:|\n";
  for (auto severity : {rules::Severity::critical, rules::Severity::high, rules::Severity::medium,
                        rules::Severity::low, rules::Severity::info}) {
    out += fmt::format("| {} | {} |\n", rules::severity_name(severity),
                       summary.by_severity[static_cast<size_t>(severity)]);
  }
  out += fmt::format("| **total** | **{}** |\n\n", summary.findings);
  if (summary.waived || result.has_baseline) {
    out += fmt::format("{} waived", summary.waived);
    if (result.has_baseline)
      out += fmt::format("; {} new, {} existing, {} fixed (baseline)", summary.new_findings,
                         summary.existing, result.fixed.size());
    out += ".\n\n";
  }

  write_markdown_findings(out, result);
  write_markdown_fixed(out, result);
  write_markdown_coverage(out, result);
  write_markdown_waivers_and_trail(out, result, context);
  return out;
}

}  // namespace lethe::report
