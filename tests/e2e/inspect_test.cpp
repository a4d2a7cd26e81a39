// End-to-end tests of `lethe inspect` on fixture exports.
#include <simdjson.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/run_lethe.hpp"

using lethe::test::fixture;
using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

// The parsed JSON report of `lethe inspect EXPORT --format json`.
struct InspectJson {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  int exit_code = -1;

  explicit InspectJson(const fs::path& export_dir) {
    auto result = run_lethe({"inspect", export_dir.string(), "--format", "json"});
    exit_code = result.exit_code;
    INFO(result.err);
    root = parser.parse(result.out);
  }

  simdjson::dom::element dataset(std::string_view name) {
    for (auto d : root["datasets"].get_array()) {
      if (std::string_view(d["name"]) == name) return d;
    }
    FAIL("no dataset " << name);
    return {};
  }

  // The source column and presence of `field` in `dataset`, as "source|present".
  std::string field(std::string_view dataset_name, std::string_view field_name) {
    for (auto f : dataset(dataset_name)["fields"].get_array()) {
      if (std::string_view(f["name"]) == field_name) {
        return std::string(std::string_view(f["source"])) +
               (bool(f["present"]) ? "|present" : "|missing");
      }
    }
    return "no such field";
  }
};

std::int64_t count(simdjson::dom::element element, const char* key) {
  return std::int64_t(element[key]);
}

}  // namespace

TEST_CASE("inspect finds datasets by file name without a manifest", "[e2e][inspect]") {
  InspectJson report(fixture("by-name"));
  CHECK(report.exit_code == 0);
  CHECK(report.root["manifest"].is_null());
  CHECK(count(report.root, "rows_loaded") == 7);
  CHECK(count(report.root, "rows_rejected") == 0);
  auto accounts = report.dataset("accounts");
  CHECK(count(accounts, "rows_loaded") == 3);
  CHECK(std::string_view(accounts["files"].at(0)["path"]) == "accounts.csv");
  CHECK(std::string_view(accounts["files"].at(0)["format"]) == "csv");
  CHECK(report.field("accounts", "mfa_enabled") == "mfa_enabled|present");
  auto created = accounts["fields"].at(1);
  CHECK(std::string_view(created["name"]) == "created_at");
  // 2024-03-01T12:00:00+02:00 is 10:00Z; the latest is that one.
  CHECK(std::string_view(created["min"]) == "2024-01-01T00:00:00Z");
  CHECK(std::string_view(created["max"]) == "2024-03-01T10:00:00Z");
  auto profiles = report.dataset("child_profiles");
  CHECK(count(profiles, "rows_loaded") == 2);
  CHECK(std::string_view(profiles["files"].at(0)["format"]) == "ndjson");
  CHECK(report.field("child_profiles", "consent_at") == "consent_at|present");
  auto retention = report.dataset("retention_policies");
  CHECK(count(retention, "rows_loaded") == 2);
  CHECK(std::string_view(retention["files"].at(0)["format"]) == "json");
  auto absent = report.root["absent_datasets"].get_array();
  CHECK(absent.size() == 12);
}

TEST_CASE("inspect reads sharded files and nested paths through a manifest", "[e2e][inspect]") {
  InspectJson report(fixture("sharded"));
  CHECK(report.exit_code == 0);
  CHECK(std::string_view(report.root["manifest"]) == "lethe.yaml");
  CHECK(std::string_view(report.root["name"]) == "sharded-fixture");
  auto voice = report.dataset("voice_recordings");
  CHECK(count(voice, "rows_loaded") == 4);
  auto files = voice["files"].get_array();
  REQUIRE(files.size() == 2);
  CHECK(std::string_view(files.at(0)["path"]) == "Voice/part-001.ndjson");
  CHECK(count(files.at(0), "rows_loaded") == 2);
  CHECK(std::string_view(files.at(1)["path"]) == "Voice/part-002.ndjson");
  CHECK(count(files.at(1), "rows_loaded") == 2);
  CHECK(report.field("voice_recordings", "account_id") == "owner.account|present");
  CHECK(report.field("voice_recordings", "profile_id") == "owner.profile|present");
  CHECK(report.field("voice_recordings", "device_id") == "device_id|missing");
  auto missing = voice["missing_fields"].get_array();
  REQUIRE(missing.size() == 1);
  CHECK(std::string_view(missing.at(0)) == "device_id");
  auto recorded = voice["fields"].at(4);
  CHECK(std::string_view(recorded["format"]) == "epoch_ms");
  CHECK(std::string_view(recorded["min"]) == "2020-09-13T12:26:40Z");
  CHECK(std::string_view(recorded["max"]) == "2023-11-14T22:13:22Z");
  // The manifest's timezone (-05:00) applies to timestamps written without an offset.
  auto requests = report.dataset("deletion_requests");
  CHECK(std::string_view(requests["files"].at(0)["format"]) == "tsv");
  auto requested = requests["fields"].at(4);
  CHECK(std::string_view(requested["name"]) == "requested_at");
  CHECK(std::string_view(requested["min"]) == "2025-01-01T04:00:00Z");
  CHECK(std::string_view(requested["max"]) == "2025-03-01T14:30:00Z");
}

