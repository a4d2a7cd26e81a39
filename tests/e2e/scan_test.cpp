// End-to-end tests of `lethe scan`: outcomes, exit codes, options, reports and determinism.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "support/run_lethe.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"

using lethe::test::check_golden;
using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::scan;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

const std::string k_export = "tests/fixtures/scan/export";
const std::string k_rules = "tests/fixtures/scan/rules";

// "rule key" of every finding in a JSON report.
std::vector<std::string> findings_of(const std::string& json) {
  simdjson::dom::parser parser;
  std::vector<std::string> out;
  for (auto finding : parser.parse(json)["findings"].get_array()) {
    out.push_back(std::string(std::string_view(finding["rule"])) + " " +
                  std::string(std::string_view(finding["key"])));
  }
  return out;
}

std::map<std::string, std::string> fingerprints_of(const std::string& json) {
  simdjson::dom::parser parser;
  std::map<std::string, std::string> out;
  for (auto finding : parser.parse(json)["findings"].get_array()) {
    out[std::string(std::string_view(finding["rule"])) + " " +
        std::string(std::string_view(finding["key"]))] =
        std::string(std::string_view(finding["fingerprint"]));
  }
  return out;
}

}  // namespace

TEST_CASE("scan: golden JSON and text reports with every rule outcome", "[e2e][scan]") {
  auto json = scan({"--format", "json"});
  CHECK(json.exit_code == 3);
  CHECK(json.err.empty());
  check_golden("scan/fixture.json", json.out);
  auto text = scan({});
  CHECK(text.exit_code == 3);
  check_golden("scan/fixture.txt", text.out);
}

