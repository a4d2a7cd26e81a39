// End-to-end tests of `lethe rules validate|list|explain`.
#include <catch2/catch.hpp>

#include "support/run_lethe.hpp"

using lethe::test::run_lethe;
using lethe::test::TempDir;

TEST_CASE("rules validate: the bundled rules are valid", "[e2e][rules]") {
  auto result = run_lethe({"rules", "validate"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Matches("\\d+ rules? valid\n"));
}

TEST_CASE("rules validate: every error, with location, caret and hint, exit 2", "[e2e][rules]") {
  auto result = run_lethe({"rules", "validate", "tests/rules/invalid/01-unknown-field.yaml",
                           "tests/rules/invalid/22-chained-comparison.yaml"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "tests/rules/invalid/01-unknown-field.yaml:4:10: unknown field 'last_activ_at' of dataset "
        "child_profiles\n"
        "  where: p.last_activ_at < as_of\n"
        "           ^\n"
        "hint: did you mean 'last_active_at'?\n"
        "tests/rules/invalid/22-chained-comparison.yaml:4:31: expected 'and', 'or' or end of "
        "expression, got '<'\n"
        "  where: d.requested_at < as_of < d.completed_at\n"
        "                                ^\n"
        "2 errors in rules\n");
}

TEST_CASE("rules validate: a folder, duplicate ids, and a missing path", "[e2e][rules]") {
  TempDir dir;
  std::string rule = "severity: low\nfrom: accounts a\nwhere: a.mfa_enabled\n";
  dir.write("pack/a.yaml", "id: x.same\n" + rule);
  dir.write("pack/b.yaml", "id: x.same\n" + rule);
  dir.write("pack/a.test.yaml", "not: a rule\n");
  auto result = run_lethe({"rules", "validate", dir.path().string()});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        dir.path().string() + "/pack/b.yaml:1:5: duplicate rule id 'x.same' (also in " +
            dir.path().string() + "/pack/a.yaml)\n  id: x.same\n      ^\n1 error in rules\n");
  result = run_lethe({"rules", "validate", "no/such/rules"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "no/such/rules: no such file or folder\n1 error in rules\n");
}

TEST_CASE("rules list in text, JSON and Markdown", "[e2e][rules]") {
  TempDir dir;
  dir.write("b.yaml",
            "id: pack.bravo\ntitle: Bravo | pipes\nseverity: critical\nfrom: voice_recordings r\n"
            "where: exists(deletion_requests d where d.account_id = r.account_id)\n");
  dir.write("a.yaml",
            "id: pack.alpha\ntitle: Alpha\nseverity: info\nfrom: accounts a\nwhere: a.mfa_enabled\n"
            "citations: [\"16 CFR 312.10\"]\n");
  auto text = run_lethe({"rules", "list", "--rules", dir.path().string()});
  CHECK(text.exit_code == 0);
  CHECK(text.out ==
        "ID          SEVERITY  DATASETS                             TITLE\n"
        "pack.alpha  info      accounts                             Alpha\n"
        "pack.bravo  critical  voice_recordings, deletion_requests  Bravo | pipes\n");
  auto json = run_lethe({"rules", "list", "--rules", dir.path().string(), "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"id\": \"pack.alpha\",\n      \"severity\": \"info\""));
  CHECK_THAT(json.out, Catch::Contains("\"citations\": [\n        \"16 CFR 312.10\"\n      ]"));
  auto markdown =
      run_lethe({"rules", "list", "--rules", dir.path().string(), "--format", "markdown"});
  CHECK_THAT(markdown.out,
             Catch::Contains("| [`pack.bravo`](#packbravo) | critical | voice_recordings, "
                             "deletion_requests | Bravo \\| pipes |\n"));
  CHECK_THAT(markdown.out, Catch::Contains("\n## pack.alpha\n"));
}

TEST_CASE("rules explain shows parameters in effect and the compiled SQL", "[e2e][rules]") {
  auto result =
      run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--as-of", "2026-11-01",
                 "--param", "amazon.inactive-child-profile.grace_days=120"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::StartsWith("amazon.inactive-child-profile (high)\n"
                               "Inactive child profile kept past 18 months\n"
                               "File: rules/amazon-alexa-order/inactive-child-profile.yaml\n"));
  CHECK_THAT(result.out, Catch::Contains("  grace_days = 120  (overridden; default 90)\n"));
  CHECK_THAT(result.out,
             Catch::Contains(
                 "  child_profiles: account_id, keep_requested, last_active_at, profile_id\n"));
  CHECK_THAT(result.out, Catch::Contains("  FROM \"child_profiles\" AS \"p\"\n"
                                         "  WHERE \"p\".\"last_active_at\" < ?1\n"));
  // 2026-11-01 - 18 months = 2025-05-01; - 120 days = 2025-01-01.
  CHECK_THAT(result.out, Catch::Contains("  ?1 = timestamp('2025-01-01T00:00:00Z')  -- as_of - "
                                         "months(inactive_months) - days(grace_days)\n"));
}

TEST_CASE("rules explain --dialect postgresql shows the SQL run inside PostgreSQL",
          "[e2e][rules]") {
  auto result = run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--as-of",
                           "2026-11-01", "--dialect", "postgresql"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::Contains("SQL (postgresql):\n"
                             "  WITH \"child_profiles\" AS NOT MATERIALIZED (\n"
                             "    SELECT NULLIF(\"profile_id\", '') AS \"profile_id\",\n"));
  CHECK_THAT(result.out, Catch::Contains("           COALESCE(\"keep_requested\", FALSE) AS "
                                         "\"keep_requested\",\n"));
  // A row without its key is no row of the dataset, as in a file.
  CHECK_THAT(result.out,
             Catch::Contains("    FROM \"public\".\"legal_holds\"\n"
                             "    WHERE NOT ((\"hold_id\" IS NULL OR \"hold_id\" = ''))\n"
                             "  )\n  SELECT \"p\"._row,\n"));
  CHECK_THAT(result.out, Catch::Contains("  WHERE \"p\".\"last_active_at\" < $1::bigint\n"));
  CHECK_THAT(result.out, Catch::Contains("  $1::bigint = timestamp('2025-01-31T00:00:00Z')  -- "));
  auto bad =
      run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--dialect", "oracle"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--dialect: oracle not in {sqlite,postgresql}"));
}

