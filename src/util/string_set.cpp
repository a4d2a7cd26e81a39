#include "util/string_set.hpp"

#include <functional>

namespace lethe::util {

std::uint64_t StringSet::hash_of(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

size_t StringSet::find_slot(std::string_view text, std::uint64_t hash) const {
  size_t mask = m_slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = m_slots[i];
    if (slot.length == k_empty) return i;
    if (slot.hash == hash && slot.length == text.size() &&
        std::string_view(m_arena).substr(slot.offset, slot.length) == text) {
      return i;
    }
  }
}

// The bitmap uses the hash's high bits; the table its low bits.
void StringSet::mark(std::uint64_t hash) {
  size_t bit = (hash >> 32) & (m_bitmap.size() * 64 - 1);
  m_bitmap[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

bool StringSet::marked(std::uint64_t hash) const {
  size_t bit = (hash >> 32) & (m_bitmap.size() * 64 - 1);
  return (m_bitmap[bit / 64] >> (bit % 64)) & 1;
}

void StringSet::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  m_bitmap.assign(m_slots.size() / 4, 0);  // 16 bits per slot
  size_t mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (slot.length == k_empty) continue;
    size_t i = slot.hash & mask;
    while (m_slots[i].length != k_empty)
      i = (i + 1) & mask;
    m_slots[i] = slot;
    mark(slot.hash);
  }
}

bool StringSet::insert(std::string_view text) {
  if (text.size() >= k_empty || m_arena.size() + text.size() >= k_empty) return false;
  if ((m_size + 1) * 2 > m_slots.size()) grow();
  std::uint64_t hash = hash_of(text);
  size_t i = find_slot(text, hash);
  if (m_slots[i].length != k_empty) return true;
  m_slots[i] = {hash, static_cast<std::uint32_t>(m_arena.size()),
                static_cast<std::uint32_t>(text.size())};
  mark(hash);
  m_arena.append(text);
  ++m_size;
  return true;
}

bool StringSet::contains(std::string_view text) const {
  if (m_slots.empty()) return false;
  std::uint64_t hash = hash_of(text);
  if (!marked(hash)) return false;
  return m_slots[find_slot(text, hash)].length != k_empty;
}

}  // namespace lethe::util
