#include "util/byte_size.hpp"

#include <catch2/catch.hpp>

namespace lethe::util {
namespace {

std::string size_error(std::string_view text) {
  auto size = parse_byte_size(text);
  return size ? "accepted" : size.error().message;
}

TEST_CASE("byte size: numbers with binary units", "[byte_size]") {
  CHECK(*parse_byte_size("1048576") == 1048576);
  CHECK(*parse_byte_size("1b") == 1);
  CHECK(*parse_byte_size("64KiB") == 65536);
  CHECK(*parse_byte_size("64k") == 65536);
  CHECK(*parse_byte_size("16MiB") == (std::uint64_t{16} << 20));
  CHECK(*parse_byte_size("16 MB") == (std::uint64_t{16} << 20));
  CHECK(*parse_byte_size(" 2GiB ") == (std::uint64_t{2} << 30));
  CHECK(*parse_byte_size("2g") == (std::uint64_t{2} << 30));
}

TEST_CASE("byte size: what is not a size", "[byte_size]") {
  CHECK(size_error("lots") == "expected a size such as 16MiB or 1048576, got \"lots\"");
  CHECK(size_error("") == "expected a size such as 16MiB or 1048576, got \"\"");
  CHECK(size_error("-5") == "expected a size such as 16MiB or 1048576, got \"-5\"");
  CHECK(size_error("16TiB") == "expected a size such as 16MiB or 1048576, got \"16TiB\"");
  CHECK(size_error("1.5MiB") == "expected a size such as 16MiB or 1048576, got \"1.5MiB\"");
  CHECK(size_error("0") == "a size of 0 leaves nothing to read");
  // 2^54 GiB is 2^84 bytes: beyond 64 bits.
  CHECK(size_error("18014398509481984GiB") ==
        "expected a size such as 16MiB or 1048576, got \"18014398509481984GiB\"");
  CHECK(size_error("99999999999999999999") ==
        "expected a size such as 16MiB or 1048576, got \"99999999999999999999\"");
}

TEST_CASE("byte size: shown in the largest unit that divides it", "[byte_size]") {
  CHECK(format_byte_size(std::uint64_t{16} << 20) == "16 MiB");
  CHECK(format_byte_size(std::uint64_t{3} << 30) == "3 GiB");
  CHECK(format_byte_size(1536) == "1536 bytes");
  CHECK(format_byte_size(4096) == "4 KiB");
  CHECK(format_byte_size((std::uint64_t{1} << 30) + (std::uint64_t{1} << 20)) == "1025 MiB");
  CHECK(format_byte_size(1) == "1 byte");
  CHECK(format_byte_size(0) == "0 bytes");
}

}  // namespace
}  // namespace lethe::util