TEST_CASE("scan: golden reports in every other format", "[e2e][scan][formats]") {
  for (auto [format, extension] :
       std::vector<std::pair<std::string, std::string>>{{"sarif", "sarif"},
                                                        {"junit", "junit.xml"},
                                                        {"github", "github.txt"},
                                                        {"markdown", "md"},
                                                        {"csv", "csv"},
                                                        {"html", "html"}}) {
    INFO(format);
    auto result = scan({"--format", format});
    CHECK(result.exit_code == 3);
    check_golden("scan/fixture." + extension, result.out);
  }
  // --report writes several formats in one run, each the same as on stdout.
  TempDir dir;
  auto both = scan({"--report", "csv=" + (dir.path() / "r.csv").string(), "--report",
                    "sarif=" + (dir.path() / "r.sarif").string(), "--format", "json"});
  CHECK(both.exit_code == 3);
  CHECK(read_file(dir.path() / "r.csv") == scan({"--format", "csv"}).out);
  CHECK(read_file(dir.path() / "r.sarif") == scan({"--format", "sarif"}).out);
  auto bad = scan({"--report", "pdf=x.pdf"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "--report pdf=x.pdf: expected FORMAT=PATH with FORMAT one of text, json, sarif, junit, "
        "github, "
        "markdown, csv, html\n");
}

TEST_CASE("scan: exit codes 0, 1, 2 and 3", "[e2e][scan]") {
  CHECK(scan({"--select", "t.passes"}).exit_code == 0);
  CHECK(scan({"--select", "t.inactive-*"}).exit_code == 1);
  CHECK(scan({"--select", "t.needs-consent"}).exit_code == 3);
  // 3 wins over 1.
  CHECK(scan({"--select", "t.needs-consent", "--select", "t.inactive-*"}).exit_code == 3);
  auto bad_rules =
      run_lethe({"scan", k_export, "--rules", "tests/rules/invalid/01-unknown-field.yaml"});
  CHECK(bad_rules.exit_code == 2);
  CHECK_THAT(bad_rules.err, Catch::EndsWith("1 error in rules: nothing was audited\n"));
  auto bad_export = run_lethe({"scan", "tests/fixtures/no-such-export"});
  CHECK(bad_export.exit_code == 2);
  CHECK(bad_export.err ==
        "tests/fixtures/no-such-export: not a folder or an archive (no such file or folder)\n");
  // A pattern that matches no rule is a mistake, not an empty selection.
  auto no_rule = scan({"--select", "nothing.*"});
  CHECK(no_rule.exit_code == 2);
  CHECK(no_rule.err ==
        "--select 'nothing.*' matches no rule\nhint: `lethe rules list` lists the rule ids\n");
  auto typo = scan({"--select", "t.inactive-*", "--select", "tt.*"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "--select 'tt.*' matches no rule; did you mean 't.*'?\n");
  auto exclude_typo = scan({"--exclude", "t.needs-consnt"});
  CHECK(exclude_typo.exit_code == 2);
  CHECK(exclude_typo.err ==
        "--exclude 't.needs-consnt' matches no rule; did you mean "
        "'t.needs-consent'?\n");
  // Fixed, the same selection runs its rules.
  CHECK(scan({"--select", "t.inactive-*", "--select", "t.*"}).exit_code == 3);
  // Patterns that each match, and together leave nothing.
  auto nothing_left = scan({"--select", "t.inactive-*", "--exclude", "t.inactive-*"});
  CHECK(nothing_left.exit_code == 2);
  CHECK(nothing_left.err == "no rule selected: check --select and --exclude\n");
  auto bad_option = scan({"--fail-on", "severe"});
  CHECK(bad_option.exit_code == 2);
  // Rejected rows make the audit incomplete.
  auto rejected = run_lethe({"scan", "tests/fixtures/bad-rows", "--rules",
                             k_rules + "/inactive.yaml", "--as-of", "2026-11-01"});
  CHECK(rejected.exit_code == 3);
  CHECK_THAT(rejected.out, Catch::Contains("Kids/profiles.csv:3: last_active_at: cannot read"));
}

TEST_CASE("scan: --fail-on sets the lowest severity that fails", "[e2e][scan]") {
  // Only an info finding: it never fails by default.
  CHECK(scan({"--select", "t.transcript-text"}).exit_code == 0);
  CHECK(scan({"--select", "t.transcript-text", "--fail-on", "info"}).exit_code == 1);
  CHECK(scan({"--select", "t.inactive-*", "--fail-on", "critical"}).exit_code == 0);
  CHECK(scan({"--select", "t.inactive-*", "--fail-on", "high"}).exit_code == 1);
  CHECK(scan({"--select", "t.inactive-*", "--fail-on", "never"}).exit_code == 0);
}

TEST_CASE("scan: the same export passes or fails depending on --as-of", "[e2e][scan]") {
  auto before = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.inactive-*",
                           "--as-of", "2025-01-01", "--format", "json"});
  CHECK(before.exit_code == 0);
  CHECK(findings_of(before.out).empty());
  // 2026-06-30 - 18 months - 90 days = 2024-10-02: only P1 (2024-01-15) and P4 (2024-06-30) are
  // older.
  auto later = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.inactive-*",
                          "--as-of", "2026-06-30", "--format", "json"});
  CHECK(later.exit_code == 1);
  CHECK(findings_of(later.out) ==
        std::vector<std::string>{"t.inactive-child-profile P1", "t.inactive-child-profile P4"});
  // The exact boundary: P4 is last active 2024-06-30T00:00:00Z; the cutoff is as_of - 18 months -
  // 90 days.
  auto at = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.inactive-*", "--as-of",
                       "2026-03-28", "--format", "json"});
  CHECK(findings_of(at.out) == std::vector<std::string>{"t.inactive-child-profile P1"});
  auto second_after = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.inactive-*",
                                 "--as-of", "2026-03-28T00:00:01Z", "--format", "json"});
  CHECK(findings_of(second_after.out) ==
        std::vector<std::string>{"t.inactive-child-profile P1", "t.inactive-child-profile P4"});
}

