// Rule tests (`lethe test`): cases beside each rule file (`X.test.yaml` next to `X.yaml`), each
// run through the real loader and engine on inline data, with the exact set of keys it must find.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "data/schema.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

using TestRow = std::map<std::string, std::string>;  // canonical field -> text; absent: null

struct TestCase {
  std::string name;
  int line = 0;                     // where the case starts in the test file
  std::string as_of;                // ISO 8601 date or date-time
  std::vector<std::string> params;  // NAME=VALUE
  std::map<std::string, std::vector<TestRow>> data;
  std::vector<std::string> expect;  // keys, sorted
};

// Reads a test file: a list of cases with name, as_of, optional params, data and expect.
// Unknown keys, datasets and fields are errors `file:line:col: message`.
util::Expected<std::vector<TestCase>> read_test_file(const std::filesystem::path& path,
                                                     const std::string& display_path,
                                                     const data::Schema& schema);

struct CaseResult {
  std::string rule_id;
  std::string test_file;
  TestCase test;
  bool passed = false;
  std::vector<std::string> found;  // keys found, sorted
  std::string problem;             // why it could not run as expected (outcome, rejected rows)
};

struct TestRun {
  std::vector<CaseResult> cases;
  std::vector<std::string> untested;  // rule files without a test file
  std::vector<std::string> errors;    // invalid rules or test files

  size_t passed() const;
  size_t failed() const;  // failing cases and untested rules
};

// Runs the tests of every rule file below `paths` (files or folders).
TestRun run_rule_tests(const std::vector<std::pair<std::filesystem::path, std::string>>& paths,
                       const data::Schema& schema);

}  // namespace lethe::engine
