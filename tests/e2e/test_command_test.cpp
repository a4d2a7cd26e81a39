// End-to-end tests of `lethe test`: the small rule packs of tests/fixtures/rule-tests (passing/:
// every outcome, fixture exports and messages; failing/: how each kind of failing case reads;
// broken/: a case that cannot run and an invalid test file), in text and JUnit XML.
#include <catch2/catch.hpp>
#include <string>

#include "support/archives.hpp"
#include "support/run_lethe.hpp"

namespace {

using lethe::test::read_file;
using lethe::test::run_lethe;
using lethe::test::TempDir;

const std::string k_packs = "tests/fixtures/rule-tests/";

// What the failing pack prints: a block per failing case, then the untested rule.
const std::string k_failing_text =
    "FAIL tests/fixtures/rule-tests/failing/in-force.test.yaml:1: t.in-force: expects "
    "not_in_force after applies_from\n"
    "  expected outcome: not_in_force\n"
    "  outcome:          passed\n"
    "FAIL tests/fixtures/rule-tests/failing/in-force.test.yaml:7: t.in-force: expects another "
    "reason\n"
    "  expected reason: in force from 2023-01-01\n"
    "  reason:          in force from 2024-01-01\n"
    "FAIL tests/fixtures/rule-tests/failing/message.test.yaml:1: t.message: a message that "
    "differs, and a key not found\n"
    "  expected: R1, R2\n"
    "  found:    R1\n"
    "  expected message of R1: recording R1 of profile P1\n"
    "  message of R1:          recording R1 of child P1\n"
    "FAIL tests/fixtures/rule-tests/failing/rejected.test.yaml:1: t.rejected: rows the loader "
    "rejects fail a case that does not expect incomplete\n"
    "  rejected row: tests/fixtures/rule-tests/failing/rejected.test.yaml:5:41: recorded_at: "
    "cannot read \"2026-13-01T00:00:00Z\" as timestamp (format ISO 8601): there is no month 13\n"
    "          - {recording_id: R1, recorded_at: \"2026-13-01T00:00:00Z\"}\n"
    "                                            ^\n"
    "  rejected row: tests/fixtures/rule-tests/failing/rejected.test.yaml:7:9: recording_id: "
    "empty; every row needs its key\n"
    "          - recorded_at: \"2026-05-01T00:00:00Z\"\n"
    "            ^\n"
    "FAIL tests/fixtures/rule-tests/failing/untested.yaml: no test file beside the rule\n"
    "0 passed, 5 failed\n";

}  // namespace

