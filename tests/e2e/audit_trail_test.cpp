// End-to-end tests of waivers, baselines, the config file and `lethe verify`.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/run_lethe.hpp"

using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

const std::string k_export = "tests/fixtures/scan/export";
const std::string k_rules = "tests/fixtures/scan/rules";

// The scan fixture without its rule that needs consent, by absolute paths (some runs are in a
// temporary folder).
lethe::test::RunResult scan(std::vector<std::string> extra, const fs::path& working_dir = {}) {
  extra.insert(extra.begin(), {"--exclude", "t.needs-consent"});
  lethe::test::ScanSetup setup;
  setup.export_dir = lethe::test::source_path(k_export);
  setup.rules = lethe::test::source_path(k_rules);
  setup.working_dir = working_dir;
  return lethe::test::scan(extra, setup);
}

// "rule key status" of every finding in a JSON report.
std::vector<std::string> statuses(const std::string& json) {
  simdjson::dom::parser parser;
  std::vector<std::string> out;
  for (auto finding : parser.parse(json)["findings"].get_array()) {
    out.push_back(std::string(std::string_view(finding["rule"])) + " " +
                  std::string(std::string_view(finding["key"])) + " " +
                  std::string(std::string_view(finding["status"])));
  }
  return out;
}

std::string waiver_states(const std::string& json) {
  simdjson::dom::parser parser;
  std::string out;
  for (auto waiver : parser.parse(json)["waivers"].get_array()) {
    out += std::string(std::string_view(waiver["rule"])) + ":" +
           std::string(std::string_view(waiver["state"])) + ":" +
           std::to_string(std::int64_t(waiver["matched"])) + " ";
  }
  return out;
}

}  // namespace

TEST_CASE("waivers: a matching waiver keeps the finding, marked, and out of the exit code",
          "[e2e][waivers]") {
  TempDir dir;
  dir.write(
      "waivers.yaml",
      "version: 1\nwaivers:\n"
      "  - rule: t.inactive-child-profile\n    key: P1\n    reason: Litigation hold pending entry\n"
      "    approved_by: dpo@example.com\n    expires: 2027-01-31\n"
      "  - rule: t.inactive-child-profile\n    key: P4\n    reason: Parent asked by phone\n"
      "    approved_by: dpo@example.com\n    expires: 2027-01-31\n");
  auto both = scan({"--select", "t.inactive-*", "--waivers", (dir.path() / "waivers.yaml").string(),
                    "--format", "json"});
  CHECK(both.exit_code == 0);
  CHECK(statuses(both.out) == std::vector<std::string>{"t.inactive-child-profile P1 waived",
                                                       "t.inactive-child-profile P4 waived"});
  CHECK_THAT(both.out, Catch::Contains("\"reason\": \"Litigation hold pending entry\""));
  CHECK(waiver_states(both.out) ==
        "t.inactive-child-profile:active:1 t.inactive-child-profile:active:1 ");
  auto text =
      scan({"--select", "t.inactive-*", "--waivers", (dir.path() / "waivers.yaml").string()});
  CHECK_THAT(text.out,
             Catch::Contains(
                 "[waived until 2027-01-31 by dpo@example.com: Litigation hold pending entry]"));
  CHECK_THAT(text.out, Catch::Contains("Waiver register\n"));
}

TEST_CASE("waivers: whole rule, by fingerprint, expired and unused", "[e2e][waivers]") {
  TempDir dir;
  auto baseline = scan({"--select", "t.inactive-*", "--format", "json"});
  simdjson::dom::parser parser;
  std::string p1_fingerprint(
      std::string_view(parser.parse(baseline.out)["findings"].at(0)["fingerprint"]));
  dir.write("whole.yaml",
            "waivers:\n  - {rule: t.inactive-child-profile, key: \"*\", reason: r, approved_by: a, "
            "expires: 2026-11-01}\n");
  auto whole = scan({"--select", "t.inactive-*", "--waivers", (dir.path() / "whole.yaml").string(),
                     "--format", "json"});
  CHECK(whole.exit_code == 0);
  CHECK(statuses(whole.out) == std::vector<std::string>{"t.inactive-child-profile P1 waived",
                                                        "t.inactive-child-profile P4 waived"});
  dir.write("fingerprint.yaml",
            "waivers:\n  - {rule: t.inactive-child-profile, fingerprint: " + p1_fingerprint +
                ", reason: r, approved_by: a, expires: 2027-01-01}\n");
  auto by_fingerprint = scan({"--select", "t.inactive-*", "--waivers",
                              (dir.path() / "fingerprint.yaml").string(), "--format", "json"});
  CHECK(by_fingerprint.exit_code == 1);
  CHECK(statuses(by_fingerprint.out) ==
        std::vector<std::string>{"t.inactive-child-profile P1 waived",
                                 "t.inactive-child-profile P4 open"});
  // Expired the day before as_of: it waives nothing, and the run fails even without findings.
  dir.write(
      "expired.yaml",
      "waivers:\n  - {rule: t.passes, key: \"*\", reason: r, approved_by: a, expires: 2026-10-31}\n"
      "  - {rule: t.inactive-child-profile, key: P9, reason: r, approved_by: a, expires: "
      "2027-01-01}\n");
  auto expired = scan({"--select", "t.passes", "--select", "t.inactive-*", "--fail-on", "never",
                       "--waivers", (dir.path() / "expired.yaml").string(), "--format", "json"});
  CHECK(expired.exit_code == 1);
  CHECK(waiver_states(expired.out) == "t.passes:expired:0 t.inactive-child-profile:unused:0 ");
  auto expired_text =
      scan({"--select", "t.passes", "--waivers", (dir.path() / "expired.yaml").string()});
  CHECK(expired_text.exit_code == 1);
  CHECK_THAT(expired_text.out,
             Catch::Contains("Exit 1: expired waivers (renew or remove them).\n"));
  CHECK_THAT(expired_text.out, Catch::Contains("  expired  t.passes every finding"));
  CHECK_THAT(expired_text.out, Catch::Contains("  unused   t.inactive-child-profile key P9"));
}

