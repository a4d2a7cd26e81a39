// Profiles of sampled values for `lethe init`: types, timestamp formats, booleans, uniqueness.
#include "engine/column_profile.hpp"

#include <catch2/catch.hpp>

using lethe::engine::profile_column;
using Values = std::vector<std::optional<std::string>>;
using Formats = std::vector<std::string>;

TEST_CASE("column profile: timestamps and how they are written", "[column_profile]") {
  auto iso = profile_column("at", Values{"2026-01-01T00:00:00Z", "2026-01-02T00:00:00+02:00"});
  CHECK(iso.timestamp);
  CHECK(iso.formats.empty());
  CHECK_FALSE(iso.wall_time);
  CHECK(profile_column("at", Values{"2026-01-01 10:00:00"}).wall_time);

  auto ms = profile_column("t", Values{"1767225600000", "1767229200500"});
  CHECK(ms.formats == Formats{"epoch_ms"});
  CHECK(profile_column("t", Values{"1767225600"}).formats == Formats{"epoch_s"});
  CHECK(profile_column("created_ms", Values{"1767225600"}).formats == Formats{"epoch_ms"});
  CHECK_FALSE(profile_column("n", Values{"42", "7"}).timestamp);

  auto us = profile_column("d", Values{"03/14/2024", "11/02/2023"});
  CHECK(us.formats == Formats{"%m/%d/%Y"});
  CHECK(us.format_doubt.empty());
  // Both day-month orders read these, at other instants: a doubt.
  auto either = profile_column("d", Values{"03/04/2024"});
  CHECK(either.formats == Formats{"%m/%d/%Y"});
  CHECK(either.format_doubt ==
        "the sample also reads as \"%d/%m/%Y\", at other instants: check which it is");
  auto mixed = profile_column("d", Values{"03/14/2024 9:30 PM", "03/15/2024"});
  CHECK(mixed.formats == Formats{"%m/%d/%Y %I:%M %p", "%m/%d/%Y"});
}

TEST_CASE("column profile: booleans, codes and unique keys", "[column_profile]") {
  CHECK(profile_column("b", Values{"true", "FALSE", "1"}).boolean);
  auto words = profile_column("b", Values{"On", "Off", "On"});
  CHECK_FALSE(words.boolean);
  REQUIRE(words.boolean_codes);
  CHECK(words.boolean_codes->first == "On");
  CHECK(words.boolean_codes->second == "Off");
  auto keys = profile_column("id", Values{"a", "b", std::nullopt, ""});
  CHECK(keys.unique);
  CHECK(keys.values == 2);
  CHECK_FALSE(profile_column("id", Values{"a", "a"}).unique);
  CHECK(profile_column("k", Values{"x", "y"}).distinct == std::vector<std::string>{"x", "y"});
}
