// Name matching for `lethe init`: words, synonyms, stems and similarity.
#include "engine/name_match.hpp"

#include <catch2/catch.hpp>

using lethe::engine::column_similarity;
using lethe::engine::name_words;
using lethe::engine::names_milliseconds;
using Words = std::vector<std::string>;

TEST_CASE("name words: separators, camelCase, synonyms, stems and noise", "[name_match]") {
  CHECK(name_words("Customer ID") == Words{"account", "id"});
  CHECK(name_words("customer.childProfileId") == Words{"account", "profile", "id"});
  CHECK(name_words("created_at") == Words{"creat"});
  CHECK(name_words("Created On") == Words{"creat"});
  CHECK(name_words("capturedAtMs") == Words{"captur"});
  CHECK(name_words("2FA Enabled") == name_words("mfa_enabled"));
  CHECK(name_words("two_step_verification") == Words{"mfa", "verification"});
  CHECK(name_words("retention_policies") == Words{"retention", "policy"});
  CHECK(name_words("URLPath") == Words{"url", "path"});
  CHECK(name_words("part-0001") == Words{});
}

TEST_CASE("column similarity: by words, a dotted path's last part too", "[name_match]") {
  CHECK(column_similarity("Customer ID", "account_id") == 1.0);
  CHECK(column_similarity("customer.childProfileId", "profile_id") == 1.0);
  CHECK(column_similarity("customer.childProfileId", "account_id") < 1.0);
  CHECK(column_similarity("example", "example_id") == Approx(0.8));
  CHECK(column_similarity("Matter", "reason") == 1.0);
  CHECK(column_similarity("version", "account_id") == 0.0);
}

TEST_CASE("milliseconds are told by name", "[name_match]") {
  CHECK(names_milliseconds("capturedAtMs"));
  CHECK(names_milliseconds("created_ms"));
  CHECK_FALSE(names_milliseconds("epochSeconds"));
}