TEST_CASE("waivers: an invalid file stops the run with file:line:col", "[e2e][waivers]") {
  TempDir dir;
  dir.write("w.yaml",
            "waivers:\n  - rule: t.passes\n    key: x\n    reason: r\n    expires: 2027-01-01\n");
  auto missing = scan({"--waivers", (dir.path() / "w.yaml").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == (dir.path() / "w.yaml").string() +
                           ":2:5: a waiver needs 'approved_by'\n"
                           "    - rule: t.passes\n      ^\n");
  dir.write("w2.yaml",
            "waivers:\n  - {rule: t.passes, key: x, reason: r, approved_by: a, expires: soon}\n");
  auto bad_date = scan({"--waivers", (dir.path() / "w2.yaml").string()});
  CHECK(bad_date.exit_code == 2);
  CHECK_THAT(bad_date.err, Catch::Contains(":2:66: 'expires' must be a date such as 2027-01-31"));
}

TEST_CASE("baseline: findings are new or existing, and --fail-on-new-only gates on new ones",
          "[e2e][baseline]") {
  TempDir dir;
  // The baseline knows only the inactive profiles.
  auto old_report = scan({"--select", "t.inactive-*", "--format", "json"});
  dir.write("old.json", old_report.out);
  std::string baseline = (dir.path() / "old.json").string();
  auto marked = scan({"--select", "t.inactive-*", "--select", "t.voice-*", "--baseline", baseline,
                      "--format", "json"});
  CHECK(marked.exit_code == 1);
  CHECK(statuses(marked.out) == std::vector<std::string>{"t.voice-after-request R1 new",
                                                         "t.voice-after-request R2 new",
                                                         "t.inactive-child-profile P1 existing",
                                                         "t.inactive-child-profile P4 existing"});
  CHECK_THAT(marked.out, Catch::Contains("\"new\": 2,\n    \"existing\": 2,"));
  auto only_old = scan({"--select", "t.inactive-*", "--baseline", baseline, "--fail-on-new-only"});
  CHECK(only_old.exit_code == 0);
  CHECK_THAT(
      only_old.out,
      Catch::Contains("Baseline: 0 new, 2 existing, 0 fixed (only new findings fail the run)\n"));
  CHECK(scan({"--select", "t.inactive-*", "--select", "t.voice-*", "--baseline", baseline,
              "--fail-on-new-only"})
            .exit_code == 1);
  auto without = scan({"--fail-on-new-only"});
  CHECK(without.exit_code == 2);
  CHECK(without.err == "--fail-on-new-only needs --baseline OLD.json\n");
  dir.write("not-a-report.json", "{\"hello\": 1}");
  auto bad = scan({"--baseline", (dir.path() / "not-a-report.json").string()});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err,
             Catch::EndsWith("not-a-report.json: not a Lethe JSON report (schema_version 1)\n"));
}

