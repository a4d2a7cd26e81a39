// Rule tests (`lethe test`): cases beside each rule file (`X.test.yaml` next to `X.yaml`), each
// run through the real loader and engine on inline rows or on a fixture export, with the outcome,
// the keys and (where given) the messages it must end with. docs/rule-tests.md is the format.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/schema.hpp"
#include "engine/finding.hpp"
#include "rules/rule.hpp"
#include "util/diagnostic.hpp"
#include "util/expected.hpp"
#include "util/yaml_file.hpp"

namespace lethe::engine {

// One inline row, with where each of its values is in the test file, so that the loader's
// diagnostics about it can point there.
struct TestRow {
  std::map<std::string, std::string> values;           // canonical field -> text; absent: null
  util::SourceLocation location;                       // the row
  std::map<std::string, util::SourceLocation> fields;  // field -> its value (nulls too)
};

// An `expect` item: a key the rule must find and, when given, the exact message of that finding.
struct ExpectedFinding {
  std::string key;
  std::optional<std::string> message;
};

struct TestCase {
  std::string name;
  int line = 0;                     // where the case starts in the test file
  std::string as_of;                // ISO 8601 date or date-time
  std::vector<std::string> params;  // NAME=VALUE, checked against the rule's parameters
  std::map<std::string, std::vector<TestRow>> data;
  util::SourceLocation data_location;   // of `data` (or of the case without it)
  std::filesystem::path export_path;    // `export:` a fixture export to open; empty: `data`
  std::string export_display;           // the fixture as shown in messages
  Outcome outcome = Outcome::passed;    // given, or failed/passed by whether expect has keys
  std::optional<std::string> reason;    // RuleResult::reason, when given
  std::vector<ExpectedFinding> expect;  // sorted by key
};

// A test file read, kept with its text so that the loader's diagnostics about inline rows can be
// shown at their line in it.
struct TestFile {
  util::YamlFile yaml;
  std::vector<TestCase> cases;
};

// Reads the test file of `rule`: a list of cases (docs/rule-tests.md). Unknown keys, datasets,
// fields and parameters, and data of datasets the rule does not read, are errors
// `file:line:col: message` with the source line and a caret.
util::Expected<TestFile> read_test_file(const std::filesystem::path& path,
                                        const std::string& display_path, const data::Schema& schema,
                                        const rules::Rule& rule);

// A finding of a case's run: its key and rendered message (pii revealed).
struct FoundFinding {
  std::string key;
  std::string message;
};

// What the loader could not read of a case's rows.
enum class RejectionKind { row, file };

struct Rejection {
  RejectionKind kind = RejectionKind::row;
  // `path:line:col: message` at the test file's row (with its source line and a caret), or
  // `path:line: message` in the fixture export's file.
  std::string text;
};

// How a case ended: as expected, not as expected, or unable to run at all (its fixture export
// cannot be read, say).
enum class CaseStatus { passed, failed, error };

// One way a run differs from what its case expects.
enum class MismatchKind {
  rejected,  // the loader rejected rows or files (CaseResult::rejected); only incomplete expects it
  outcome,
  reason,
  keys,
  message,      // of the finding with `key`
  row_filters,  // the rule ends otherwise with another way of storing rows (named by `key`)
};

struct Mismatch {
  MismatchKind kind = MismatchKind::keys;
  std::string key;  // MismatchKind::message: the finding's key; row_filters: the other way
  std::string expected;
  std::string found;
};

struct CaseResult {
  std::string rule_id;
  std::string test_file;
  TestCase test;
  CaseStatus status = CaseStatus::failed;
  Outcome outcome = Outcome::passed;
  std::string reason;
  std::vector<FoundFinding> found;   // sorted by key
  std::vector<Rejection> rejected;   // what the loader could not read
  std::vector<Mismatch> mismatches;  // empty when the case passed
  std::string problem;               // CaseStatus::error: why the case could not run

  // The keys found, sorted.
  std::vector<std::string> found_keys() const;
};

// What became of one rule file.
enum class FileStatus {
  tested,    // its test file was read and its cases run
  untested,  // it has no test file beside it
  invalid,   // the rule, its test file or the path given is invalid (FileRun::error)
};

struct FileRun {
  std::string rule_file;  // as displayed
  std::string test_file;  // as displayed; the path given when it does not exist
  std::string rule_id;    // "" when the rule could not be read
  FileStatus status = FileStatus::tested;
  std::string error;  // FileStatus::invalid: the complete message
  std::vector<CaseResult> cases;
};

struct TestRun {
  std::vector<FileRun> files;  // in the order run

  size_t passed() const;
  size_t failed() const;    // cases that did not pass (failed or error), and untested rules
  bool has_errors() const;  // an invalid file, or a case that could not run
};

// Runs the tests of every rule file below `paths` (files or folders).
TestRun run_rule_tests(const std::vector<std::pair<std::filesystem::path, std::string>>& paths,
                       const data::Schema& schema);

}  // namespace lethe::engine
