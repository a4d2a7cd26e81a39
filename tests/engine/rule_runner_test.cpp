// Evaluation of each language construct on a tiny store: which rows match.
#include "engine/rule_runner.hpp"

#include <catch2/catch.hpp>

#include "../rules/rule_test_support.hpp"

using lethe::test::rule_from_yaml;
using lethe::test::TinyStore;
using Keys = std::vector<std::string>;

namespace {

lethe::rules::Rule rule(const std::string& from, const std::string& where,
                        const std::string& params = "") {
  std::string yaml =
      "id: test.rule\nseverity: low\nfrom: " + from + "\n" + params + "where: \"" + where + "\"\n";
  auto parsed = rule_from_yaml(yaml);
  INFO(yaml);
  if (!parsed) FAIL(parsed.error().message);
  return std::move(*parsed);
}

}  // namespace

TEST_CASE("null handling: a where that is null is false", "[evaluation]") {
  TinyStore store({{"child_profiles",
                    {{{"profile_id", "P1"}, {"last_active_at", "2020-01-01T00:00:00Z"}},
                     {{"profile_id", "P2"}, {"last_active_at", ""}},
                     {{"profile_id", "P3"}, {"last_active_at", "2026-10-15T00:00:00Z"}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at < as_of - days(30)"), as_of) ==
        Keys{"P1"});
  // not(null) is null, so P2 matches neither a condition nor its negation.
  CHECK(store.matches(rule("child_profiles p", "not (p.last_active_at < as_of - days(30))"),
                      as_of) == Keys{"P3"});
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at is null"), as_of) == Keys{"P2"});
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at is not null"), as_of) ==
        Keys{"P1", "P3"});
  CHECK(store.matches(
            rule("child_profiles p", "p.last_active_at < as_of or p.last_active_at is null"),
            as_of) == Keys{"P1", "P2", "P3"});
  CHECK(store.matches(
            rule("child_profiles p",
                 "coalesce(p.last_active_at, timestamp('2000-01-01')) < timestamp('2021-01-01')"),
            as_of) == Keys{"P1", "P2"});
}

TEST_CASE("booleans take their default, so not keep_requested is never null", "[evaluation]") {
  TinyStore store({{"child_profiles",
                    {{{"profile_id", "P1"}, {"keep_requested", "Y"}},
                     {{"profile_id", "P2"}, {"keep_requested", ""}},
                     {{"profile_id", "P3"}, {"keep_requested", "no"}}}}});
  CHECK(store.matches(rule("child_profiles p", "not p.keep_requested"), "2026-01-01") ==
        Keys{"P2", "P3"});
  CHECK(store.matches(rule("child_profiles p", "p.keep_requested"), "2026-01-01") == Keys{"P1"});
  CHECK(store.matches(rule("child_profiles p", "p.keep_requested = false"), "2026-01-01") ==
        Keys{"P2", "P3"});
}

TEST_CASE("month arithmetic clamps to the end of the month", "[evaluation]") {
  // as_of 2026-03-31 minus 1 month is 2026-02-28T00:00:00Z.
  TinyStore store({{"child_profiles",
                    {{{"profile_id", "before"}, {"last_active_at", "2026-02-27T23:59:59Z"}},
                     {{"profile_id", "at"}, {"last_active_at", "2026-02-28T00:00:00Z"}},
                     {{"profile_id", "after"}, {"last_active_at", "2026-02-28T00:00:01Z"}},
                     {{"profile_id", "march-3"}, {"last_active_at", "2026-03-03T00:00:00Z"}}}}});
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at < as_of - months(1)"),
                      "2026-03-31") == Keys{"before"});
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at <= as_of - months(1)"),
                      "2026-03-31") == Keys{"at", "before"});
  // years(n) is 12 months: 2028-02-29 minus 2 years is 2026-02-28.
  CHECK(store.matches(rule("child_profiles p", "p.last_active_at < as_of - years(2)"),
                      "2028-02-29T00:00:00Z") == Keys{"before"});
  // A field-dependent month count runs in SQL with the same clamping.
  TinyStore with_policy(
      {{"retention_policies", {{{"category", "c"}, {"max_age_days", "1"}}}},
       {"child_profiles",
        {{{"profile_id", "at"}, {"last_active_at", "2026-02-28T00:00:00Z"}},
         {{"profile_id", "before"}, {"last_active_at", "2026-02-27T00:00:00Z"}}}}});
  CHECK(with_policy.matches(rule("child_profiles p",
                                 "exists(retention_policies c where p.last_active_at < as_of - "
                                 "months(c.max_age_days))"),
                            "2026-03-31") == Keys{"before"});
  CHECK(with_policy.matches(rule("child_profiles p",
                                 "exists(retention_policies c where p.last_active_at + "
                                 "months(c.max_age_days) >= as_of)"),
                            "2026-03-28") == Keys{"at"});
}