TEST_CASE("scan: --select, --exclude and --param", "[e2e][scan]") {
  auto selected = scan({"--select", "t.*-request", "--select", "t.passes", "--format", "json"});
  simdjson::dom::parser parser;
  auto rules = parser.parse(selected.out)["rules"].get_array();
  CHECK(rules.size() == 2);
  auto excluded =
      scan({"--exclude", "t.needs-consent", "--exclude", "t.transcript-*", "--format", "json"});
  CHECK(excluded.exit_code == 1);
  CHECK(findings_of(excluded.out) ==
        std::vector<std::string>{"t.voice-after-request R1", "t.voice-after-request R2",
                                 "t.inactive-child-profile P1", "t.inactive-child-profile P4"});
  // A longer grace period: D1 (2025-06-15) is no longer due at 2025-07-01 + 20 days.
  auto param = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.voice-*", "--as-of",
                          "2025-07-21", "--format", "json"});
  CHECK(findings_of(param.out) ==
        std::vector<std::string>{"t.voice-after-request R1", "t.voice-after-request R2"});
  auto longer = run_lethe({"scan", k_export, "--rules", k_rules, "--select", "t.voice-*", "--as-of",
                           "2025-07-21", "--param", "t.voice-after-request.grace_days=40",
                           "--format", "json"});
  CHECK(longer.exit_code == 0);
  CHECK(findings_of(longer.out).empty());
  CHECK_THAT(longer.out, Catch::Contains("\"params\": {\n        \"grace_days\": 40\n      }"));
}

TEST_CASE("scan: pii fields are masked unless --reveal-pii", "[e2e][scan]") {
  auto masked = scan({"--select", "t.transcript-text", "--format", "json"});
  CHECK(masked.out.find("Elm Street") == std::string::npos);
  CHECK_THAT(masked.out, Catch::Contains("\"message\": \"transcript T1 says ***\""));
  CHECK_THAT(masked.out, Catch::Contains("\"text\": \"***\""));
  auto text = scan({"--select", "t.transcript-text"});
  CHECK(text.out.find("Elm Street") == std::string::npos);
  auto revealed = scan({"--select", "t.transcript-text", "--format", "json", "--reveal-pii"});
  CHECK_THAT(revealed.out,
             Catch::Contains("\"message\": \"transcript T1 says my address is 12 Elm Street\""));
  CHECK_THAT(revealed.out, Catch::Contains("\"text\": \"<script>alert(1)</script>\""));
}

TEST_CASE("scan: two runs give identical bytes, and --output writes the same report",
          "[e2e][scan]") {
  auto first = scan({"--format", "json"});
  auto second = scan({"--format", "json"});
  CHECK(first.out == second.out);
  CHECK(scan({}).out == scan({}).out);
  TempDir dir;
  fs::path output = dir.path() / "report.json";
  auto written = scan({"--format", "json", "--output", output.string()});
  CHECK(written.exit_code == 3);
  CHECK(written.out.empty());
  CHECK(read_file(output) == first.out);
}

TEST_CASE("scan: fingerprints survive reordering the rows of a file", "[e2e][scan]") {
  TempDir dir;
  fs::path copy = dir.path() / "export";
  fs::copy(fs::path(LETHE_SOURCE_DIR) / k_export, copy, fs::copy_options::recursive);
  // Reverse the data rows of every file, keeping the header first.
  for (const auto& entry : fs::directory_iterator(copy)) {
    std::string text = read_file(entry.path());
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    std::reverse(lines.begin() + 1, lines.end());
    std::string reversed;
    for (const auto& line : lines)
      reversed += line + "\n";
    std::ofstream(entry.path(), std::ios::binary) << reversed;
  }
  auto original = scan({"--format", "json"});
  auto reordered = run_lethe(
      {"scan", copy.string(), "--rules", k_rules, "--as-of", "2026-11-01", "--format", "json"});
  CHECK(findings_of(reordered.out) == findings_of(original.out));
  CHECK(fingerprints_of(reordered.out) == fingerprints_of(original.out));
  CHECK(reordered.out.find("\"line\": 2") != std::string::npos);
}

