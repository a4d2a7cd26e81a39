// Which rows the loader may leave out: the necessary conditions drawn from each rule's where.
#include "engine/row_filters.hpp"

#include <catch2/catch.hpp>

#include "../rules/rule_test_support.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

using lethe::test::bundled_schema;
using lethe::test::rule_from_yaml;

namespace {

// One line per filtered dataset: `dataset: [a and b] or [c]`.
std::string describe(const std::map<std::string, lethe::data::RowFilter>& filters) {
  std::string out;
  for (const auto& [dataset, filter] : filters) {
    std::vector<std::string> alternatives;
    for (const auto& alternative : filter.alternatives) {
      std::vector<std::string> conditions;
      for (const auto& c : alternative) {
        conditions.push_back(c.in_dataset.empty()
                                 ? c.field + " not null"
                                 : c.field + " in " + c.in_dataset + "." + c.in_field);
      }
      alternatives.push_back("[" + lethe::util::join(conditions, " and ") + "]");
    }
    out += dataset + ": " + lethe::util::join(alternatives, " or ") + "\n";
  }
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
  // Datasets read inside an exists() (child_profiles, deletion_requests, legal_holds,
  // retention_policies, videos) and those with a rule without conditions (accounts,
  // face_embeddings, video_access_log) keep every row.
  CHECK(describe(lethe::engine::derive_row_filters(set, at("2026-11-01"))) ==
        "geolocations: [account_id in deletion_requests.account_id]\n"
        "training_examples: [account_id in deletion_requests.account_id]\n"
        "transcripts: [account_id in deletion_requests.account_id]\n"
        "voice_recordings: [account_id in deletion_requests.account_id] or [profile_id not null]"
        " or [profile_id in child_profiles.profile_id] or [profile_id not null]\n");
  // Before the amazon rules and the amended COPPA Rule are in force, two rules read voice
  // recordings and nothing else is filtered.
  CHECK(describe(lethe::engine::derive_row_filters(set, at("2023-01-01"))) ==
        "voice_recordings: [profile_id in child_profiles.profile_id] or [profile_id not null]\n");
}

TEST_CASE("row filters: only top-level and-terms give conditions", "[row-filters]") {
  auto as_of = at("2026-11-01");
  // Every term of an and counts, nested ands included.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of({{"voice_recordings r",
                       "r.device_id is not null and (r.recorded_at < as_of and exists("
                       "deletion_requests d where d.scope = 'all' and r.account_id = d.account_id"
                       " and d.profile_id = r.profile_id))",
                       ""}}),
            as_of)) ==
        "voice_recordings: [device_id not null and account_id in "
        "deletion_requests.account_id and profile_id in "
        "deletion_requests.profile_id]\n");
  // An or, a not, an is null, a not exists, or an exists joined by another operator: nothing
  // is necessary, so every row is kept.
  for (const char* where :
       {"r.profile_id is not null or r.device_id is not null", "not (r.profile_id is null)",
        "r.profile_id is null", "not exists(deletion_requests d where d.account_id = r.account_id)",
        "exists(deletion_requests d where d.account_id != r.account_id)",
        "exists(deletion_requests d where d.requested_at >= r.recorded_at)",
        "exists(deletion_requests d where d.account_id = 'A1')"}) {
    INFO(where);
    CHECK(describe(lethe::engine::derive_row_filters(rules_of({{"voice_recordings r", where, ""}}),
                                                     as_of))
              .empty());
  }
}

TEST_CASE("row filters: a dataset some rule needs whole keeps every row", "[row-filters]") {
  auto as_of = at("2026-11-01");
  // Read inside an exists() by another rule.
  CHECK(describe(lethe::engine::derive_row_filters(
            rules_of({{"child_profiles c", "c.account_id is not null", ""},
                      {"voice_recordings r",
                       "exists(child_profiles c where c.profile_id = r.profile_id)", ""}}),
            as_of)) == "voice_recordings: [profile_id in child_profiles.profile_id]\n");
  // Read as `from` by a rule with no condition.
  CHECK(describe(lethe::engine::derive_row_filters(
                     rules_of({{"voice_recordings r", "r.profile_id is not null", ""},
                               {"voice_recordings r", "r.recorded_at < as_of", ""}}),
                     as_of))
            .empty());
  // ... unless that rule is not in force.
  CHECK(
      describe(lethe::engine::derive_row_filters(
          rules_of({{"voice_recordings r", "r.profile_id is not null", ""},
                    {"voice_recordings r", "r.recorded_at < as_of", "applies_from: 2027-01-01\n"}}),
          as_of)) == "voice_recordings: [profile_id not null]\n");
}
