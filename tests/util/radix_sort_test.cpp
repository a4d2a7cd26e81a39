// radix_sort: the same order as std::sort, for every magnitude and the edges.
#include "util/radix_sort.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

TEST_CASE("radix_sort sorts like std::sort", "[radix-sort]") {
  std::mt19937_64 random(7);
  std::vector<std::uint64_t> values(200000);
  for (auto& v : values)
    v = random() >> (random() % 64);  // all magnitudes
  values.push_back(0);
  values.push_back(UINT64_MAX);
  values.push_back(values[5]);  // a duplicate
  auto expected = values;
  std::sort(expected.begin(), expected.end());
  lethe::util::radix_sort(values);
  CHECK(values == expected);
  std::vector<std::uint64_t> empty;
  lethe::util::radix_sort(empty);
  CHECK(empty.empty());
}