TEST_CASE("scan: progress goes to stderr only when asked or on a terminal", "[e2e][scan]") {
  CHECK(scan({}).err.empty());
  auto forced = scan({"--progress"});
  // Rules over the biggest datasets start first (ties in id order), so child_profiles' first.
  CHECK_THAT(forced.err, Catch::Contains("rule 1/7: t.inactive-child-profile"));
  CHECK_THAT(forced.err, Catch::EndsWith("\r\x1b[K"));
  CHECK(scan({"--progress", "--no-progress"}).err.empty());
}

TEST_CASE("scan: golden reports of the bundled samples", "[e2e][scan][samples]") {
  for (auto [sample, exit_code] : std::vector<std::pair<std::string, int>>{
           {"alexa-household", 1}, {"ring-doorbell", 1}, {"compliant-home", 0}}) {
    INFO(sample);
    std::vector<std::string> args{"scan", "samples/" + sample, "--as-of", "2026-11-01"};
    for (auto [format, extension] :
         std::vector<std::pair<std::string, std::string>>{{"text", "txt"},
                                                          {"json", "json"},
                                                          {"sarif", "sarif"},
                                                          {"junit", "junit.xml"},
                                                          {"markdown", "md"},
                                                          {"csv", "csv"},
                                                          {"github", "github.txt"},
                                                          {"html", "html"}}) {
      auto with_format = args;
      with_format.insert(with_format.end(), {"--format", format});
      auto result = run_lethe(with_format);
      CHECK(result.exit_code == exit_code);
      CHECK(result.err.empty());
      check_golden("samples/" + sample + "." + extension, result.out);
    }
  }
}

TEST_CASE("scan: a kept store holds every row, and the findings do not change", "[e2e][scan]") {
  // Without --store, rows no rule can match are left out of the store; with it, every row is
  // stored for auditors to query. The reports must be the same bytes either way.
  for (auto sample : {"alexa-household", "ring-doorbell", "compliant-home"}) {
    INFO(sample);
    TempDir dir;
    std::vector<std::string> args{
        "scan", std::string("samples/") + sample, "--as-of", "2026-11-01", "--format", "json"};
    auto filtered = run_lethe(args);
    args.insert(args.end(), {"--store", (dir.path() / "store.db").string()});
    auto whole = run_lethe(args);
    CHECK(whole.exit_code == filtered.exit_code);
    CHECK(whole.out == filtered.out);
  }
  TempDir dir;
  auto db = (dir.path() / "store.db").string();
  run_lethe({"scan", "samples/alexa-household", "--as-of", "2026-11-01", "--store", db});
  // Every voice recording the export has is in the kept store.
  lethe::util::SqliteDb store = std::move(*lethe::util::SqliteDb::open(db, SQLITE_OPEN_READONLY));
  auto statement = store.prepare(
      "SELECT (SELECT count(*) FROM voice_recordings), (SELECT sum(rows_loaded) FROM lethe_files "
      "WHERE dataset = 'voice_recordings')");
  REQUIRE(statement);
  REQUIRE(statement->step() == SQLITE_ROW);
  CHECK(statement->column_int(0) == statement->column_int(1));
  CHECK(statement->column_int(0) > 0);
}

TEST_CASE("inspect: every sample loads completely", "[e2e][samples]") {
  for (auto sample : {"alexa-household", "ring-doorbell", "compliant-home"}) {
    INFO(sample);
    auto result = run_lethe({"inspect", std::string("samples/") + sample});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::EndsWith(" rejected in 12 datasets.\n") ||
                               Catch::Contains(", 0 rejected in "));
  }
}