TEST_CASE("inspect reports rejected rows with their diagnostics and exits 3", "[e2e][inspect]") {
  fs::path dir = fixture("bad-rows");
  auto before = fs::last_write_time(dir / "Kids/profiles.csv");
  std::string bytes_before = read_file(dir / "Kids/profiles.csv");
  auto result = run_lethe({"inspect", dir.string()});
  CHECK(result.exit_code == 3);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Contains("child_profiles: 2 rows loaded, 3 rejected\n"
                                         "  file Kids/profiles.csv (csv): 2 loaded, 3 rejected\n"));
  CHECK_THAT(
      result.out,
      Catch::Contains("  problems:\n"
                      "    Kids/profiles.csv:3: last_active_at: cannot read \"13/45/2020 "
                      "00:00:00\" as timestamp (format %m/%d/%Y %H:%M:%S)\n"
                      "    Kids/profiles.csv:4: keep_requested: cannot read \"maybe\" as boolean\n"
                      "    Kids/profiles.csv:5: expected 3 fields, got 2\n"));
  CHECK_THAT(result.out, Catch::Contains("geolocations: 2 rows loaded, 3 rejected\n"));
  CHECK_THAT(result.out,
             Catch::Contains("    geo.ndjson:2: latitude: cannot read \"north\" as real\n"
                             "    geo.ndjson:3: invalid JSON at column 53: expected ',' or '}' "
                             "after an object member, got the end of the record\n"));
  CHECK_THAT(result.out,
             Catch::Contains("    geo.ndjson:4: geo: expected an object, got an array\n"));
  CHECK_THAT(result.out, Catch::EndsWith("\n4 rows loaded, 6 rejected in 2 datasets.\n"));
  // The export is evidence: never changed.
  CHECK(fs::last_write_time(dir / "Kids/profiles.csv") == before);
  CHECK(read_file(dir / "Kids/profiles.csv") == bytes_before);
}

TEST_CASE("inspect reads a table of a SQLite file", "[e2e][inspect]") {
  TempDir dir;
  dir.write("lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [legacy.db]\n    table: customers\n"
            "    columns:\n      account_id: cust_id\n      mfa_enabled: two_factor\n"
            "      created_at: {column: created, format: epoch_s}\n");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "legacy.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(
              db,
              "CREATE TABLE customers (cust_id TEXT, created INTEGER, two_factor TEXT);"
              "INSERT INTO customers VALUES ('C1', 1700000000, 'yes'), ('C2', NULL, 'no'),"
              " ('C3', 'yesterday', NULL);"
              "CREATE TABLE log (x);"
              "CREATE TRIGGER t AFTER INSERT ON customers BEGIN INSERT INTO log VALUES (1); END;",
              nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto result = run_lethe({"inspect", dir.path().string()});
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.out, Catch::Contains("accounts: 2 rows loaded, 1 rejected\n"
                                         "  file legacy.db (sqlite): 2 loaded, 1 rejected\n"));
  CHECK_THAT(result.out, Catch::Contains("  account_id    string     <- cust_id\n"));
  CHECK_THAT(result.out, Catch::Contains("  mfa_enabled   boolean    <- two_factor\n"));
  CHECK_THAT(result.out, Catch::Contains("    legacy.db:3: created_at: cannot read \"yesterday\" "
                                         "as timestamp (format epoch_s)\n"));
  CHECK_THAT(result.out, Catch::Contains("  missing fields: closed_at, account_type\n"));
}

TEST_CASE("inspect --store keeps a store that sqlite3 can query", "[e2e][inspect]") {
  TempDir dir;
  fs::path store = dir.path() / "store.db";
  auto result = run_lethe({"inspect", fixture("sharded").string(), "--store", store.string()});
  REQUIRE(result.exit_code == 0);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(store.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT recording_id, profile_id, recorded_at, _path, _line "
                             "FROM voice_recordings_readable ORDER BY recording_id",
                             -1, &statement, nullptr) == SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < 5; ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  CHECK(rows == std::vector<std::string>{
                    "R1|P1|2023-11-14T22:13:20Z|Voice/part-001.ndjson|1",
                    "R2|NULL|2023-11-14T22:13:21Z|Voice/part-001.ndjson|2",
                    "R3|NULL|2023-11-14T22:13:22Z|Voice/part-002.ndjson|1",
                    "R4|P9|2020-09-13T12:26:40Z|Voice/part-002.ndjson|3",
                });
}

TEST_CASE("inspect stops with exit 2 on manifest and export errors", "[e2e][inspect]") {
  TempDir dir;
  dir.write("lethe.yaml", "version: 1\ndatasets:\n  videos:\n    files: [\"Cam/*.csv\"]\n");
  auto result = run_lethe({"inspect", dir.path().string()});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "lethe.yaml:4:13: 'Cam/*.csv' matches no file in the export\n");

  TempDir empty;
  result = run_lethe({"inspect", empty.path().string()});
  CHECK(result.exit_code == 2);
  CHECK(result.err == empty.path().string() +
                          ": no lethe.yaml and no files named after a dataset (such as "
                          "accounts.csv or voice_recordings.ndjson)\n");

  result = run_lethe({"inspect", "/nonexistent/export"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "/nonexistent/export: not a folder or an archive (no such file or folder)\n");

  result = run_lethe({"inspect"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("EXPORT is required"));
}

TEST_CASE("a symbolic link may not lead out of the export", "[e2e][inspect]") {
  TempDir outside;
  outside.write("secret.csv", "account_id\nX\n");
  TempDir dir;
  fs::create_directories(dir.path() / "data");
  fs::create_symlink(outside.path() / "secret.csv", dir.path() / "data" / "accounts.csv");
  dir.write("lethe.yaml", "version: 1\ndatasets:\n  accounts:\n    files: [data/accounts.csv]\n");
  auto result = run_lethe({"inspect", dir.path().string()});
  CHECK(result.exit_code == 2);
  CHECK(
      result.err ==
      "lethe.yaml:4:13: 'data/accounts.csv' leaves the export folder (through a symbolic link)\n");
}
