#include "data/record_buffer.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace lethe::data {
namespace {

TEST_CASE("record buffer: grows for a long record up to the limit, then says so",
          "[record-buffer]") {
  // A limit of 1 KiB makes the buffer start (and stop) small.
  const std::string bytes = std::string(2500, 'x') + "\n";
  RecordBuffer buffer(util::memory_bytes(bytes, "in", 7), 1024);
  REQUIRE(buffer.refill() == Refill::read);
  CHECK(buffer.capacity() == 1025);
  CHECK(buffer.end() == 1025);  // short reads are repeated until the buffer is full
  CHECK_FALSE(buffer.eof());
  // Nothing consumed: the record fills the largest buffer allowed.
  CHECK(buffer.refill() == Refill::too_long);
  CHECK(buffer.failure() == record_too_long(1024));
  CHECK(buffer.failure() ==
        "record longer than the max-record-size limit (1 KiB; raise it with --max-record-size)");
}

TEST_CASE("record buffer: consumed bytes move out, the rest moves to the front",
          "[record-buffer]") {
  RecordBuffer buffer(util::memory_bytes("\xEF\xBB\xBF"
                                         "abcdef",
                                         "in"),
                      1 << 20, 4);
  REQUIRE(buffer.refill() == Refill::read);
  CHECK(buffer.eof());
  buffer.skip_bom();
  CHECK(buffer.pos() == 3);
  CHECK(buffer.total() == 9);
  buffer.set_pos(5);
  CHECK(buffer.consumed() == 5);
  REQUIRE(buffer.refill() == Refill::read);
  CHECK(buffer.pos() == 0);
  CHECK(std::string(buffer.data(), buffer.end()) == "cdef");
  CHECK(buffer.consumed() == 5);
  // The padding after the data stays zero.
  CHECK(std::string(buffer.data() + buffer.end(), 4) == std::string(4, '\0'));
}

}  // namespace
}  // namespace lethe::data
