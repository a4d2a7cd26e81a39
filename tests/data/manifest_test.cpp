#include "data/manifest.hpp"

#include <catch2/catch.hpp>

#include "util/yaml_file.hpp"

using lethe::data::FileFormat;
using lethe::data::Manifest;
using lethe::data::read_manifest;
using lethe::data::Schema;
using lethe::util::Expected;
using lethe::util::YamlFile;

namespace {

const Schema& schema() {
  static Schema loaded = *Schema::load(LETHE_SOURCE_RULES_DIR "/schema.yaml", "schema.yaml");
  return loaded;
}

Expected<Manifest> read(const std::string& text) {
  auto file = YamlFile::parse(text, "lethe.yaml");
  if (!file) return file.error();
  return read_manifest(*file, schema());
}

std::string error_of(const std::string& text) {
  auto manifest = read(text);
  REQUIRE_FALSE(manifest);
  return manifest.error().message;
}

}  // namespace

TEST_CASE("a full manifest reads", "[manifest]") {
  auto manifest = read(R"(version: 1
name: acme-home-2026-10
timezone: "+02:00"
datasets:
  child_profiles:
    files: [Kids/profiles.csv]
    format: csv
    columns:
      profile_id: Profile ID
      last_active_at: {column: Last Activity, format: "%m/%d/%Y %H:%M:%S"}
  geolocations:
    files: "Geo/part-*.ndjson"
    columns:
      latitude: geo.lat
  accounts:
    files: [export.db]
    table: customers
)");
  REQUIRE(manifest);
  CHECK(manifest->name == "acme-home-2026-10");
  CHECK(manifest->timezone.name() == "+02:00");
  CHECK(manifest->timezone.offset_at(0) == 7200);
  REQUIRE(manifest->datasets.size() == 3);
  const auto& profiles = manifest->datasets[0];
  CHECK(profiles.dataset == "child_profiles");
  CHECK(profiles.format == FileFormat::csv);
  REQUIRE(profiles.files.size() == 1);
  CHECK(profiles.files[0].pattern == "Kids/profiles.csv");
  CHECK(profiles.files[0].location.line == 6);
  REQUIRE(profiles.columns.size() == 2);
  CHECK(profiles.columns[0].field == "profile_id");
  CHECK(profiles.columns[0].column == "Profile ID");
  CHECK(profiles.columns[1].column == "Last Activity");
  REQUIRE(profiles.columns[1].formats.size() == 1);
  CHECK(profiles.columns[1].formats[0].pattern == "%m/%d/%Y %H:%M:%S");
  CHECK(manifest->datasets[1].files[0].pattern == "Geo/part-*.ndjson");
  CHECK_FALSE(manifest->datasets[1].format);
  CHECK(manifest->datasets[2].table == "customers");
}

