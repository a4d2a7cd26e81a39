// End-to-end tests of `lethe init`: a starter manifest for an export, written outside it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/archives.hpp"
#include "support/run_lethe.hpp"

using lethe::test::archive;
using lethe::test::fixture;
using lethe::test::Packing;
using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

// What `lethe init vendor-export` proposes for tests/fixtures/init/vendor-export: vendor column
// names, a date pattern, codes and booleans spelled in words in a CSV file, epoch milliseconds in
// NDJSON, and two files it cannot assign.
constexpr const char* k_expected =
    R"(# A starter manifest for vendor-export, proposed by `lethe init` from the first 200 rows
# of each file. Review every mapping (each TODO is a decision left to you), keep
# it outside the export, and check it with: lethe inspect EXPORT --manifest FILE
version: 1
name: vendor-export
# TODO: timezone: these timestamps have no UTC offset and are read as UTC unless
#   `timezone:` gives their zone (an IANA name or +HH:MM):
#   - crm/customers.csv: Signup Date
datasets:
  accounts:
    files: [crm/customers.csv]
    columns:
      account_id: Customer No
      created_at: {column: Signup Date, format: "%m/%d/%Y"}
      closed_at: Closed
      # TODO: account_type: "C", "E" not among customer, employee: map the codes with values: {CODE: VALUE}
      account_type: Kind
      mfa_enabled: {column: Two Step, values: {"on": "true", "off": "false"}}
  voice_recordings:
    files: [voice/utterances.ndjson]
    columns:
      recording_id: utteranceId
      account_id: customer.id
      device_id: device
      # TODO: recorded_at: check: no column is named like it; "spokenAtMs" is the only timestamp column left
      recorded_at: {column: spokenAtMs, format: "epoch_ms"}
      # TODO: profile_id: no column of the sample fits it (string)
# TODO: files no dataset is proposed for (name one in a dataset's files to read it):
#   - firmware/versions.csv: no dataset fits its name and columns well enough (closest: videos)
#   - notes.txt: lethe cannot tell its format from its name
)";

fs::path init_fixture() {
  return fixture("init");
}

// The fixture's files, as members of an archive.
std::string fixture_zip() {
  std::vector<lethe::test::Member> members;
  fs::path root = init_fixture() / "vendor-export";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file())
      members.emplace_back(fs::relative(entry.path(), root).generic_string(), read_file(entry));
  }
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return archive(Packing::zip, members);
}

}  // namespace

TEST_CASE("init: proposes a whole manifest, every doubt and unassigned file a comment",
          "[e2e][init]") {
  auto result = run_lethe({"init", "vendor-export"}, init_fixture());
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == k_expected);
}

TEST_CASE("init: the proposal is a manifest lethe inspect reads", "[e2e][init]") {
  TempDir temp;
  fs::path manifest = temp.path() / "manifest.yaml";
  auto written = run_lethe({"init", "vendor-export", "-o", manifest.string()}, init_fixture());
  REQUIRE(written.exit_code == 0);
  CHECK(written.out.empty());
  CHECK(read_file(manifest) == k_expected);
  auto inspected =
      run_lethe({"inspect", "vendor-export", "--manifest", manifest.string()}, init_fixture());
  INFO(inspected.err);
  // Loaded, but the codes the TODO names are still to be mapped: rows rejected, no manifest error.
  CHECK(inspected.exit_code == 3);
  CHECK(inspected.out.find("voice_recordings: 2 rows loaded, 0 rejected") != std::string::npos);
  CHECK(inspected.out.find("recorded_at   timestamp  <- spokenAtMs [epoch_ms]  "
                           "2026-01-01T00:00:00Z .. 2026-01-01T01:00:00Z") != std::string::npos);
  CHECK(inspected.out.find("crm/customers.csv:2: account_type: \"C\" is not one of customer, "
                           "employee") != std::string::npos);
}

