#include "report/rule_listing.hpp"

#include <catch2/catch.hpp>

#include "report/schema_listing.hpp"

using namespace lethe;

TEST_CASE("rules list: the formats, and an unknown one is an error", "[rule_listing]") {
  CHECK(report::rule_list_formats() == std::vector<std::string>{"text", "json", "markdown"});
  rules::RuleSet set;
  auto text = report::render_rule_list(set, "text");
  REQUIRE(text);
  CHECK(*text == report::render_rule_list_text(set));
  auto json = report::render_rule_list(set, "json");
  REQUIRE(json);
  CHECK(*json == "{\n  \"schema_version\": 1,\n  \"rules\": []\n}\n");
  auto unknown = report::render_rule_list(set, "html");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message ==
        "unknown format \"html\" (expected one of text, json, markdown)");
}

TEST_CASE("schema listing: the formats, and an unknown one is an error", "[schema_listing]") {
  CHECK(report::schema_formats() == std::vector<std::string>{"text", "json"});
  data::Schema schema;
  auto unknown = report::render_schema(schema, "markdown");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "unknown format \"markdown\" (expected one of text, json)");
}
