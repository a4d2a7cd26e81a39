// Which rows the loader may leave out: the necessary conditions drawn from each rule's where.
#include "engine/row_filters.hpp"

#include <catch2/catch.hpp>

#include "../rules/rule_test_support.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

using lethe::test::bundled_schema;
using lethe::test::rule_from_yaml;

namespace {

// One line per filtered dataset, `dataset: [a and b] or [c]`, then one per probe answered while
// loading, `probe: y.f in e.k`.
std::string describe(const lethe::engine::RowFilters& derived) {
  std::string out;
  for (const auto& [dataset, filter] : derived.filters)
    out += dataset + ": " + filter.describe() + "\n";
  for (const auto& probe : derived.probes)
    out += "probe: " + probe.describe() + "\n";
  return out;
}

std::int64_t at(const std::string& iso) {
  return *lethe::util::parse_iso8601(iso, 0);
}

// A rule set of inline rules: each entry is `from`, `where`, and optional extra YAML lines.
lethe::rules::RuleSet rules_of(
    const std::vector<std::tuple<std::string, std::string, std::string>>& specs) {
  lethe::rules::RuleSet set;
  int n = 0;
  for (const auto& [from, where, extra] : specs) {
    std::string yaml = "id: test.rule-" + std::to_string(++n) + "\nseverity: low\nfrom: " + from +
                       "\n" + extra + "where: \"" + where + "\"\n";
    auto rule = rule_from_yaml(yaml);
    INFO(yaml);
    if (!rule) FAIL(rule.error().message);
    set.rules.push_back(std::make_unique<lethe::rules::Rule>(std::move(*rule)));
  }
  return set;
}

}  // namespace

