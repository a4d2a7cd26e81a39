// Sorting many 64-bit values in linear time.
#pragma once

#include <cstdint>
#include <vector>

namespace lethe::util {

// Sorts `values` (LSD radix sort: linear in their number, unlike std::sort).
void radix_sort(std::vector<std::uint64_t>& values);

}  // namespace lethe::util
