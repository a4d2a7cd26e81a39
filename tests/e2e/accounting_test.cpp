// Every file of an export is accounted for: a file named after a dataset that lethe cannot read
// stops the audit, and a file whose content is not what its name says is unreadable. Each case
// has its whole message and exit code, and the same data in a form lethe reads gives the finding.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/archives.hpp"
#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using lethe::test::TempDir;

const std::string k_accounts =
    "account_id,created_at,closed_at,account_type,mfa_enabled\n"
    "A1,2020-01-01,,customer,no\n";
const std::string k_videos = "video_id,account_id,captured_at,deleted_at\n";
const std::string k_finding = "accounts.csv:2";

// `lethe scan EXPORT` with the bundled rule `rule` alone.
lethe::test::RunResult scan_selected(const fs::path& export_dir, const std::string& rule) {
  lethe::test::ScanSetup setup;
  setup.export_dir = export_dir;
  setup.rules.clear();  // the bundled rules
  return lethe::test::scan({"--select", rule, "--no-progress"}, setup);
}

lethe::test::RunResult scan_mfa(const fs::path& export_dir) {
  return scan_selected(export_dir, "ring.account-without-mfa");
}

// Whether `line` is a whole line of `text`.
bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST_CASE("accounting: a compressed file named after a dataset is read through its compression",
          "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv.gz",
            lethe::test::compress(lethe::test::Squeeze::gzip, k_accounts));
  dir.write("export/videos.csv", k_videos);
  auto compressed = scan_mfa(dir.path() / "export");
  CHECK(compressed.exit_code == 1);
  CHECK(compressed.err.empty());
  CHECK_THAT(compressed.out, Catch::Contains("accounts.csv.gz:2"));

  // Cut short, it is unreadable, and the audit incomplete.
  dir.write("export/accounts.csv.gz", std::string("\x1f\x8b\x08\x00\0\0\0\0", 8));
  auto truncated = scan_mfa(dir.path() / "export");
  CHECK(truncated.exit_code == 3);
  CHECK_THAT(truncated.out, Catch::Contains("accounts.csv.gz: gzip data is corrupt: "));

  // Decompressed, the account without multi-factor authentication is found.
  fs::remove(dir.path() / "export/accounts.csv.gz");
  dir.write("export/accounts.csv", k_accounts);
  auto fixed = scan_mfa(dir.path() / "export");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find(k_finding) != std::string::npos);
}

TEST_CASE("accounting: a file named after a dataset in a format lethe cannot read stops the audit",
          "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"accounts.xlsx",
       "accounts.xlsx: named after dataset accounts, but not read: its name says it holds an "
       "Excel workbook, which lethe does not read\n"},
      {"accounts.parquet",
       "accounts.parquet: named after dataset accounts, but not read: its name says it holds a "
       "Parquet file, which lethe does not read\n"},
      {"accounts.db",
       "accounts.db: named after dataset accounts, but not read: a SQLite file is read only when "
       "a lethe.yaml names it and its table\n"},
      {"accounts.csv.bak",
       "accounts.csv.bak: named after dataset accounts, but not read: lethe cannot tell its "
       "format from its name\n"},
  };
  for (const auto& [name, message] : cases) {
    INFO(name);
    dir.write("export/" + name, "x");
    auto result = scan_mfa(dir.path() / "export");
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          message + "hint: name the files to read, with their formats, in a lethe.yaml\n");
    fs::remove(dir.path() / "export" / name);
  }
  fs::create_directory(dir.path() / "export/accounts.old");
  auto folder = scan_mfa(dir.path() / "export");
  CHECK(folder.exit_code == 2);
  CHECK(folder.err ==
        "accounts.old: named after dataset accounts, but not read: it is a folder\n"
        "hint: name the files to read, with their formats, in a lethe.yaml\n");
  fs::remove(dir.path() / "export/accounts.old");

  // Alone, accounts.csv is read and the account found; an extension in capitals is read too.
  auto fixed = scan_mfa(dir.path() / "export");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find(k_finding) != std::string::npos);
  fs::rename(dir.path() / "export/accounts.csv", dir.path() / "export/accounts.CSV");
  auto capitals = scan_mfa(dir.path() / "export");
  CHECK(capitals.exit_code == 1);
  CHECK(capitals.out.find("accounts.CSV:2") != std::string::npos);
}

