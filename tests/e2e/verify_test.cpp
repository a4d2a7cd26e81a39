// `lethe verify REPORT EXPORT` runs the audit the report records again and compares: a report
// edited by hand, or an export changed since, is exit 1 with every difference; an unchanged one
// is reproduced from any folder. `--digests-only` checks only the digests.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "support/run_lethe.hpp"

namespace {

namespace fs = std::filesystem;
using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::TempDir;

// The scan fixture's export copied into `dir`/export, scanned from the source tree with its
// rules by relative path (as a CI job would), less the rule that needs consent, into
// `dir`/report.json; extra options after.
void scan_into(TempDir& dir, const std::vector<std::string>& extra = {}) {
  fs::copy(lethe::test::source_path("tests/fixtures/scan/export"), dir.path() / "export",
           fs::copy_options::recursive);
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  std::vector<std::string> options{"--exclude", "t.needs-consent",
                                   "--format",  "json",
                                   "--output",  (dir.path() / "report.json").string()};
  options.insert(options.end(), extra.begin(), extra.end());
  auto scanned = lethe::test::scan(options, setup);
  REQUIRE(scanned.exit_code == 1);
}

// Runs `lethe verify` in `dir`, away from the source tree the rules were named from.
lethe::test::RunResult verify(TempDir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"verify", "report.json", "export"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_lethe(args, dir.path());
}

// "RULE KEY" -> the first 12 hex digits of its fingerprint, from a JSON report.
std::map<std::string, std::string> fingerprints(const std::string& json) {
  simdjson::dom::parser parser;
  std::map<std::string, std::string> out;
  for (auto finding : parser.parse(json)["findings"].get_array()) {
    out[std::string(std::string_view(finding["rule"])) + " " +
        std::string(std::string_view(finding["key"]))] =
        std::string(std::string_view(finding["fingerprint"])).substr(0, 12);
  }
  return out;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The part of verify's output after the digests.
std::string rerun_part(const std::string& out) {
  std::size_t at = out.find("Running the audit again");
  return at == std::string::npos ? out : out.substr(at);
}

TEST_CASE("verify: the report of an unchanged export is reproduced from another folder",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir, {"--param", "t.inactive-child-profile.grace_days=30"});
  auto result = verify(dir);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Contains("  OK       tests/fixtures/scan/rules/inactive.yaml\n"));
  CHECK(rerun_part(result.out) ==
        "Running the audit again (as of 2026-11-01T00:00:00Z):\n"
        "  OK       6 rules, 6 findings, verdict FAILED\n"
        "The report is what an audit of the export says.\n");
  auto digests = verify(dir, {"--digests-only"});
  CHECK(digests.exit_code == 0);
  CHECK_THAT(digests.out,
             Catch::EndsWith("  OK       tests/fixtures/scan/rules/voice-after-request.yaml\n"
                             "The export and the rules are the ones audited.\n"));
}

TEST_CASE("verify: a sample's report with the bundled rules is reproduced from another folder",
          "[e2e][verify]") {
  TempDir dir;
  fs::copy(lethe::test::source_path("samples/ring-doorbell"), dir.path() / "export",
           fs::copy_options::recursive);
  auto scanned = run_lethe({"scan", "export", "--as-of", "2026-11-01", "--no-progress", "--format",
                            "json", "--output", "report.json"},
                           dir.path());
  REQUIRE(scanned.exit_code == 1);
  auto result = verify(dir);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::EndsWith("The report is what an audit of the export says.\n"));
}

TEST_CASE("verify: findings deleted by hand and a verdict set to PASSED are differences",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  std::string report = read_file(dir.path() / "report.json");
  auto prints = fingerprints(report);
  REQUIRE(prints.size() == 6);
  std::size_t begin = report.find("\n  \"findings\": [");
  std::size_t end = report.find("\n  ],\n  \"fixed\": [");
  REQUIRE((begin != std::string::npos && end != std::string::npos));
  std::string edited = report.substr(0, begin) + "\n  \"findings\": [" + report.substr(end);
  replace_once(edited, "\"verdict\": \"FAILED\",\n    \"exit_code\": 1",
               "\"verdict\": \"PASSED\",\n    \"exit_code\": 0");
  write(dir.path() / "report.json", edited);

  auto result = verify(dir);
  CHECK(result.exit_code == 1);
  // Sorted by fingerprint, as the findings are keyed.
  std::map<std::string, std::string> lines;
  for (const auto& [finding, print] : prints) {
    std::string rule = finding.substr(0, finding.find(' '));
    std::string key = finding.substr(finding.find(' ') + 1);
    lines[print] = "  REMOVED  finding " + rule + " key \"" + key + "\" (fingerprint " + print +
                   "): found now, not in the report\n";
  }
  std::string expected = "Running the audit again (as of 2026-11-01T00:00:00Z):\n";
  for (const auto& [print, line] : lines)
    expected += line;
  expected +=
      "  CHANGED  verdict: PASSED (exit 0) in the report, FAILED (exit 1) now\n"
      "The report is not what an audit of the export says: 7 differences.\n";
  CHECK(rerun_part(result.out) == expected);
  // The digests alone cannot tell.
  CHECK(verify(dir, {"--digests-only"}).exit_code == 0);
}