TEST_CASE("manifest errors point at the offending node", "[manifest]") {
  CHECK(error_of("version: 1\ndatasets:\n  child_profile:\n    files: [a.csv]\n") ==
        "lethe.yaml:3:3: unknown dataset 'child_profile'\n"
        "    child_profile:\n"
        "    ^\n"
        "hint: did you mean 'child_profiles'?");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: [a.csv]\n    columns:\n"
                 "      mfa_enable: 2FA\n") ==
        "lethe.yaml:6:7: unknown field 'mfa_enable' in dataset accounts\n"
        "        mfa_enable: 2FA\n"
        "        ^\n"
        "hint: did you mean 'mfa_enabled'?");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: [a.xls]\n    format: excel\n") ==
        "lethe.yaml:5:13: unknown format 'excel'\n"
        "      format: excel\n"
        "              ^\n"
        "hint: formats: csv, tsv, ndjson, json, sqlite");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: [../secrets.csv]\n") ==
        "lethe.yaml:4:13: path '../secrets.csv' leaves the export folder\n"
        "      files: [../secrets.csv]\n"
        "              ^\n"
        "hint: paths are relative to the export folder and may not use '..'");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: [/etc/passwd]\n") ==
        "lethe.yaml:4:13: path '/etc/passwd' is absolute\n"
        "      files: [/etc/passwd]\n"
        "              ^\n"
        "hint: paths are relative to the export folder");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    file: [a.csv]\n") ==
        "lethe.yaml:4:5: unknown key 'file' in a dataset entry\n"
        "      file: [a.csv]\n"
        "      ^\n"
        "hint: did you mean 'files'?");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    format: csv\n") ==
        "lethe.yaml:3:3: dataset 'accounts' needs 'files'\n"
        "    accounts:\n"
        "    ^");
  CHECK(error_of("version: 2\ndatasets:\n  accounts:\n    files: a.csv\n") ==
        "lethe.yaml:1:10: the manifest needs 'version: 1'\n"
        "  version: 2\n"
        "           ^");
  CHECK(
      error_of("version: 1\ntimezone: Europe/Pariss\ndatasets:\n  accounts:\n    files: a.csv\n") ==
      "lethe.yaml:2:11: timezone: unknown time zone \"Europe/Pariss\" (did you mean "
      "\"Europe/Paris\"?)\n"
      "  timezone: Europe/Pariss\n"
      "            ^");
  CHECK(error_of("version: 1\ntimezone: Moon/Base\ndatasets:\n  accounts:\n    files: a.csv\n") ==
        "lethe.yaml:2:11: timezone: unknown time zone \"Moon/Base\"\n"
        "  timezone: Moon/Base\n"
        "            ^\n"
        "hint: an IANA name such as America/New_York, or an offset such as +02:00");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: a.csv\n    columns:\n"
                 "      created_at: {column: C, format: \"%Y-%q\"}\n") ==
        "lethe.yaml:6:39: unknown directive %q in format\n"
        "        created_at: {column: C, format: \"%Y-%q\"}\n"
        "                                        ^\n"
        "hint: formats: epoch_s, epoch_ms, iso8601, or a pattern such as \"%m/%d/%Y %H:%M:%S\" "
        "(a list is tried in order)");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: a.csv\n    columns:\n"
                 "      account_type: {column: T, format: epoch_s}\n") ==
        "lethe.yaml:6:41: 'account_type' is a string field; only timestamps take a format\n"
        "        account_type: {column: T, format: epoch_s}\n"
        "                                          ^");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: a.csv\n    table: t\n") ==
        "lethe.yaml:5:12: 'table' applies to sqlite files only\n"
        "      table: t\n"
        "             ^");
  CHECK(error_of("version: 1\ndatasets:\n  accounts:\n    files: a.csv\n  accounts:\n    files: "
                 "b.csv\n") ==
        "lethe.yaml:5:3: dataset 'accounts' is listed twice (first at line 3)\n"
        "    accounts:\n"
        "    ^");
  CHECK(error_of("version: 1\ndatasets: [\n") ==
        "lethe.yaml:3:1: invalid YAML: end of sequence flow not found");
  CHECK(error_of("version: 1\nsets: {}\n") ==
        "lethe.yaml:2:1: unknown key 'sets' in the manifest\n"
        "  sets: {}\n"
        "  ^\n"
        "hint: the manifest takes: version, name, timezone, datasets");
}

namespace {

Expected<Manifest> read_database(const std::string& text) {
  auto file = YamlFile::parse(text, "db.yaml");
  if (!file) return file.error();
  return read_manifest(*file, schema(), lethe::data::ManifestTarget::database);
}

}  // namespace

