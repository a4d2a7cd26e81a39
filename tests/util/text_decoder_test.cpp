// Decoding into UTF-8 as the bytes are read: each encoding, byte order marks, a character cut
// by a block boundary, and a byte that is no character, named with its offset.
#include "util/text_decoder.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace lethe::util;

namespace {

// Everything `bytes` decodes to, read `max_read` bytes at a time, or "error: MESSAGE".
std::string decode(std::string bytes, Charset charset, std::size_t max_read = SIZE_MAX,
                   std::size_t block = 3) {
  auto source = decode_to_utf8(memory_bytes(std::move(bytes), "in.csv", max_read), charset);
  if (!source) return "error: " + source.error().message;
  std::string out;
  char buffer[64];
  for (;;) {
    auto got = (*source)->read(buffer, block);
    if (!got) return out + "|error: " + got.error().message;
    if (*got == 0) return out;
    out.append(buffer, *got);
  }
}

}  // namespace

TEST_CASE("windows-1252 and iso-8859-1 read as UTF-8", "[text_decoder]") {
  CHECK(decode("caf\xe9;\x80 5;M\xfcller\n", Charset::windows_1252) ==
        "caf\xc3\xa9;\xe2\x82\xac 5;M\xc3\xbcller\n");
  CHECK(decode("caf\xe9;\x80\n", Charset::iso_8859_1) == "caf\xc3\xa9;\xc2\x80\n");
  CHECK(decode("", Charset::windows_1252).empty());
}

TEST_CASE("a byte windows-1252 does not assign ends the reading, named", "[text_decoder]") {
  CHECK(decode("ab\x81z", Charset::windows_1252) ==
        "ab|error: byte 0x81 at offset 2 is no windows-1252 character");
}

TEST_CASE("UTF-16 needs its byte order mark, in either order", "[text_decoder]") {
  const std::string little(
      "\xFF\xFE"
      "a\0;\0\xe9\0\n\0",
      10);
  const std::string big(
      "\xFE\xFF"
      "\0a\0;\0\xe9\0\n",
      10);
  CHECK(decode(little, Charset::utf16) == "a;\xc3\xa9\n");
  CHECK(decode(big, Charset::utf16) == "a;\xc3\xa9\n");
  // A surrogate pair (U+1F600) cut by every read of one byte.
  const std::string emoji(
      "\xFF\xFE"
      "=\xD8\x00\xDE",
      6);
  CHECK(decode(emoji, Charset::utf16, 1, 64) == "\xf0\x9f\x98\x80");
  CHECK(decode(std::string("a\0b\0", 4), Charset::utf16) ==
        "error: UTF-16 text needs a byte order mark (FF FE or FE FF) at its start\n"
        "hint: without one, lethe cannot tell its byte order");
  CHECK(decode(std::string("\xFF\xFE"
                           "a\0b",
                           5),
               Charset::utf16) == "a|error: the UTF-16 text ends inside a character (at offset 4)");
}