TEST_CASE("timestamps compare exactly to the second at the boundary", "[evaluation]") {
  TinyStore store(
      {{"child_profiles",
        {{{"profile_id", "exact"}, {"last_active_at", "2024-11-01T00:00:00Z"}},
         {{"profile_id", "second-earlier"}, {"last_active_at", "2024-10-31T23:59:59Z"}},
         {{"profile_id", "fraction"}, {"last_active_at", "2024-10-31T23:59:59.999Z"}}}}});
  auto inactive = rule("child_profiles p",
                       "p.last_active_at < as_of - months(inactive_months) - days(grace_days)",
                       "params: {inactive_months: 18, grace_days: 90}\n");
  // 2026-07-30 - 18 months = 2025-01-30; - 90 days = 2024-11-01.
  CHECK(store.matches(inactive, "2026-07-30") == Keys{"fraction", "second-earlier"});
}

TEST_CASE("exists() sees outer aliases, not exists() excludes", "[evaluation]") {
  TinyStore store(
      {{"voice_recordings",
        {{{"recording_id", "R1"}, {"account_id", "A1"}, {"profile_id", "P1"}},
         {{"recording_id", "R2"}, {"account_id", "A1"}, {"profile_id", ""}},
         {{"recording_id", "R3"}, {"account_id", "A2"}, {"profile_id", "P9"}}}},
       {"legal_holds", {{{"hold_id", "H1"}, {"account_id", "A1"}, {"profile_id", "P1"}}}},
       {"child_profiles", {{{"profile_id", "P1"}, {"account_id", "A1"}}}}});
  auto held =
      "exists(legal_holds h where h.account_id = r.account_id and "
      "(h.profile_id is null or h.profile_id = r.profile_id))";
  CHECK(store.matches(rule("voice_recordings r", held), "2026-01-01") == Keys{"R1"});
  CHECK(store.matches(rule("voice_recordings r", std::string("not ") + held), "2026-01-01") ==
        Keys{"R2", "R3"});
  CHECK(store.matches(rule("voice_recordings r",
                           "r.profile_id is not null and not exists(child_profiles c where "
                           "c.profile_id = r.profile_id)"),
                      "2026-01-01") == Keys{"R3"});
  // Nested exists: the innermost clause refers to both outer aliases.
  CHECK(store.matches(rule("voice_recordings r",
                           "exists(child_profiles c where c.profile_id = r.profile_id and "
                           "exists(legal_holds h where h.profile_id = c.profile_id and "
                           "h.account_id = r.account_id))"),
                      "2026-01-01") == Keys{"R1"});
}

TEST_CASE("in and not in follow SQL's three-valued logic with nulls", "[evaluation]") {
  TinyStore store({{"deletion_requests",
                    {{{"request_id", "voice"}, {"scope", "voice"}},
                     {{"request_id", "video"}, {"scope", "video"}},
                     {{"request_id", "none"}, {"scope", ""}}}}});
  auto matches = [&](const std::string& where, const std::string& params = "") {
    return store.matches(rule("deletion_requests d", where, params), "2026-01-01");
  };
  CHECK(matches("d.scope in ('voice', 'all')") == Keys{"voice"});
  // A null scope is in no list and not-in no list.
  CHECK(matches("d.scope not in ('voice', 'all')") == Keys{"video"});
  // A null in the list: 'x not in (a, null)' is never true.
  CHECK(matches("d.scope in ('voice', null)") == Keys{"voice"});
  CHECK(matches("d.scope not in ('voice', null)").empty());
  CHECK(matches("d.scope in scopes", "params: {scopes: [video, all]}\n") == Keys{"video"});
  CHECK(matches("d.scope not in scopes", "params: {scopes: [video, all]}\n") == Keys{"voice"});
  // An empty list: in is false, not in is true (null included).
  CHECK(matches("d.scope in scopes", "params: {scopes: []}\n").empty());
  CHECK(matches("d.scope not in scopes", "params: {scopes: []}\n") ==
        Keys{"none", "video", "voice"});
  CHECK(matches("lower(d.scope) = 'voice'") == Keys{"voice"});
  // An or inside an and keeps its grouping: `a and (b or c)` is not `(a and b) or c`.
  CHECK(matches("d.scope = 'video' and (d.scope is null or d.request_id = 'voice')").empty());
  CHECK(matches("(d.scope = 'video' and d.scope is null) or d.request_id = 'voice'") ==
        Keys{"voice"});
}

