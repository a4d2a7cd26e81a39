// End-to-end tests of what the HTML and Markdown reports give a client: each failed rule's
// description, remediation and citations, the engagement header of the config file (also in the
// JSON report), the as-of instant in the audit's zone, paths relative to the folder lethe ran in,
// and the verdict in words rather than CI's exit codes.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

using lethe::test::run_lethe;
using lethe::test::source_path;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

// A rule that fails on the scan fixture's export (two inactive child profiles), and one that
// passes there, each with its own description, remediation and citation.
const std::string k_failing_rule = R"(id: t.inactive-child-profile
title: Inactive child profile
severity: high
citations: ["Failing rule citation, section 1"]
description: >
  A failing rule's description: child profiles that stay inactive too long.
remediation: >
  A failing rule's remediation: delete the inactive profiles.
params:
  inactive_months: 18
  grace_days: 90
from: child_profiles p
where: p.last_active_at < as_of - months(inactive_months) - days(grace_days) and not p.keep_requested
message: "profile {p.profile_id} last active {p.last_active_at}"
)";

const std::string k_passing_rule = R"(id: t.passes
title: Contractor accounts
severity: low
citations: ["Passing rule citation, section 2"]
description: A passing rule's description.
remediation: A passing rule's remediation.
from: accounts a
where: a.account_type = 'contractor'
)";

const std::string k_config = R"(version: 1
rules: [pack]
as_of_timezone: America/Los_Angeles
report:
  client: Example Corp & Sons
  engagement: Q4 2026 COPPA review
  auditor: Jane Auditor
  notes: |
    Scope: the household export.
    Reviewed with the privacy team.
)";

// A work folder holding a copy of the scan fixture's export, the two rules in pack/ and a
// lethe.config.yaml with an engagement header, so that every path can be given relative to it.
struct Workspace {
  TempDir dir;
  fs::path work;

  Workspace() : work(dir.path() / "work") {
    fs::create_directories(work);
    fs::copy(source_path("tests/fixtures/scan/export"), work / "export",
             fs::copy_options::recursive);
    dir.write("work/pack/inactive.yaml", k_failing_rule);
    dir.write("work/pack/passes.yaml", k_passing_rule);
    dir.write("work/lethe.config.yaml", k_config);
  }

