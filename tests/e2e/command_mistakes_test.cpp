// Mistakes in the command are errors (exit 2), never a narrower audit: a waiver or baseline entry
// naming no rule, a config pattern matching none, a mistyped command or option. Each case has
// its whole message, and the command as meant runs.
#include <catch2/catch.hpp>
#include <string>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

namespace {

using lethe::test::TempDir;

const std::string k_accounts =
    "account_id,created_at,closed_at,account_type,mfa_enabled\n"
    "A1,2020-01-01,,customer,no\n";

lethe::test::RunResult scan(const TempDir& dir, std::vector<std::string> options) {
  options.insert(options.begin(), {"--select", "ring.*", "--no-progress"});
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  setup.working_dir = dir.path();
  return lethe::test::scan(options, setup);
}

std::string waivers_for(const std::string& rule) {
  return "version: 1\nwaivers:\n  - rule: " + rule +
         "\n    key: A1\n    reason: hardware keys\n    approved_by: sec@example.com\n"
         "    expires: 2027-01-31\n";
}

TEST_CASE("mistakes: a waiver naming no rule of the pack stops the scan", "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  dir.write("waivers.yaml", waivers_for("ring.acount-without-mfa"));
  auto typo = scan(dir, {"--waivers", "waivers.yaml"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "waivers.yaml:3:5: a waiver names rule 'ring.acount-without-mfa', which is not in the rule "
        "pack; did you mean 'ring.account-without-mfa'?\n"
        "hint: a waiver of a rule that is not in the pack waives nothing\n");
  CHECK(typo.out.empty());

  // Spelled right, it waives the finding.
  dir.write("waivers.yaml", waivers_for("ring.account-without-mfa"));
  auto fixed = scan(dir, {"--waivers", "waivers.yaml"});
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out.find("[waived until 2027-01-31 by sec@example.com: hardware keys]") !=
        std::string::npos);
}

TEST_CASE("mistakes: a baseline finding of no rule of the pack stops the scan", "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  auto report = scan(dir, {"--format", "json"});
  REQUIRE(report.exit_code == 1);
  std::string json = report.out;
  std::string renamed = json;
  for (size_t at;
       (at = renamed.find("\"rule\": \"ring.account-without-mfa\"")) != std::string::npos;)
    renamed.replace(at, 34, "\"rule\": \"ring.account-without-2fa\"");
  dir.write("old.json", renamed);
  auto stale = scan(dir, {"--baseline", "old.json"});
  CHECK(stale.exit_code == 2);
  CHECK(stale.err ==
        "old.json: finding 1 names rule 'ring.account-without-2fa', which is not in the rule "
        "pack; did you mean 'ring.account-without-mfa'?\n"
        "hint: make the baseline with the rules this scan runs\n");

  dir.write("old.json", json);
  auto fixed = scan(dir, {"--baseline", "old.json", "--fail-on-new-only"});
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out.find("Baseline: 0 new, 1 existing") != std::string::npos);
}

TEST_CASE("mistakes: a config pattern matching no rule is reported where it is", "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  dir.write("lethe.config.yaml", "version: 1\nselect:\n  - \"amazon.*\"\n  - \"rng.*\"\n");
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  setup.working_dir = dir.path();
  auto typo = lethe::test::scan({"--no-progress"}, setup);
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "lethe.config.yaml:4:5: select 'rng.*' matches no rule; did you mean 'ring.*'?\n");

  dir.write("lethe.config.yaml", "version: 1\nselect:\n  - \"amazon.*\"\n  - \"ring.*\"\n");
  auto fixed = lethe::test::scan({"--no-progress"}, setup);
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("accounts.csv:2  customer account A1") != std::string::npos);
}

