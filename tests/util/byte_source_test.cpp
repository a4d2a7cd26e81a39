#include "util/byte_source.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../data/reader_test_support.hpp"

namespace lethe::util {
namespace {

using data::test::TempDir;

// Everything `source` holds, read `block` bytes at a time.
std::string read_whole(ByteSource& source, std::size_t block) {
  std::string out;
  std::string buffer(block, '\0');
  for (;;) {
    auto got = source.read(buffer.data(), buffer.size());
    REQUIRE(got);
    if (*got == 0) return out;
    REQUIRE(*got <= block);
    out.append(buffer, 0, *got);
  }
}

TEST_CASE("byte source: a file is read whole, with its size and name", "[byte-source]") {
  TempDir dir;
  const std::string bytes = std::string("a\0b", 3) + std::string(100000, 'x');
  auto source = open_file_bytes(dir.write("in.csv", bytes), "exports/in.csv");
  REQUIRE(source);
  CHECK((*source)->name() == "exports/in.csv");
  CHECK((*source)->total_size() == bytes.size());
  CHECK(read_whole(**source, 4096) == bytes);
  // The end stays the end.
  char c = 0;
  auto again = (*source)->read(&c, 1);
  REQUIRE(again);
  CHECK(*again == 0);
}

TEST_CASE("byte source: what cannot be opened says why, without its name", "[byte-source]") {
  TempDir dir;
  auto missing = open_file_bytes(dir.path() / "nope.csv", "nope.csv");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "cannot open: No such file or directory");
  auto folder = open_file_bytes(dir.path(), "dir");
  REQUIRE_FALSE(folder);
  CHECK(folder.error().message == "cannot open: Is a directory");
}

TEST_CASE("byte source: memory hands out at most max_read bytes a call", "[byte-source]") {
  auto source = memory_bytes("hello, world", "mem", 5);
  CHECK(source->name() == "mem");
  CHECK(source->total_size() == 12);
  char buffer[64];
  auto got = source->read(buffer, sizeof buffer);
  REQUIRE(got);
  CHECK(std::string(buffer, *got) == "hello");
  CHECK(read_whole(*source, 3) == ", world");
  CHECK(read_whole(*memory_bytes("", "empty"), 8).empty());
}

TEST_CASE("byte source: peeked bytes are read again, then the rest", "[byte-source]") {
  std::unique_ptr<ByteSource> source = memory_bytes("0123456789", "mem", 3);
  auto head = peek_bytes(source, 4);  // across two reads of the source
  REQUIRE(head);
  CHECK(*head == "0123");
  CHECK(source->name() == "mem");
  CHECK(source->total_size() == 10);
  CHECK(read_whole(*source, 2) == "0123456789");

  std::unique_ptr<ByteSource> small = memory_bytes("ab", "small");
  auto short_head = peek_bytes(small, 16);  // fewer bytes than asked for
  REQUIRE(short_head);
  CHECK(*short_head == "ab");
  CHECK(read_whole(*small, 16) == "ab");

  std::unique_ptr<ByteSource> empty = memory_bytes("", "empty");
  auto nothing = peek_bytes(empty, 16);
  REQUIRE(nothing);
  CHECK(nothing->empty());
  CHECK(read_whole(*empty, 16).empty());
}

}  // namespace
}  // namespace lethe::util
