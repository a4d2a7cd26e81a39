// Exports delivered as archives, or holding them: each kind of archive, compressed members,
// descent from a folder, --manifest, locations in every report format, verify against an archive,
// and the archives that must stop the audit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/archives.hpp"
#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using lethe::test::archive;
using lethe::test::compress;
using lethe::test::Member;
using lethe::test::Packing;
using lethe::test::run_lethe;
using lethe::test::Squeeze;
using lethe::test::TempDir;

namespace {

const std::string k_accounts =
    "account_id,created_at,closed_at,account_type,mfa_enabled\n"
    "A1,2020-01-01,,customer,no\n";
const std::string k_videos = "video_id,account_id,captured_at,deleted_at\n";

// `lethe scan EXPORT` with the bundled rule that finds A1 (no multi-factor authentication).
lethe::test::RunResult scan_mfa(const fs::path& export_path,
                                std::vector<std::string> options = {}) {
  lethe::test::ScanSetup setup;
  setup.export_dir = export_path;
  setup.rules.clear();
  options.insert(options.begin(), {"--select", "ring.account-without-mfa", "--no-progress"});
  return lethe::test::scan(options, setup);
}

const std::string k_manifest =
    "version: 1\n"
    "datasets:\n"
    "  accounts:\n"
    "    files: [Alexa.zip/Accounts/*.csv.gz]\n"
    "  videos:\n"
    "    files: [Alexa.zip/videos.csv]\n";

// A folder holding a zip of compressed members, with a manifest that reads them.
void write_delivery(TempDir& dir) {
  dir.write("export/lethe.yaml", k_manifest);
  dir.write("export/Alexa.zip",
            archive(Packing::zip, {{"Accounts/part-1.csv.gz", compress(Squeeze::gzip, k_accounts)},
                                   {"Accounts/README.txt", "about the accounts\n"},
                                   {"videos.csv", k_videos}}));
}

// The whole of file `name` in `dir`.
std::string read_file(const TempDir& dir, const std::string& name) {
  std::ifstream in(dir.path() / name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("archives: an export delivered as any kind of archive is read", "[e2e][archive]") {
  const std::vector<std::pair<Packing, std::string>> kinds{
      {Packing::zip, "export.zip"},         {Packing::tar, "export.tar"},
      {Packing::tar_gz, "export.tar.gz"},   {Packing::tgz, "export.tgz"},
      {Packing::tar_xz, "export.tar.xz"},   {Packing::tar_zst, "export.tar.zst"},
      {Packing::tar_bz2, "export.tar.bz2"},
  };
  for (const auto& [packing, name] : kinds) {
    TempDir dir;
    dir.write(name, archive(packing, {{"accounts.csv", k_accounts}, {"videos.csv", k_videos}}));
    auto result = scan_mfa(dir.path() / name);
    INFO(name << "\n" << result.out << result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.empty());
    CHECK_THAT(result.out, Catch::Contains("accounts.csv:2"));
    CHECK_THAT(result.out, Catch::Contains("Rows: 1 loaded, 0 rejected"));
  }
}

TEST_CASE("archives: a folder's archive is descended into, globs and compressed members included",
          "[e2e][archive]") {
  TempDir dir;
  write_delivery(dir);
  auto result = scan_mfa(dir.path() / "export");
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("Alexa.zip/Accounts/part-1.csv.gz:2"));
  // The member no dataset reads is listed like any unread file.
  CHECK_THAT(result.out, Catch::Contains("Alexa.zip/Accounts/README.txt"));

  auto inspect = run_lethe({"inspect", (dir.path() / "export").string()});
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, Catch::Contains("file Alexa.zip/Accounts/part-1.csv.gz (csv)"));

  // The audit trail has the archive, the member as stored and its content.
  auto json = scan_mfa(dir.path() / "export", {"--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"path\": \"Alexa.zip\",\n"));
  CHECK_THAT(json.out, Catch::Contains("\"path\": \"Alexa.zip/Accounts/part-1.csv.gz\",\n"));
  CHECK_THAT(json.out, Catch::Contains("\"uncompressed_sha256\": \""));
}

TEST_CASE("archives: --manifest describes an archive from outside it", "[e2e][archive]") {
  TempDir dir;
  dir.write("delivered.zip",
            archive(Packing::zip, {{"acme/Accounts.csv.zst", compress(Squeeze::zstd, k_accounts)},
                                   {"acme/videos.csv", k_videos}}));
  dir.write("auditor/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [acme/Accounts.csv.zst]\n"
            "  videos:\n    files: ['acme/*.csv']\n");
  auto result = scan_mfa(dir.path() / "delivered.zip",
                         {"--manifest", (dir.path() / "auditor/lethe.yaml").string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("acme/Accounts.csv.zst:2"));

  // Without it, the archive's root has no lethe.yaml and no file named after a dataset.
  auto bare = scan_mfa(dir.path() / "delivered.zip");
  CHECK(bare.exit_code == 2);
  CHECK(bare.err == (dir.path() / "delivered.zip").string() +
                        ": no lethe.yaml and no files named after a dataset (such as accounts.csv "
                        "or voice_recordings.ndjson) at the archive's root\n"
                        "hint: name the files to read in a manifest, given with --manifest\n");

  // A lethe.yaml at the archive's root is used.
  dir.write("with-manifest.tar.gz",
            archive(Packing::tar_gz,
                    {{"lethe.yaml", "version: 1\ndatasets:\n  accounts:\n    files: [a/*.csv]\n"},
                     {"a/accounts.csv", k_accounts}}));
  auto own = scan_mfa(dir.path() / "with-manifest.tar.gz");
  CHECK(own.exit_code == 1);
  CHECK_THAT(own.out, Catch::Contains("a/accounts.csv:2"));
}

TEST_CASE("archives: an archive in an archive is descended into, up to the depth limit",
          "[e2e][archive]") {
  TempDir dir;
  std::string inner = archive(Packing::zip, {{"accounts.csv", k_accounts}});
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [outer.tar/inner.zip/accounts.csv]\n");
  dir.write("export/outer.tar", archive(Packing::tar, {{"inner.zip", inner}}));
  auto result = scan_mfa(dir.path() / "export");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("outer.tar/inner.zip/accounts.csv:2"));

  auto limited = scan_mfa(dir.path() / "export", {"--max-archive-depth", "1"});
  CHECK(limited.exit_code == 2);
  CHECK(limited.err ==
        "outer.tar: member \"inner.zip\": an archive inside an archive 2 levels deep, more than "
        "the max-archive-depth limit (1; raise it with --max-archive-depth)\n");
}

TEST_CASE("archives: locations name the member in every report format", "[e2e][archive]") {
  TempDir dir;
  write_delivery(dir);
  const std::string member = "Alexa.zip/Accounts/part-1.csv.gz";
  const std::vector<std::string> formats{"json",     "sarif", "junit", "github",
                                         "markdown", "csv",   "html"};
  std::vector<std::string> options;
  for (const auto& format : formats) {
    options.push_back("--report");
    options.push_back(format + "=" + (dir.path() / ("report." + format)).string());
  }
  auto result = scan_mfa(dir.path() / "export", options);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains(member + ":2"));
  for (const auto& format : formats) {
    INFO(format);
    CHECK_THAT(read_file(dir, "report." + format), Catch::Contains(member));
  }
  CHECK_THAT(read_file(dir, "report.sarif"), Catch::Contains("\"uri\": \"" + member + "\""));
  CHECK_THAT(read_file(dir, "report.github"), Catch::Contains("/export/" + member + ",line=2"));
}

