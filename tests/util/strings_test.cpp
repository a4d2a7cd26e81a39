#include "util/strings.hpp"

#include <catch2/catch.hpp>

using namespace lethe::util;

TEST_CASE("trim, split, join, to_lower", "[strings]") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string_view>{""});
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(to_lower("MiXeD-1") == "mixed-1");
  CHECK(iequals("Yes", "yES"));
  CHECK_FALSE(iequals("Yes", "Ye"));
}

TEST_CASE("closest_match suggests plausible typos only", "[strings]") {
  std::vector<std::string> fields{"last_active_at", "created_at", "keep_requested"};
  CHECK(edit_distance("kitten", "sitting") == 3);
  // Two letters swapped are one edit, as typed.
  CHECK(edit_distance("scna", "scan") == 1);
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_match("scna", {"scan", "schema", "inspect"}) == "scan");
  // A long value is no typo of a short word, and is not compared letter by letter.
  CHECK(closest_match(std::string(50'000'000, 'x'), {"customer", "employee"}).empty());
  CHECK(closest_match("last_activ_at", fields) == "last_active_at");
  CHECK(closest_match("created", fields) == "created_at");
  CHECK(closest_match("zzz", fields).empty());
}

TEST_CASE("quote_for_message escapes and shortens", "[strings]") {
  CHECK(quote_for_message("13/45/2020") == "\"13/45/2020\"");
  CHECK(quote_for_message("a\"b\n") == "\"a\\\"b\\x0a\"");
  CHECK(quote_for_message(std::string(100, 'x')) == "\"" + std::string(80, 'x') + "...\"");
}
