#include "report/rule_listing.hpp"

#include <catch2/catch.hpp>

#include "report/schema_listing.hpp"

using namespace lethe;

TEST_CASE("rules list: the formats, and an unknown one is an error", "[rule_listing]") {
  CHECK(report::rule_listing().names() == std::vector<std::string>{"text", "json", "markdown"});
  rules::RuleSet set;
  auto text = report::rule_listing().render("text", set);
  REQUIRE(text);
  CHECK(*text == report::render_rule_list_text(set));
  auto json = report::rule_listing().render("json", set);
  REQUIRE(json);
  CHECK(*json == "{\n  \"schema_version\": 1,\n  \"rules\": []\n}\n");
  auto unknown = report::rule_listing().render("html", set);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message ==
        "unknown format \"html\" (expected one of text, json, markdown)");
}

TEST_CASE("schema listing: the formats, and an unknown one is an error", "[schema_listing]") {
  CHECK(report::schema_listing().names() == std::vector<std::string>{"text", "json"});
  data::Schema schema;
  auto unknown = report::schema_listing().render("markdown", schema);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "unknown format \"markdown\" (expected one of text, json)");
}