TEST_CASE("test: every outcome, fixture exports and messages, listed with -v, exit 0",
          "[e2e][test]") {
  auto result = run_lethe({"test", "-v", k_packs + "passing"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "ok   tests/fixtures/rule-tests/passing/after-request.test.yaml:2: t.after-request: "
        "without deletion requests in the export the rule does not apply\n"
        "ok   tests/fixtures/rule-tests/passing/after-request.test.yaml:8: t.after-request: the "
        "custom layout's rows are read as the canonical fields\n"
        "ok   tests/fixtures/rule-tests/passing/after-request.test.yaml:16: t.after-request: "
        "messages are rendered with the fields of the row\n"
        "ok   tests/fixtures/rule-tests/passing/after-request.test.yaml:28: t.after-request: an "
        "unreadable recording date leaves the rule incomplete\n"
        "ok   tests/fixtures/rule-tests/passing/device.test.yaml:2: t.device: a field the export "
        "lacks ends the rule in error\n"
        "ok   tests/fixtures/rule-tests/passing/in-force.test.yaml:2: t.in-force: before "
        "applies_from the rule is not in force\n"
        "ok   tests/fixtures/rule-tests/passing/in-force.test.yaml:9: t.in-force: from "
        "applies_from it finds the old recording\n"
        "ok   tests/fixtures/rule-tests/passing/in-force.test.yaml:16: t.in-force: with keep_days "
        "365 nothing is old enough\n"
        "8 passed, 0 failed\n");
  // Without -v only the count.
  auto quiet = run_lethe({"test", k_packs + "passing"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out == "8 passed, 0 failed\n");
}

TEST_CASE("test: failing cases show the outcome, reason, keys, messages and rows that differ",
          "[e2e][test]") {
  auto result = run_lethe({"test", k_packs + "failing"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out == k_failing_text);
}

TEST_CASE(
    "test: a rejected inline row is shown at its value in the test file, never the "
    "temporary CSV",
    "[e2e][test]") {
  auto result = run_lethe({"test", k_packs + "failing/rejected.yaml"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "FAIL tests/fixtures/rule-tests/failing/rejected.test.yaml:1: t.rejected: rows the "
        "loader rejects fail a case that does not expect incomplete\n"
        "  rejected row: tests/fixtures/rule-tests/failing/rejected.test.yaml:5:41: recorded_at: "
        "cannot read \"2026-13-01T00:00:00Z\" as timestamp (format ISO 8601): there is no month "
        "13\n"
        "          - {recording_id: R1, recorded_at: \"2026-13-01T00:00:00Z\"}\n"
        "                                            ^\n"
        "  rejected row: tests/fixtures/rule-tests/failing/rejected.test.yaml:7:9: recording_id: "
        "empty; every row needs its key\n"
        "          - recorded_at: \"2026-05-01T00:00:00Z\"\n"
        "            ^\n"
        "0 passed, 1 failed\n");
}

TEST_CASE("test: a fixture that cannot be read and an invalid test file are errors, exit 2",
          "[e2e][test]") {
  auto result = run_lethe({"test", k_packs + "broken"});
  CHECK(result.exit_code == 2);
  CHECK(result.out ==
        "ERROR tests/fixtures/rule-tests/broken/manifest.test.yaml:1: t.manifest: a fixture "
        "whose manifest is invalid cannot run\n"
        "  tests/fixtures/rule-tests/exports/bad-manifest/lethe.yaml:5:5: unknown key 'colums' "
        "in a dataset entry\n"
        "        colums:\n"
        "        ^\n"
        "  hint: did you mean 'columns'?\n"
        "0 passed, 1 failed\n");
  CHECK(result.err ==
        "tests/fixtures/rule-tests/broken/missing.test.yaml:3:11: no export fixture "
        "'../exports/no-such-folder'\n"
        "    export: ../exports/no-such-folder\n"
        "            ^\n"
        "hint: a folder or archive, relative to the test file's folder\n");
}

TEST_CASE("test: a fixture export may be an archive, its rejected rows shown in its files",
          "[e2e][test]") {
  TempDir dir;
  dir.write(
      "pack/voice.yaml",
      "id: t.archived\nseverity: low\nfrom: voice_recordings r\nwhere: r.recorded_at < as_of\n");
  dir.write(
      "pack/voice.test.yaml",
      "- name: an archive's rows\n  as_of: 2026-11-01\n  export: layout.zip\n  expect: [R1]\n");
  dir.write("pack/layout.zip",
            lethe::test::archive(lethe::test::Packing::zip,
                                 {{"lethe.yaml",
                                   "version: 1\ndatasets:\n  voice_recordings:\n"
                                   "    files: [Voice/recs.csv]\n    columns:\n"
                                   "      recording_id: Id\n"
                                   "      recorded_at: {column: At, format: epoch_s}\n"},
                                  {"Voice/recs.csv", "Id,At\nR1,1000\nR2,soon\n"}}));
  auto result = run_lethe({"test", "pack"}, dir.path());
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "FAIL pack/voice.test.yaml:1: t.archived: an archive's rows\n"
        "  rejected row: pack/layout.zip/Voice/recs.csv:3: recorded_at: cannot read \"soon\" as "
        "timestamp (format epoch_s)\n"
        "0 passed, 1 failed\n");
}

TEST_CASE("test --format junit: a testsuite per test file, a testcase per case", "[e2e][test]") {
  auto result = run_lethe({"test", "--format", "junit", k_packs + "passing/in-force.yaml",
                           k_packs + "failing/in-force.yaml", k_packs + "failing/untested.yaml",
                           k_packs + "broken"});
  CHECK(result.exit_code == 2);
  // The invalid test file is on stderr as well, as in the text format.
  CHECK(result.err ==
        "tests/fixtures/rule-tests/broken/missing.test.yaml:3:11: no export fixture "
        "'../exports/no-such-folder'\n"
        "    export: ../exports/no-such-folder\n"
        "            ^\n"
        "hint: a folder or archive, relative to the test file's folder\n");
  CHECK(result.out == R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="lethe test" tests="8" failures="3" errors="2">
  <testsuite name="tests/fixtures/rule-tests/passing/in-force.test.yaml" tests="3" failures="0" errors="0">
    <testcase classname="t.in-force" name="before applies_from the rule is not in force" file="tests/fixtures/rule-tests/passing/in-force.test.yaml" line="2"/>
    <testcase classname="t.in-force" name="from applies_from it finds the old recording" file="tests/fixtures/rule-tests/passing/in-force.test.yaml" line="9"/>
    <testcase classname="t.in-force" name="with keep_days 365 nothing is old enough" file="tests/fixtures/rule-tests/passing/in-force.test.yaml" line="16"/>
  </testsuite>
  <testsuite name="tests/fixtures/rule-tests/failing/in-force.test.yaml" tests="2" failures="2" errors="0">
    <testcase classname="t.in-force" name="expects not_in_force after applies_from" file="tests/fixtures/rule-tests/failing/in-force.test.yaml" line="1">
      <failure message="outcome passed, expected not_in_force" type="outcome">FAIL tests/fixtures/rule-tests/failing/in-force.test.yaml:1: t.in-force: expects not_in_force after applies_from
  expected outcome: not_in_force
  outcome:          passed
</failure>
    </testcase>
    <testcase classname="t.in-force" name="expects another reason" file="tests/fixtures/rule-tests/failing/in-force.test.yaml" line="7">
      <failure message="another reason" type="reason">FAIL tests/fixtures/rule-tests/failing/in-force.test.yaml:7: t.in-force: expects another reason
  expected reason: in force from 2023-01-01
  reason:          in force from 2024-01-01
</failure>
    </testcase>
  </testsuite>
  <testsuite name="tests/fixtures/rule-tests/failing/untested.test.yaml" tests="1" failures="1" errors="0">
    <testcase classname="t.untested" name="no test file" file="tests/fixtures/rule-tests/failing/untested.yaml">
      <failure message="no test file beside the rule" type="untested">FAIL tests/fixtures/rule-tests/failing/untested.yaml: no test file beside the rule
</failure>
    </testcase>
  </testsuite>
  <testsuite name="tests/fixtures/rule-tests/broken/manifest.test.yaml" tests="1" failures="0" errors="1">
    <testcase classname="t.manifest" name="a fixture whose manifest is invalid cannot run" file="tests/fixtures/rule-tests/broken/manifest.test.yaml" line="1">
      <error message="tests/fixtures/rule-tests/exports/bad-manifest/lethe.yaml:5:5: unknown key &#39;colums&#39; in a dataset entry" type="error">ERROR tests/fixtures/rule-tests/broken/manifest.test.yaml:1: t.manifest: a fixture whose manifest is invalid cannot run
  tests/fixtures/rule-tests/exports/bad-manifest/lethe.yaml:5:5: unknown key &#39;colums&#39; in a dataset entry
        colums:
        ^
  hint: did you mean &#39;columns&#39;?
</error>
    </testcase>
  </testsuite>
  <testsuite name="tests/fixtures/rule-tests/broken/missing.test.yaml" tests="1" failures="0" errors="1">
    <testcase classname="t.missing" name="tests/fixtures/rule-tests/broken/missing.test.yaml" file="tests/fixtures/rule-tests/broken/missing.test.yaml">
      <error message="tests/fixtures/rule-tests/broken/missing.test.yaml:3:11: no export fixture &#39;../exports/no-such-folder&#39;" type="invalid">tests/fixtures/rule-tests/broken/missing.test.yaml:3:11: no export fixture &#39;../exports/no-such-folder&#39;
    export: ../exports/no-such-folder
            ^
hint: a folder or archive, relative to the test file&#39;s folder
</error>
    </testcase>
  </testsuite>
</testsuites>
)");
}

TEST_CASE("test --format junit --output FILE: the report in FILE, the text on stdout",
          "[e2e][test]") {
  TempDir dir;
  std::string report = (dir.path() / "rule-tests.xml").string();
  auto to_file = run_lethe({"test", "--format", "junit", "--output", report, k_packs + "failing"});
  CHECK(to_file.exit_code == 1);
  CHECK(to_file.err.empty());
  CHECK(to_file.out == k_failing_text);
  auto to_stdout = run_lethe({"test", "--format", "junit", k_packs + "failing"});
  CHECK(to_stdout.exit_code == 1);
  CHECK(read_file(report) == to_stdout.out);
  CHECK_THAT(to_stdout.out,
             Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<testsuites name=\"lethe test\" tests=\"5\" failures=\"5\" "
                               "errors=\"0\">\n"));
  // A text report written to a file leaves stdout empty.
  std::string text = (dir.path() / "rule-tests.txt").string();
  auto text_file = run_lethe({"test", "--output", text, k_packs + "failing"});
  CHECK(text_file.exit_code == 1);
  CHECK(text_file.out.empty());
  CHECK(read_file(text) == k_failing_text);
  // A report that cannot be written is an error.
  auto unwritable = run_lethe(
      {"test", "--output", (dir.path() / "no/such/dir.xml").string(), k_packs + "passing"});
  CHECK(unwritable.exit_code == 2);
  CHECK(unwritable.err ==
        (dir.path() / "no/such/dir.xml").string() + ": cannot write the report\n");
}

TEST_CASE("test: a test file given as the rule is an error whose hint names the rule file, exit 2",
          "[e2e][test]") {
  auto result = run_lethe({"test", k_packs + "failing/message.test.yaml"});
  CHECK(result.exit_code == 2);
  CHECK(result.out == "0 passed, 0 failed\n");
  CHECK(result.err ==
        "tests/fixtures/rule-tests/failing/message.test.yaml:1:1: a rule file must be a mapping\n"
        "  - name: a message that differs, and a key not found\n"
        "  ^\n"
        "hint: this is a rule's test file: give its rule file (X.yaml beside X.test.yaml) or "
        "their folder\n");
}