TEST_CASE("row filters of the bundled rule pack", "[row-filters]") {
  auto set = lethe::rules::load_rules({{LETHE_SOURCE_RULES_DIR, "rules"}}, bundled_schema());
  REQUIRE(set.errors.empty());
  // Timestamps are Unix seconds: 1793491200 is as_of (2026-11-01), 1790899200 as_of - 30 days,
  // 1514764800 the Ring cutoff (2018-01-01), 1776816000 the COPPA amendments' compliance date
  // (2026-04-22). child_profiles, face_embeddings and video_access_log keep every row:
  // child-recording-without-consent's exists() over child_profiles, pre-2018-face-embedding's
  // `or` and excessive-video-access's count give no condition. The not exists() of
  // transcript-of-deleted-recording and orphaned-child-voice-recording are answered while
  // loading: they keep no recording or profile, and give their rows a condition.
  CHECK(describe(lethe::engine::derive_row_filters(set, at("2026-11-01"))) ==
        "accounts: [mfa_enabled = 0 and closed_at is null]\n"
        "biometric_templates: [kind in ('voiceprint') and account_id in "
        "deletion_requests.account_id] or [profile_id in child_profiles.profile_id]\n"
        "deletion_requests: [requested_at <= 1793491200] or [completed_at is null and "
        "requested_at <= 1790899200] or [scope in ('geolocation', 'all') and requested_at <= "
        "1790899200] or [scope in ('voice', 'transcripts', 'all') and requested_at <= "
        "1790899200] or [scope in ('voice', 'all') and requested_at <= 1790899200] or [scope in "
        "('voice', 'all') and requested_at <= 1790899200]\n"
        "disclosures: [profile_id in child_profiles.profile_id and integral_to_service = 0 and "
        "disclosed_at >= 1776816000]\n"
        "geolocations: [account_id in deletion_requests.account_id] or [profile_id not null] or "
        "[profile_id in child_profiles.profile_id]\n"
        "legal_holds: [placed_at <= 1793491200] or [placed_at <= 1793491200] or [placed_at <= "
        "1793491200] or [placed_at <= 1793491200] or [placed_at <= 1793491200] or [placed_at <= "
        "1793491200] or [placed_at <= 1793491200] or [placed_at <= 1793491200] or [placed_at <= "
        "1793491200] or [placed_at <= 1793491200] or [placed_at <= 1793491200] or [placed_at <= "
        "1793491200] or [profile_id is null and placed_at <= 1793491200] or [profile_id is null "
        "and placed_at <= 1793491200] or [profile_id is null and placed_at <= 1793491200]\n"
        "retention_policies: [category in ('voice_recordings') and max_age_days not null] or "
        "[category in ('geolocations') and max_age_days not null] or [category in "
        "('transcripts') and max_age_days not null] or [category in ('voice_recordings', "
        "'transcripts', 'geolocations', 'child_profiles') and max_age_days is null] or "
        "[category in ('voice_recordings', 'transcripts', 'geolocations', 'child_profiles')]\n"
        "security_incidents: [kind in ('unauthorized_video_access', 'account_takeover') and "
        "detected_at <= 1790899200]\n"
        "training_examples: [account_id in deletion_requests.account_id] or [source_dataset in "
        "('videos', 'face_embeddings')] or [source_dataset in ('videos') and source_id in "
        "video_access_log.video_id]\n"
        "transcripts: [account_id in deletion_requests.account_id] or [recording_id not null "
        "and recording_id not in voice_recordings.recording_id] or [profile_id not null]\n"
        "videos: [captured_at < 1514764800] or [captured_at < 1514764800] or [captured_at < "
        "1514764800] or [captured_at < 1514764800]\n"
        "voice_recordings: [profile_id in child_profiles.profile_id] or [account_id in "
        "deletion_requests.account_id] or [profile_id not null] or [profile_id in "
        "child_profiles.profile_id] or [profile_id not null and profile_id not in "
        "child_profiles.profile_id]\n"
        "probe: transcripts.recording_id in voice_recordings.recording_id\n"
        "probe: voice_recordings.profile_id in child_profiles.profile_id\n");
  // Before the amazon rules (2023-07-19) and the amended COPPA Rule (2026-04-22) are in force;
  // 1672531200 is 2023-01-01.
  CHECK(describe(lethe::engine::derive_row_filters(set, at("2023-01-01"))) ==
        "accounts: [mfa_enabled = 0 and closed_at is null]\n"
        "geolocations: [profile_id in child_profiles.profile_id]\n"
        "legal_holds: [placed_at <= 1672531200] or [profile_id is null and placed_at <= "
        "1672531200] or [profile_id is null and placed_at <= 1672531200] or [profile_id is null "
        "and placed_at <= 1672531200]\n"
        "security_incidents: [kind in ('unauthorized_video_access', 'account_takeover') and "
        "detected_at <= 1669939200]\n"
        "training_examples: [source_dataset in ('videos', 'face_embeddings')] or "
        "[source_dataset in ('videos') and source_id in video_access_log.video_id]\n"
        "videos: [captured_at < 1514764800] or [captured_at < 1514764800] or [captured_at < "
        "1514764800] or [captured_at < 1514764800]\n"
        "voice_recordings: [profile_id in child_profiles.profile_id] or [profile_id not null "
        "and profile_id not in child_profiles.profile_id]\n"
        "probe: voice_recordings.profile_id in child_profiles.profile_id\n");
}