TEST_CASE("archives: verify names a changed, a missing and an added member", "[e2e][archive]") {
  TempDir dir;
  const std::string manifest =
      "version: 1\ndatasets:\n  accounts:\n    files: ['accounts/*.csv']\n";
  auto zip = [&](std::vector<Member> members) {
    members.insert(members.begin(), Member{"lethe.yaml", manifest});
    dir.write("export.zip", archive(Packing::zip, members));
  };
  zip({{"accounts/part-1.csv", k_accounts}});
  const std::string export_zip = (dir.path() / "export.zip").string();
  const std::string report = (dir.path() / "report.json").string();
  auto scanned = scan_mfa(export_zip, {"--format", "json", "--output", report});
  REQUIRE(scanned.exit_code == 1);

  auto same = run_lethe({"verify", report, export_zip});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("OK       accounts/part-1.csv\n"));
  CHECK_THAT(same.out, Catch::Contains("OK       lethe.yaml\n"));
  CHECK_THAT(same.out, Catch::Contains("OK       " + export_zip + "\n"));

  // The archive and the changed member both differ.
  zip({{"accounts/part-1.csv", k_accounts + "A2,2020-01-01,,customer,no\n"}});
  auto changed = run_lethe({"verify", report, export_zip, "--digests-only"});
  CHECK(changed.exit_code == 1);
  CHECK_THAT(changed.out, Catch::Contains("CHANGED  " + export_zip + " (audited "));
  CHECK_THAT(changed.out, Catch::Contains("CHANGED  accounts/part-1.csv (audited "));
  CHECK_THAT(changed.out, Catch::Contains("OK       lethe.yaml\n"));

  zip({{"accounts/part-1.csv", k_accounts}, {"accounts/part-2.csv", k_accounts}});
  auto added = run_lethe({"verify", report, export_zip, "--digests-only"});
  CHECK(added.exit_code == 1);
  CHECK_THAT(added.out, Catch::Contains("OK       accounts/part-1.csv\n"));
  CHECK_THAT(added.out, Catch::Contains("ADDED    accounts/part-2.csv\n"));

  zip({{"accounts/part-2.csv", k_accounts}});
  auto missing = run_lethe({"verify", report, export_zip, "--digests-only"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.out, Catch::Contains("MISSING  accounts/part-1.csv\n"));
}

