// Loading into the store: row filters, duplicate keys, and batches handed between threads.
#include "data/loader.hpp"

#include <catch2/catch.hpp>

#include "../rules/rule_test_support.hpp"
#include "data/export_plan.hpp"
#include "reader_test_support.hpp"

using lethe::data::LoadOptions;
using lethe::data::LoadReport;
using lethe::data::RowCondition;
using lethe::data::RowFilter;
using lethe::data::Store;
using lethe::data::test::TempDir;

namespace {

struct Loaded {
  LoadReport report;
  std::unique_ptr<Store> store;

  // One column of a table, in row order, "~" for null.
  std::vector<std::string> column(const std::string& table, const std::string& field) {
    auto statement = store->db().prepare("SELECT " + field + " FROM " + table + " ORDER BY rowid");
    REQUIRE(statement);
    std::vector<std::string> values;
    while (statement->step() == SQLITE_ROW) {
      values.push_back(statement->column_is_null(0) ? "~" : std::string(statement->column_text(0)));
    }
    return values;
  }
};

Loaded load(const TempDir& dir, const LoadOptions& options) {
  auto plan = lethe::data::plan_export(dir.path(), lethe::test::bundled_schema());
  REQUIRE(plan);
  auto store = Store::create("");
  REQUIRE(store);
  Loaded loaded;
  loaded.store = std::make_unique<Store>(std::move(*store));
  auto report = lethe::data::load_export(*plan, *loaded.store, options);
  REQUIRE(report);
  loaded.report = std::move(*report);
  return loaded;
}

RowCondition in_dataset(const std::string& field, const std::string& dataset,
                        const std::string& other) {
  RowCondition c;
  c.kind = RowCondition::Kind::in_dataset;
  c.field = field;
  c.in_dataset = dataset;
  c.in_field = other;
  return c;
}

RowCondition of_kind(RowCondition::Kind kind, const std::string& field) {
  RowCondition c;
  c.kind = kind;
  c.field = field;
  return c;
}

RowCondition compare(const std::string& field, RowCondition::Op op, std::int64_t number) {
  RowCondition c = of_kind(RowCondition::Kind::compare, field);
  c.op = op;
  c.number = number;
  return c;
}

const char* k_requests =
    "request_id,account_id,profile_id,scope,requested_at,completed_at\n"
    "D1,A1,,all,2026-01-01T00:00:00Z,\n"
    "D2,A3,,voice,2026-01-01T00:00:00Z,\n";

}  // namespace

