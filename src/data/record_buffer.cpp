#include "data/record_buffer.hpp"

#include <algorithm>
#include <cstring>

#include "data/limits.hpp"

namespace lethe::data {

namespace {

// Bytes asked of the source per read; the buffer grows beyond this only for a larger record.
constexpr std::size_t k_chunk_size = std::size_t{1} << 20;

}  // namespace

std::string record_too_long(std::size_t max_record_size) {
  return "record longer than " + limit_note("max-record-size", max_record_size, true);
}

RecordBuffer::RecordBuffer(std::unique_ptr<util::ByteSource> bytes, std::size_t max_record_size,
                           std::size_t padding)
    : m_bytes(std::move(bytes)),
      m_total(m_bytes->total_size().value_or(0)),
      m_max_record_size(max_record_size),
      m_padding(padding),
      m_capacity(std::min(k_chunk_size, max_record_size + 1)),
      m_buffer(new char[m_capacity + padding]) {}

Refill RecordBuffer::refill() {
  if (m_pos > 0) {
    std::size_t keep = m_end - m_pos;
    std::memmove(m_buffer.get(), m_buffer.get() + m_pos, keep);
    m_base_offset += m_pos;
    m_pos = 0;
    m_end = keep;
  }
  if (m_end == m_capacity) {
    if (m_capacity > m_max_record_size) {
      m_failure = record_too_long(m_max_record_size);
      return Refill::too_long;
    }
    std::size_t capacity = std::min(m_capacity * 2, m_max_record_size + 1);
    std::unique_ptr<char[]> bigger(new char[capacity + m_padding]);
    std::memcpy(bigger.get(), m_buffer.get(), m_end);
    m_buffer = std::move(bigger);
    m_capacity = capacity;
  }
  while (m_end < m_capacity) {
    auto got = m_bytes->read(m_buffer.get() + m_end, m_capacity - m_end);
    if (!got) {
      m_failure = got.error().message;
      return Refill::failed;
    }
    if (*got == 0) {
      m_eof = true;
      break;
    }
    m_end += *got;
  }
  std::memset(m_buffer.get() + m_end, 0, m_padding);
  return Refill::read;
}

void RecordBuffer::skip_bom() {
  if (m_pos == 0 && m_end >= 3 && std::memcmp(m_buffer.get(), "\xEF\xBB\xBF", 3) == 0) m_pos = 3;
}

}  // namespace lethe::data