TEST_CASE("archives: hostile archives stop the audit, naming the archive and the member",
          "[e2e][archive]") {
  TempDir dir;
  auto scan_zip = [&](const std::string& bytes, std::vector<std::string> options = {}) {
    dir.write("export/accounts.csv", k_accounts);
    dir.write("export/delivery.zip", bytes);
    return scan_mfa(dir.path() / "export", std::move(options));
  };
  auto check_stops = [&](const std::string& bytes, const std::string& message) {
    auto result = scan_zip(bytes);
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.err == message);
  };
  check_stops(archive(Packing::zip, {{"../escape.csv", "x"}}),
              "delivery.zip: member \"../escape.csv\": its path leaves the archive (it is "
              "absolute or has a '..')\n");
  check_stops(archive(Packing::zip, {{"/etc/passwd", "x"}}),
              "delivery.zip: member \"/etc/passwd\": its path leaves the archive (it is absolute "
              "or has a '..')\n");
  check_stops(archive(Packing::tar, {{"link", "", Member::Kind::symbolic_link, "/etc/passwd"}}),
              "delivery.zip: member \"link\": it is a link (to \"/etc/passwd\"); lethe reads no "
              "links in archives\n");
  check_stops(
      archive(Packing::tar, {{"a.csv", "x"}, {"b.csv", "", Member::Kind::hard_link, "a.csv"}}),
      "delivery.zip: member \"b.csv\": it is a link (to \"a.csv\"); lethe reads no links in "
      "archives\n");
  check_stops(archive(Packing::zip_encrypted, {{"secret.csv", k_accounts}}),
              "delivery.zip: member \"secret.csv\": it is encrypted; lethe reads no encrypted "
              "members\n");
  check_stops(archive(Packing::zip, {{"a.csv", "x"}, {"a.csv", "y"}}),
              "delivery.zip: member \"a.csv\": the archive holds two members of this name; which "
              "one is meant cannot be told\n");
  std::string zip = archive(Packing::zip, {{"a.csv", std::string(1000, 'a')}});
  check_stops(zip.substr(0, zip.size() / 2),
              "delivery.zip: member \"a.csv\": Truncated ZIP end-of-file record\n");
  std::string tgz = archive(Packing::tar_gz, {{"a.csv", std::string(100000, 'a')}});
  check_stops(tgz.substr(0, tgz.size() - 20),
              "delivery.zip: cannot read the archive after member 1: Truncated input file (needed "
              "100352 bytes, only 0 available)\n");
  check_stops(std::string("PK\x03\x04", 4) + std::string(200, '\xff'),
              "delivery.zip: cannot read the archive: it is damaged, or not a zip or tar "
              "archive\n");

  // 100,000 members: more than the default limit, told at the first one past it.
  std::vector<Member> many;
  for (int i = 0; i < 100000; ++i)
    many.emplace_back("m/" + std::to_string(i), "");
  check_stops(archive(Packing::tar_gz, many),
              "delivery.zip: holds more members than the max-archive-members limit (50000; raise "
              "it with --max-archive-members)\n");
}

// The ratio limit, which ends a compression bomb after 16 MiB, is tests/hostile/archive-gzip-bomb.
TEST_CASE("archives: a stream that decompresses past its size limit is unreadable from there",
          "[e2e][archive]") {
  TempDir dir;
  dir.write("export/accounts.csv.zst",
            compress(Squeeze::zstd,
                     "account_id,created_at,closed_at,account_type,mfa_enabled\n"
                     "A1,2020-01-01,,customer," +
                         std::string(std::size_t{2} << 20, 'y')));
  dir.write("export/videos.csv", k_videos);
  auto result = scan_mfa(dir.path() / "export", {"--max-decompressed-size", "1MiB"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 3);
  CHECK_THAT(result.out, Catch::Contains("  accounts.csv.zst:2: reading stopped at line 2: "
                                         "decompresses to more than the max-decompressed-size "
                                         "limit (1 MiB; raise it with --max-decompressed-size)\n"));
}