TEST_CASE("scan: a kept store is reused while its inputs are unchanged", "[e2e][scan][store]") {
  TempDir dir;
  fs::path export_dir = dir.path() / "export";
  fs::copy(fs::path(LETHE_SOURCE_DIR) / k_export, export_dir);
  std::string db = (dir.path() / "store.db").string();
  auto run = [&](const std::string& as_of, bool keep) {
    std::vector<std::string> args{"scan", export_dir.string(), "--rules", k_rules,    "--as-of",
                                  as_of,  "--format",          "json",    "--timings"};
    if (keep) args.insert(args.end(), {"--store", db});
    return run_lethe(args);
  };
  auto first = run("2026-11-01", true);
  CHECK(first.exit_code == 3);
  CHECK_THAT(first.err, Catch::Contains("load (and digests)"));
  CHECK_THAT(first.err, Catch::Contains("0 from the store's cache"));
  // The second run loads nothing and takes every rule that ran its query from the cache: of the
  // fixture's 7 rules, 3 failed and 1 passed; the one in error, the one not applicable and the
  // one not in force are decided afresh.
  auto second = run("2026-11-01", true);
  CHECK(second.exit_code == 3);
  CHECK_THAT(second.err, Catch::Contains("store reused (digests match)"));
  CHECK_THAT(second.err, Catch::Contains("4 from the store's cache"));
  CHECK_THAT(second.err, !Catch::Contains("load (and digests)"));
  CHECK(second.out == first.out);
  CHECK(second.out == run("2026-11-01", false).out);
  // Another as-of reuses the data but no rule result.
  auto later = run("2027-06-01", true);
  CHECK_THAT(later.err, Catch::Contains("store reused (digests match)"));
  CHECK_THAT(later.err, Catch::Contains("0 from the store's cache"));
  CHECK(later.out == run("2027-06-01", false).out);
  CHECK(later.out != first.out);
  // A cache entry that does not decode is recomputed, not trusted.
  {
    auto store = lethe::util::SqliteDb::open(db, SQLITE_OPEN_READWRITE);
    REQUIRE(store);
    REQUIRE(store->exec("UPDATE lethe_rule_cache SET result = x'05'"));
  }
  auto repaired = run("2027-06-01", true);
  CHECK_THAT(repaired.err, Catch::Contains("0 from the store's cache"));
  CHECK(repaired.out == later.out);
  // A changed file is read again, and the report follows it.
  {
    std::ofstream out(export_dir / "voice_recordings.csv", std::ios::app);
    out << "R-new,A1,,2026-01-01T00:00:00Z\n";
  }
  auto changed = run("2026-11-01", true);
  CHECK_THAT(changed.err, Catch::Contains("load (and digests)"));
  CHECK(changed.out == run("2026-11-01", false).out);
  CHECK(changed.out != first.out);
}

TEST_CASE("scan: a JSON report of many findings is whole and in order", "[e2e][scan]") {
  // 10,000 findings: the findings array is rendered in blocks on two threads.
  TempDir dir;
  std::string csv = "account_id,created_at,closed_at,account_type,mfa_enabled\n";
  for (int i = 0; i < 10000; ++i)
    csv += fmt::format("A{:05},2020-01-01T00:00:00Z,,customer,{}\n", 9999 - i, i % 5 ? "no" : "");
  dir.write("export/accounts.csv", csv);
  auto result =
      run_lethe({"scan", (dir.path() / "export").string(), "--select", "ring.account-without-mfa",
                 "--as-of", "2026-11-01", "--format", "json"});
  CHECK(result.exit_code == 1);
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  REQUIRE_FALSE(parser.parse(result.out).get(report));
  std::vector<std::string> keys;
  std::set<std::string> fingerprints;
  for (auto finding : report["findings"].get_array()) {
    keys.emplace_back(std::string_view(finding["key"]));
    fingerprints.emplace(std::string_view(finding["fingerprint"]));
  }
  REQUIRE(keys.size() == 10000);
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(keys.front() == "A00000");
  CHECK(keys.back() == "A09999");
  CHECK(fingerprints.size() == 10000);
  CHECK(int64_t(report["summary"]["findings"]) == 10000);
}

