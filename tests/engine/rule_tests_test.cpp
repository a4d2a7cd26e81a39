// Rule tests: reading test files (defaults, expected outcomes and messages, parameters, inline
// rows with where each value is, fixture exports; every error as `path:line:col: message` with
// its source line and caret), and running cases (a rejected inline row shown at its value).
#include "engine/rule_tests.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rules/rule_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace lethe;
using lethe::test::TempDir;

namespace {

// The rule every test file here belongs to: it reads voice_recordings and deletion_requests and
// has an integer and a list parameter.
const rules::Rule& voice_rule() {
  static const rules::Rule rule = *test::rule_from_yaml(
      "id: t.voice\n"
      "severity: low\n"
      "params: {grace_days: 30, scopes: [voice, all]}\n"
      "from: voice_recordings r\n"
      "where: >\n"
      "  exists(deletion_requests d where d.account_id = r.account_id and d.scope in scopes\n"
      "         and d.requested_at <= as_of - days(grace_days))\n"
      "message: \"recording {r.recording_id}\"\n");
  return rule;
}

// Reads `yaml` as a test file of voice_rule(), named t.test.yaml in messages, in `dir`.
util::Expected<engine::TestFile> read_tests_in(const TempDir& dir, const std::string& yaml) {
  return engine::read_test_file(dir.write("t.test.yaml", yaml), "t.test.yaml",
                                test::bundled_schema(), voice_rule());
}

util::Expected<engine::TestFile> read_tests(const std::string& yaml) {
  TempDir dir;
  return read_tests_in(dir, yaml);
}

// The error reading `yaml` gives ("" when it reads).
std::string test_file_error(const std::string& yaml) {
  auto file = read_tests(yaml);
  return file ? std::string() : file.error().message;
}

std::vector<std::string> expected_keys(const engine::TestCase& test) {
  std::vector<std::string> keys;
  for (const auto& expected : test.expect)
    keys.push_back(expected.key);
  return keys;
}

struct TestFileErrorCase {
  std::string name;
  std::string yaml;
  std::string message;  // the whole error
};

}  // namespace

