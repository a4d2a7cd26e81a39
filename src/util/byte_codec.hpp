// A compact binary encoding for values kept between runs (e.g. cached results in a store):
// unsigned varints, zigzag signed integers, doubles, and length-prefixed strings.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lethe::util {

class ByteWriter {
 public:
  void put_unsigned(std::uint64_t value) {
    while (value >= 0x80) {
      m_bytes += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    m_bytes += static_cast<char>(value);
  }
  void put_signed(std::int64_t value) {
    put_unsigned((static_cast<std::uint64_t>(value) << 1) ^
                 static_cast<std::uint64_t>(value >> 63));
  }
  void put_double(double value) {
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    m_bytes.append(raw, sizeof raw);
  }
  void put_string(std::string_view text) {
    put_unsigned(text.size());
    m_bytes.append(text);
  }
  const std::string& bytes() const { return m_bytes; }
  // Appends bytes as they are (e.g. another writer's).
  void put_raw(std::string_view bytes) { m_bytes.append(bytes); }

 private:
  std::string m_bytes;
};

// Reads what ByteWriter wrote. Every getter returns false, and reads nothing more, once the
// input is exhausted or malformed.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : m_bytes(bytes) {}

  bool get_unsigned(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_at >= m_bytes.size()) return fail();
      auto byte = static_cast<unsigned char>(m_bytes[m_at++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return m_ok;
    }
    return fail();
  }
  bool get_signed(std::int64_t& value) {
    std::uint64_t raw = 0;
    if (!get_unsigned(raw)) return false;
    value = static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
    return true;
  }
  bool get_double(double& value) {
    if (m_bytes.size() - m_at < sizeof value) return fail();
    std::memcpy(&value, m_bytes.data() + m_at, sizeof value);
    m_at += sizeof value;
    return m_ok;
  }
  bool get_string(std::string& text) {
    std::uint64_t size = 0;
    if (!get_unsigned(size)) return false;
    if (m_bytes.size() - m_at < size) return fail();
    text.assign(m_bytes.substr(m_at, size));
    m_at += size;
    return m_ok;
  }
  bool at_end() const { return m_ok && m_at == m_bytes.size(); }
  // The bytes not read yet.
  std::string_view rest() const { return m_bytes.substr(m_at); }

 private:
  bool fail() {
    m_ok = false;
    m_at = m_bytes.size();
    return false;
  }

  std::string_view m_bytes;
  size_t m_at = 0;
  bool m_ok = true;
};

}  // namespace lethe::util