TEST_CASE(
    "scan --format sarif: at most --sarif-max-results results, those not waived and most "
    "severe first, the rest counted with where they all are",
    "[e2e][scan][sarif]") {
  TempDir dir;
  fs::create_directories(dir.path() / "export");
  // Six accounts without MFA (medium), three pre-2018 videos (critical), one of them waived.
  std::string accounts = "account_id,created_at,closed_at,account_type,mfa_enabled\n";
  for (int i = 1; i <= 6; ++i)
    accounts += fmt::format("A{},2020-01-01T00:00:00Z,,customer,false\n", i);
  lethe::test::write_file(dir.path() / "export" / "accounts.csv", accounts);
  lethe::test::write_file(dir.path() / "export" / "videos.csv",
                          "video_id,account_id,device_id,captured_at\n"
                          "V1,A1,D1,2017-06-01T00:00:00Z\nV2,A2,D1,2017-06-01T00:00:00Z\n"
                          "V3,A3,D1,2017-06-01T00:00:00Z\n");
  lethe::test::write_file(dir.path() / "waivers.yaml",
                          "waivers:\n  - {rule: ring.pre-2018-video, key: V1, reason: Held for "
                          "court, approved_by: dpo, expires: 2027-01-01}\n");
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  std::string json = (dir.path() / "all.json").string();
  auto capped = scan({"--select", "ring.*", "--waivers", (dir.path() / "waivers.yaml").string(),
                      "--format", "sarif", "--sarif-max-results", "4", "--report", "json=" + json},
                     setup);
  CHECK(capped.exit_code == 1);
  simdjson::dom::parser parser;
  auto run = parser.parse(capped.out)["runs"].at(0);
  std::vector<std::string> kept;
  for (auto result : run["results"].get_array()) {
    kept.push_back(std::string(std::string_view(result["ruleId"])) + " " +
                   std::string(std::string_view(result["properties"]["key"])));
  }
  // The unwaived critical ones, then the first medium ones; the waived V1 does not fit.
  CHECK(kept == std::vector<std::string>{"ring.pre-2018-video V2", "ring.pre-2018-video V3",
                                         "ring.account-without-mfa A1",
                                         "ring.account-without-mfa A2"});
  CHECK(std::int64_t(run["properties"]["results_omitted"]) == 5);
  CHECK(std::int64_t(run["properties"]["results_max"]) == 4);
  std::vector<std::string> warnings;
  for (auto notification : run["invocations"].at(0)["toolExecutionNotifications"].get_array()) {
    if (std::string_view(notification["level"]) == "warning")
      warnings.emplace_back(std::string_view(notification["message"]["text"]));
  }
  CHECK(warnings ==
        std::vector<std::string>{fmt::format(
            "5 of 9 findings are not in this file: it holds at most 4 results, those not waived "
            "first, most severe first (GitHub code scanning shows at most 5,000 results of a run "
            "and rejects a run of more than 25,000); the JSON report {} holds them all; "
            "--sarif-max-results changes the cap (0: every finding)",
            json)});
  CHECK(findings_of(read_file(json)).size() == 9);

  // 0: every finding, and nothing said of a cap.
  auto all = scan({"--select", "ring.*", "--format", "sarif", "--sarif-max-results", "0"}, setup);
  auto all_run = parser.parse(all.out)["runs"].at(0);
  CHECK(all_run["results"].get_array().size() == 9);
  CHECK(all_run["properties"]["results_omitted"].error() == simdjson::NO_SUCH_FIELD);
  // Without a JSON report the notification says how to write one.
  auto no_json =
      scan({"--select", "ring.*", "--format", "sarif", "--sarif-max-results", "8"}, setup);
  CHECK_THAT(no_json.out, Catch::Contains("1 of 9 findings are not in this file: it holds at most "
                                          "8 results, those not waived first, most severe first"));
  CHECK_THAT(no_json.out, Catch::Contains("the JSON report holds them all (--report json=FILE); "));
}

