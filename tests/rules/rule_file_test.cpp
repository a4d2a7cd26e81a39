// Reading rule files: the corpus of invalid rules under tests/rules/invalid, each with the exact
// message it must give, and what a valid rule reads into.
#include "rules/rule_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rule_test_support.hpp"
#include "util/yaml_file.hpp"

namespace fs = std::filesystem;
using lethe::test::bundled_schema;
using lethe::test::rule_error;
using lethe::test::rule_from_yaml;

namespace {

const fs::path k_invalid_dir =
    fs::path(LETHE_SOURCE_RULES_DIR) / ".." / "tests" / "rules" / "invalid";

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("every invalid rule gives its exact message", "[rule_file]") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(k_invalid_dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);
  for (const auto& file : files) {
    fs::path expected_file = file;
    expected_file.replace_extension(".expected");
    INFO(file.filename().string());
    REQUIRE(fs::exists(expected_file));
    auto yaml = lethe::util::YamlFile::load(file, file.filename().string());
    std::string message;
    if (!yaml) {
      message = yaml.error().message;
    } else {
      auto rule = lethe::rules::read_rule(*yaml, bundled_schema(), "");
      REQUIRE_FALSE(rule);
      message = rule.error().message;
    }
    CHECK(message + "\n" == slurp(expected_file));
  }
}

TEST_CASE("a valid rule reads with its metadata, parameters and reads", "[rule_file]") {
  auto rule = rule_from_yaml(R"yaml(id: amazon.inactive-child-profile
title: Inactive child profile kept past 18 months
severity: high
citations:
  - "United States v. Amazon.com, Inc., No. 2:23-cv-00811 (W.D. Wash. 2023), stipulated order"
  - "16 CFR 312.10"
description: >
  Child profiles inactive for 18 months must be deleted within 90 days unless a parent chose to keep them.
remediation: Delete the profile and all personal information collected through it.
applies_from: 2023-07-19
params:
  inactive_months: 18
  grace_days: 90
  ratio: 0.5
  label: '18'
  purposes: [a, b]
  enabled: true
from: child_profiles p
where: >
  p.last_active_at < as_of - months(inactive_months) - days(grace_days)
  and not p.keep_requested
  and not exists(legal_holds h where h.account_id = p.account_id
                 and (h.profile_id is null or h.profile_id = p.profile_id)
                 and h.placed_at <= as_of and (h.released_at is null or h.released_at > as_of))
message: "child profile {p.profile_id} last active {p.last_active_at} ({inactive_months} months, {{sic}})"
)yaml");
  REQUIRE(rule);
  CHECK(rule->id == "amazon.inactive-child-profile");
  CHECK(rule->severity == lethe::rules::Severity::high);
  CHECK(rule->citations.size() == 2);
  CHECK(rule->description ==
        "Child profiles inactive for 18 months must be deleted within 90 days unless a parent "
        "chose to keep them.");
  CHECK(rule->applies_from == std::optional<std::int64_t>(1689724800));
  REQUIRE(rule->params.size() == 6);
  CHECK(rule->params[0].value.type == lethe::rules::ValueType::integer);
  CHECK(rule->params[2].value.type == lethe::rules::ValueType::real);
  CHECK(rule->params[3].value.type == lethe::rules::ValueType::string);
  CHECK(rule->params[4].value.type == lethe::rules::ValueType::list);
  CHECK(rule->params[4].value.item_type == lethe::rules::ValueType::string);
  CHECK(rule->params[5].value.type == lethe::rules::ValueType::boolean);
  CHECK(rule->from_dataset == "child_profiles");
  CHECK(rule->from_alias == "p");
  CHECK(rule->evidence_fields ==
        std::vector<std::string>{"profile_id", "account_id", "last_active_at", "keep_requested"});
  CHECK(rule->reads.at("child_profiles") ==
        std::set<std::string>{"profile_id", "account_id", "last_active_at", "keep_requested"});
  CHECK(rule->reads.at("legal_holds") ==
        std::set<std::string>{"hold_id", "account_id", "profile_id", "placed_at", "released_at"});
  CHECK(rule->datasets() == std::vector<std::string>{"child_profiles", "legal_holds"});
  REQUIRE(rule->placeholders.size() == 3);
  CHECK(rule->placeholders[2].name == "inactive_months");
}

TEST_CASE("parameter values are read by type, for overrides", "[rule_file]") {
  using lethe::rules::parse_value_like;
  using lethe::rules::Value;
  CHECK(parse_value_like(Value::of_integer(1), "120")->integer == 120);
  CHECK(parse_value_like(Value::of_integer(1), "abc").error().message ==
        "expected an integer, got 'abc'");
  CHECK(parse_value_like(Value::of_timestamp(0), "2019-01-01")->integer == 1546300800);
  CHECK(parse_value_like(Value::of_boolean(true), "yes").error().message ==
        "expected true or false, got 'yes'");
  Value list;
  list.type = lethe::rules::ValueType::list;
  list.item_type = lethe::rules::ValueType::string;
  auto parsed = parse_value_like(list, "legal_compliance, security_incident");
  REQUIRE(parsed);
  REQUIRE(parsed->items.size() == 2);
  CHECK(parsed->items[1].text == "security_incident");
  CHECK(parse_value_like(Value::of_real(1), "2")->real == 2.0);
}

TEST_CASE("rule errors point into folded and plain scalars", "[rule_file]") {
  CHECK(rule_error("id: t.x\nseverity: low\nfrom: accounts a\nwhere: >\n  a.mfa_enabled\n  and "
                   "a.closd_at is null\n") ==
        "rule.yaml:6:9: unknown field 'closd_at' of dataset accounts\n"
        "    and a.closd_at is null\n"
        "          ^\n"
        "hint: did you mean 'closed_at'?");
  CHECK(rule_error("id: t.x\nseverity: low\nfrom: accounts a\nwhere: a.mfa_enabled and\n") ==
        "rule.yaml:4:25: expected an expression, got end of expression\n"
        "  where: a.mfa_enabled and\n"
        "                          ^");
}
