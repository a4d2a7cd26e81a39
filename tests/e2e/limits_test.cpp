// The resource limits as options of scan and inspect and as keys of the config file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/run_lethe.hpp"

using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace {

const std::string k_header = "account_id,created_at,closed_at,account_type,mfa_enabled\n";

// An export whose first account has a 2 KiB id, and whose A2 is fine.
void write_export(const TempDir& dir) {
  dir.write("export/accounts.csv", k_header + std::string(2048, 't') +
                                       ",2020-01-01,,customer,no\nA2,2020-01-01,,customer,no\n");
}

// `lethe scan` of the export in `dir` with the bundled rule that reads the account type, in
// `working_dir` (default: the source tree).
lethe::test::RunResult scan(const TempDir& dir, std::vector<std::string> more,
                            const std::filesystem::path& working_dir = {}) {
  more.insert(more.begin(), {"--select", "ring.account-without-mfa"});
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  setup.as_of = "2026-12-01";
  setup.working_dir = working_dir;
  return lethe::test::scan(more, setup);
}

const std::string k_rejected_a1 =
    "accounts.csv:2: account_id: value of 2048 bytes, longer than the max-field-size limit (1 "
    "KiB; raise it with --max-field-size)";

}  // namespace

TEST_CASE("limits: an option lowers or raises a limit, and the message names it", "[e2e][limits]") {
  TempDir dir;
  write_export(dir);
  auto lowered = scan(dir, {"--max-field-size", "1KiB"});
  CHECK(lowered.exit_code == 3);
  CHECK_THAT(lowered.out, Catch::Contains("  " + k_rejected_a1 + "\n"));
  auto exact = scan(dir, {"--max-field-size", "2048"});
  CHECK(exact.exit_code == 1);
  CHECK_THAT(exact.out, Catch::Contains("Rows: 2 loaded, 0 rejected"));

  auto json = scan(dir, {"--max-field-size", "1KiB", "--max-glob-files", "7", "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("  \"limits\": {\n"
                                       "    \"max_field_size\": 1024,\n"
                                       "    \"max_record_size\": 268435456,\n"
                                       "    \"max_nesting_depth\": 64,\n"
                                       "    \"max_glob_files\": 7,\n"
                                       "    \"max_archive_members\": 50000,\n"
                                       "    \"max_archive_depth\": 2,\n"
                                       "    \"max_decompressed_size\": 68719476736,\n"
                                       "    \"max_compression_ratio\": 200\n"
                                       "  },\n"));

  auto inspect = run_lethe({"inspect", (dir.path() / "export").string(), "--max-field-size", "1K"});
  CHECK(inspect.exit_code == 3);
  CHECK_THAT(inspect.out, Catch::Contains(k_rejected_a1));
}

TEST_CASE("limits: a bad value is a usage error naming the option", "[e2e][limits]") {
  TempDir dir;
  write_export(dir);
  auto bad = scan(dir, {"--max-nesting-depth", "deep"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err == "--max-nesting-depth: expected a whole number of at least 1, got \"deep\"\n");
  auto zero = run_lethe({"inspect", (dir.path() / "export").string(), "--max-field-size", "0"});
  CHECK(zero.exit_code == 2);
  CHECK(zero.err == "--max-field-size: a size of 0 leaves nothing to read\n");
}

TEST_CASE("limits: the config file sets them and the command line wins", "[e2e][limits]") {
  TempDir dir;
  write_export(dir);
  dir.write("lethe.config.yaml", "version: 1\nlimits:\n  max_field_size: 1KiB\n");
  auto from_config = scan(dir, {}, dir.path());
  CHECK(from_config.exit_code == 3);
  CHECK_THAT(from_config.out, Catch::Contains(k_rejected_a1));
  auto overridden = scan(dir, {"--max-field-size", "4KiB"}, dir.path());
  CHECK(overridden.exit_code == 1);

  dir.write("lethe.config.yaml", "version: 1\nlimits:\n  max_field_size: huge\n");
  auto bad_value = scan(dir, {}, dir.path());
  CHECK(bad_value.exit_code == 2);
  CHECK(bad_value.err ==
        "lethe.config.yaml:3:19: max_field_size: expected a size such as 16MiB or 1048576, got "
        "\"huge\"\n"
        "    max_field_size: huge\n"
        "                    ^\n");
  dir.write("lethe.config.yaml", "version: 1\nlimits:\n  max_files: 5\n");
  auto bad_name = scan(dir, {}, dir.path());
  CHECK(bad_name.exit_code == 2);
  CHECK(bad_name.err ==
        "lethe.config.yaml:3:3: unknown limit 'max_files'\n"
        "    max_files: 5\n"
        "    ^\n"
        "hint: limits: max-field-size, max-record-size, max-nesting-depth, max-glob-files, "
        "max-archive-members, max-archive-depth, max-decompressed-size, max-compression-ratio\n");
}

TEST_CASE("limits: a glob over max-glob-files stops the audit before it starts", "[e2e][limits]") {
  TempDir dir;
  for (int i = 0; i < 4; ++i)
    dir.write("export/parts/p" + std::to_string(i) + ".csv", k_header);
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [\"parts/*.csv\"]\n");
  auto over = scan(dir, {"--max-glob-files", "3"});
  CHECK(over.exit_code == 2);
  CHECK(over.err ==
        "lethe.yaml:4:13: 'parts/*.csv' matches more files than the max-glob-files limit (3; "
        "raise it with --max-glob-files)\n");
  CHECK(scan(dir, {"--max-glob-files", "4"}).exit_code == 0);
}