TEST_CASE("scan --format csv: a waived finding's waiver and every finding's baseline state",
          "[e2e][scan][csv]") {
  TempDir dir;
  lethe::test::write_file(dir.path() / "waivers.yaml",
                          "waivers:\n  - {rule: t.inactive-child-profile, key: P1, reason: \"Hold, "
                          "pending\", approved_by: dpo@example.com, expires: 2027-01-01}\n");
  std::string old = (dir.path() / "old.json").string();
  scan({"--select", "t.voice-*", "--format", "json", "--output", old});
  auto csv = scan(
      {"--waivers", (dir.path() / "waivers.yaml").string(), "--baseline", old, "--format", "csv"});
  CHECK_THAT(
      csv.out,
      Catch::Contains(
          "high,\"t.inactive-child-profile\",\"child_profiles\",\"P1\","
          "\"child_profiles.ndjson\",1,\"profile P1 last active 2024-01-15T00:00:00Z\","
          "b1f10cbb09db2add3bf3bd9f4c8fe2d2,waived,,\"Inactive child profile\",\"Test "
          "citation\",\"profile_id=P1, last_active_at=2024-01-15T00:00:00Z, "
          "keep_requested=false\",\"Hold, pending\",\"dpo@example.com\",2027-01-01,new\r\n"));
  CHECK_THAT(csv.out, Catch::Contains("kept after a deletion request\",696f736db5725bff3d058a365d"
                                      "38595f,existing,,\"Voice recording kept after a deletion "
                                      "request\",\"\",\"recording_id=R1, account_id=A1, "
                                      "profile_id=P1, recorded_at=2025-03-01T10:00:00Z\",,,,"
                                      "existing\r\n"));
}

TEST_CASE("scan --baseline: every format counts and lists the findings fixed since the baseline",
          "[e2e][scan][baseline]") {
  TempDir dir;
  std::string old = (dir.path() / "old.json").string();
  scan({"--format", "json", "--output", old});
  // Only the voice rule now: the baseline's other findings are fixed (or out of scope).
  auto run = [&](const std::string& format) {
    return scan({"--select", "t.voice-*", "--baseline", old, "--format", format}).out;
  };
  simdjson::dom::parser parser;
  auto json = parser.parse(run("json"));
  CHECK(std::int64_t(json["summary"]["fixed"]) == 4);
  CHECK(std::int64_t(json["summary"]["existing"]) == 2);
  auto first = json["fixed"].at(0);
  CHECK(std::string_view(first["rule"]) == "t.inactive-child-profile");
  CHECK(std::string_view(first["severity"]) == "high");
  CHECK(std::string_view(first["key"]) == "P1");
  CHECK(std::string_view(first["location"]["file"]) == "child_profiles.ndjson");
  CHECK(std::int64_t(first["location"]["line"]) == 1);
  CHECK(std::string_view(first["message"]) == "profile P1 last active 2024-01-15T00:00:00Z");
  CHECK(std::string_view(first["fingerprint"]) == "b1f10cbb09db2add3bf3bd9f4c8fe2d2");
  CHECK(json["fixed"].get_array().size() == 4);

  const std::string line =
      "t.inactive-child-profile (high) P1 at child_profiles.ndjson:1: profile P1 last active "
      "2024-01-15T00:00:00Z";
  std::string text = run("text");
  CHECK_THAT(text, Catch::Contains("Baseline: 0 new, 2 existing, 4 fixed\n"));
  CHECK_THAT(text, Catch::Contains("\nFixed since the baseline (4)\n  " + line + "\n"));
  CHECK_THAT(run("markdown"), Catch::Contains("0 new, 2 existing, 4 fixed (baseline)"));
  CHECK_THAT(run("markdown"),
             Catch::Contains("### Fixed since the baseline (4)\n\n| rule | severity | key | "
                             "location | message |\n|---|---|---|---|---|\n| "
                             "`t.inactive-child-profile` | high | P1 | child_profiles.ndjson:1 | "
                             "profile P1 last active 2024-01-15T00:00:00Z |\n"));
  CHECK_THAT(run("github"),
             Catch::Contains("::notice title=Lethe baseline::0 new, 2 existing, 4 fixed since the "
                             "baseline\n::notice title=Lethe fixed::" +
                             line + "\n"));
  CHECK_THAT(run("junit"), Catch::Contains("<property name=\"baseline.fixed\" value=\"4\"/>"));
  CHECK_THAT(run("junit"), Catch::Contains("Fixed since the baseline (4):\n  " + line + "\n"));
  CHECK_THAT(run("csv"),
             Catch::Contains("high,\"t.inactive-child-profile\",\"child_profiles\",\"P1\","
                             "\"child_profiles.ndjson\",1,\"profile P1 last active "
                             "2024-01-15T00:00:00Z\",b1f10cbb09db2add3bf3bd9f4c8fe2d2,fixed,,"
                             "\"Inactive child profile\",,,,,,fixed\r\n"));
  CHECK_THAT(run("html"), Catch::Contains("<h2>Fixed since the baseline (4)</h2>"));
  auto sarif = parser.parse(run("sarif"));
  auto fixed = sarif["runs"].at(0)["properties"]["baseline_fixed"];
  CHECK(fixed.get_array().size() == 4);
  CHECK(std::string_view(fixed.at(0)["ruleId"]) == "t.inactive-child-profile");
  // Results stay the findings of this scan: a fixed one is no alert.
  CHECK(sarif["runs"].at(0)["results"].get_array().size() == 2);
}

