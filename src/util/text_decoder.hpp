// Decoding text in another encoding into UTF-8 as it is read (glibc's iconv), so that every
// reader sees UTF-8 and the delivered file is read as it is, never converted on disk.
#pragma once

#include <memory>
#include <string_view>

#include "util/byte_source.hpp"
#include "util/expected.hpp"

namespace lethe::util {

// The encodings a ByteSource can be decoded from.
enum class Charset {
  utf16,         // with a byte order mark (FF FE little-endian, FE FF big-endian), which is dropped
  windows_1252,  // its five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are errors
  iso_8859_1,    // every byte is a character
};

// `source` decoded from `charset` into UTF-8, read as it is needed. A byte that is no character
// of the encoding ends the reading with an error naming it and its offset in the file:
// "byte 0x81 at offset 1234 is no windows-1252 character". Fails when UTF-16 text does not begin
// with a byte order mark.
Expected<std::unique_ptr<ByteSource>> decode_to_utf8(std::unique_ptr<ByteSource> source,
                                                     Charset charset);

}  // namespace lethe::util