TEST_CASE("init: the same export gives the same bytes", "[e2e][init]") {
  auto first = run_lethe({"init", "vendor-export"}, init_fixture());
  auto second = run_lethe({"init", "vendor-export"}, init_fixture());
  REQUIRE(first.exit_code == 0);
  CHECK(first.out == second.out);
  // A copy elsewhere, under the same name, too: nothing depends on where the export lies.
  TempDir temp;
  fs::copy(init_fixture() / "vendor-export", temp.path() / "vendor-export",
           fs::copy_options::recursive);
  auto copy = run_lethe({"init", "vendor-export"}, temp.path());
  CHECK(copy.out == first.out);
}

TEST_CASE("init: never writes into the export folder or archive", "[e2e][init]") {
  TempDir temp;
  fs::copy(init_fixture() / "vendor-export", temp.path() / "vendor-export",
           fs::copy_options::recursive);
  auto inside = run_lethe({"init", "vendor-export", "-o", "vendor-export/lethe.yaml"}, temp.path());
  CHECK(inside.exit_code == 2);
  CHECK(inside.out.empty());
  CHECK(inside.err ==
        "lethe init: vendor-export/lethe.yaml is inside the export vendor-export, which stays as "
        "it was delivered\nhint: write the manifest outside it and pass it with --manifest\n");
  CHECK_FALSE(fs::exists(temp.path() / "vendor-export/lethe.yaml"));
  auto nested =
      run_lethe({"init", "vendor-export", "-o", "vendor-export/crm/../m.yaml"}, temp.path());
  CHECK(nested.exit_code == 2);
  CHECK_FALSE(fs::exists(temp.path() / "vendor-export/m.yaml"));

  lethe::test::write_file(temp.path() / "delivery.zip", fixture_zip());
  std::string zip_before = read_file(temp.path() / "delivery.zip");
  auto over_archive = run_lethe({"init", "delivery.zip", "-o", "delivery.zip"}, temp.path());
  CHECK(over_archive.exit_code == 2);
  CHECK(over_archive.err ==
        "lethe init: delivery.zip is inside the export delivery.zip, which stays as it was "
        "delivered\nhint: write the manifest outside it and pass it with --manifest\n");
  CHECK(read_file(temp.path() / "delivery.zip") == zip_before);
}

TEST_CASE("init: reads an archive's members, with the paths a manifest gives them", "[e2e][init]") {
  TempDir temp;
  lethe::test::write_file(temp.path() / "vendor-export.zip", fixture_zip());
  auto result = run_lethe({"init", "vendor-export.zip", "-o", "manifest.yaml"}, temp.path());
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // The same proposal as for the folder: the zip's root is the folder's.
  CHECK(read_file(temp.path() / "manifest.yaml") == k_expected);
  auto inspected =
      run_lethe({"inspect", "vendor-export.zip", "--manifest", "manifest.yaml"}, temp.path());
  CHECK(inspected.exit_code == 3);
  CHECK(inspected.out.find("voice_recordings: 2 rows loaded, 0 rejected") != std::string::npos);
}

TEST_CASE("init: an existing file is replaced only with --force", "[e2e][init]") {
  TempDir temp;
  fs::path manifest = temp.write("manifest.yaml", "mine\n");
  auto refused =
      run_lethe({"init", (init_fixture() / "vendor-export").string(), "-o", manifest.string()});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err == manifest.string() + ": exists; --force replaces it\n");
  CHECK(read_file(manifest) == "mine\n");
  auto forced = run_lethe(
      {"init", (init_fixture() / "vendor-export").string(), "-o", manifest.string(), "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(read_file(manifest) == k_expected);
}

TEST_CASE("init: an export that cannot be read is a usage error", "[e2e][init]") {
  TempDir temp;
  auto missing = run_lethe({"init", "no-such-export"}, temp.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err == "no-such-export: not a folder or an archive (no such file or folder)\n");
}

TEST_CASE("init: --help gives the usage and the exit codes", "[e2e][init]") {
  auto help = run_lethe({"init", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("-o,--output") != std::string::npos);
  CHECK(help.out.find("--force") != std::string::npos);
  CHECK(help.out.find("Exit codes: 0 the manifest was written; 2 usage error, --output inside "
                      "the export or\nexisting (without --force), or an export that cannot be "
                      "read.") != std::string::npos);
}