  lethe::test::RunResult scan(const std::string& format,
                              const std::vector<std::string>& options = {}) const {
    std::vector<std::string> args{"scan",     "export", "--as-of",      "2026-11-01T00:00:00Z",
                                  "--format", format,   "--no-progress"};
    args.insert(args.end(), options.begin(), options.end());
    return run_lethe(args, work);
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The HTML report's findings section.
std::string findings_section(const std::string& html) {
  size_t start = html.find("<section id=\"findings-section\">");
  size_t end = html.find("</section>", start);
  REQUIRE(start != std::string::npos);
  return html.substr(start, end - start);
}

}  // namespace

TEST_CASE(
    "client reports: a failed rule's description, remediation and citations, not a passed one's",
    "[e2e][scan][client]") {
  Workspace workspace;
  auto html = workspace.scan("html");
  CHECK(html.exit_code == 1);
  CHECK(html.err.empty());
  std::string findings = findings_section(html.out);
  CHECK(has(findings, "<details class=\"rule-detail\" id=\"rule-t.inactive-child-profile\""));
  CHECK(has(findings, "A failing rule&#39;s description: child profiles that stay inactive"));
  CHECK(has(findings, "<h4>Remediation</h4>"));
  CHECK(has(findings, "A failing rule&#39;s remediation: delete the inactive profiles."));
  CHECK(has(findings, "<li>Failing rule citation, section 1</li>"));
  // The passed rule: its citation stays in the outcomes table, nothing in the findings.
  CHECK_FALSE(has(html.out, "A passing rule"));
  CHECK_FALSE(has(findings, "Passing rule citation"));
  CHECK_FALSE(has(findings, "rule-t.passes"));

  auto markdown = workspace.scan("markdown");
  CHECK(markdown.exit_code == 1);
  size_t heading = markdown.out.find("### `t.inactive-child-profile` — Inactive child profile");
  REQUIRE(heading != std::string::npos);
  std::string under = markdown.out.substr(heading);
  CHECK(
      has(under,
          "(high, 2 findings)\n\nA failing rule's description: child profiles that stay "
          "inactive too long.\n\n**Remediation:** A failing rule's remediation: delete the "
          "inactive profiles.\n\n**Citations:**\n\n- Failing rule citation, section 1\n\n| key |"));
  CHECK_FALSE(has(markdown.out, "A passing rule"));
  CHECK_FALSE(has(markdown.out, "Passing rule citation"));
}

TEST_CASE("client reports: the config file's engagement header in HTML, Markdown, JSON and text",
          "[e2e][scan][client]") {
  Workspace workspace;
  auto html = workspace.scan("html");
  CHECK(has(html.out, "<h1>Lethe privacy audit for Example Corp &amp; Sons</h1>"));
  CHECK(has(html.out,
            "<dt>Client</dt><dd>Example Corp &amp; Sons</dd>\n"
            "<dt>Engagement</dt><dd>Q4 2026 COPPA review</dd>\n"
            "<dt>Auditor</dt><dd>Jane Auditor</dd>"));
  CHECK(has(html.out,
            "<p class=\"notes\">Scope: the household export.<br>\nReviewed with the privacy "
            "team.</p>"));
  // At the top: before the verdict.
  CHECK(html.out.find("id=\"engagement\"") < html.out.find("id=\"verdict\""));

  auto markdown = workspace.scan("markdown");
  CHECK(markdown.out.rfind("## ❌ Lethe audit: FAILED\n\n**Client:** Example Corp &amp; Sons · "
                           "**Engagement:** Q4 2026 COPPA review · **Auditor:** Jane Auditor\n\n"
                           "Scope: the household export. Reviewed with the privacy team.\n\n",
                           0) == 0);

  auto json = workspace.scan("json");
  simdjson::dom::parser parser;
  auto engagement = parser.parse(json.out)["engagement"];
  CHECK(std::string_view(engagement["client"]) == "Example Corp & Sons");
  CHECK(std::string_view(engagement["engagement"]) == "Q4 2026 COPPA review");
  CHECK(std::string_view(engagement["auditor"]) == "Jane Auditor");
  CHECK(std::string_view(engagement["notes"]) ==
        "Scope: the household export.\nReviewed with the privacy team.");

  auto text = workspace.scan("text");
  CHECK(has(text.out,
            "\nFor client Example Corp & Sons, engagement Q4 2026 COPPA review, auditor Jane "
            "Auditor\n"));

  // Without `report:`, no header and no JSON member.
  workspace.dir.write("work/lethe.config.yaml", "version: 1\nrules: [pack]\n");
  CHECK_FALSE(has(workspace.scan("html").out, "id=\"engagement\""));
  CHECK_FALSE(has(workspace.scan("json").out, "\"engagement\""));
  CHECK_FALSE(has(workspace.scan("markdown").out, "**Client:**"));
}

TEST_CASE("client reports: the as-of instant in UTC and in the audit's zone",
          "[e2e][scan][client]") {
  Workspace workspace;
  const std::string both = "2026-11-01T00:00:00Z (2026-10-31 17:00 America/Los_Angeles)";
  auto html = workspace.scan("html");
  CHECK(has(html.out, "<dt>As of</dt><dd>" + both + "</dd>"));
  CHECK(has(workspace.scan("markdown").out, "as of " + both + ", 2 rules"));
  // --as-of-timezone wins over the config file; a fixed offset reads the same way.
  CHECK(has(workspace.scan("html", {"--as-of-timezone", "+05:30"}).out,
            "<dd>2026-11-01T00:00:00Z (2026-11-01 05:30 +05:30)</dd>"));
  // UTC needs no second time.
  CHECK(has(workspace.scan("html", {"--as-of-timezone", "UTC"}).out,
            "<dt>As of</dt><dd>2026-11-01T00:00:00Z</dd>"));
}

TEST_CASE("client reports: no absolute local path in HTML or Markdown", "[e2e][scan][client]") {
  Workspace workspace;
  const std::string source = fs::path(LETHE_SOURCE_DIR).lexically_normal().string();
  const std::string temp = workspace.dir.path().string();
  auto check_paths = [&](const std::vector<std::string>& options) {
    for (const std::string format : {"html", "markdown"}) {
      INFO(format);
      auto report = workspace.scan(format, options);
      CHECK(report.exit_code == 1);
      CHECK_FALSE(has(report.out, source));
      CHECK_FALSE(has(report.out, temp));
      CHECK(has(report.out, "pack/inactive.yaml"));
    }
  };
  SECTION("rules by relative path") {
    check_paths({});
  }
  SECTION("rules by absolute path, shown relative to the working folder") {
    check_paths({"--rules", (workspace.work / "pack").string()});
    CHECK(has(workspace.scan("html", {"--rules", (workspace.work / "pack").string()}).out,
              "<dt>Rules</dt><dd><code>pack</code>"));
  }
  SECTION("a config file given by absolute path, its rules relative to it") {
    check_paths({"--config", (workspace.work / "lethe.config.yaml").string()});
  }
  SECTION("the bundled pack is `rules`") {
    auto html = run_lethe({"scan", "samples/alexa-household", "--as-of", "2026-11-01", "--format",
                           "html", "--no-progress"});
    CHECK(has(html.out, "<dt>Rules</dt><dd><code>rules</code> — 27 rules</dd>"));
    CHECK_FALSE(has(html.out, source));
  }
}

TEST_CASE("client reports: the verdict in words in HTML, the exit code kept in Markdown",
          "[e2e][scan][client]") {
  Workspace workspace;
  auto html = workspace.scan("html");
  CHECK(has(html.out,
            "<span id=\"verdict\" class=\"verdict failed\">FAILED</span><span "
            "class=\"verdict-note\">2 findings at or above low severity.</span>"));
  for (const std::string ci_words : {"xit code", "--fail-on"}) {
    INFO(ci_words);
    CHECK_FALSE(has(html.out, ci_words));
  }
  auto passing = workspace.scan("html", {"--fail-on", "critical"});
  CHECK(passing.exit_code == 0);
  CHECK(
      has(passing.out, "class=\"verdict-note\">No findings at or above critical severity.</span>"));
  CHECK_FALSE(has(passing.out, "xit code"));

  // Markdown is also the CI step summary: the verdict in words, then the exit code.
  auto markdown = workspace.scan("markdown");
  CHECK(has(markdown.out, "\n\n2 findings at or above low severity.\n\nExport `export` as of "));
  CHECK(has(markdown.out, "; exit code 1 (--fail-on low).\n"));
}

TEST_CASE("client reports: the config file's report: keys are checked", "[e2e][scan][client]") {
  Workspace workspace;
  auto scan_with = [&](const std::string& report) {
    workspace.dir.write("work/lethe.config.yaml", "version: 1\nrules: [pack]\n" + report);
    return workspace.scan("text");
  };
  auto typo = scan_with("report:\n  clinet: Example Corp\n");
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "lethe.config.yaml:4:3: unknown key 'clinet' in 'report'\n"
        "    clinet: Example Corp\n"
        "    ^\n"
        "hint: did you mean 'client'?\n");
  auto format = scan_with("report:\n  html: out/lethe.html\n");
  CHECK(format.exit_code == 2);
  CHECK(has(format.err, "unknown key 'html' in 'report'"));
  CHECK(has(format.err, "hint: reports to write go under 'reports:' (html: PATH)"));
  auto blank = scan_with("report:\n  client: \"  \"\n");
  CHECK(blank.exit_code == 2);
  CHECK(has(blank.err, "lethe.config.yaml:4:11: 'report: client' is empty"));
  auto empty = scan_with("report:\n  auditor:\n");
  CHECK(empty.exit_code == 2);
  CHECK(has(empty.err, "'report: auditor' is empty"));
  auto list = scan_with("report:\n  notes: [a, b]\n");
  CHECK(list.exit_code == 2);
  CHECK(has(list.err, "'report: notes' must be a single value"));
  auto not_map = scan_with("report: Example Corp\n");
  CHECK(not_map.exit_code == 2);
  CHECK(has(not_map.err, "'report' must be a mapping"));
}