TEST_CASE("accounting: a file whose content is compressed is decompressed, whatever its name",
          "[e2e]") {
  TempDir dir;
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [Accounts/part-*.csv]\n");
  dir.write("export/Accounts/part-1.csv", k_accounts);
  dir.write("export/Accounts/part-2.csv", std::string("\x1f\x8b\x08\x00\0\0\0\0", 8));
  auto result = scan_mfa(dir.path() / "export");
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.out, Catch::Contains("  Accounts/part-2.csv: gzip data is corrupt: "));
  CHECK(result.out.find("Accounts/part-1.csv:2") != std::string::npos);

  // Whole, its rows are read: the audit is complete.
  dir.write("export/Accounts/part-2.csv",
            lethe::test::compress(lethe::test::Squeeze::xz,
                                  "account_id,created_at,closed_at,account_type,mfa_enabled\n"
                                  "A2,2020-01-01,,customer,no\n"));
  auto fixed = scan_mfa(dir.path() / "export");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("Accounts/part-2.csv:2") != std::string::npos);
}

TEST_CASE("accounting: a file without a column the rules read is unreadable", "[e2e]") {
  TempDir dir;
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [Accounts/part-*.csv]\n");
  dir.write("export/Accounts/part-1.csv", k_accounts);
  // The second shard renamed its columns: read, every field of its rows would be null.
  dir.write("export/Accounts/part-2.csv",
            "AccountId,created_at,closed_at,account_type,MfaEnabled\n"
            "A2,2020-01-01,,customer,no\n");
  auto result = scan_mfa(dir.path() / "export");
  CHECK(result.exit_code == 3);
  CHECK(has_line(result.out,
                 "  Accounts/part-2.csv: no column \"account_id\" (the header has: AccountId, "
                 "created_at, closed_at, account_type, MfaEnabled); did you mean \"AccountId\"?"));
  CHECK(has_line(result.out, "Rows: 1 loaded, 0 rejected, 1 file unreadable"));

  // With the header fixed, both accounts without MFA are found.
  dir.write("export/Accounts/part-2.csv",
            "account_id,created_at,closed_at,account_type,mfa_enabled\n"
            "A2,2020-01-01,,customer,no\n");
  auto fixed = scan_mfa(dir.path() / "export");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("Accounts/part-2.csv:2") != std::string::npos);
}

TEST_CASE("accounting: a row whose key is missing, null or empty is rejected", "[e2e]") {
  TempDir dir;
  dir.write("csv/accounts.csv",
            "account_id,created_at,closed_at,account_type,mfa_enabled\n"
            ",2020-01-01,,customer,no\n"
            "A2,2020-01-01,,customer,yes\n");
  auto csv = scan_mfa(dir.path() / "csv");
  CHECK(csv.exit_code == 3);
  CHECK(has_line(csv.out, "  accounts.csv:2: account_id: empty; every row needs its key"));
  CHECK(has_line(csv.out, "Rows: 1 loaded, 1 rejected"));

  dir.write("ndjson/accounts.ndjson",
            "{\"created_at\":\"2020-01-01\",\"account_type\":\"customer\",\"mfa_enabled\":false}\n"
            "{\"account_id\":null,\"created_at\":\"2020-01-01\",\"mfa_enabled\":false}\n"
            "{\"account_id\":\"A3\",\"created_at\":\"2020-01-01\",\"mfa_enabled\":true}\n");
  auto ndjson = scan_mfa(dir.path() / "ndjson");
  CHECK(ndjson.exit_code == 3);
  CHECK(has_line(ndjson.out,
                 "  accounts.ndjson:1: account_id: missing or null; every row needs its key"));
  CHECK(has_line(ndjson.out,
                 "  accounts.ndjson:2: account_id: missing or null; every row needs its key"));
  CHECK(has_line(ndjson.out, "Rows: 1 loaded, 2 rejected"));

  // With their keys, the rows are read and the account without MFA is found.
  dir.write("csv/accounts.csv",
            "account_id,created_at,closed_at,account_type,mfa_enabled\n"
            "A1,2020-01-01,,customer,no\n"
            "A2,2020-01-01,,customer,yes\n");
  auto fixed = scan_mfa(dir.path() / "csv");
  CHECK(fixed.exit_code == 1);
  CHECK(has_line(fixed.out, "Rows: 2 loaded, 0 rejected"));
  CHECK(fixed.out.find(k_finding) != std::string::npos);
}

