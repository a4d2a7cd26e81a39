// Finds the 64-bit values added more than once, in bounded memory: values are radix-sorted in
// chunks, chunks beyond the first spill to a temporary file as sorted runs, and the runs are
// merged at the end.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/expected.hpp"

namespace lethe::util {

class RepeatedValues {
 public:
  // `chunk`: how many values are held in memory at most (twice that while sorting).
  explicit RepeatedValues(size_t chunk = size_t{4} << 20) : m_chunk(chunk) {}
  ~RepeatedValues();
  RepeatedValues(const RepeatedValues&) = delete;
  RepeatedValues& operator=(const RepeatedValues&) = delete;

  void add(std::uint64_t value) {
    m_values.push_back(value);
    if (m_values.size() >= m_chunk) spill();
  }

  // The values added more than once, sorted; an error when a run could not be kept on disk.
  Expected<std::vector<std::uint64_t>> repeated();

 private:
  void spill();

  size_t m_chunk;
  std::vector<std::uint64_t> m_values;
  std::FILE* m_file = nullptr;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> m_runs;  // (first value index, count)
  std::uint64_t m_written = 0;
  std::optional<std::string> m_error;
};

}  // namespace lethe::util
