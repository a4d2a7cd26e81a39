// StringSet: exact membership whatever the hashes do.
#include "util/string_set.hpp"

#include <catch2/catch.hpp>

using lethe::util::StringSet;

TEST_CASE("StringSet: members are found, others are not, across growth", "[string-set]") {
  StringSet set;
  CHECK_FALSE(set.contains("A1"));
  for (int i = 0; i < 100000; i += 2)
    REQUIRE(set.insert("A" + std::to_string(i)));
  REQUIRE(set.insert("A0"));  // again: no second copy
  CHECK(set.size() == 50000);
  int wrong = 0;
  for (int i = 0; i < 100000; ++i) {
    if (set.contains("A" + std::to_string(i)) != (i % 2 == 0)) ++wrong;
  }
  CHECK(wrong == 0);
  // Exact bytes: no case folding, no trimming, no prefix matches, embedded NULs count.
  CHECK_FALSE(set.contains("a0"));
  CHECK_FALSE(set.contains("A0 "));
  CHECK_FALSE(set.contains("A"));
  REQUIRE(set.insert(std::string_view("x\0y", 3)));
  CHECK(set.contains(std::string_view("x\0y", 3)));
  CHECK_FALSE(set.contains("x"));
  REQUIRE(set.insert(""));
  CHECK(set.contains(""));
}
