#include "rules/sql_emitter.hpp"

#include <catch2/catch.hpp>

#include "rule_test_support.hpp"
#include "rules/postgres_dialect.hpp"
#include "rules/sqlite_dialect.hpp"
#include "util/regex.hpp"
#include "util/timestamp.hpp"

using lethe::rules::compile_rule;
using lethe::rules::sqlite_dialect;
using lethe::test::rule_from_yaml;

namespace {

lethe::rules::CompiledRule compile(const std::string& from, const std::string& where,
                                   const std::string& params = "",
                                   const char* as_of_iso = "2026-11-01",
                                   const lethe::rules::Dialect& dialect = sqlite_dialect()) {
  auto rule = rule_from_yaml("id: t.r\nseverity: low\nfrom: " + from + "\n" + params + "where: \"" +
                             where + "\"\n");
  if (!rule) FAIL(rule.error().message);
  return compile_rule(*rule, *lethe::util::parse_iso8601(as_of_iso, 0), dialect);
}

std::string bindings(const lethe::rules::CompiledRule& compiled) {
  std::string out;
  for (const auto& binding : compiled.bindings) {
    out += binding.value.to_source() + " <- " + binding.source + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("constant sub-expressions are folded into one bound value", "[sql_emitter]") {
  auto compiled = compile("child_profiles p",
                          "p.last_active_at < as_of - months(inactive_months) - days(grace_days) "
                          "and not p.keep_requested",
                          "params: {inactive_months: 18, grace_days: 90}\n");
  CHECK(compiled.sql ==
        "SELECT \"p\".rowid,\n"
        "       \"p\"._file,\n"
        "       \"p\"._line,\n"
        "       \"p\".\"profile_id\",\n"
        "       \"p\".\"last_active_at\",\n"
        "       \"p\".\"keep_requested\"\n"
        "FROM \"child_profiles\" AS \"p\"\n"
        "WHERE \"p\".\"last_active_at\" < ?1\n"
        "  AND NOT \"p\".\"keep_requested\"");
  // 2026-11-01 - 18 months = 2025-05-01; - 90 days = 2025-01-31.
  CHECK(
      bindings(compiled) ==
      "timestamp('2025-01-31T00:00:00Z') <- as_of - months(inactive_months) - days(grace_days)\n");
  CHECK(compiled.evidence_fields == std::vector<std::string>{"last_active_at", "keep_requested"});
}

TEST_CASE("values are always bound, never pasted into the SQL", "[sql_emitter]") {
  auto compiled = compile("deletion_requests d",
                          "d.scope in ('voice', 'it''s; DROP TABLE x') and d.account_id = 'A''1'");
  CHECK(compiled.sql.find("voice") == std::string::npos);
  CHECK(compiled.sql.find("DROP") == std::string::npos);
  CHECK_THAT(compiled.sql,
             Catch::EndsWith("WHERE \"d\".\"scope\" IN (?1, ?2)\n  AND \"d\".\"account_id\" = ?3"));
  CHECK(bindings(compiled) ==
        "'voice' <- 'voice'\n'it''s; DROP TABLE x' <- 'it''s; DROP TABLE x'\n'A''1' <- 'A''1'\n");
}

TEST_CASE("field-dependent durations go through the dialect", "[sql_emitter]") {
  auto compiled = compile(
      "voice_recordings r",
      "exists(retention_policies c where r.recorded_at < as_of - days(c.max_age_days) "
      "and r.recorded_at >= as_of - months(c.max_age_days) and r.recorded_at + years(1) > as_of)");
  CHECK_THAT(
      compiled.sql,
      Catch::EndsWith("WHERE EXISTS (SELECT 1 FROM \"retention_policies\" AS \"c\" WHERE "
                      "\"r\".\"recorded_at\" < (?5 + -\"c\".\"max_age_days\" * 86400) AND "
                      "\"r\".\"recorded_at\" >= lethe_add_months(?6, -\"c\".\"max_age_days\") AND "
                      "lethe_add_months(\"r\".\"recorded_at\", ?7) > ?8)"));
  CHECK(bindings(compiled) ==
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "12 <- years(1) in months\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "12 <- years(1) in months\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n");
}

TEST_CASE("positive exists clauses return their first related row", "[sql_emitter]") {
  auto compiled = compile("voice_recordings r",
                          "exists(deletion_requests d where d.account_id = r.account_id) "
                          "and not exists(legal_holds h where h.account_id = r.account_id)");
  REQUIRE(compiled.related.size() == 1);
  CHECK(compiled.related[0].dataset == "deletion_requests");
  CHECK_THAT(
      compiled.sql,
      Catch::Contains("(SELECT \"d\".rowid FROM \"deletion_requests\" AS \"d\" WHERE "
                      "\"d\".\"account_id\" = \"r\".\"account_id\" ORDER BY \"d\".\"request_id\", "
                      "\"d\".rowid LIMIT 1)"));
  CHECK(compiled.first_related_column() == 5);
}

TEST_CASE("on a server, related rows come from one join of the numbered matches", "[sql_emitter]") {
  auto compiled = compile("voice_recordings r",
                          "r.recorded_at < as_of and exists(deletion_requests d where "
                          "d.account_id = r.account_id)",
                          "", "2026-11-01", lethe::rules::postgres_dialect());
  REQUIRE(compiled.common_tables.size() == 1);
  CHECK(compiled.common_tables[0].first == "lethe_matches");
  CHECK(compiled.common_tables[0].second ==
        "SELECT row_number() OVER () AS _n, \"r\".*\n"
        "FROM \"voice_recordings\" AS \"r\"\n"
        "WHERE \"r\".\"recorded_at\" < $1::bigint\n"
        "  AND EXISTS (SELECT 1 FROM \"deletion_requests\" AS \"d\" WHERE \"d\".\"account_id\" = "
        "\"r\".\"account_id\")");
  CHECK(compiled.sql ==
        "SELECT \"r\"._row,\n"
        "       \"r\"._file,\n"
        "       \"r\"._line,\n"
        "       \"r\".\"recording_id\",\n"
        "       \"r\".\"account_id\",\n"
        "       \"r\".\"recorded_at\",\n"
        "       \"lethe_related_1\"._related\n"
        "FROM \"lethe_matches\" AS \"r\"\n"
        "LEFT JOIN (SELECT DISTINCT ON (\"r\"._n) \"r\"._n, \"d\"._row AS _related FROM "
        "\"lethe_matches\" AS \"r\" JOIN \"deletion_requests\" AS \"d\" ON \"d\".\"account_id\" = "
        "\"r\".\"account_id\" ORDER BY \"r\"._n, \"d\".\"request_id\", \"d\"._row) AS "
        "\"lethe_related_1\" ON \"lethe_related_1\"._n = \"r\"._n");
  // Without a positive exists() there is nothing to join.
  CHECK(
      compile("accounts a", "not a.mfa_enabled", "", "2026-11-01", lethe::rules::postgres_dialect())
          .common_tables.empty());
}

TEST_CASE("on a server, an exists() correlated by one equality is an IN that can be hashed",
          "[sql_emitter]") {
  auto compiled = compile("face_embeddings f",
                          "f.created_at < as_of or exists(videos v where v.video_id = f.video_id "
                          "and v.captured_at < as_of)",
                          "", "2026-11-01", lethe::rules::postgres_dialect());
  // The related join's condition is emitted first ($1); the matches' WHERE is below an OR.
  REQUIRE(compiled.common_tables.size() == 1);
  CHECK_THAT(compiled.common_tables[0].second,
             Catch::EndsWith("WHERE \"f\".\"created_at\" < $2::bigint OR "
                             "COALESCE(\"f\".\"video_id\" IN (SELECT \"v\".\"video_id\" FROM "
                             "\"videos\" AS \"v\" WHERE \"v\".\"video_id\" IS NOT NULL AND "
                             "\"v\".\"captured_at\" < $3::bigint), FALSE)"));
  // A term that reads the outer row besides the equality keeps the EXISTS.
  auto kept = compile("voice_recordings r",
                      "not exists(legal_holds h where h.account_id = r.account_id and "
                      "(h.profile_id is null or h.profile_id = r.profile_id))",
                      "", "2026-11-01", lethe::rules::postgres_dialect());
  CHECK_THAT(kept.sql, Catch::Contains("NOT EXISTS (SELECT 1 FROM \"legal_holds\" AS \"h\" WHERE"));
  // SQLite keeps EXISTS: there the inner field has an index.
  CHECK_THAT(compile("face_embeddings f", "exists(videos v where v.video_id = f.video_id)").sql,
             Catch::Contains("EXISTS (SELECT 1 FROM \"videos\" AS \"v\""));
}

TEST_CASE("empty lists and nulls", "[sql_emitter]") {
  CHECK_THAT(compile("deletion_requests d", "d.scope in s", "params: {s: []}\n").sql,
             Catch::EndsWith("WHERE 0"));
  CHECK_THAT(compile("deletion_requests d", "d.scope not in s", "params: {s: []}\n").sql,
             Catch::EndsWith("WHERE 1"));
  CHECK_THAT(compile("deletion_requests d", "d.scope in ('a', null)").sql,
             Catch::EndsWith("WHERE \"d\".\"scope\" IN (?1, NULL)"));
}

TEST_CASE("top-level and-terms keep the parentheses of an or", "[sql_emitter]") {
  auto compiled = compile("video_access_log a",
                          "not a.customer_consent and (a.purpose is null or a.purpose = 'x')");
  CHECK_THAT(compiled.sql,
             Catch::EndsWith("WHERE NOT \"a\".\"customer_consent\"\n"
                             "  AND (\"a\".\"purpose\" IS NULL OR \"a\".\"purpose\" = ?1)"));
}

TEST_CASE("an exists() over a dataset the target lacks is false", "[sql_emitter]") {
  auto rule = rule_from_yaml(
      "id: t.r\nseverity: low\nfrom: voice_recordings r\nwhere: \"r.recorded_at < as_of and "
      "not exists(legal_holds h where h.account_id = r.account_id)\"\n");
  REQUIRE(rule);
  auto compiled = compile_rule(*rule, *lethe::util::parse_iso8601("2026-11-01", 0),
                               sqlite_dialect(), {"legal_holds"});
  CHECK(compiled.sql ==
        "SELECT \"r\".rowid,\n       \"r\"._file,\n       \"r\"._line,\n"
        "       \"r\".\"recording_id\",\n       \"r\".\"account_id\",\n"
        "       \"r\".\"recorded_at\"\nFROM \"voice_recordings\" AS \"r\"\n"
        "WHERE \"r\".\"recorded_at\" < ?1\n  AND NOT 0");
}

TEST_CASE("only datasets read under an odd number of nots exempt", "[sql_emitter]") {
  auto exempting = [](const std::string& where) {
    auto rule = rule_from_yaml("id: t.r\nseverity: low\nfrom: voice_recordings r\nwhere: \"" +
                               where + "\"\n");
    if (!rule) FAIL(rule.error().message);
    return rule->exempting_datasets();
  };
  using Names = std::vector<std::string>;
  CHECK(exempting("not exists(legal_holds h where h.account_id = r.account_id)") ==
        Names{"legal_holds"});
  CHECK(exempting("exists(deletion_requests d where d.account_id = r.account_id and not "
                  "exists(legal_holds h where h.account_id = d.account_id))") ==
        Names{"legal_holds"});
  // Twice negated, a dataset is needed again: without it, nothing could match.
  CHECK(exempting("not (r.recorded_at > as_of and not exists(deletion_requests d where "
                  "d.account_id = r.account_id))")
            .empty());
  // Read both ways, it is needed.
  CHECK(exempting("exists(legal_holds a where a.account_id = r.account_id) and not "
                  "exists(legal_holds b where b.profile_id = r.profile_id)")
            .empty());
  CHECK(exempting("r.recorded_at < as_of").empty());
}

TEST_CASE("between, like, matches and string functions in both dialects", "[sql_emitter]") {
  const char* where =
      "a.accessed_at not between as_of - days(1) and as_of and a.purpose like '50!%%' escape '!' "
      "and a.ticket_id not matches '^T[0-9]+$' and upper(trim(a.actor_id)) = 'E1' "
      "and length(a.purpose) > 2 and substr(a.actor_id, 1, 3) = 'emp'";
  auto sqlite = compile("video_access_log a", where);
  CHECK_THAT(sqlite.sql, Catch::EndsWith("WHERE \"a\".\"accessed_at\" NOT BETWEEN ?1 AND ?2\n"
                                         "  AND lethe_like(\"a\".\"purpose\", ?3)\n"
                                         "  AND NOT lethe_matches(\"a\".\"ticket_id\", ?4)\n"
                                         "  AND upper(trim(\"a\".\"actor_id\")) = ?5\n"
                                         "  AND length(\"a\".\"purpose\") > ?6\n"
                                         "  AND substr(\"a\".\"actor_id\", ?7, ?8) = ?9"));
  // The LIKE pattern is bound with a backslash as its escape; the regular expression as written.
  CHECK(bindings(sqlite) ==
        "timestamp('2026-10-31T00:00:00Z') <- as_of - days(1)\n"
        "timestamp('2026-11-01T00:00:00Z') <- as_of\n"
        "'50\\%%' <- '50!%%'\n"
        "'^T[0-9]+$' <- '^T[0-9]+$'\n"
        "'E1' <- 'E1'\n2 <- 2\n1 <- 1\n3 <- 3\n'emp' <- 'emp'\n");
  auto postgres =
      compile("video_access_log a", where, "", "2026-11-01", lethe::rules::postgres_dialect());
  CHECK_THAT(postgres.sql,
             Catch::EndsWith(
                 "WHERE \"a\".\"accessed_at\" NOT BETWEEN $1::bigint AND $2::bigint\n"
                 "  AND (\"a\".\"purpose\" LIKE $3::text)\n"
                 "  AND NOT (\"a\".\"ticket_id\" ~ $4::text)\n"
                 "  AND upper(trim(\"a\".\"actor_id\") COLLATE \"C\") = $5::text\n"
                 "  AND length(\"a\".\"purpose\") > $6::bigint\n"
                 "  AND substr(\"a\".\"actor_id\", CAST(LEAST($7::bigint, 2147483647) AS integer), "
                 "CAST(LEAST($8::bigint, 2147483647) AS integer)) = $9::text"));
  // The server reads a POSIX ARE: the pattern is bound as its translation.
  CHECK(postgres.bindings[3].value.text == lethe::util::to_postgres_regex("^T[0-9]+$"));
}

TEST_CASE("substr() with computed bounds is null outside them, as in both engines",
          "[sql_emitter]") {
  auto compiled = compile("retention_policies c", "substr(c.category, c.max_age_days) = 'x'");
  CHECK_THAT(compiled.sql,
             Catch::EndsWith("WHERE (CASE WHEN \"c\".\"max_age_days\" >= 1 THEN "
                             "substr(\"c\".\"category\", \"c\".\"max_age_days\") END) = ?1"));
}

TEST_CASE("count() and count(distinct ...) are subqueries in both dialects", "[sql_emitter]") {
  const char* where =
      "count(video_access_log b where b.actor_id = a.actor_id) > 2 and "
      "count(distinct b.account_id, video_access_log b where b.actor_id = a.actor_id "
      "and b.accessed_at between a.accessed_at - days(1) and a.accessed_at) > max_customers";
  auto sqlite = compile("video_access_log a", where, "params: {max_customers: 3}\n");
  CHECK_THAT(sqlite.sql,
             Catch::EndsWith("WHERE (SELECT COUNT(*) FROM \"video_access_log\" AS \"b\" WHERE "
                             "\"b\".\"actor_id\" = \"a\".\"actor_id\") > ?1\n"
                             "  AND (SELECT COUNT(DISTINCT \"b\".\"account_id\") FROM "
                             "\"video_access_log\" AS \"b\" WHERE \"b\".\"actor_id\" = "
                             "\"a\".\"actor_id\" AND \"b\".\"accessed_at\" BETWEEN "
                             "(\"a\".\"accessed_at\" + ?2) AND \"a\".\"accessed_at\") > ?3"));
  CHECK(bindings(sqlite) == "2 <- 2\n-86400 <- -days(1) in seconds\n3 <- max_customers\n");
  auto postgres = compile("video_access_log a", where, "params: {max_customers: 3}\n", "2026-11-01",
                          lethe::rules::postgres_dialect());
  // On a server each count is a join, computed once per distinct tuple of the fields it reads.
  CHECK_THAT(
      postgres.sql,
      Catch::EndsWith(
          "FROM \"video_access_log\" AS \"a\"\n"
          "LEFT JOIN (SELECT \"a\".\"actor_id\" AS _o1, COUNT(*) AS _count\n"
          "           FROM (SELECT DISTINCT \"a\".\"actor_id\" FROM \"video_access_log\" AS \"a\") "
          "AS \"a\"\n"
          "           JOIN \"video_access_log\" AS \"b\" ON \"b\".\"actor_id\" = "
          "\"a\".\"actor_id\"\n"
          "           GROUP BY \"a\".\"actor_id\") AS \"lethe_count_1\"\n"
          "  ON \"lethe_count_1\"._o1 = \"a\".\"actor_id\"\n"
          "LEFT JOIN (SELECT \"a\".\"actor_id\" AS _o1, \"a\".\"accessed_at\" AS _o2, "
          "COUNT(DISTINCT \"b\".\"account_id\") AS _count\n"
          "           FROM (SELECT DISTINCT \"a\".\"actor_id\", \"a\".\"accessed_at\" FROM "
          "\"video_access_log\" AS \"a\") AS \"a\"\n"
          "           JOIN \"video_access_log\" AS \"b\" ON \"b\".\"actor_id\" = "
          "\"a\".\"actor_id\" "
          "AND \"b\".\"accessed_at\" BETWEEN (\"a\".\"accessed_at\" + $2::bigint) AND "
          "\"a\".\"accessed_at\"\n"
          "           GROUP BY \"a\".\"actor_id\", \"a\".\"accessed_at\") AS \"lethe_count_2\"\n"
          "  ON \"lethe_count_2\"._o1 = \"a\".\"actor_id\" AND \"lethe_count_2\"._o2 = "
          "\"a\".\"accessed_at\"\n"
          "WHERE COALESCE(\"lethe_count_1\"._count, 0) > $1::bigint\n"
          "  AND COALESCE(\"lethe_count_2\"._count, 0) > $3::bigint"));
  CHECK(bindings(postgres) == "2 <- 2\n-86400 <- -days(1) in seconds\n3 <- max_customers\n");
}

TEST_CASE(
    "a count on a server: fields whose null leaves the count at 0 are joined with =, the "
    "others null-safely; a count of another shape stays a subquery",
    "[sql_emitter]") {
  auto postgres = [](const char* where) {
    return compile("video_access_log a", where, "", "2026-11-01", lethe::rules::postgres_dialect())
        .sql;
  };
  // a.accessed_at is read only below an `or`: a row without a time still has a count.
  CHECK_THAT(postgres("count(video_access_log b where b.actor_id = a.actor_id and "
                      "(a.accessed_at is null or b.accessed_at <= a.accessed_at)) >= 3"),
             Catch::Contains("  ON \"lethe_count_1\"._o1 = \"a\".\"actor_id\" AND "
                             "\"lethe_count_1\"._o2 IS NOT DISTINCT FROM \"a\".\"accessed_at\"\n"));
  // Not between: a null end can leave it true.
  CHECK_THAT(postgres("count(video_access_log b where b.actor_id = a.actor_id and b.accessed_at "
                      "not between a.accessed_at - days(1) and a.accessed_at) > 0"),
             Catch::Contains("\"lethe_count_1\"._o2 IS NOT DISTINCT FROM \"a\".\"accessed_at\""));
  // No equality with the row: nothing to hash, so a subquery per row.
  CHECK_THAT(postgres("count(video_access_log b where b.accessed_at <= a.accessed_at) > 0"),
             Catch::EndsWith("WHERE (SELECT COUNT(*) FROM \"video_access_log\" AS \"b\" WHERE "
                             "\"b\".\"accessed_at\" <= \"a\".\"accessed_at\") > $1::bigint"));
  // Another enclosing row read inside the count: a subquery too.
  CHECK_THAT(postgres("exists(accounts c where c.account_id = a.account_id and "
                      "count(video_access_log b where b.actor_id = c.account_id) > 1)"),
             Catch::Contains("(SELECT COUNT(*) FROM \"video_access_log\" AS \"b\" WHERE "
                             "\"b\".\"actor_id\" = \"c\".\"account_id\")"));
}

TEST_CASE("the fields of a related row that the message names are columns of the query",
          "[sql_emitter]") {
  auto rule = rule_from_yaml(
      "id: t.r\nseverity: low\nfrom: voice_recordings r\n"
      "where: exists(deletion_requests d where d.account_id = r.account_id)\n"
      "message: \"{r.recording_id} after {d.request_id} of {d.requested_at}\"\n");
  REQUIRE(rule);
  auto sqlite = compile_rule(*rule, 0, sqlite_dialect());
  REQUIRE(sqlite.related.size() == 1);
  REQUIRE(sqlite.related[0].fields.size() == 2);
  CHECK(sqlite.related[0].fields[0]->name == "request_id");
  CHECK(sqlite.related[0].fields[1]->name == "requested_at");
  CHECK(sqlite.related_column(0) == 6);
  CHECK(sqlite.column_count() == 9);
  CHECK_THAT(sqlite.sql,
             Catch::Contains("(SELECT \"d\".\"requested_at\" FROM \"deletion_requests\" AS \"d\" "
                             "WHERE \"d\".\"account_id\" = \"r\".\"account_id\" ORDER BY "
                             "\"d\".\"request_id\", \"d\".rowid LIMIT 1)\nFROM"));
  auto postgres = compile_rule(*rule, 0, lethe::rules::postgres_dialect());
  CHECK_THAT(postgres.sql, Catch::Contains("\"lethe_related_1\"._related,\n"
                                           "       \"lethe_related_1\"._field_1,\n"
                                           "       \"lethe_related_1\"._field_2\n"));
  CHECK_THAT(postgres.sql,
             Catch::Contains("\"d\"._row AS _related, \"d\".\"request_id\" AS _field_1, "
                             "\"d\".\"requested_at\" AS _field_2 FROM"));
}

TEST_CASE("an exists() the loader answered reads its column, or the table of its keys",
          "[sql_emitter]") {
  auto rule = rule_from_yaml(
      "id: t.r\nseverity: low\nfrom: transcripts t\nwhere: \"t.recording_id is not null and "
      "not exists(voice_recordings r where r.recording_id = t.recording_id)\"\n");
  REQUIRE(rule);
  lethe::data::KeyProbe probe{"transcripts", "recording_id", "voice_recordings", "recording_id"};
  auto as_of = *lethe::util::parse_iso8601("2026-11-01", 0);
  const std::string head =
      "SELECT \"t\".rowid,\n       \"t\"._file,\n       \"t\"._line,\n"
      "       \"t\".\"transcript_id\",\n       \"t\".\"recording_id\"\n"
      "FROM \"transcripts\" AS \"t\"\nWHERE \"t\".\"recording_id\" IS NOT NULL\n  AND ";
  CHECK(
      compile_rule(*rule, as_of, sqlite_dialect(), {}, {{probe, lethe::data::ProbeAnswer::column}})
          .sql ==
      head + "NOT (\"t\".\"lethe_has__voice_recordings__recording_id__recording_id\" = 1)");
  CHECK(compile_rule(*rule, as_of, sqlite_dialect(), {},
                     {{probe, lethe::data::ProbeAnswer::key_table}})
            .sql ==
        head +
            "NOT EXISTS (SELECT 1 FROM \"lethe_keys__voice_recordings__recording_id\" AS "
            "\"r\" WHERE \"r\".\"recording_id\" = \"t\".\"recording_id\")");
  // Another probe, or none: the exists() reads the dataset.
  lethe::data::KeyProbe other{"transcripts", "account_id", "voice_recordings", "recording_id"};
  CHECK(
      compile_rule(*rule, as_of, sqlite_dialect(), {}, {{other, lethe::data::ProbeAnswer::column}})
          .sql == head +
                      "NOT EXISTS (SELECT 1 FROM \"voice_recordings\" AS \"r\" WHERE "
                      "\"r\".\"recording_id\" = \"t\".\"recording_id\")");
  // A dataset the target lacks is empty, whatever the probes say.
  CHECK(compile_rule(*rule, as_of, sqlite_dialect(), {"voice_recordings"},
                     {{probe, lethe::data::ProbeAnswer::column}})
            .sql == head + "NOT 0");
}