TEST_CASE("config file: a parameter given a mapping or nothing is an error, never an empty value",
          "[e2e][config]") {
  TempDir dir;
  std::string source = LETHE_SOURCE_DIR;
  auto run = [&](const std::string& value) {
    dir.write("lethe.config.yaml",
              "version: 1\nparams:\n  t.inactive-child-profile:\n"
              "    grace_days:" +
                  value + "\n");
    return run_lethe({"scan", source + "/" + k_export, "--rules", source + "/" + k_rules, "--as-of",
                      "2026-11-01"},
                     dir.path());
  };
  auto mapping = run(" {days: 200}");
  CHECK(mapping.exit_code == 2);
  CHECK(mapping.err ==
        "lethe.config.yaml:4:17: parameter 'grace_days' needs a value or a list of values\n"
        "      grace_days: {days: 200}\n"
        "                  ^\n");
  auto nothing = run("");
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err ==
        "lethe.config.yaml:4:5: parameter 'grace_days' needs a value or a list of values\n"
        "      grace_days:\n"
        "      ^\n");
}

TEST_CASE("config file: defaults that command-line options override", "[e2e][config]") {
  TempDir dir;
  std::string source = LETHE_SOURCE_DIR;
  dir.write("lethe.config.yaml",
            "version: 1\nrules: [\"" + source + "/" + k_rules +
                "\"]\nselect: [t.inactive-*]\n"
                "params:\n  t.inactive-child-profile:\n    grace_days: 200\nfail_on: critical\n"
                "reports:\n  csv: out/findings.csv\n");
  fs::create_directories(dir.path() / "out");
  auto run = [&](std::vector<std::string> args) {
    std::vector<std::string> full{"scan", source + "/" + k_export, "--as-of", "2026-11-01"};
    full.insert(full.end(), args.begin(), args.end());
    return run_lethe(full, dir.path());
  };
  // grace_days 200: cutoff 2025-05-01 - 200 days = 2024-10-13; P1 and P4 are older. fail_on
  // critical: exit 0.
  auto from_config = run({"--format", "json"});
  CHECK(from_config.exit_code == 0);
  CHECK(statuses(from_config.out) == std::vector<std::string>{"t.inactive-child-profile P1 open",
                                                              "t.inactive-child-profile P4 open"});
  CHECK_THAT(read_file(dir.path() / "out/findings.csv"),
             Catch::StartsWith("severity,rule,dataset,key,file,line"));
  // The command line wins: --fail-on, --param, --select.
  CHECK(run({"--fail-on", "high"}).exit_code == 1);
  auto param = run({"--param", "t.inactive-child-profile.grace_days=400", "--format", "json"});
  CHECK(statuses(param.out) == std::vector<std::string>{"t.inactive-child-profile P1 open"});
  auto select = run({"--select", "t.passes", "--format", "json"});
  CHECK(statuses(select.out).empty());
  // --config names another file; unknown keys are errors with file:line:col.
  dir.write("other.yaml", "version: 1\nfail_on: high\nselect: t.inactive-*\nrulez: []\n");
  auto bad = run({"--config", "other.yaml"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "other.yaml:4:1: unknown key 'rulez' in the config file\n  rulez: []\n  ^\n"
        "hint: did you mean 'rules'?\n");
}

TEST_CASE("verify --digests-only: an unchanged export passes, a changed one fails",
          "[e2e][verify]") {
  TempDir dir;
  fs::copy(fs::path(LETHE_SOURCE_DIR) / k_export, dir.path() / "export",
           fs::copy_options::recursive);
  std::string export_dir = (dir.path() / "export").string();
  auto report = run_lethe({"scan", export_dir, "--as-of", "2026-11-01", "--format", "json",
                           "--output", (dir.path() / "report.json").string()});
  // The fixture lacks fields some bundled rules read: incomplete, but every digest is recorded.
  REQUIRE(report.exit_code == 3);
  auto same =
      run_lethe({"verify", "--digests-only", (dir.path() / "report.json").string(), export_dir});
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("  OK       child_profiles.ndjson\n"));
  CHECK_THAT(same.out,
             Catch::Contains("  OK       rules/amazon-alexa-order/inactive-child-profile.yaml\n"));
  CHECK_THAT(same.out, Catch::EndsWith("The export and the rules are the ones audited.\n"));
  std::ofstream(dir.path() / "export" / "child_profiles.ndjson", std::ios::app)
      << "{\"profile_id\": \"P9\", \"account_id\": \"A9\"}\n";
  fs::remove(dir.path() / "export" / "transcripts.csv");
  auto changed =
      run_lethe({"verify", "--digests-only", (dir.path() / "report.json").string(), export_dir});
  CHECK(changed.exit_code == 1);
  CHECK_THAT(changed.out, Catch::Contains("  CHANGED  child_profiles.ndjson (audited "));
  CHECK_THAT(changed.out, Catch::Contains("  MISSING  transcripts.csv\n"));
  CHECK_THAT(changed.out,
             Catch::EndsWith("The export or the rules changed since the audit: 2 differences.\n"));
  auto unreadable = run_lethe({"verify", (dir.path() / "nope.json").string(), export_dir});
  CHECK(unreadable.exit_code == 2);
}
