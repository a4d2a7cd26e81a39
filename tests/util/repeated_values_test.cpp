// RepeatedValues: the values added more than once, whether they fit in memory or spill to runs.
#include "util/repeated_values.hpp"

#include <catch2/catch.hpp>

#include <random>

TEST_CASE("RepeatedValues finds every repeated value, in memory or merged from runs",
          "[repeated-values]") {
  std::mt19937_64 random(3);
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 50000; ++i)
    values.push_back(random());
  // Repeats: one value twice, one three times, and 0 and the largest value.
  values.push_back(values[10]);
  values.push_back(values[20]);
  values.push_back(values[20]);
  values.push_back(0);
  values.push_back(0);
  values.push_back(UINT64_MAX);
  values.push_back(UINT64_MAX);
  std::vector<std::uint64_t> expected{0, values[10], values[20], UINT64_MAX};
  std::sort(expected.begin(), expected.end());
  for (size_t chunk : {size_t{1} << 20, size_t{1000}, size_t{7}}) {  // 0, 50 and 7,000 runs
    INFO(chunk);
    lethe::util::RepeatedValues repeated(chunk);
    for (auto value : values)
      repeated.add(value);
    auto found = repeated.repeated();
    REQUIRE(found);
    CHECK(*found == expected);
  }
  lethe::util::RepeatedValues none;
  auto found = none.repeated();
  REQUIRE(found);
  CHECK(found->empty());
}