TEST_CASE("loader: a row filter keeps rows meeting any alternative, and counts the rest",
          "[loader]") {
  TempDir dir;
  dir.write("deletion_requests.csv", k_requests);
  dir.write("voice_recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n"    // account with a request
            "R2,A2,,E1,2026-01-01T00:00:00Z\n"    // neither
            "R3,A2,P1,E1,2026-01-01T00:00:00Z\n"  // a profile
            "R4,,,E1,2026-01-01T00:00:00Z\n"      // null account
            "R5,a1,,E1,2026-01-01T00:00:00Z\n"    // equality is exact: a1 is not A1
            "R6,A3,,E1,bad\n"                     // rejected, not filtered
            "R7,A3,,E1,2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.filters["voice_recordings"] =
      RowFilter{{{in_dataset("account_id", "deletion_requests", "account_id")},
                 {of_kind(RowCondition::Kind::not_null, "profile_id")}}};
  auto loaded = load(dir, options);
  CHECK(loaded.column("voice_recordings", "recording_id") ==
        std::vector<std::string>{"R1", "R3", "R7"});
  const auto* voice = loaded.report.find("voice_recordings");
  REQUIRE(voice);
  CHECK(voice->rows_loaded == 6);
  CHECK(voice->rows_filtered == 3);
  CHECK(voice->rows_rejected == 1);
  CHECK(loaded.column("lethe_diagnostics", "line || ': ' || message") ==
        std::vector<std::string>{
            "7: recorded_at: cannot read \"bad\" as timestamp (format ISO 8601)"});
  // Reports keep the schema's order although deletion_requests was loaded first.
  REQUIRE(loaded.report.datasets.size() == 2);
  CHECK(loaded.report.datasets[0].spec->name == "voice_recordings");
  CHECK(loaded.report.datasets[1].spec->name == "deletion_requests");
}

TEST_CASE("loader: a condition on a dataset the export lacks keeps no row", "[loader]") {
  TempDir dir;
  dir.write("voice_recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n"
            "R2,A1,P1,E1,2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.filters["voice_recordings"] =
      RowFilter{{{in_dataset("account_id", "deletion_requests", "account_id")},
                 {of_kind(RowCondition::Kind::not_null, "profile_id")}}};
  CHECK(load(dir, options).column("voice_recordings", "recording_id") ==
        std::vector<std::string>{"R2"});
}

TEST_CASE("loader: duplicated keys count every loaded row, stored or not", "[loader]") {
  TempDir dir;
  dir.write("deletion_requests.csv", k_requests);
  dir.write("voice_recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n"
            "R1,A2,,E1,2026-01-01T00:00:00Z\n"  // left out by the filter, still a duplicate
            "R2,A1,,E1,2026-01-01T00:00:00Z\n"
            "R2,A1,,E1,not a time\n"  // rejected: not a second R2
            "R3,A1,,E1,2026-01-01T00:00:00Z\n"
            ",A1,,E1,2026-01-01T00:00:00Z\n"  // null keys are never duplicates
            ",A1,,E1,2026-01-01T00:00:00Z\n"
            "R3,A2,,E1,2026-01-01T00:00:00Z\n"
            "R3,A2,,E1,2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.filters["voice_recordings"] =
      RowFilter{{{in_dataset("account_id", "deletion_requests", "account_id")}}};
  options.duplicate_keys = {"voice_recordings"};
  auto loaded = load(dir, options);
  CHECK(loaded.report.find("voice_recordings")->duplicated_keys ==
        std::set<std::string>{"R1", "R3"});
  CHECK(loaded.report.find("deletion_requests")->duplicated_keys.empty());
}

TEST_CASE("loader: a value longer than max-field-size rejects its row", "[loader]") {
  TempDir dir;
  dir.write("voice_recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,," +
                std::string(100, 'd') + ",2026-01-01T00:00:00Z\n" +              // at the limit
                "R2,A1,," + std::string(101, 'd') + ",2026-01-01T00:00:00Z\n" +  // one over
                "R3,A1,,E1,2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.limits.max_field_size = 100;
  options.duplicate_keys = {"voice_recordings"};
  auto loaded = load(dir, options);
  CHECK(loaded.column("voice_recordings", "recording_id") == std::vector<std::string>{"R1", "R3"});
  const auto* voice = loaded.report.find("voice_recordings");
  REQUIRE(voice);
  CHECK(voice->rows_loaded == 2);
  CHECK(voice->rows_rejected == 1);
  CHECK(loaded.column("lethe_diagnostics", "line || ': ' || message") ==
        std::vector<std::string>{"3: device_id: value of 101 bytes, longer than the "
                                 "max-field-size limit (100 bytes; raise it with "
                                 "--max-field-size)"});
}

TEST_CASE("loader: many batches arrive whole and in order", "[loader]") {
  TempDir dir;
  std::string csv = "recording_id,account_id,profile_id,device_id,recorded_at\n";
  const int rows = 20000;  // several batches of the reading thread
  for (int i = 0; i < rows; ++i) {
    csv += "R" + std::to_string(i) + ",A" + std::to_string(i % 7) + "," +
           (i % 3 ? "P" + std::to_string(i) : "") +
           ",E1,2026-01-01T00:00:" + (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z\n";
  }
  dir.write("voice_recordings.csv", csv);
  auto loaded = load(dir, {});
  auto ids = loaded.column("voice_recordings", "recording_id");
  auto profiles = loaded.column("voice_recordings", "profile_id");
  auto lines = loaded.column("voice_recordings", "_line");
  auto seconds = loaded.column("voice_recordings", "recorded_at % 60");
  REQUIRE(ids.size() == rows);
  bool all_match = true;
  for (int i = 0; i < rows; ++i) {
    all_match = all_match && ids[i] == "R" + std::to_string(i) &&
                profiles[i] == (i % 3 ? "P" + std::to_string(i) : "~") &&
                lines[i] == std::to_string(i + 2) && seconds[i] == std::to_string(i % 60);
  }
  CHECK(all_match);
  CHECK(loaded.report.find("voice_recordings")->rows_loaded == rows);
}

TEST_CASE("loader: each kind of condition, as SQL would evaluate it", "[loader]") {
  TempDir dir;
  dir.write("accounts.csv",
            "account_id,created_at,closed_at,mfa_enabled\n"
            "A1,2020-01-01T00:00:00Z,,false\n"
            "A2,2020-01-01T00:00:00Z,2021-01-01T00:00:00Z,false\n"
            "A3,2019-12-31T23:59:59Z,,true\n"
            "A4,,,\n"  // mfa_enabled takes its default; created_at null
            "A5,2020-01-01T00:00:01Z,,no\n");
  auto stored = [&](std::vector<RowCondition> alternative) {
    LoadOptions options;
    options.filters["accounts"] = RowFilter{{std::move(alternative)}};
    return load(dir, options).column("accounts", "account_id");
  };
  using Kind = RowCondition::Kind;
  using Op = RowCondition::Op;
  const std::int64_t y2020 = 1577836800;  // 2020-01-01T00:00:00Z
  CHECK(stored({of_kind(Kind::is_null, "closed_at")}) ==
        std::vector<std::string>{"A1", "A3", "A4", "A5"});
  CHECK(stored({of_kind(Kind::not_null, "created_at")}) ==
        std::vector<std::string>{"A1", "A2", "A3", "A5"});
  // A null never compares: A4 is in none of these.
  CHECK(stored({compare("created_at", Op::less, y2020)}) == std::vector<std::string>{"A3"});
  CHECK(stored({compare("created_at", Op::less_equal, y2020)}) ==
        std::vector<std::string>{"A1", "A2", "A3"});
  CHECK(stored({compare("created_at", Op::greater, y2020)}) == std::vector<std::string>{"A5"});
  CHECK(stored({compare("created_at", Op::greater_equal, y2020)}) ==
        std::vector<std::string>{"A1", "A2", "A5"});
  CHECK(stored({compare("created_at", Op::equal, y2020)}) == std::vector<std::string>{"A1", "A2"});
  CHECK(stored({compare("created_at", Op::not_equal, y2020)}) ==
        std::vector<std::string>{"A3", "A5"});
  // Booleans are 0/1; A4's empty value reads as the schema's default (false).
  CHECK(stored({compare("mfa_enabled", Op::equal, 0)}) ==
        std::vector<std::string>{"A1", "A2", "A4", "A5"});
  RowCondition values = of_kind(Kind::in_values, "account_id");
  values.values = {"A2", "A5", "a1"};
  CHECK(stored({values}) == std::vector<std::string>{"A2", "A5"});
  // All conditions of an alternative must hold.
  CHECK(stored({compare("mfa_enabled", Op::equal, 0), of_kind(Kind::is_null, "closed_at")}) ==
        std::vector<std::string>{"A1", "A4", "A5"});
}

TEST_CASE("loader: a file that cannot be read is reported with its line, not its column",
          "[loader]") {
  TempDir dir;
  dir.write("accounts.json", "\n  {\"account_id\": \"A1\"}");
  dir.write("videos.csv", "");
  dir.write("legal_holds.ndjson", "{\"hold_id\":\"H1\"}\n");
  Loaded loaded = load(dir, {});
  const auto* accounts = loaded.report.find("accounts");
  REQUIRE(accounts);
  REQUIRE(accounts->files.size() == 1);
  CHECK(accounts->files[0].error == "accounts.json:2:3: expected a JSON array of objects");
  CHECK(accounts->files_failed == 1);
  REQUIRE(accounts->diagnostics.size() == 1);
  CHECK(accounts->diagnostics[0].line == 2);
  CHECK(accounts->diagnostics[0].message == "expected a JSON array of objects");
  const auto* videos = loaded.report.find("videos");
  REQUIRE(videos);
  CHECK(videos->files[0].error == "videos.csv:1: empty file, expected a header line");
  REQUIRE(videos->diagnostics.size() == 1);
  CHECK(videos->diagnostics[0].text() == "videos.csv:1: empty file, expected a header line");
  CHECK(loaded.report.find("legal_holds")->complete());
  CHECK(loaded.column("lethe_diagnostics", "path || ':' || line || ': ' || message") ==
        std::vector<std::string>{"accounts.json:2: expected a JSON array of objects",
                                 "videos.csv:1: empty file, expected a header line"});
  CHECK(loaded.column("lethe_files", "error") ==
        std::vector<std::string>{"accounts.json:2:3: expected a JSON array of objects", "~",
                                 "videos.csv:1: empty file, expected a header line"});
}

TEST_CASE("loader: a key repeated within a source is a duplicate; in two sources, a copy",
          "[loader]") {
  TempDir dir;
  dir.write("lethe.yaml",
            "version: 1\n"
            "datasets:\n"
            "  voice_recordings:\n"
            "    sources:\n"
            "      - {name: primary, files: primary.csv}\n"
            "      - {name: backup, files: backup.tsv, header: false,\n"
            "         columns: {recording_id: 1, account_id: 2, recorded_at: 3}}\n");
  dir.write("primary.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n"
            "R2,A1,,E1,2026-01-01T00:00:00Z\n"
            "R2,A1,,E1,2026-01-02T00:00:00Z\n");
  dir.write("backup.tsv",
            "R1\tA1\t2026-01-01T00:00:00Z\n"
            "R3\tA1\t2026-01-01T00:00:00Z\n"
            "R3\tA1\t2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.duplicate_keys = {"voice_recordings"};
  auto loaded = load(dir, options);
  const auto* report = loaded.report.find("voice_recordings");
  REQUIRE(report);
  // R1 is in both stores once each: a copy. R2 and R3 repeat within theirs.
  CHECK(report->duplicated_keys == std::set<std::string>{"R2", "R3"});
  CHECK(report->rows_loaded == 6);
  REQUIRE(report->files.size() == 2);
  CHECK(report->files[0].source == "primary");
  CHECK(report->files[1].source == "backup");
  CHECK(loaded.column("voice_recordings", "recording_id") ==
        std::vector<std::string>{"R1", "R2", "R2", "R1", "R3", "R3"});
  CHECK(loaded.column("lethe_files", "source") == std::vector<std::string>{"primary", "backup"});
}

TEST_CASE("loader: a file two entries of a dataset name is read once", "[loader]") {
  TempDir dir;
  dir.write("lethe.yaml",
            "version: 1\n"
            "datasets:\n"
            "  voice_recordings:\n"
            "    files: [Voice/a.csv, \"Voice/*.csv\"]\n");
  dir.write("Voice/a.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n");
  dir.write("Voice/b.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R2,A1,,E1,2026-01-01T00:00:00Z\n");
  LoadOptions options;
  options.duplicate_keys = {"voice_recordings"};
  auto loaded = load(dir, options);
  const auto* report = loaded.report.find("voice_recordings");
  REQUIRE(report);
  CHECK(report->rows_loaded == 2);
  CHECK(report->duplicated_keys.empty());
  CHECK(loaded.column("lethe_files", "path") ==
        std::vector<std::string>{"Voice/a.csv", "Voice/b.csv"});
}

TEST_CASE("loader: a probe's answer is stored with each row, from every loaded key", "[loader]") {
  TempDir dir;
  // R2's row is rejected: its key is not among the loaded ones.
  dir.write("voice_recordings.csv",
            "recording_id,account_id,profile_id,device_id,recorded_at\n"
            "R1,A1,,E1,2026-01-01T00:00:00Z\n"
            "R2,A1,,E1,not a time\n"
            ",A1,,E1,2026-01-01T00:00:00Z\n"
            "R3,A1,,E1,2026-01-01T00:00:00Z\n");
  dir.write("transcripts.csv",
            "transcript_id,recording_id,account_id,profile_id,created_at,text\n"
            "T1,R1,A1,,2026-01-02T00:00:00Z,x\n"
            "T2,R2,A1,,2026-01-02T00:00:00Z,x\n"
            "T3,,A1,,2026-01-02T00:00:00Z,x\n"
            "T4,R3,A1,,2026-01-02T00:00:00Z,x\n"
            "T5,r1,A1,,2026-01-02T00:00:00Z,x\n");  // exact: r1 is not R1
  lethe::data::KeyProbe probe{"transcripts", "recording_id", "voice_recordings", "recording_id"};
  RowCondition absent = of_kind(RowCondition::Kind::not_in_keys, "recording_id");
  absent.in_dataset = "voice_recordings";
  absent.in_field = "recording_id";
  auto options_with = [&](std::size_t memory, bool filtered) {
    LoadOptions options;
    options.probes = {probe};
    options.key_set_memory = memory;
    // Recordings keep no row of their own: none is needed for the probe.
    options.filters["voice_recordings"] =
        RowFilter{{{of_kind(RowCondition::Kind::not_null, "profile_id")}}};
    if (filtered) options.filters["transcripts"] = RowFilter{{{absent}}};
    return options;
  };
  SECTION("in memory") {
    auto loaded = load(dir, options_with(std::size_t{1} << 30, false));
    REQUIRE(loaded.report.probes.size() == 1);
    CHECK(loaded.report.probes[0].answer == lethe::data::ProbeAnswer::column);
    CHECK(loaded.column("voice_recordings", "count(*)") == std::vector<std::string>{"0"});
    CHECK(loaded.column("transcripts", "transcript_id || ' ' || " + probe.column()) ==
          std::vector<std::string>{"T1 1", "T2 0", "T3 0", "T4 1", "T5 0"});
  }
  SECTION("in memory, filtered on the answer") {
    auto loaded = load(dir, options_with(std::size_t{1} << 30, true));
    CHECK(loaded.column("transcripts", "transcript_id") ==
          std::vector<std::string>{"T2", "T3", "T5"});
    CHECK(loaded.report.find("transcripts")->filter ==
          "[recording_id not in voice_recordings.recording_id]");
  }
  SECTION("keys beyond the memory go into a table, and no row is left out for the probe") {
    auto loaded = load(dir, options_with(0, true));
    REQUIRE(loaded.report.probes.size() == 1);
    CHECK(loaded.report.probes[0].answer == lethe::data::ProbeAnswer::key_table);
    CHECK(loaded.column(probe.key_table(), "recording_id") == std::vector<std::string>{"R1", "R3"});
    CHECK(loaded.column("transcripts", "transcript_id") ==
          std::vector<std::string>{"T1", "T2", "T3", "T4", "T5"});
    CHECK(loaded.report.find("transcripts")->filter.empty());
  }
}

TEST_CASE("loader: a probe over a dataset the export lacks is not answered", "[loader]") {
  TempDir dir;
  dir.write("transcripts.csv",
            "transcript_id,recording_id,account_id,profile_id,created_at,text\n"
            "T1,R1,A1,,2026-01-02T00:00:00Z,x\n");
  LoadOptions options;
  options.probes = {{"transcripts", "recording_id", "voice_recordings", "recording_id"}};
  auto loaded = load(dir, options);
  CHECK(loaded.report.probes.empty());
  CHECK(loaded.column("transcripts", "transcript_id") == std::vector<std::string>{"T1"});
}