TEST_CASE("row filters: conditions from each kind of term", "[row-filters]") {
  auto as_of = at("2026-11-01");
  auto of = [&](const std::string& from, const std::string& where, const std::string& params = "") {
    return describe(lethe::engine::derive_row_filters(rules_of({{from, where, params}}), as_of));
  };
  // Every term of an and counts, nested ands included; the exists() gives a semi-join for the
  // row and its own terms about d for deletion_requests.
  CHECK(of("voice_recordings r",
           "r.device_id is not null and (r.recorded_at < as_of and exists(deletion_requests d "
           "where d.scope = 'all' and r.account_id = d.account_id and d.profile_id = "
           "r.profile_id))") ==
        "deletion_requests: [scope in ('all')]\n"
        "voice_recordings: [device_id not null and recorded_at < 1793491200 and account_id in "
        "deletion_requests.account_id and profile_id in deletion_requests.profile_id]\n");
  // Comparisons with the field on either side; booleans alone or negated; null items of an
  // `in` list never match; list parameters are expanded.
  CHECK(of("accounts a", "as_of - days(1) >= a.created_at and a.mfa_enabled") ==
        "accounts: [created_at <= 1793404800 and mfa_enabled != 0]\n");
  CHECK(of("accounts a", "not a.mfa_enabled and a.closed_at is null and a.created_at != as_of") ==
        "accounts: [mfa_enabled = 0 and closed_at is null and created_at != 1793491200]\n");
  CHECK(of("video_access_log v", "v.purpose in (null, 'audit', purposes)",
           "params:\n  purposes: [legal, security]\n") ==
        "video_access_log: [purpose in ('audit', 'legal', 'security')]\n");
  CHECK(of("accounts a", "a.account_type = 'employee'") ==
        "accounts: [account_type in ('employee')]\n");
}

TEST_CASE("row filters: terms that imply nothing about the row", "[row-filters]") {
  auto as_of = at("2026-11-01");
  // An or, a not of anything but a boolean field, not in, a not exists, an exists joined by
  // another operator or to a constant, a comparison with a null, a field compared with a
  // field: nothing is necessary, so every voice recording is kept.
  for (const char* where :
       {"r.profile_id is not null or r.device_id is not null", "not (r.profile_id is null)",
        "r.profile_id not in ('P1')", "r.recorded_at < r.recorded_at",
        "not exists(deletion_requests d where d.account_id = r.account_id and d.scope = 'all')",
        "exists(deletion_requests d where d.account_id != r.account_id)",
        "exists(deletion_requests d where d.requested_at >= r.recorded_at)",
        "exists(deletion_requests d where d.account_id = 'A1')"}) {
    INFO(where);
    CHECK(lethe::engine::derive_row_filters(rules_of({{"voice_recordings r", where, ""}}), as_of)
              .filters.count("voice_recordings") == 0);
  }
}

TEST_CASE("row filters: a dataset some rule needs whole keeps every row", "[row-filters]") {
  auto as_of = at("2026-11-01");
  // Read inside an exists() that says nothing about its rows.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of({{"child_profiles c", "c.account_id is not null", ""},
                      {"voice_recordings r",
                       "exists(child_profiles c where c.profile_id = r.profile_id)", ""}}),
            as_of)) == "voice_recordings: [profile_id in child_profiles.profile_id]\n");
  // A dataset that exists() clauses look into is loaded first, so it keeps no semi-join of
  // its own.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of(
                {{"child_profiles c",
                  "exists(accounts a where a.account_id = c.account_id) and c.keep_requested", ""},
                 {"voice_recordings r",
                  "exists(child_profiles c where c.profile_id = r.profile_id and "
                  "c.keep_requested)",
                  ""}}),
            as_of)) ==
        "child_profiles: [keep_requested != 0] or [keep_requested != 0]\n"
        "voice_recordings: [profile_id in child_profiles.profile_id]\n");
  // Read as `from` by a rule with no condition.
  CHECK(describe(lethe::engine::derive_row_filters(
                     rules_of({{"voice_recordings r", "r.profile_id is not null", ""},
                               {"voice_recordings r", "r.recorded_at < as_of or r.profile_id = 'x'",
                                ""}}),
                     as_of))
            .empty());
  // ... unless that rule is not in force.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of({{"voice_recordings r", "r.profile_id is not null", ""},
                      {"voice_recordings r", "r.recorded_at < as_of or r.profile_id = 'x'",
                       "applies_from: 2027-01-01\n"}}),
            as_of)) == "voice_recordings: [profile_id not null]\n");
}

