// KeySet: exact membership whatever the hashes do, and a memory bound that refuses, never drops.
#include "util/key_set.hpp"

#include <catch2/catch.hpp>
#include <string>

using lethe::util::KeySet;

TEST_CASE("KeySet: members are found, others are not, across growth", "[key-set]") {
  KeySet set;
  CHECK_FALSE(set.contains("R1"));
  for (int i = 0; i < 200000; i += 2)
    REQUIRE(set.insert("R" + std::to_string(i)));
  REQUIRE(set.insert("R0"));  // again: no second copy
  CHECK(set.size() == 100000);
  int wrong = 0;
  for (int i = 0; i < 200000; ++i) {
    if (set.contains("R" + std::to_string(i)) != (i % 2 == 0)) ++wrong;
  }
  CHECK(wrong == 0);
  // Exact bytes: no case folding, no trimming, no prefix matches, embedded NULs count.
  CHECK_FALSE(set.contains("r0"));
  CHECK_FALSE(set.contains("R0 "));
  CHECK_FALSE(set.contains("R"));
  REQUIRE(set.insert(std::string_view("x\0y", 3)));
  CHECK(set.contains(std::string_view("x\0y", 3)));
  CHECK_FALSE(set.contains("x"));
  REQUIRE(set.insert(""));
  CHECK(set.contains(""));
}

TEST_CASE("KeySet: keys of every prefix length, and across chunk ends", "[key-set]") {
  KeySet set;
  // 127 and 128 bytes take one and two bytes of length; 16383 and 16384 two and three. Many
  // 20 KiB keys fill 1 MiB chunks, so that keys meet the end of a chunk.
  std::vector<std::string> keys;
  for (size_t size : {0, 1, 127, 128, 16383, 16384, 65536})
    keys.push_back(std::string(size, 'k'));
  for (int i = 0; i < 200; ++i)
    keys.push_back(std::to_string(i) + std::string(20000, 'c'));
  for (const auto& key : keys)
    REQUIRE(set.insert(key));
  for (const auto& key : keys)
    CHECK(set.contains(key));
  CHECK_FALSE(set.contains(std::string(129, 'k')));
  CHECK_FALSE(set.contains(std::string(16385, 'k')));
  CHECK(set.size() == keys.size());
  // Longer than 64 KiB: refused, so that the caller knows the set is not whole.
  CHECK_FALSE(set.insert(std::string(65537, 'k')));
  CHECK(set.size() == keys.size());
}

TEST_CASE("KeySet: a full set refuses the key and keeps the rest", "[key-set]") {
  // Slots (8 KiB at first) and one 1 MiB chunk fit; the growth of the slots does not.
  KeySet set((std::size_t{1} << 20) + 8192);
  size_t added = 0;
  while (set.insert("A" + std::to_string(added)))
    ++added;
  CHECK(added == 768);  // 1024 slots, at most three quarters full
  CHECK(set.size() == 768);
  CHECK(set.bytes() <= (std::size_t{1} << 20) + 8192);
  CHECK(set.contains("A0"));
  CHECK(set.contains("A767"));
  CHECK_FALSE(set.contains("A768"));
  CHECK(set.insert("A5"));  // present already: no room needed
  set.clear();
  CHECK(set.size() == 0);
  CHECK(set.bytes() == 0);
  CHECK_FALSE(set.contains("A0"));
  KeySet none(0);
  CHECK_FALSE(none.insert("A"));
  CHECK_FALSE(none.contains("A"));
}

TEST_CASE("KeySet: add() inserts a few keys later, flush() the rest", "[key-set]") {
  KeySet set;
  for (int i = 0; i < 100000; ++i)
    REQUIRE(set.add("K" + std::to_string(i % 70000)));  // repeats too
  REQUIRE(set.flush());
  CHECK(set.size() == 70000);
  int wrong = 0;
  for (int i = 0; i < 80000; ++i) {
    if (set.contains("K" + std::to_string(i)) != (i < 70000)) ++wrong;
  }
  CHECK(wrong == 0);
  // Fewer keys than wait: all of them by flush().
  KeySet few;
  REQUIRE(few.add("a"));
  REQUIRE(few.add("b"));
  CHECK_FALSE(few.contains("a"));
  REQUIRE(few.flush());
  CHECK(few.contains("a"));
  CHECK(few.contains("b"));
  // A failed insert makes add() and flush() false from then on.
  KeySet tiny((std::size_t{1} << 20) + 8192);
  bool ok = true;
  std::string key(40, 'x');
  for (int i = 0; i < 2000 && ok; ++i)
    ok = tiny.add(key + std::to_string(i));
  CHECK_FALSE((ok && tiny.flush()));
  CHECK_FALSE(tiny.flush());
  CHECK(tiny.size() == 768);
}