TEST_CASE(
    "scan: text on stdout is 80 columns wide (COLUMNS when set) and counts the digests "
    "unless --verbose; a text file lists them",
    "[e2e][scan][text]") {
  auto widest = [](const std::string& text) {
    size_t widest = 0;
    for (auto line : lethe::util::split(text, '\n'))
      widest = std::max(widest, lethe::util::utf8_length(line));
    return widest;
  };
  std::vector<std::string> args{"scan", "samples/alexa-household", "--as-of", "2026-11-01",
                                "--no-progress"};
  // Not a terminal, no COLUMNS: 80.
  auto plain = lethe::test::run_lethe(args, {}, {"COLUMNS"});
  CHECK(plain.exit_code == 1);
  CHECK(widest(plain.out) == 80);
  CHECK_THAT(plain.out,
             Catch::Contains("  ML/training-examples.tsv:2  training example X-1 of model "
                             "asr-2025.2 uses\n        voice_recordings U-5003, subject to a "
                             "deletion request\n"));
  CHECK_THAT(plain.out, Catch::Contains("\nAudit trail: SHA-256 of 14 input files and 27 rule "
                                        "files, parameters\n"));
  CHECK(plain.out.find("Audit trail (SHA-256)") == std::string::npos);
  // COLUMNS sets the width, and --verbose lists every digest.
  auto wide = lethe::test::run_lethe(
      {"scan", "samples/alexa-household", "--as-of", "2026-11-01", "--no-progress", "-v"}, {},
      {"COLUMNS=120"});
  CHECK(widest(wide.out) <= 120);
  CHECK(widest(wide.out) > 100);
  CHECK_THAT(wide.out, Catch::Contains("\nAudit trail (SHA-256)\n  "));
  CHECK_THAT(wide.out, Catch::Contains("  Account/customers.csv\n"));
  // A text file: 80 columns and every digest, whatever COLUMNS says.
  TempDir dir;
  fs::path file = dir.path() / "report.txt";
  args.insert(args.end(), {"-o", file.string()});
  lethe::test::run_lethe(args, {}, {"COLUMNS=200"});
  std::string written = read_file(file);
  CHECK(widest(written) <= 80);
  CHECK_THAT(written, Catch::Contains("\nAudit trail (SHA-256)\n  "));
}