TEST_CASE("between gives both bounds; count, like and matches give none on their row",
          "[row-filters]") {
  auto set = rules_of({
      {"video_access_log a",
       "a.accessed_at between timestamp('2026-01-01') and as_of and a.purpose like 'x%' and "
       "count(video_access_log b where b.actor_id = a.actor_id and b.actor_type = 'employee') > 3",
       ""},
      {"child_profiles p",
       "p.account_id matches '^A' and p.created_at not between as_of - days(1) and as_of", ""},
  });
  // video_access_log is read by the rule's row (accessed_at in range) and by the count, whose
  // rows matter only when they meet its where: either alternative keeps a row. child_profiles'
  // rule gives no condition, so it keeps every row.
  CHECK(describe(lethe::engine::derive_row_filters(set, at("2026-11-01"))) ==
        "video_access_log: [accessed_at >= 1767225600 and accessed_at <= 1793491200] or "
        "[actor_type in ('employee')]\n");
}

TEST_CASE("row filters: a not exists() on one key is answered while loading", "[row-filters]") {
  auto as_of = at("2026-11-01");
  auto of = [&](std::vector<std::tuple<std::string, std::string, std::string>> specs) {
    return describe(lethe::engine::derive_row_filters(rules_of(specs), as_of));
  };
  // The rule's row gets the probe's condition; voice_recordings keeps no row for it (only for
  // the rule that reads it as `from`).
  CHECK(of({{"transcripts t",
             "t.recording_id is not null and not exists(voice_recordings r where r.recording_id "
             "= t.recording_id)",
             ""},
            {"voice_recordings r", "r.profile_id is not null", ""}}) ==
        "transcripts: [recording_id not null and recording_id not in "
        "voice_recordings.recording_id]\n"
        "voice_recordings: [profile_id not null]\n"
        "probe: transcripts.recording_id in voice_recordings.recording_id\n");
  // Either side of the equality; nested in another subquery's where, the probe reads the
  // enclosing row's field and gives the rule's row no condition.
  CHECK(of({{"transcripts t",
             "not exists(voice_recordings r where t.recording_id = r.recording_id)", ""}}) ==
        "transcripts: [recording_id not in voice_recordings.recording_id]\n"
        "probe: transcripts.recording_id in voice_recordings.recording_id\n");
  CHECK(of({{"accounts a",
             "exists(transcripts t where t.account_id = a.account_id and not "
             "exists(voice_recordings r where r.recording_id = t.recording_id))",
             ""}}) ==
        "accounts: [account_id in transcripts.account_id]\n"
        "probe: transcripts.recording_id in voice_recordings.recording_id\n");
  // A positive exists() names its related row, which must be stored: no probe. Nor for one
  // with more than the equality, or an equality with a constant.
  CHECK(of({{"transcripts t", "exists(voice_recordings r where r.recording_id = t.recording_id)",
             ""}}) == "transcripts: [recording_id in voice_recordings.recording_id]\n");
  CHECK(of({{"transcripts t",
             "not exists(voice_recordings r where r.recording_id = t.recording_id and "
             "r.recorded_at < as_of)",
             ""}}) == "voice_recordings: [recorded_at < 1793491200]\n");
  CHECK(of({{"transcripts t", "not exists(voice_recordings r where r.recording_id = 'R1')", ""}}) ==
        "voice_recordings: [recording_id in ('R1')]\n");
}

TEST_CASE("row filters: a probe whose keys cannot load first is read from the store",
          "[row-filters]") {
  auto as_of = at("2026-11-01");
  // Over its own dataset: its keys are not all loaded before its rows are.
  CHECK(describe(lethe::engine::derive_row_filters(
                     rules_of({{"transcripts t",
                                "not exists(transcripts u where u.transcript_id = t.recording_id)",
                                ""}}),
                     as_of))
            .empty());
  // Two datasets probing each other: one of them (the first in order) is read from the store,
  // so that both keep every row (recordings are looked into whole, transcripts give no
  // condition); the other probe stays.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of({{"transcripts t",
                       "not exists(voice_recordings r where r.recording_id = t.recording_id)", ""},
                      {"voice_recordings r",
                       "not exists(transcripts t where t.recording_id = r.recording_id)", ""}}),
            as_of)) == "probe: voice_recordings.recording_id in transcripts.recording_id\n");
}