TEST_CASE("rule tests: the outcome defaults to failed with keys, passed without", "[rule_tests]") {
  auto file = read_tests(
      "- name: finds two\n"
      "  as_of: 2026-11-01\n"
      "  expect: [R2, R1]\n"
      "- name: finds none\n"
      "  as_of: 2026-11-01T12:00:00Z\n"
      "  expect: []\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  REQUIRE(file->cases.size() == 2);
  const auto& two = file->cases[0];
  CHECK(two.name == "finds two");
  CHECK(two.line == 1);
  CHECK(two.as_of == "2026-11-01");
  CHECK(two.outcome == engine::Outcome::failed);
  CHECK(expected_keys(two) == std::vector<std::string>{"R1", "R2"});
  CHECK_FALSE(two.reason);
  CHECK(two.export_path.empty());
  const auto& none = file->cases[1];
  CHECK(none.line == 4);
  CHECK(none.outcome == engine::Outcome::passed);
  CHECK(none.expect.empty());
}

TEST_CASE("rule tests: an outcome without findings needs no expect; a reason is kept",
          "[rule_tests]") {
  auto file = read_tests(
      "- name: not yet\n"
      "  as_of: 2020-01-01\n"
      "  outcome: not_in_force\n"
      "  reason: in force from 2023-07-19\n"
      "- {name: no holds, as_of: 2026-11-01, outcome: not_applicable, expect: []}\n"
      "- {name: bad rows, as_of: 2026-11-01, outcome: incomplete}\n"
      "- {name: finds, as_of: 2026-11-01, outcome: failed, expect: [R1]}\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  REQUIRE(file->cases.size() == 4);
  CHECK(file->cases[0].outcome == engine::Outcome::not_in_force);
  CHECK(file->cases[0].reason == std::optional<std::string>("in force from 2023-07-19"));
  CHECK(file->cases[0].expect.empty());
  CHECK(file->cases[1].outcome == engine::Outcome::not_applicable);
  CHECK(file->cases[2].outcome == engine::Outcome::incomplete);
  CHECK(file->cases[3].outcome == engine::Outcome::failed);
}

TEST_CASE("rule tests: expect mixes keys and {key, message} items, sorted by key", "[rule_tests]") {
  auto file = read_tests(
      "- name: messages\n"
      "  as_of: 2026-11-01\n"
      "  expect:\n"
      "    - R3\n"
      "    - {key: R1, message: \"recording R1\"}\n"
      "    - key: R2\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  const auto& expect = file->cases.at(0).expect;
  REQUIRE(expect.size() == 3);
  CHECK(expect[0].key == "R1");
  CHECK(expect[0].message == std::optional<std::string>("recording R1"));
  CHECK(expect[1].key == "R2");
  CHECK_FALSE(expect[1].message);
  CHECK(expect[2].key == "R3");
  CHECK_FALSE(expect[2].message);
}

TEST_CASE("rule tests: params become NAME=VALUE overrides, a list joined with commas",
          "[rule_tests]") {
  auto file = read_tests(
      "- name: overrides\n"
      "  as_of: 2026-11-01\n"
      "  params: {grace_days: 0, scopes: [voice, video]}\n"
      "  expect: []\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  CHECK(file->cases.at(0).params == std::vector<std::string>{"grace_days=0", "scopes=voice,video"});
}

TEST_CASE("rule tests: inline rows keep where the row and each of its values are", "[rule_tests]") {
  auto file = read_tests(
      "- name: rows\n"
      "  as_of: 2026-11-01\n"
      "  data:\n"
      "    voice_recordings:\n"
      "      - {recording_id: R1, profile_id: ~, recorded_at: \"2026-05-01T00:00:00Z\"}\n"
      "      - recording_id: R2\n"
      "        account_id: A1\n"
      "  expect: []\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  const auto& test = file->cases.at(0);
  CHECK(test.data_location.line == 3);
  CHECK(test.data_location.column == 3);
  const auto& rows = test.data.at("voice_recordings");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].values == std::map<std::string, std::string>{
                              {"recording_id", "R1"}, {"recorded_at", "2026-05-01T00:00:00Z"}});
  CHECK(rows[0].location.line == 5);
  CHECK(rows[0].location.column == 9);
  // A null value is no value, but where it is written is kept.
  REQUIRE(rows[0].fields.count("profile_id") == 1);
  CHECK(rows[0].fields.at("profile_id").column == 40);
  CHECK(rows[0].fields.at("recorded_at").line == 5);
  CHECK(rows[0].fields.at("recorded_at").column == 56);
  CHECK(rows[1].location.line == 6);
  CHECK(rows[1].location.column == 9);
  CHECK(rows[1].fields.at("account_id").line == 7);
  CHECK(rows[1].fields.at("account_id").column == 21);
  CHECK(rows[1].fields.at("account_id").path == "t.test.yaml");
}

TEST_CASE("rule tests: export names a fixture relative to the test file's folder", "[rule_tests]") {
  TempDir dir;
  dir.write("fixtures/voice/voice_recordings.csv", "recording_id\n");
  auto file = read_tests_in(dir,
                            "- name: fixture\n"
                            "  as_of: 2026-11-01\n"
                            "  export: ./fixtures/voice\n"
                            "  expect: []\n");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  const auto& test = file->cases.at(0);
  CHECK(test.export_path == dir.path() / "./fixtures/voice");
  CHECK(test.export_display == "fixtures/voice");
  CHECK(test.data.empty());
}

TEST_CASE("rule tests: every error in a test file, with location, caret and hint", "[rule_tests]") {
  const std::vector<TestFileErrorCase> cases = {
      {"an unknown key in an expect mapping",
       "- name: x\n  as_of: 2026-11-01\n  expect:\n    - {key: R1, mesage: recording R1}\n",
       "t.test.yaml:4:17: unknown key 'mesage' in an item of expect\n"
       "      - {key: R1, mesage: recording R1}\n"
       "                  ^\n"
       "hint: did you mean 'message'?"},
      {"an expect mapping without key",
       "- name: x\n  as_of: 2026-11-01\n  expect:\n    - message: recording R1\n",
       "t.test.yaml:4:7: an item of expect needs 'key'\n"
       "      - message: recording R1\n"
       "        ^"},
      {"an expect item that is a list", "- name: x\n  as_of: 2026-11-01\n  expect: [[R1]]\n",
       "t.test.yaml:3:12: an item of expect must be a key or {key: KEY, message: TEXT}\n"
       "    expect: [[R1]]\n"
       "             ^"},
      {"an unknown outcome", "- name: x\n  as_of: 2026-11-01\n  outcome: not_in_forse\n",
       "t.test.yaml:3:12: unknown outcome 'not_in_forse'\n"
       "    outcome: not_in_forse\n"
       "             ^\n"
       "hint: did you mean 'not_in_force'?"},
      {"an outcome far from every name", "- name: x\n  as_of: 2026-11-01\n  outcome: skipped\n",
       "t.test.yaml:3:12: unknown outcome 'skipped'\n"
       "    outcome: skipped\n"
       "             ^\n"
       "hint: outcomes: passed, failed, not_applicable, not_in_force, error, incomplete"},
      {"outcome failed without keys",
       "- name: x\n  as_of: 2026-11-01\n  outcome: failed\n  expect: []\n",
       "t.test.yaml:4:11: a failed rule finds something: list the keys in 'expect'\n"
       "    expect: []\n"
       "            ^"},
      {"keys with an outcome that finds nothing",
       "- name: x\n  as_of: 2026-11-01\n  outcome: not_in_force\n  expect: [R1]\n",
       "t.test.yaml:4:11: a rule that ends not_in_force finds nothing: 'expect' must be [] or left "
       "out\n"
       "    expect: [R1]\n"
       "            ^"},
      {"neither expect nor outcome", "- name: x\n  as_of: 2026-11-01\n",
       "t.test.yaml:1:3: a test case needs 'expect' (the keys it must find, or []) or 'outcome'\n"
       "  - name: x\n"
       "    ^"},
      {"a reason that is not text",
       "- {name: x, as_of: 2026-11-01, outcome: passed, reason: [a]}\n",
       "t.test.yaml:1:57: 'reason' must be a single value\n"
       "  - {name: x, as_of: 2026-11-01, outcome: passed, reason: [a]}\n"
       "                                                          ^"},
      {"data and export together",
       "- name: x\n  as_of: 2026-11-01\n  data: {}\n  export: fixtures/x\n  expect: []\n",
       "t.test.yaml:4:3: a test case takes 'data' or 'export', not both\n"
       "    export: fixtures/x\n"
       "    ^"},
      {"an export fixture that is not there",
       "- name: x\n  as_of: 2026-11-01\n  export: fixtures/none\n  expect: []\n",
       "t.test.yaml:3:11: no export fixture 'fixtures/none'\n"
       "    export: fixtures/none\n"
       "            ^\n"
       "hint: a folder or archive, relative to the test file's folder"},
      {"a parameter the rule does not have",
       "- name: x\n  as_of: 2026-11-01\n  params:\n    grace_dayz: 3\n  expect: []\n",
       "t.test.yaml:4:5: rule t.voice has no parameter 'grace_dayz'\n"
       "      grace_dayz: 3\n"
       "      ^\n"
       "hint: did you mean 'grace_days'?"},
      {"a parameter far from every name",
       "- name: x\n  as_of: 2026-11-01\n  params: {window: 3}\n  expect: []\n",
       "t.test.yaml:3:12: rule t.voice has no parameter 'window'\n"
       "    params: {window: 3}\n"
       "             ^\n"
       "hint: it has: grace_days, scopes"},
      {"a parameter value of the wrong type",
       "- name: x\n  as_of: 2026-11-01\n  params:\n    grace_days: soon\n  expect: []\n",
       "t.test.yaml:4:17: parameter grace_days: expected an integer, got 'soon'\n"
       "      grace_days: soon\n"
       "                  ^"},
      {"a parameter value that is a mapping",
       "- name: x\n  as_of: 2026-11-01\n  params:\n    scopes: {a: b}\n  expect: []\n",
       "t.test.yaml:4:13: a parameter's value must be a single value or a list\n"
       "      scopes: {a: b}\n"
       "              ^"},
      {"data of a dataset the rule does not read",
       "- name: x\n  as_of: 2026-11-01\n  data:\n    accounts: []\n  expect: []\n",
       "t.test.yaml:4:5: rule t.voice does not read accounts\n"
       "      accounts: []\n"
       "      ^\n"
       "hint: it reads voice_recordings, deletion_requests"},
      {"an unknown field",
       "- name: x\n  as_of: 2026-11-01\n  data:\n    voice_recordings:\n"
       "      - {recording_id: R1, recorded: x}\n  expect: []\n",
       "t.test.yaml:5:28: unknown field 'recorded' of dataset voice_recordings\n"
       "        - {recording_id: R1, recorded: x}\n"
       "                             ^\n"
       "hint: did you mean 'recorded_at'?"},
      {"an unknown key in a case", "- name: x\n  as_of: 2026-11-01\n  outcomes: passed\n",
       "t.test.yaml:3:3: unknown key 'outcomes' in a test case\n"
       "    outcomes: passed\n"
       "    ^\n"
       "hint: did you mean 'outcome'?"},
      {"a bad as_of", "- {name: x, as_of: yesterday, expect: []}\n",
       "t.test.yaml:1:20: as_of must be an ISO 8601 date or date-time\n"
       "  - {name: x, as_of: yesterday, expect: []}\n"
       "                     ^"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      CHECK(test_file_error(c.yaml) == c.message);
    }
  }
}

TEST_CASE("rule tests: a rejected inline row is reported at its value in the test file",
          "[rule_tests]") {
  TempDir dir;
  dir.write("pack/voice.yaml",
            "id: t.old\nseverity: low\nfrom: voice_recordings r\n"
            "where: r.recorded_at < as_of\n");
  // The first row's value spans three lines of the CSV file the loader reads: the rows after
  // it are still told apart.
  dir.write("pack/voice.test.yaml",
            "- name: rows\n"
            "  as_of: 2026-11-01\n"
            "  data:\n"
            "    voice_recordings:\n"
            "      - {recording_id: R1, device_id: \"line one\\nline two\\nline three\"}\n"
            "      - {recording_id: R2, recorded_at: \"2026-02-30\"}\n"
            "      - {recording_id: R3, recorded_at: \"2026-01-01\"}\n"
            "      - {device_id: D1}\n"
            "  outcome: incomplete\n");
  auto run = engine::run_rule_tests({{dir.path() / "pack", "pack"}}, test::bundled_schema());
  REQUIRE(run.files.size() == 1);
  INFO(run.files[0].error);
  REQUIRE(run.files[0].cases.size() == 1);
  const auto& result = run.files[0].cases[0];
  INFO(result.problem);
  CHECK(result.outcome == engine::Outcome::failed);
  CHECK(result.found_keys() == std::vector<std::string>{"R3"});
  REQUIRE(result.rejected.size() == 2);
  CHECK(result.rejected[0].kind == engine::RejectionKind::row);
  CHECK(result.rejected[0].text ==
        "pack/voice.test.yaml:6:41: recorded_at: cannot read \"2026-02-30\" as timestamp (format "
        "ISO 8601): 2026-02 has no day 30\n"
        "        - {recording_id: R2, recorded_at: \"2026-02-30\"}\n"
        "                                          ^");
  // No field of the row is named where the key is missing: the row itself is.
  CHECK(result.rejected[1].text ==
        "pack/voice.test.yaml:8:9: recording_id: empty; every row needs its key\n"
        "        - {device_id: D1}\n"
        "          ^");
  // Expecting incomplete allows rejected rows, but this rule still found R3: it failed.
  CHECK(result.status == engine::CaseStatus::failed);
  REQUIRE(result.mismatches.size() == 2);
  CHECK(result.mismatches[0].kind == engine::MismatchKind::outcome);
  CHECK(result.mismatches[1].kind == engine::MismatchKind::keys);
}
