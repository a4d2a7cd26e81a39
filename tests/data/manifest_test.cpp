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
