// The custom pack sample (samples/custom-pack): a rule pack with a schema.yaml of its own (a
// support_tickets dataset, a field added to video_access_log), rules that count, match and use
// between, their tests with fixture exports, and an export in the client's layout with exactly
// the findings its README lists.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

using lethe::test::check_golden;
using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace {

const std::string k_rules = "samples/custom-pack/rules";
const std::string k_export = "samples/custom-pack/export";

}  // namespace

TEST_CASE("custom pack: its rule tests pass, fixture exports included", "[e2e][samples]") {
  auto result = run_lethe({"test", k_rules});
  CHECK(result.err.empty());
  CHECK(result.out == "12 passed, 0 failed\n");
  CHECK(result.exit_code == 0);
}

TEST_CASE("custom pack: the export's planted findings, read with the pack's schema",
          "[e2e][samples]") {
  auto text =
      run_lethe({"scan", k_export, "--rules", k_rules, "--as-of", "2026-11-01", "--no-progress"});
  CHECK(text.err.empty());
  CHECK(text.exit_code == 1);
  check_golden("samples/custom-pack.txt", text.out);
  auto csv = run_lethe({"scan", k_export, "--rules", k_rules, "--as-of", "2026-11-01", "--format",
                        "csv", "--no-progress"});
  check_golden("samples/custom-pack.csv", csv.out);
}

TEST_CASE("custom pack: a JSON report of it verifies, the pack's schema.yaml in its trail",
          "[e2e][samples]") {
  TempDir dir;
  auto report = dir.path() / "report.json";
  auto scan = run_lethe({"scan", k_export, "--rules", k_rules, "--as-of", "2026-11-01", "--format",
                         "json", "--output", report.string(), "--no-progress"});
  REQUIRE(scan.exit_code == 1);
  CHECK_THAT(lethe::test::read_file(report),
             Catch::Contains("\"path\": \"samples/custom-pack/rules/schema.yaml\""));
  auto verify = run_lethe({"verify", report.string(), k_export});
  CHECK(verify.err.empty());
  CHECK(verify.exit_code == 0);
}

TEST_CASE("custom pack: schema, inspect and explain see what the pack adds", "[e2e][samples]") {
  auto schema = run_lethe({"schema", "--rules", k_rules});
  CHECK(schema.exit_code == 0);
  CHECK_THAT(schema.out, Catch::Contains("  actor_email       string     pii; added by "
                                         "samples/custom-pack/rules/schema.yaml\n"));
  CHECK_THAT(schema.out,
             Catch::EndsWith("support_tickets: Customer support tickets from the client's "
                             "helpdesk, with the employee assigned.\n"
                             "  (added by samples/custom-pack/rules/schema.yaml)\n"
                             "  ticket_id    string     key\n"
                             "  account_id   string\n"
                             "  assignee_id  string\n"
                             "  opened_at    timestamp\n"
                             "  closed_at    timestamp\n"
                             "  subject      string     pii\n\n"));
  // Without the pack, the fields it adds are unknown to a manifest that maps them.
  auto without = run_lethe({"inspect", k_export});
  CHECK(without.exit_code == 2);
  CHECK_THAT(without.err, Catch::StartsWith("lethe.yaml:14:7: unknown field 'actor_email' in "
                                            "dataset video_access_log\n"));
  auto with = run_lethe({"inspect", k_export, "--rules", k_rules});
  CHECK(with.exit_code == 0);
  CHECK_THAT(with.out, Catch::Contains("support_tickets"));
  auto explain = run_lethe({"rules", "explain", "client.bulk-video-viewing", "--rules", k_rules});
  CHECK(explain.exit_code == 0);
  CHECK_THAT(explain.out, Catch::Contains("(SELECT COUNT(DISTINCT \"b\".\"account_id\") FROM "
                                          "\"video_access_log\" AS \"b\" WHERE"));
}

TEST_CASE("two packs that define a field differently: an error naming both places",
          "[e2e][samples]") {
  TempDir dir;
  dir.write("other/schema.yaml",
            "datasets:\n  support_tickets:\n    fields:\n      subject: {type: integer}\n");
  dir.write("other/noop.yaml",
            "id: other.noop\nseverity: low\nfrom: support_tickets t\nwhere: t.subject > 1\n");
  auto result = run_lethe({"rules", "validate", k_rules, (dir.path() / "other").string()});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == (dir.path() / "other").string() +
                          "/schema.yaml:4:16: field 'support_tickets.subject' is defined in "
                          "samples/custom-pack/rules/schema.yaml:16:7 as string, pii; here as "
                          "integer\n"
                          "        subject: {type: integer}\n"
                          "                 ^\n"
                          "hint: a rule pack's schema never changes a field: give it another "
                          "name\n");
}
