// The JUnit XML report: a testsuite per rule pack, a testcase per rule.
#include <fmt/format.h>

#include <map>

#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"
#include "util/xml.hpp"

namespace lethe::report {

namespace {

using util::xml_escape;

struct Suite {
  std::vector<const engine::RuleResult*> rules;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
};

}  // namespace

std::string render_junit(const engine::ScanResult& result, const ScanContext& context) {
  const engine::Gate& gate = context.gate;
  auto failing = [&](const engine::RuleResult& rule) {
    for (const auto& finding : result.findings.of_rule(rule.rule)) {
      if (engine::counts_for_gate(finding, gate)) return true;
    }
    return false;
  };

  std::map<std::string, Suite> suites;
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& rule_result : result.results) {
    std::string pack = rule_result.rule->pack.empty() ? "rules" : rule_result.rule->pack;
    Suite& suite = suites[pack];
    suite.rules.push_back(&rule_result);
    switch (rule_result.outcome) {
      case engine::Outcome::error:
      case engine::Outcome::incomplete:
        ++suite.errors;
        ++errors;
        break;
      case engine::Outcome::not_applicable:
      case engine::Outcome::not_in_force:
        ++suite.skipped;
        ++skipped;
        break;
      case engine::Outcome::failed:
        if (failing(rule_result)) {
          ++suite.failures;
          ++failures;
        }
        break;
      case engine::Outcome::passed:
        break;
    }
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"lethe\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
      result.results.size(), failures, errors, skipped);
  // The audit trail, as properties of every suite (JUnit has no run-level properties).
  std::string properties = fmt::format(
      "    <properties>\n      <property name=\"lethe.version\" value=\"{}\"/>\n"
      "      <property name=\"as_of\" value=\"{}\"/>\n",
      LETHE_VERSION, util::format_iso8601(result.as_of));
  if (!context.scope.left_out.empty()) {
    properties += fmt::format(
        "      <property name=\"rule_patterns\" value=\"{}\"/>\n"
        "      <property name=\"rules_left_out\" value=\"{}\"/>\n",
        xml_escape(context.scope.patterns_text()),
        xml_escape(util::join(context.scope.left_out, ", ")));
  }
  for (const auto* digests : {&result.audit.inputs, &result.audit.rules}) {
    for (const auto& digest : *digests) {
      properties += fmt::format("      <property name=\"sha256:{}\" value=\"{}\"/>\n",
                                xml_escape(digest.path), digest.sha256);
    }
  }
  if (result.has_baseline) {
    Summary summary = summarize(result);
    properties += fmt::format(
        "      <property name=\"baseline.new\" value=\"{}\"/>\n"
        "      <property name=\"baseline.existing\" value=\"{}\"/>\n"
        "      <property name=\"baseline.fixed\" value=\"{}\"/>\n",
        summary.new_findings, summary.existing, result.fixed.size());
  }
  properties += fmt::format(
      "      <property name=\"sha256:(effective parameters)\" value=\"{}\"/>\n    </properties>\n",
      result.audit.params_sha256);
  for (const auto& [pack, suite] : suites) {
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
        xml_escape(pack), suite.rules.size(), suite.failures, suite.errors, suite.skipped);
    out += properties;
    bool first_suite = &suite == &suites.begin()->second;
    for (const auto* rule_result : suite.rules) {
      const rules::Rule& rule = *rule_result->rule;
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n",
                         xml_escape(pack), xml_escape(rule.id), xml_escape(rule.path));
      std::string listing;
      for (const auto& finding : result.findings.of_rule(&rule)) {
        listing +=
            fmt::format("{} [{}] {}: {}\n", location_text(finding.location),
                        engine::finding_status(finding), finding.key_text(), finding.message);
      }
      std::string system_out;  // findings that do not fail the run, then the notes
      switch (rule_result->outcome) {
        case engine::Outcome::error:
        case engine::Outcome::incomplete:
          // An incomplete rule is no passed test: CI shows it as an error, like a rule that
          // could not run.
          out += fmt::format("      <error message=\"{}\" type=\"{}\"/>\n",
                             xml_escape(rule_result->reason),
                             engine::outcome_name(rule_result->outcome));
          break;
        case engine::Outcome::not_applicable:
        case engine::Outcome::not_in_force:
          out += fmt::format("      <skipped message=\"{}: {}\"/>\n",
                             engine::outcome_name(rule_result->outcome),
                             xml_escape(rule_result->reason));
          break;
        case engine::Outcome::failed:
          if (failing(*rule_result)) {
            out += fmt::format(
                "      <failure message=\"{} finding{} ({})\" type=\"{}\">{}</failure>\n",
                rule_result->findings, rule_result->findings == 1 ? "" : "s",
                rules::severity_name(rule.severity), rules::severity_name(rule.severity),
                xml_escape(listing));
          } else {
            // Findings that do not fail the run (waived, below --fail-on, or in the baseline).
            system_out = listing;
          }
          break;
        case engine::Outcome::passed:
          break;
      }
      for (const auto& note : rule_result->notes)
        system_out += fmt::format("note: {}\n", note);
      if (!system_out.empty())
        out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(system_out));
      out += "    </testcase>\n";
    }
    // The run's unread files and the baseline's fixed findings, once: in the first suite's
    // output.
    std::string run_out;
    if (first_suite && !result.audit.unread.empty()) {
      run_out += fmt::format("Files no dataset read ({}):\n", result.audit.unread.size());
      for (const auto& file : result.audit.unread)
        run_out += "  " + unread_file_text(file) + "\n";
    }
    if (first_suite && !result.fixed.empty()) {
      run_out += fmt::format("Fixed since the baseline ({}):\n", result.fixed.size());
      for (const auto& fixed : result.fixed)
        run_out += "  " + fixed_text(fixed) + "\n";
    }
    if (!run_out.empty())
      out += fmt::format("    <system-out>{}</system-out>\n", xml_escape(run_out));
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace lethe::report