TEST_CASE("mistakes: a mistyped command or option gets a did-you-mean", "[e2e]") {
  auto command = lethe::test::run_lethe({"scna", "samples/compliant-home"});
  CHECK(command.exit_code == 2);
  CHECK(command.err ==
        "lethe: unknown command 'scna'; did you mean 'scan'?\n"
        "hint: `lethe --help` lists the commands\n");
  auto option =
      lethe::test::run_lethe({"scan", "samples/compliant-home", "--fail-on-not-aplicable"});
  CHECK(option.exit_code == 2);
  CHECK(option.err ==
        "lethe scan: unknown option '--fail-on-not-aplicable'; did you mean "
        "'--fail-on-not-applicable'?\n"
        "hint: `lethe scan --help` lists the options\n");
  auto valued = lethe::test::run_lethe({"scan", "samples/compliant-home", "--selct=ring.*"});
  CHECK(valued.exit_code == 2);
  CHECK(valued.err ==
        "lethe scan: unknown option '--selct'; did you mean '--select'?\n"
        "hint: `lethe scan --help` lists the options\n");
  auto none = lethe::test::run_lethe({});
  CHECK(none.exit_code == 2);
  CHECK(none.err ==
        "lethe: a command is needed: init, inspect, schema, scan, rules, test, verify\n"
        "hint: `lethe --help` says what each does\n");
  auto nested = lethe::test::run_lethe({"rules", "explian", "ring.account-without-mfa"});
  CHECK(nested.exit_code == 2);
  CHECK(nested.err ==
        "lethe rules: unknown command 'explian'; did you mean 'explain'?\n"
        "hint: `lethe rules --help` lists the commands\n");
  auto bare = lethe::test::run_lethe({"rules"});
  CHECK(bare.exit_code == 2);
  CHECK(bare.err ==
        "lethe rules: a command is needed: validate, list, explain\n"
        "hint: `lethe rules --help` says what each does\n");
  // As meant, the compliant sample passes.
  auto meant = lethe::test::run_lethe({"scan", "samples/compliant-home", "--as-of", "2026-11-01",
                                       "--fail-on-not-applicable", "--no-progress"});
  CHECK(meant.exit_code == 0);
}

}  // namespace

namespace {

TEST_CASE("scope: every report records the rules left out and the patterns", "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  auto run = [&](const std::string& format) {
    return lethe::test::scan(
        {"--select", "ring.*", "--exclude", "ring.pre-2018-*", "--no-progress", "--format", format},
        setup);
  };
  auto text = run("text");
  CHECK(text.exit_code == 1);
  CHECK(text.out.find(
            "\nLeft out by --select 'ring.*', --exclude 'ring.pre-2018-*': 21 of 27: "
            "amazon.deleted-data-in-training-set, amazon.deletion-request-overdue, "
            "amazon.geolocation-after-deletion-request, amazon.inactive-child-profile, "
            "amazon.inactive-child-profile-recording, amazon.transcript-after-deletion-request, "
            "amazon.transcript-of-deleted-recording, "
            "amazon.voice-recording-after-deletion-request, "
            "amazon.voiceprint-after-deletion-request, coppa.child-biometric-without-consent, "
            "coppa.child-data-beyond-retention-policy, "
            "coppa.child-geolocation-beyond-retention-policy, "
            "coppa.child-geolocation-without-consent, coppa.child-recording-without-consent, "
            "coppa.child-transcript-beyond-retention-policy, "
            "coppa.disclosure-without-separate-consent, coppa.indefinite-retention-policy, "
            "coppa.orphaned-child-voice-recording, coppa.retention-policy-incomplete, "
            "ring.pre-2018-face-embedding, ring.pre-2018-video\n") != std::string::npos);
  auto json = run("json").out;
  CHECK(json.find("  \"scope\": {\n    \"rules_in_pack\": 27,\n    \"rules_left_out\": [\n"
                  "      \"amazon.deleted-data-in-training-set\",\n") != std::string::npos);
  CHECK(json.find("    \"select\": [\n      {\n        \"pattern\": \"ring.*\",\n"
                  "        \"given_by\": \"--select\"\n      }\n    ],\n") != std::string::npos);
  CHECK(json.find("\"manifest_sha256\": null,") != std::string::npos);
  CHECK(run("sarif").out.find("\"rule_patterns\": \"--select 'ring.*', --exclude "
                              "'ring.pre-2018-*'\",") != std::string::npos);
  CHECK(run("junit").out.find("<property name=\"rules_left_out\" value=\"amazon.deleted-data") !=
        std::string::npos);
  CHECK(run("markdown")
            .out.find("Left out by --select `ring.*`, --exclude `ring.pre-2018-*`: "
                      "21 of 27 rules (") != std::string::npos);
  CHECK(run("html").out.find("<dt>Left out</dt><dd>21 of 27 rules, by --select") !=
        std::string::npos);
}

}  // namespace