TEST_CASE("durations from fields, and numbers", "[evaluation]") {
  TinyStore store({{"retention_policies",
                    {{{"category", "voice_recordings"}, {"max_age_days", "30"}},
                     {{"category", "transcripts"}, {"max_age_days", ""}}}},
                   {"voice_recordings",
                    {{{"recording_id", "old"}, {"recorded_at", "2025-11-30T23:59:59Z"}},
                     {{"recording_id", "edge"}, {"recorded_at", "2025-12-01T00:00:00Z"}}}}});
  auto where =
      "exists(retention_policies c where c.category = 'voice_recordings' and "
      "c.max_age_days is not null and r.recorded_at < as_of - days(c.max_age_days))";
  CHECK(store.matches(rule("voice_recordings r", where), "2025-12-31") == Keys{"old"});
  CHECK(store.matches(rule("retention_policies c", "c.max_age_days + 1 > 30"), "2025-12-31") ==
        Keys{"voice_recordings"});
  CHECK(store.matches(rule("retention_policies c", "c.max_age_days is null"), "2025-12-31") ==
        Keys{"transcripts"});
}

TEST_CASE("parameters, overrides and timestamp parameters", "[evaluation]") {
  TinyStore store({{"videos",
                    {{{"video_id", "V1"}, {"captured_at", "2017-12-31T23:59:59Z"}},
                     {{"video_id", "V2"}, {"captured_at", "2018-01-01T00:00:00Z"}}}}});
  auto pre = rule("videos v", "v.captured_at < cutoff", "params: {cutoff: 2018-01-01}\n");
  CHECK(store.matches(pre, "2026-01-01") == Keys{"V1"});
  pre.params[0].value = lethe::rules::Value::of_timestamp(1514851200);  // 2018-01-02
  CHECK(store.matches(pre, "2026-01-01") == Keys{"V1", "V2"});
}

TEST_CASE("the store is read-only while rules run", "[evaluation]") {
  TinyStore store({{"accounts", {{{"account_id", "A1"}}}}});
  auto& db = store.store().db();
  for (auto sql :
       {"DELETE FROM accounts", "INSERT INTO accounts (_file, _line) VALUES (1, 1)",
        "UPDATE accounts SET account_id = 'x'", "DROP TABLE accounts", "CREATE TABLE t (x)",
        "ATTACH DATABASE ':memory:' AS other", "PRAGMA journal_mode = DELETE"}) {
    INFO(sql);
    auto ok = db.exec(sql);
    REQUIRE_FALSE(ok);
    CHECK(ok.error().message == "not authorized");
  }
  CHECK(db.exec("SELECT count(*) FROM accounts WHERE lethe_add_months(0, 1) > 0"));
}