TEST_CASE("a database manifest names tables, not files", "[manifest]") {
  auto manifest = read_database(R"(version: 1
datasets:
  accounts:
    table: core.users
    columns:
      account_id: user_id
      closed_at: {column: deactivated, format: epoch_ms}
)");
  REQUIRE(manifest);
  REQUIRE(manifest->datasets.size() == 1);
  CHECK(manifest->datasets[0].table == "core.users");
  CHECK(manifest->datasets[0].files.empty());
  CHECK(manifest->datasets[0].columns[1].column == "deactivated");

  auto error = [](const std::string& text) {
    auto read = read_database(text);
    REQUIRE_FALSE(read);
    return read.error().message;
  };
  CHECK(error("version: 1\ndatasets:\n  accounts:\n    columns: {}\n") ==
        "db.yaml:3:3: dataset 'accounts' needs 'table' (schema.name)\n    accounts:\n    ^");
  CHECK(error("version: 1\ndatasets:\n  accounts:\n    table: users\n") ==
        "db.yaml:4:12: 'table' must be schema.name, got 'users'\n      table: users\n"
        "             ^\nhint: for example public.accounts");
  CHECK(error("version: 1\ndatasets:\n  accounts:\n    table: a.b\n    files: [x.csv]\n") ==
        "db.yaml:5:12: 'files' applies to exported files; a database dataset names its "
        "'table'\n      files: [x.csv]\n             ^");
}

