// End-to-end tests of what every command shares (cli/app.cpp): --version with the rule pack's
// digest, each command's help with its exit codes, -o and --color.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"
#include "util/sha256.hpp"

namespace {

namespace fs = std::filesystem;
using lethe::test::run_lethe;
using lethe::test::source_path;

// The pack digest computed here from its definition: SHA-256 over sorted `PATH SHA256` lines.
std::string expected_pack_digest(const fs::path& dir, size_t& rule_files) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      files.push_back(entry.path().lexically_relative(dir).generic_string());
  }
  std::sort(files.begin(), files.end());
  std::string lines;
  rule_files = 0;
  for (const auto& file : files) {
    lines += file + " " + *lethe::util::sha256_file(dir / file) + "\n";
    if (file.ends_with(".yaml") && !file.ends_with(".test.yaml") && !file.ends_with("schema.yaml"))
      ++rule_files;
  }
  return lethe::util::sha256_hex(lines);
}

TEST_CASE("app: --version prints the version, the rule pack's folder, size and digest", "[e2e]") {
  auto version = run_lethe({"--version"});
  CHECK(version.exit_code == 0);
  size_t rule_files = 0;
  std::string digest = expected_pack_digest(source_path("rules"), rule_files);
  CHECK(rule_files == 27);
  std::string first = version.out.substr(0, version.out.find('\n') + 1);
  CHECK_THAT(first, Catch::Matches("lethe [0-9]+\\.[0-9]+\\.[0-9]+\n"));
  CHECK(version.out.substr(first.size()) ==
        "rules: " + source_path("rules").string() + " (27 rule files, sha256 " + digest + ")\n");
}

TEST_CASE("app: every command's help ends with its exit codes", "[e2e]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> commands{
      {{"--help"}, "Exit codes: 0 completed, nothing at or above --fail-on; 1 findings"},
      {{"scan", "--help"}, "Exit codes:\n  0  the audit completed and no finding is at or above"},
      {{"inspect", "--help"}, "Exit codes: 0 every row loaded; 3 rows or files could not be read"},
      {{"schema", "--help"}, "Exit codes: 0 listed; 2 a pack's schema.yaml is invalid.\n"},
      {{"rules", "--help"},
       "Exit codes: 0 done; 2 invalid rules, an unknown rule id, or an invalid --param or --as-of "
       "(nothing shown). See `lethe rules COMMAND --help`.\n"},
      {{"rules", "validate", "--help"},
       "Exit codes: 0 every rule is valid; 2 a rule or pack schema is invalid (each error with "
       "its file, line and column).\n"},
      {{"rules", "list", "--help"}, "Exit codes: 0 listed; 2 a rule or pack schema is invalid.\n"},
      {{"rules", "explain", "--help"},
       "Exit codes: 0 shown; 2 an unknown rule id, an invalid rule, --param or --as-of.\n"},
      {{"test", "--help"}, "Exit codes: 0 every case passed; 1 a case failed or a rule has no"},
      {{"verify", "--help"}, "Exit codes: 0 the report is reproduced; 1 a file changed"},
  };
  for (const auto& [args, exit_codes] : commands) {
    INFO("lethe " << args[0] << " " << (args.size() > 1 ? args[1] : ""));
    auto help = run_lethe(args);
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains(exit_codes));
  }
}

TEST_CASE("app: -o is --output; --color always, never and auto (not a terminal: none)", "[e2e]") {
  lethe::test::TempDir dir;
  fs::path out = dir.path() / "report.txt";
  auto short_option = run_lethe({"scan", "samples/alexa-household", "--as-of", "2026-11-01",
                                 "--no-progress", "-o", out.string()});
  CHECK(short_option.exit_code == 1);
  CHECK(short_option.out.empty());
  CHECK_THAT(lethe::test::read_file(out), Catch::Contains("FAILED: 42 findings"));
  auto scan = [](const std::string& color) {
    return run_lethe({"scan", "samples/alexa-household", "--as-of", "2026-11-01", "--no-progress",
                      "--color", color})
        .out;
  };
  CHECK_THAT(scan("always"), Catch::Contains("\x1b[1;31mFAILED\x1b[0m: 42 findings"));
  CHECK(scan("never").find('\x1b') == std::string::npos);
  CHECK(scan("auto").find('\x1b') == std::string::npos);
  auto wrong = run_lethe({"scan", "samples/alexa-household", "--color", "sometimes"});
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Catch::Contains("--color: sometimes not in {auto,always,never}"));
}

}  // namespace