const std::string k_profiles =
    "profile_id,account_id,created_at,last_active_at,keep_requested,consent_at\n"
    "P1,A1,2020-01-01,2021-01-01,false,2020-01-01\n";

TEST_CASE("accounting: a dataset that can only exempt rows is read as empty when absent", "[e2e]") {
  // The rule reads legal_holds only inside not exists(...): without it, no profile is exempt.
  TempDir dir;
  dir.write("export/child_profiles.csv", k_profiles);
  auto result = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(result.exit_code == 1);
  CHECK(has_line(result.out,
                 "  failed          amazon.inactive-child-profile  1 finding\n"
                 "                                                 note: legal_holds not in the "
                 "export: read as empty"));
  CHECK(result.out.find("child_profiles.csv:2  child profile P1 last active") != std::string::npos);

  // A hold on the profile exempts it: the rule passes, and no note is left.
  dir.write("export/legal_holds.csv",
            "hold_id,account_id,profile_id,placed_at,released_at,reason\n"
            "H1,A1,P1,2020-06-01,,litigation\n");
  auto held = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(held.exit_code == 0);
  CHECK(has_line(held.out, "  passed          amazon.inactive-child-profile"));
  CHECK(held.out.find("note:") == std::string::npos);

  // Without the dataset a violation is found in, the rule is not applicable.
  fs::remove(dir.path() / "export/child_profiles.csv");
  auto absent = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(absent.exit_code == 0);
  CHECK(has_line(absent.out,
                 "  not_applicable  amazon.inactive-child-profile  the export has no "
                 "child_profiles"));
}

TEST_CASE("accounting: a rule that found nothing in an incomplete input is incomplete", "[e2e]") {
  TempDir dir;
  dir.write("export/child_profiles.csv",
            k_profiles + "P2,A1,2020-01-01,last tuesday,false,2020-01-01\n");
  dir.write("export/legal_holds.csv",
            "hold_id,account_id,profile_id,placed_at,released_at,reason\n"
            "H1,A1,P1,2020-06-01,,litigation\n");
  auto result = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(result.exit_code == 3);
  CHECK(has_line(result.out,
                 "  incomplete      amazon.inactive-child-profile  not all of its input was read: "
                 "child_profiles: 1 row rejected"));
  CHECK(has_line(result.out,
                 "Rules: 0 failed, 0 passed, 1 incomplete, 0 not applicable, 0 not in force, 0 "
                 "error"));
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  auto xml = lethe::test::scan(
      {"--select", "amazon.inactive-child-profile", "--no-progress", "--format", "junit"}, setup);
  CHECK(xml.exit_code == 3);
  CHECK(xml.out.find("tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\"") != std::string::npos);
  CHECK(xml.out.find("<error message=\"not all of its input was read: child_profiles: 1 row "
                     "rejected\" type=\"incomplete\"/>") != std::string::npos);

  // A rule that finds violations in what it read still fails, and says its input was incomplete.
  dir.write("export/legal_holds.csv",
            "hold_id,account_id,profile_id,placed_at,released_at,reason\n");
  auto failed = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(failed.exit_code == 3);
  CHECK(has_line(failed.out,
                 "  failed          amazon.inactive-child-profile  1 finding\n"
                 "                                                 note: not all of its input was "
                 "read: child_profiles: 1 row rejected"));

  // With the row readable, the second inactive profile is found too.
  dir.write("export/child_profiles.csv",
            k_profiles + "P2,A1,2020-01-01,2021-02-01,false,2020-01-01\n");
  auto fixed = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(fixed.exit_code == 1);
  CHECK(has_line(fixed.out, "  failed          amazon.inactive-child-profile  2 findings"));
}

}  // namespace