TEST_CASE("between is inclusive at both ends; a null end makes it unknown", "[evaluation]") {
  TinyStore store({{"retention_policies",
                    {{{"category", "a"}, {"max_age_days", "10"}},
                     {{"category", "b"}, {"max_age_days", "20"}},
                     {{"category", "c"}, {"max_age_days", "30"}},
                     {{"category", "d"}, {"max_age_days", ""}}}},
                   {"child_profiles",
                    {{{"profile_id", "P1"}, {"created_at", "2026-01-01T00:00:00Z"}},
                     {{"profile_id", "P2"}, {"created_at", "2026-01-01T00:00:01Z"}},
                     {{"profile_id", "P3"}, {"created_at", "2025-12-31T23:59:59Z"}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(rule("retention_policies c", "c.max_age_days between 10 and 20"), as_of) ==
        Keys{"a", "b"});
  CHECK(store.matches(rule("retention_policies c", "c.max_age_days not between 10 and 20"),
                      as_of) == Keys{"c"});
  // A null end (no consent_at): P1 and P2 are above the low end, so only the missing high end
  // could decide (unknown, no match either way); P3 is below it, so `between` is false.
  CHECK(store.matches(rule("child_profiles p",
                           "p.created_at between timestamp('2026-01-01') and p.consent_at"),
                      as_of) == Keys{});
  CHECK(store.matches(rule("child_profiles p",
                           "p.created_at not between timestamp('2026-01-01') and p.consent_at"),
                      as_of) == Keys{"P3"});
  // To the second at both ends.
  CHECK(store.matches(rule("child_profiles p",
                           "p.created_at between timestamp('2026-01-01T00:00:00Z') and "
                           "timestamp('2026-01-01T00:00:01Z')"),
                      as_of) == Keys{"P1", "P2"});
}

TEST_CASE("like is case-sensitive, with % and _ and an escape; null is unknown", "[evaluation]") {
  TinyStore store({{"video_access_log",
                    {{{"access_id", "A1"}, {"purpose", "Support ticket"}},
                     {{"access_id", "A2"}, {"purpose", "support ticket"}},
                     {{"access_id", "A3"}, {"purpose", "50% off"}},
                     {{"access_id", "A4"}, {"purpose", "süpport"}},
                     {{"access_id", "A5"}, {"purpose", ""}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(rule("video_access_log a", "a.purpose like 'support%'"), as_of) ==
        Keys{"A2"});
  CHECK(store.matches(rule("video_access_log a", "a.purpose like 's_pport%'"), as_of) ==
        Keys{"A2", "A4"});
  CHECK(store.matches(rule("video_access_log a", "a.purpose like '%!%%' escape '!'"), as_of) ==
        Keys{"A3"});
  // A5's purpose is empty, which is null: neither like nor not like.
  CHECK(store.matches(rule("video_access_log a", "a.purpose not like '%ticket'"), as_of) ==
        Keys{"A3", "A4"});
}

TEST_CASE("matches searches with RE2 anywhere in the text; null is unknown", "[evaluation]") {
  TinyStore store({{"video_access_log",
                    {{{"access_id", "A1"}, {"ticket_id", "T-1234"}},
                     {{"access_id", "A2"}, {"ticket_id", "see T-99 and more"}},
                     {{"access_id", "A3"}, {"ticket_id", "t-1234"}},
                     {{"access_id", "A4"}, {"ticket_id", ""}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(rule("video_access_log a", "a.ticket_id matches 'T-[0-9]+'"), as_of) ==
        Keys{"A1", "A2"});
  CHECK(store.matches(rule("video_access_log a", "a.ticket_id matches '^T-[0-9]+$'"), as_of) ==
        Keys{"A1"});
  CHECK(store.matches(rule("video_access_log a", "a.ticket_id matches '(?i)^t-[0-9]+$'"), as_of) ==
        Keys{"A1", "A3"});
  CHECK(store.matches(rule("video_access_log a", "a.ticket_id not matches '^T-[0-9]+$'"), as_of) ==
        Keys{"A2", "A3"});
}

TEST_CASE("count of no rows is 0; count(distinct) leaves nulls out", "[evaluation]") {
  TinyStore store(
      {{"accounts", {{{"account_id", "E1"}}, {{"account_id", "E2"}}, {{"account_id", "E3"}}}},
       {"video_access_log",
        {{{"access_id", "A1"}, {"actor_id", "E1"}, {"account_id", "C1"}},
         {{"access_id", "A2"}, {"actor_id", "E1"}, {"account_id", "C1"}},
         {{"access_id", "A3"}, {"actor_id", "E1"}, {"account_id", "C2"}},
         {{"access_id", "A4"}, {"actor_id", "E2"}, {"account_id", ""}},
         {{"access_id", "A5"}, {"actor_id", "E2"}, {"account_id", "C1"}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(
            rule("accounts e", "count(video_access_log b where b.actor_id = e.account_id) = 0"),
            as_of) == Keys{"E3"});
  CHECK(store.matches(
            rule("accounts e", "count(video_access_log b where b.actor_id = e.account_id) >= 2"),
            as_of) == Keys{"E1", "E2"});
  CHECK(store.matches(rule("accounts e",
                           "count(distinct b.account_id, video_access_log b where b.actor_id = "
                           "e.account_id) = 1"),
                      as_of) == Keys{"E2"});
  CHECK(store.matches(rule("accounts e", "count(video_access_log b) = 5"), as_of) ==
        Keys{"E1", "E2", "E3"});
}

TEST_CASE("string functions: ASCII case, trim of spaces, length in characters, substr",
          "[evaluation]") {
  TinyStore store({{"video_access_log",
                    {{{"access_id", "A1"}, {"actor_id", "  emp-7 "}},
                     {{"access_id", "A2"}, {"actor_id", "Émp-8"}},
                     {{"access_id", "A3"}, {"actor_id", "EMP-9"}}}}});
  auto as_of = "2026-11-01";
  CHECK(store.matches(rule("video_access_log a", "upper(trim(a.actor_id)) like 'EMP-%'"), as_of) ==
        Keys{"A1", "A3"});
  // É is no ASCII letter: lower() leaves it as it is.
  CHECK(store.matches(rule("video_access_log a", "lower(a.actor_id) = 'Émp-8'"), as_of) ==
        Keys{"A2"});
  CHECK(store.matches(rule("video_access_log a", "length(a.actor_id) = 5"), as_of) ==
        Keys{"A2", "A3"});
  CHECK(store.matches(rule("video_access_log a", "substr(trim(a.actor_id), 1, 3) = 'emp'"),
                      as_of) == Keys{"A1"});
  CHECK(store.matches(rule("video_access_log a", "substr(a.actor_id, 5) = '9'"), as_of) ==
        Keys{"A3"});
}