TEST_CASE("verify: a changed outcome and a changed finding are differences", "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  std::string report = read_file(dir.path() / "report.json");
  std::string print = fingerprints(report).at("t.voice-after-request R1");
  replace_once(report, "\"outcome\": \"passed\"", "\"outcome\": \"failed\"");
  std::size_t finding = report.find("\"fingerprint\": \"" + fingerprints(report).begin()->second);
  REQUIRE(finding != std::string::npos);
  // The message of R1's finding.
  std::size_t message = report.find("\"message\": \"", report.find("\"key\": \"R1\""));
  report.insert(message + 12, "(edited) ");
  write(dir.path() / "report.json", report);
  auto result = verify(dir);
  CHECK(result.exit_code == 1);
  CHECK(rerun_part(result.out) ==
        "Running the audit again (as of 2026-11-01T00:00:00Z):\n"
        "  CHANGED  rule t.passes: failed (0 findings) in the report, passed (0 findings) now\n"
        "  CHANGED  finding t.voice-after-request key \"R1\" (fingerprint " +
            print +
            "): message differs\n"
            "The report is not what an audit of the export says: 2 differences.\n");
}

TEST_CASE("verify: an export changed since the audit gives its findings' differences",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  auto prints = fingerprints(read_file(dir.path() / "report.json"));
  fs::remove(dir.path() / "export/transcripts.csv");
  auto result = verify(dir);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("  MISSING  transcripts.csv\n"));
  std::string t1 = "  ADDED    finding t.transcript-text key \"T1\" (fingerprint " +
                   prints.at("t.transcript-text T1") + "): in the report, not found now\n";
  std::string t2 = "  ADDED    finding t.transcript-text key \"T2\" (fingerprint " +
                   prints.at("t.transcript-text T2") + "): in the report, not found now\n";
  CHECK(rerun_part(result.out) ==
        "Running the audit again (as of 2026-11-01T00:00:00Z):\n"
        "  CHANGED  rule t.transcript-text: failed (2 findings) in the report, not_applicable (0 "
        "findings) now\n" +
            (prints.at("t.transcript-text T1") < prints.at("t.transcript-text T2") ? t1 + t2
                                                                                   : t2 + t1) +
            "  CHANGED  datasets: differs\n"
            "  CHANGED  absent_datasets: differs\n"
            "  CHANGED  summary: by_severity, findings, rows_loaded, rules differ\n"
            "  CHANGED  audit: inputs differs\n"
            "The report is not what an audit of the export says: 8 differences.\n");
}

TEST_CASE("verify: a file for a dataset absent at the audit is added, digests only too",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  dir.write("export/videos.csv",
            "video_id,account_id,captured_at,deleted_at\nV1,A1,2017-06-01T00:00:00Z,\n");
  auto digests = verify(dir, {"--digests-only"});
  CHECK(digests.exit_code == 1);
  CHECK_THAT(digests.out, Catch::Contains("  ADDED    videos.csv\n"));
  auto result = verify(dir);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("  CHANGED  rule t.videos: not_applicable (0 findings) in "
                                         "the report, failed (1 finding) now\n"));
}

