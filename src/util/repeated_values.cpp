#include "util/repeated_values.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <queue>

#include "util/radix_sort.hpp"

namespace lethe::util {

RepeatedValues::~RepeatedValues() {
  if (m_file) std::fclose(m_file);
}

void RepeatedValues::spill() {
  if (m_error) {
    m_values.clear();
    return;
  }
  radix_sort(m_values);
  if (!m_file) m_file = std::tmpfile();
  if (!m_file || std::fwrite(m_values.data(), sizeof(std::uint64_t), m_values.size(), m_file) !=
                     m_values.size()) {
    m_error = fmt::format("cannot keep key hashes in a temporary file: {}", std::strerror(errno));
    m_values.clear();
    return;
  }
  m_runs.emplace_back(m_written, m_values.size());
  m_written += m_values.size();
  m_values.clear();
}

namespace {

// Reads one sorted run back, a block at a time.
class RunReader {
 public:
  RunReader(std::FILE* file, std::uint64_t first, std::uint64_t count)
      : m_file(file), m_next(first), m_left(count) {}

  // The next value, or nullopt at the end of the run (or on a read error, reported by `failed`).
  std::optional<std::uint64_t> next() {
    if (m_at == m_block.size()) {
      if (m_left == 0) return std::nullopt;
      size_t size = static_cast<size_t>(std::min<std::uint64_t>(m_left, k_block));
      m_block.resize(size);
      if (std::fseek(m_file, static_cast<long>(m_next * sizeof(std::uint64_t)), SEEK_SET) != 0 ||
          std::fread(m_block.data(), sizeof(std::uint64_t), size, m_file) != size) {
        failed = true;
        m_left = 0;
        m_block.clear();
        m_at = 0;
        return std::nullopt;
      }
      m_next += size;
      m_left -= size;
      m_at = 0;
    }
    return m_block[m_at++];
  }
  bool failed = false;

 private:
  static constexpr size_t k_block = 65536;
  std::FILE* m_file;
  std::uint64_t m_next;
  std::uint64_t m_left;
  std::vector<std::uint64_t> m_block;
  size_t m_at = 0;
};

}  // namespace

Expected<std::vector<std::uint64_t>> RepeatedValues::repeated() {
  std::vector<std::uint64_t> out;
  auto note = [&](std::uint64_t value, std::optional<std::uint64_t>& previous) {
    if (previous && *previous == value && (out.empty() || out.back() != value)) {
      out.push_back(value);
    }
    previous = value;
  };
  if (m_runs.empty() && !m_error) {  // everything is in memory
    radix_sort(m_values);
    std::optional<std::uint64_t> previous;
    for (auto value : m_values)
      note(value, previous);
    std::vector<std::uint64_t>().swap(m_values);
    return out;
  }
  if (!m_values.empty()) spill();
  if (m_error) return Error{*m_error};
  std::vector<RunReader> runs;
  for (const auto& [first, count] : m_runs)
    runs.emplace_back(m_file, first, count);
  using Head = std::pair<std::uint64_t, size_t>;  // value, run
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (auto value = runs[i].next()) heads.emplace(*value, i);
  }
  std::optional<std::uint64_t> previous;
  while (!heads.empty()) {
    auto [value, run] = heads.top();
    heads.pop();
    note(value, previous);
    if (auto next = runs[run].next()) heads.emplace(*next, run);
  }
  for (const auto& run : runs) {
    if (run.failed) return Error{"cannot read key hashes back from their temporary file"};
  }
  return out;
}

}  // namespace lethe::util