namespace {

TEST_CASE("accounting: every report lists the files no dataset read", "[e2e]") {
  TempDir dir;
  dir.write("export/accounts.csv", k_accounts);
  dir.write("export/.DS_Store", "x");
  dir.write("export/notes/empty.txt", "");
  fs::create_symlink("accounts.csv", dir.path() / "export/link.csv");
  const std::string x = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
  const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  auto report = [&](const std::string& format) {
    lethe::test::ScanSetup setup;
    setup.export_dir = dir.path() / "export";
    setup.rules.clear();
    auto run = lethe::test::scan(
        {"--select", "ring.account-without-mfa", "--no-progress", "--format", format}, setup);
    CHECK(run.exit_code == 1);  // listed, not judged: the finding decides the exit code
    return run.out;
  };
  CHECK(report("text").find("\nFiles no dataset read (3)\n"
                            "  .DS_Store (1 byte, sha256 " +
                            x +
                            ")\n"
                            "  link.csv (not a regular file, not opened)\n"
                            "  notes/empty.txt (0 bytes, sha256 " +
                            empty + ")\n\n") != std::string::npos);
  std::string json = report("json");
  CHECK(json.find("\"files_unread\": 3,") != std::string::npos);
  CHECK(json.find("  \"unread_files\": [\n"
                  "    {\n      \"path\": \".DS_Store\",\n      \"size\": 1,\n"
                  "      \"sha256\": \"" +
                  x +
                  "\"\n    },\n"
                  "    {\n      \"path\": \"link.csv\",\n      \"size\": 0,\n"
                  "      \"sha256\": null\n    },\n"
                  "    {\n      \"path\": \"notes/empty.txt\",\n      \"size\": 0,\n"
                  "      \"sha256\": \"" +
                  empty + "\"\n    }\n  ],\n") != std::string::npos);
  CHECK(report("sarif").find("\"unread_files\": [\n") != std::string::npos);
  CHECK(report("junit").find("<system-out>Files no dataset read (3):\n  .DS_Store (1 byte") !=
        std::string::npos);
  CHECK(report("markdown").find("| notes/empty.txt | 0 | `" + empty + "` |\n") !=
        std::string::npos);
  CHECK(report("html").find("<h3 id=\"unread-files\">Files no dataset read (3)</h3>") !=
        std::string::npos);
  CHECK(report("github").find("::warning title=Lethe unread files::3 files under the export read "
                              "by no dataset: .DS_Store, link.csv, notes/empty.txt\n") !=
        std::string::npos);
}

}  // namespace

namespace {

TEST_CASE("accounting: a JSON file whose records all lack a field the rules read gets a warning",
          "[e2e]") {
  TempDir dir;
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  child_profiles:\n    files: [Kids/part-*.ndjson]\n");
  dir.write("export/Kids/part-1.ndjson",
            "{\"profile_id\":\"P1\",\"account_id\":\"A1\",\"last_active_at\":\"2021-01-01\",\"keep_"
            "requested\":false}\n");
  // The second shard renamed a key: its rows read last_active_at as null and match nothing.
  dir.write("export/Kids/part-2.ndjson",
            "{\"profile_id\":\"P2\",\"account_id\":\"A1\",\"lastActiveAt\":\"2021-01-01\",\"keep_"
            "requested\":false}\n");
  auto result = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("\nWarnings\n  Kids/part-2.ndjson: no record has \"last_active_at\"; its 1 "
                        "row read it as null\n") != std::string::npos);
  CHECK(result.out.find("Kids/part-2.ndjson:1") == std::string::npos);

  // With the key spelled as the schema has it, the second inactive profile is found too.
  dir.write("export/Kids/part-2.ndjson",
            "{\"profile_id\":\"P2\",\"account_id\":\"A1\",\"last_active_at\":\"2021-01-01\",\"keep_"
            "requested\":false}\n");
  auto fixed = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("Kids/part-2.ndjson:1") != std::string::npos);
  CHECK(fixed.out.find("\nWarnings\n") == std::string::npos);
}

}  // namespace

namespace {

TEST_CASE("accounting: a value outside a field's vocabulary rejects its row", "[e2e]") {
  TempDir dir;
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n"
            "  deletion_requests:\n    files: [Privacy/requests.csv]\n"
            "  voice_recordings:\n    files: [Voice/recordings.csv]\n");
  dir.write("export/Voice/recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,D1,2025-01-01\n");
  const std::string header = "request_id,account_id,profile_id,scope,requested_at,completed_at\n";
  std::string rows;
  for (int i = 2; i <= 6; ++i)
    rows += fmt::format("Q{},A9,,all,2025-02-01,\n", i);
  dir.write("export/Privacy/requests.csv", header + rows + "Q7,A1,,Voice,2025-02-01,\n");
  auto result =
      scan_selected(dir.path() / "export", "amazon.voice-recording-after-deletion-request");
  CHECK(result.exit_code == 3);
  CHECK(has_line(result.out,
                 "  Privacy/requests.csv:7: scope: \"Voice\" is not one of voice, transcripts, "
                 "geolocation, video, all (did you mean \"voice\"?)"));
  CHECK(has_line(result.out,
                 "  incomplete      amazon.voice-recording-after-deletion-request  not all of its "
                 "input was read: deletion_requests: 1 row rejected"));