TEST_CASE("verify: waivers are recorded, applied again and checked", "[e2e][verify]") {
  TempDir dir;
  dir.write("waivers.yaml",
            "version: 1\nwaivers:\n"
            "  - rule: t.inactive-child-profile\n    key: P1\n    reason: Litigation hold\n"
            "    approved_by: dpo@example.com\n    expires: 2027-01-31\n");
  scan_into(dir, {"--waivers", (dir.path() / "waivers.yaml").string()});
  auto same = verify(dir);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out,
             Catch::Contains("  OK       " + (dir.path() / "waivers.yaml").string() + "\n"));
  dir.write("waivers.yaml", "version: 1\nwaivers: []\n");
  auto changed = verify(dir);
  CHECK(changed.exit_code == 1);
  CHECK_THAT(changed.out, Catch::Contains("  CHANGED  " + (dir.path() / "waivers.yaml").string() +
                                          " (audited "));
  CHECK_THAT(changed.out, Catch::Contains("(fingerprint "));
  CHECK_THAT(changed.out, Catch::Contains("): status, waiver differ\n"));
}

TEST_CASE("verify: a duplicated finding, edited counts and edited parameters are differences",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  std::string original = read_file(dir.path() / "report.json");
  // The first finding listed twice.
  std::string report = original;
  const std::string opening = "\n  \"findings\": [\n";
  std::size_t first = report.find(opening) + opening.size();
  std::size_t end = report.find("\n    },\n", first) + 6;  // after the first finding's brace
  report.insert(first, report.substr(first, end - first) + ",\n");
  write(dir.path() / "report.json", report);
  auto duplicated = verify(dir);
  CHECK(duplicated.exit_code == 1);
  CHECK_THAT(duplicated.out,
             Catch::Contains("  ADDED    findings: 1 entry that are not objects or repeat a "
                             "fingerprint\n"));
  // A count in the summary.
  report = original;
  replace_once(report, "\"rows_loaded\": 16,", "\"rows_loaded\": 17,");
  write(dir.path() / "report.json", report);
  auto counted = verify(dir);
  CHECK(counted.exit_code == 1);
  CHECK_THAT(counted.out, Catch::Contains("  CHANGED  summary: rows_loaded differs\n"));
  // The parameters the re-run is to use.
  report = original;
  replace_once(report, "\"t.voice-after-request.grace_days=30\"",
               "\"t.voice-after-request.grace_days=31\"");
  write(dir.path() / "report.json", report);
  auto params = verify(dir);
  CHECK(params.exit_code == 1);
  CHECK_THAT(params.out,
             Catch::Contains("  CHANGED  rule t.voice-after-request: params differs\n"));
  // The re-run takes the edited value; the digest of the audited ones tells.
  CHECK_THAT(params.out, Catch::Contains("  CHANGED  audit: params_sha256 differs\n"));
}

TEST_CASE("verify: a report without what the re-run needs is exit 2, never a default",
          "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  std::string original = read_file(dir.path() / "report.json");
  std::string report = original;
  replace_once(report, "\"as_of\": \"2026-11-01T00:00:00Z\",\n  \"rule_sources\"",
               "\"as_of\": 5,\n  \"rule_sources\"");
  write(dir.path() / "report.json", report);
  auto as_of = verify(dir);
  CHECK(as_of.exit_code == 2);
  CHECK(as_of.err == "report.json: as_of: expected an ISO 8601 date-time, got none\n");
  report = original;
  replace_once(report, "\"fail_on\": \"low\"", "\"fail_on\": \"bogus\"");
  write(dir.path() / "report.json", report);
  auto fail_on = verify(dir);
  CHECK(fail_on.exit_code == 2);
  CHECK(fail_on.err == "report.json: fail_on: expected a severity or never, got \"bogus\"\n");
  // Members missing are read as absent, never thrown.
  write(dir.path() / "report.json",
        "{\"schema_version\":1,\"audit\":{\"inputs\":[],\"rules\":[]}}");
  auto bare = verify(dir);
  CHECK(bare.exit_code == 2);
  CHECK(bare.err == "report.json: as_of: expected an ISO 8601 date-time, got none\n");
}

TEST_CASE("verify: a report that does not record how to run its audit is exit 2", "[e2e][verify]") {
  TempDir dir;
  scan_into(dir);
  std::string report = read_file(dir.path() / "report.json");
  std::size_t params = report.rfind("\"params\": [");
  REQUIRE(params != std::string::npos);
  report.replace(params, 8, "\"old_params\"");
  write(dir.path() / "report.json", report);
  auto result = verify(dir);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "report.json: the report does not record how to run its audit again (it was made by an "
        "older lethe)\nhint: `lethe verify --digests-only` checks its digests\n");
  CHECK(verify(dir, {"--digests-only"}).exit_code == 0);
}

}  // namespace
