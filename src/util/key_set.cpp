#include "util/key_set.hpp"

#include <cstring>
#include <functional>

namespace lethe::util {

namespace {

// Bytes of the length prefix of a key of `size` bytes (7 bits a byte).
std::size_t prefix_size(std::size_t size) {
  return size < 0x80 ? 1 : size < 0x4000 ? 2 : 3;
}

}  // namespace

std::uint64_t KeySet::hash_of(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

std::size_t KeySet::bytes() const {
  return m_slots.size() * sizeof(std::uint64_t) + m_chunks.size() * k_chunk_size;
}

void KeySet::clear() {
  m_waiting_count = 0;
  m_failed = false;
  std::vector<std::uint64_t>().swap(m_slots);
  std::vector<std::unique_ptr<char[]>>().swap(m_chunks);
  m_used = 0;
  m_size = 0;
}

std::string_view KeySet::key_at(std::uint64_t slot) const {
  std::uint64_t offset = (slot & ((std::uint64_t{1} << k_offset_bits) - 1)) - 1;
  const auto* p = reinterpret_cast<const unsigned char*>(m_chunks[offset >> k_chunk_bits].get() +
                                                         (offset & (k_chunk_size - 1)));
  std::size_t size = 0;
  for (int shift = 0;; shift += 7) {
    size |= static_cast<std::size_t>(*p & 0x7f) << shift;
    if (!(*p++ & 0x80)) break;
  }
  return {reinterpret_cast<const char*>(p), size};
}

std::size_t KeySet::find_slot(std::string_view text, std::uint64_t hash) const {
  std::size_t mask = m_slots.size() - 1;
  std::uint64_t tag = hash >> k_offset_bits;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    std::uint64_t slot = m_slots[i];
    if (slot == 0) return i;
    if ((slot >> k_offset_bits) == tag && key_at(slot) == text) return i;
  }
}

bool KeySet::add(std::string_view text) {
  if (m_failed) return false;
  if (!m_slots.empty()) __builtin_prefetch(&m_slots[hash_of(text) & (m_slots.size() - 1)]);
  std::string& slot = m_waiting[m_waiting_next];
  if (m_waiting_count == k_waiting) {
    if (!insert(slot)) m_failed = true;
  } else {
    ++m_waiting_count;
  }
  slot.assign(text);
  m_waiting_next = (m_waiting_next + 1) % k_waiting;
  return !m_failed;
}

bool KeySet::flush() {
  std::size_t first = (m_waiting_next + k_waiting - m_waiting_count) % k_waiting;
  for (std::size_t i = 0; i < m_waiting_count && !m_failed; ++i) {
    if (!insert(m_waiting[(first + i) % k_waiting])) m_failed = true;
  }
  m_waiting_count = 0;
  return !m_failed;
}

bool KeySet::contains(std::string_view text) const {
  if (m_size == 0) return false;
  return m_slots[find_slot(text, hash_of(text))] != 0;
}

// Doubles the slots (keeping them at most 3/4 full); false when that would pass max_bytes.
bool KeySet::grow() {
  std::size_t count = m_slots.empty() ? 1024 : m_slots.size() * 2;
  if (bytes() + count * sizeof(std::uint64_t) > m_max_bytes) return false;
  std::vector<std::uint64_t> old = std::move(m_slots);
  m_slots.assign(count, 0);
  std::size_t mask = count - 1;
  for (std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = hash_of(key_at(slot)) & mask;
    while (m_slots[i] != 0)
      i = (i + 1) & mask;
    m_slots[i] = slot;
  }
  return true;
}

bool KeySet::insert(std::string_view text) {
  if (text.size() > k_max_key) return false;
  std::uint64_t hash = hash_of(text);
  std::size_t i = m_size > 0 ? find_slot(text, hash) : 0;
  if (m_size > 0 && m_slots[i] != 0) return true;
  if ((m_size + 1) * 4 > m_slots.size() * 3) {
    if (!grow()) return false;
    i = find_slot(text, hash);
  }
  std::size_t need = prefix_size(text.size()) + text.size();
  if (m_chunks.empty() || m_used + need > k_chunk_size) {
    if (bytes() + k_chunk_size > m_max_bytes) return false;
    m_chunks.push_back(std::make_unique<char[]>(k_chunk_size));
    m_used = 0;
  }
  std::uint64_t offset = ((m_chunks.size() - 1) << k_chunk_bits) + m_used;
  auto* p = reinterpret_cast<unsigned char*>(m_chunks.back().get() + m_used);
  std::size_t size = text.size();
  do {
    *p = static_cast<unsigned char>(size & 0x7f);
    size >>= 7;
    if (size) *p |= 0x80;
    ++p;
  } while (size);
  std::memcpy(p, text.data(), text.size());
  m_used += need;
  m_slots[i] = (hash >> k_offset_bits << k_offset_bits) | (offset + 1);
  ++m_size;
  return true;
}

}  // namespace lethe::util