  // In the schema's words, the request covers the recording, which is still kept.
  dir.write("export/Privacy/requests.csv", header + rows + "Q7,A1,,voice,2025-02-01,\n");
  auto fixed =
      scan_selected(dir.path() / "export", "amazon.voice-recording-after-deletion-request");
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("Voice/recordings.csv:2  voice recording R1 recorded") != std::string::npos);
}

}  // namespace

namespace {

TEST_CASE("accounting: a refused timestamp says why; RFC 3339 lower case is read", "[e2e]") {
  TempDir dir;
  const std::string header =
      "profile_id,account_id,created_at,last_active_at,keep_requested,consent_at\n";
  dir.write("export/child_profiles.csv", header +
                                             "P1,A1,2020-01-01,2016-12-31T23:59:60Z,,\n"
                                             "P2,A1,2020-01-01,2021-01-01T24:00:00Z,,\n"
                                             "P3,A1,2020-01-01,2021-01-01T12:00:00+15:00,,\n");
  auto result = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(result.exit_code == 3);
  CHECK(has_line(result.out,
                 "  child_profiles.csv:2: last_active_at: cannot read \"2016-12-31T23:59:60Z\" as "
                 "timestamp (format ISO 8601): a leap second (:60) is not a time lethe can "
                 "compare"));
  CHECK(has_line(result.out,
                 "  child_profiles.csv:3: last_active_at: cannot read \"2021-01-01T24:00:00Z\" as "
                 "timestamp (format ISO 8601): hour 24 is no time of day (write 00:00 of the next "
                 "day)"));
  CHECK(has_line(result.out,
                 "  child_profiles.csv:4: last_active_at: cannot read "
                 "\"2021-01-01T12:00:00+15:00\" as timestamp (format ISO 8601): the offset +15:00 "
                 "is beyond ±14:00"));

  // Written as RFC 3339 allows, in lower case too, all three inactive profiles are found.
  dir.write("export/child_profiles.csv", header +
                                             "P1,A1,2020-01-01,2016-12-31T23:59:59Z,,\n"
                                             "P2,A1,2020-01-01,2021-01-02t00:00:00z,,\n"
                                             "P3,A1,2020-01-01,2021-01-01T12:00:00+14:00,,\n");
  auto fixed = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(fixed.exit_code == 1);
  CHECK(has_line(fixed.out, "  failed          amazon.inactive-child-profile  3 findings"));
}

}  // namespace

namespace {

TEST_CASE("accounting: a syntax error in a JSON array makes the rest of the file unreadable",
          "[e2e]") {
  TempDir dir;
  auto profile = [](const std::string& id) {
    return "{\"profile_id\":\"" + id +
           "\",\"account_id\":\"A1\",\"last_active_at\":\"2021-01-01\"," +
           "\"keep_requested\":false}";
  };
  // The comma after P2 is missing: P3 and P4 would otherwise go unread and uncounted.
  dir.write("export/child_profiles.json", "[" + profile("P1") + ",\n" + profile("P2") + "\n" +
                                              profile("P3") + ",\n" + profile("P4") + "]\n");
  auto result = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(result.exit_code == 3);
  CHECK(has_line(result.out,
                 "  child_profiles.json:3: reading stopped at line 3: invalid JSON: expected ',' "
                 "or ']' after an array element"));
  CHECK(has_line(result.out, "Rows: 2 loaded, 1 rejected, 1 file unreadable"));
  CHECK(
      has_line(result.out, "Exit 3: the audit is incomplete: 1 file unreadable; 1 row rejected."));

  // With the comma, all four inactive profiles are found.
  dir.write("export/child_profiles.json", "[" + profile("P1") + ",\n" + profile("P2") + ",\n" +
                                              profile("P3") + ",\n" + profile("P4") + "]\n");
  auto fixed = scan_selected(dir.path() / "export", "amazon.inactive-child-profile");
  CHECK(fixed.exit_code == 1);
  CHECK(has_line(fixed.out, "  failed          amazon.inactive-child-profile  4 findings"));
}

}  // namespace
