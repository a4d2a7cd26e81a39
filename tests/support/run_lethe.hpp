// Running the built `lethe` executable from end-to-end tests, and the golden reports they check.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace lethe::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `lethe` with `args` in `working_dir` (default: the source tree), with NO_COLOR set and
// no terminal, and captures both streams.
// Runs lethe with NO_COLOR=1, without TERM and with COLUMNS=0 (text never wrapped), then `env`:
// NAME=VALUE sets a variable, a NAME alone removes it.
RunResult run_lethe(const std::vector<std::string>& args,
                    const std::filesystem::path& working_dir = {},
                    const std::vector<std::string>& env = {});

// A path below the source tree.
std::filesystem::path source_path(const std::string& relative);

// A fixture export folder below tests/fixtures.
std::filesystem::path fixture(const std::string& relative);

// What `scan` audits: by default the scan fixture (its export and rules, as paths relative to
// the source tree, the way its golden reports name them) at 2026-11-01.
struct ScanSetup {
  std::filesystem::path export_dir = "tests/fixtures/scan/export";
  std::filesystem::path rules = "tests/fixtures/scan/rules";  // empty: the bundled rules
  std::string as_of = "2026-11-01";
  std::filesystem::path working_dir;  // empty: the source tree
};

// The arguments of `lethe scan EXPORT [--rules RULES] --as-of AS_OF OPTIONS...`.
std::vector<std::string> scan_args(const std::vector<std::string>& options,
                                   const ScanSetup& setup = {});

// Runs `lethe scan EXPORT [--rules RULES] --as-of AS_OF OPTIONS...` in the setup's folder.
RunResult scan(const std::vector<std::string>& options, const ScanSetup& setup = {});

// The golden reports: tests/golden, or LETHE_GOLDEN_DIR when set.
std::filesystem::path golden_dir();

// Compares `actual` with the golden file NAME; with LETHE_UPDATE_GOLDEN=1 in the environment,
// writes it instead (review the diff before committing), unless CI is set (CI=true): then the
// check fails, since nothing would be checked. The source folder's path is written
// $LETHE_SOURCE_DIR in both.
void check_golden(const std::string& name, const std::string& actual);

}  // namespace lethe::test
