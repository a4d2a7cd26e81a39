// A set of strings for fast membership tests of many lookups, most of them misses: a bitmap of
// hashes answers most misses from the CPU cache; hits and the rest probe an open-addressing
// table of (hash, span) slots over one arena of bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::util {

class StringSet {
 public:
  // Adds `text` (a no-op when present). False when the set cannot hold more (4 GiB of text).
  bool insert(std::string_view text);
  bool contains(std::string_view text) const;
  size_t size() const { return m_size; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = k_empty;
  };
  static constexpr std::uint32_t k_empty = UINT32_MAX;
  static std::uint64_t hash_of(std::string_view text);
  size_t find_slot(std::string_view text, std::uint64_t hash) const;
  void grow();
  void mark(std::uint64_t hash);
  bool marked(std::uint64_t hash) const;

  std::vector<Slot> m_slots;            // a power of two, at most half full
  std::vector<std::uint64_t> m_bitmap;  // 16 bits per slot
  std::string m_arena;
  size_t m_size = 0;
};

}  // namespace lethe::util
