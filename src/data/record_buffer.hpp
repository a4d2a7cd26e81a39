// The window onto a ByteSource that the text readers (CSV/TSV, NDJSON/JSON) scan records in:
// bounded reads, growth for a record larger than one read, and the max-record-size limit, in
// one place for every text format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "util/byte_source.hpp"

namespace lethe::data {

// "record longer than the max-record-size limit (256 MiB; raise it with --max-record-size)".
std::string record_too_long(std::size_t max_record_size);

// What RecordBuffer::refill did.
enum class Refill {
  read,      // more bytes are in the buffer, or the end of the source was reached (eof())
  too_long,  // one record fills the largest buffer the limit allows (failure() names the limit)
  failed,    // the source could not be read (failure() says why)
};

class RecordBuffer {
 public:
  // Reads `bytes` in blocks of a MiB, growing the buffer to at most `max_record_size` + 1 bytes
  // (one more, to see a record of exactly the limit end). `padding` bytes after the data are kept
  // zeroed, for a parser that may look past a record's end (simdjson).
  RecordBuffer(std::unique_ptr<util::ByteSource> bytes, std::size_t max_record_size,
               std::size_t padding = 0);

  // Moves the unconsumed bytes to the front, grows the buffer when they fill it, and reads more.
  Refill refill();
  // Skips a UTF-8 byte order mark at the start. Call after the first refill(), which fills the
  // buffer or reaches the end, so that a BOM is whole.
  void skip_bom();

  // The buffer: bytes [pos(), end()) are read and not yet consumed; capacity() + the padding
  // are allocated.
  char* data() { return m_buffer.get(); }
  const char* data() const { return m_buffer.get(); }
  std::size_t pos() const { return m_pos; }
  std::size_t end() const { return m_end; }
  std::size_t capacity() const { return m_capacity; }
  // Marks the bytes before `pos` consumed (at most end()).
  void set_pos(std::size_t pos) { m_pos = pos; }
  // Every byte of the source up to end() is in the buffer.
  bool eof() const { return m_eof; }
  // Why the last refill() did not read.
  const std::string& failure() const { return m_failure; }

  // Bytes of the source consumed so far and in all (0 when unknown), for progress.
  std::uint64_t consumed() const { return m_base_offset + m_pos; }
  std::uint64_t total() const { return m_total; }

 private:
  std::unique_ptr<util::ByteSource> m_bytes;
  std::uint64_t m_total;
  std::size_t m_max_record_size;
  std::size_t m_padding;
  std::size_t m_capacity;
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_pos = 0;            // first byte not yet consumed
  std::size_t m_end = 0;            // end of the bytes read into the buffer
  std::uint64_t m_base_offset = 0;  // offset in the source of m_buffer[0]
  bool m_eof = false;
  std::string m_failure;
};

}  // namespace lethe::data
