#include "util/radix_sort.hpp"

#include <algorithm>

namespace lethe::util {

void radix_sort(std::vector<std::uint64_t>& values) {
  // Below a few thousand values the counting passes cost more than they save.
  if (values.size() < 4096) {
    std::sort(values.begin(), values.end());
    return;
  }
  constexpr int k_bits = 16;
  constexpr size_t k_buckets = size_t{1} << k_bits;
  std::vector<std::uint64_t> buffer(values.size());
  std::vector<size_t> counts(k_buckets);
  for (int shift = 0; shift < 64; shift += k_bits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (std::uint64_t v : values)
      ++counts[(v >> shift) & (k_buckets - 1)];
    size_t total = 0;
    for (auto& count : counts) {
      size_t c = count;
      count = total;
      total += c;
    }
    for (std::uint64_t v : values)
      buffer[counts[(v >> shift) & (k_buckets - 1)]++] = v;
    values.swap(buffer);
  }
}

}  // namespace lethe::util