TEST_CASE("rules explain: unknown rule, bad parameter", "[e2e][rules]") {
  auto result = run_lethe({"rules", "explain", "amazon.inactive-child-profil"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "no rule 'amazon.inactive-child-profil' (did you mean 'amazon.inactive-child-profile'?)\n");
  result = run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--param",
                      "amazon.inactive-child-profile.grace_days=soon"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "--param amazon.inactive-child-profile.grace_days=soon: expected an integer, got 'soon'\n");
  result = run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--param",
                      "amazon.inactive-child-profile.grace=1"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "--param amazon.inactive-child-profile.grace=1: rule amazon.inactive-child-profile has "
        "no parameter 'grace' (it has inactive_months, grace_days)\n");
  result = run_lethe({"rules", "explain", "amazon.inactive-child-profile", "--as-of", "yesterday"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "--as-of: expected a date such as 2026-11-01 or a date-time such as "
        "2026-11-01T12:00:00Z, got 'yesterday'\n");
}

TEST_CASE("docs/rules.md is what rules list --format markdown prints", "[e2e][rules]") {
  auto result = run_lethe({"rules", "list", "--format", "markdown"});
  REQUIRE(result.exit_code == 0);
  INFO("regenerate with: lethe rules list --format markdown > docs/rules.md");
  CHECK(result.out == lethe::test::read_file(std::string(LETHE_SOURCE_DIR) + "/docs/rules.md"));
}