TEST_CASE("zones, dialects, format lists, vendor codes and sources read", "[manifest]") {
  auto manifest = read(R"(version: 1
timezone: America/New_York
datasets:
  deletion_requests:
    files: requests.csv
    delimiter: ";"
    quote: "'"
    encoding: Windows-1252
    null_values: ["NULL", "\\N"]
    columns:
      scope: {column: Type, values: {VOICE_HISTORY: voice, LOCATION: geolocation}}
      requested_at: {column: Requested, format: ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"], timezone: "+01:00"}
  voice_recordings:
    timezone: Europe/Berlin
    delimiter: tab
    sources:
      - name: primary
        files: Voice/*.ndjson
      - name: backup
        files: backup.tsv
        header: false
        timezone: UTC
        columns: {recording_id: 1, recorded_at: 3}
)");
  if (!manifest) FAIL(manifest.error().message);
  CHECK(manifest->timezone.name() == "America/New_York");
  REQUIRE(manifest->datasets.size() == 3);
  const auto& requests = manifest->datasets[0];
  CHECK(requests.name.empty());
  CHECK(requests.dialect.delimiter == ';');
  CHECK(requests.dialect.quote == '\'');
  CHECK(requests.dialect.encoding == lethe::data::TextEncoding::windows_1252);
  CHECK(requests.dialect.null_values == std::vector<std::string>{"NULL", "\\N"});
  CHECK_FALSE(requests.timezone);
  REQUIRE(requests.columns.size() == 2);
  CHECK(requests.columns[0].values.at("VOICE_HISTORY") == "voice");
  CHECK(requests.columns[0].values.at("LOCATION") == "geolocation");
  REQUIRE(requests.columns[1].formats.size() == 2);
  CHECK(requests.columns[1].formats[1].pattern == "%m/%d/%Y");
  CHECK(requests.columns[1].timezone->name() == "+01:00");
  const auto& primary = manifest->datasets[1];
  const auto& backup = manifest->datasets[2];
  CHECK(primary.dataset == "voice_recordings");
  CHECK(primary.name == "primary");
  CHECK(primary.timezone->name() == "Europe/Berlin");
  CHECK(primary.dialect.delimiter == '\t');
  CHECK(backup.name == "backup");
  CHECK(backup.timezone->name() == "UTC");
  CHECK(backup.dialect.delimiter == '\t');
  CHECK(backup.dialect.header == lethe::data::HeaderRow::absent);
  CHECK(backup.columns[0].column == "1");
  CHECK(backup.location.line == 19);
}

TEST_CASE("mistakes in zones, dialects, codes and sources point at their node", "[manifest]") {
  const std::string head = "version: 1\ndatasets:\n  deletion_requests:\n    files: r.csv\n";
  CHECK(error_of(head + "    delimiter: \";;\"\n") ==
        "lethe.yaml:5:16: 'delimiter' must be one character, got \";;\"\n"
        "      delimiter: \";;\"\n"
        "                 ^\n"
        "hint: for example ';', '|' or tab");
  CHECK(error_of(head + "    delimiter: \";\"\n    quote: \";\"\n") ==
        "lethe.yaml:6:12: the delimiter and the quote must differ\n"
        "      quote: \";\"\n"
        "             ^");
  CHECK(error_of(head + "    encoding: ebcdic\n") ==
        "lethe.yaml:5:15: unknown encoding 'ebcdic'\n"
        "      encoding: ebcdic\n"
        "                ^\n"
        "hint: encodings: utf-8, utf-16 (with a byte order mark), windows-1252, iso-8859-1");
  CHECK(error_of(head + "    null_values: [NULL, N/A]\n") ==
        "lethe.yaml:5:19: YAML reads this as no value, not as a text\n"
        "      null_values: [NULL, N/A]\n"
        "                    ^\n"
        "hint: quote the token: null_values: [\"NULL\", \"N/A\"]");
  CHECK(error_of(head + "    header: false\n") ==
        "lethe.yaml:5:13: a file without a header needs 'columns' with the position of each "
        "field\n"
        "      header: false\n"
        "              ^");
  CHECK(error_of(head + "    header: false\n    columns: {request_id: Request}\n") ==
        "lethe.yaml:6:27: with 'header: false' a column is its position (1 for the first), got "
        "'Request'\n"
        "      columns: {request_id: Request}\n"
        "                            ^");
  CHECK(error_of(head + "    columns:\n      scope: {column: T, values: {VOICE: vocie}}\n") ==
        "lethe.yaml:6:42: 'vocie' is not a value of scope (voice, transcripts, geolocation, "
        "video, all)\n"
        "        scope: {column: T, values: {VOICE: vocie}}\n"
        "                                           ^\n"
        "hint: did you mean 'voice'?");
  CHECK(error_of(head + "    columns:\n      request_id: {column: R, timezone: UTC}\n") ==
        "lethe.yaml:6:41: 'request_id' is a string field; only timestamps take a timezone\n"
        "        request_id: {column: R, timezone: UTC}\n"
        "                                          ^");
  CHECK(error_of(head + "    timezone: Europe/Lonodn\n") ==
        "lethe.yaml:5:15: timezone: unknown time zone \"Europe/Lonodn\" (did you mean "
        "\"Europe/London\"?)\n"
        "      timezone: Europe/Lonodn\n"
        "                ^");
  CHECK(
      error_of("version: 1\ndatasets:\n  accounts:\n    files: a.ndjson\n    delimiter: \";\"\n") ==
      "lethe.yaml:5:16: 'delimiter' applies to csv and tsv files\n"
      "      delimiter: \";\"\n"
      "                 ^");
  const std::string sources = "version: 1\ndatasets:\n  voice_recordings:\n";
  CHECK(error_of(sources + "    files: v.csv\n    sources:\n      - {name: a, files: a.csv}\n") ==
        "lethe.yaml:4:12: with 'sources', 'files' goes in each source\n"
        "      files: v.csv\n"
        "             ^");
  CHECK(error_of(sources + "    sources:\n      - {files: a.csv}\n") ==
        "lethe.yaml:5:9: a source needs a 'name'\n"
        "        - {files: a.csv}\n"
        "          ^");
  CHECK(error_of(sources + "    sources:\n      - {name: a, files: a.csv}\n"
                           "      - {name: a, files: b.csv}\n") ==
        "lethe.yaml:6:16: source 'a' of dataset voice_recordings is listed twice\n"
        "        - {name: a, files: b.csv}\n"
        "                 ^");
  CHECK(error_of(sources + "    sources:\n      - {name: a}\n") ==
        "lethe.yaml:5:9: source 'a' needs 'files'\n"
        "        - {name: a}\n"
        "          ^");
}
