// An exact set of strings packed for size, for the keys of millions of rows under a memory
// bound: 8 bytes a slot (a tag of the hash and an offset) over one arena of length-prefixed
// bytes kept in fixed chunks, so that growing it never copies the keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::util {

class KeySet {
 public:
  // A set that holds at most `max_bytes` of slots and arena together.
  explicit KeySet(std::size_t max_bytes = SIZE_MAX) : m_max_bytes(max_bytes) {}

  // Adds `text` (a no-op when present). False, and the set unchanged, when holding it would take
  // more than the set's max_bytes (or it is longer than 64 KiB).
  bool insert(std::string_view text);
  // insert(), a few keys later: the key's slot is fetched from memory now, and it is inserted
  // once some more keys have come, so that their cache misses overlap. False once an insert has
  // failed (the set is then no longer whole). flush() inserts the keys still waiting.
  bool add(std::string_view text);
  bool flush();
  bool contains(std::string_view text) const;
  std::size_t size() const { return m_size; }
  // The bytes held: slots and arena chunks.
  std::size_t bytes() const;
  // Empties the set and gives its memory back.
  void clear();

 private:
  static constexpr std::size_t k_chunk_bits = 20;  // 1 MiB chunks
  static constexpr std::size_t k_chunk_size = std::size_t{1} << k_chunk_bits;
  static constexpr std::size_t k_max_key = 65536;
  static constexpr int k_offset_bits = 40;

  static std::uint64_t hash_of(std::string_view text);
  std::string_view key_at(std::uint64_t slot) const;
  // The slot holding `text`, or the empty slot where it would go.
  std::size_t find_slot(std::string_view text, std::uint64_t hash) const;
  bool grow();

  std::size_t m_max_bytes;
  std::vector<std::uint64_t> m_slots;  // 0: empty; else hash tag << 40 | (arena offset + 1)
  std::vector<std::unique_ptr<char[]>> m_chunks;
  std::size_t m_used = 0;  // bytes used in the last chunk
  std::size_t m_size = 0;
  static constexpr std::size_t k_waiting = 16;
  std::string m_waiting[k_waiting];  // keys add() has not inserted yet, a ring
  std::size_t m_waiting_count = 0;
  std::size_t m_waiting_next = 0;  // where the next key goes
  bool m_failed = false;           // an insert from add() or flush() failed
};

}  // namespace lethe::util
