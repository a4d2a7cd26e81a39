#include "util/sha256.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

using lethe::util::Sha256;
using lethe::util::sha256_hex;

namespace {

// Whether this CPU has the SHA instructions (and SSE4.1), asked of CPUID the way sha256.cpp
// does: when it has not, both runs below are of the portable code.
bool cpu_has_sha_instructions() {
#if defined(__x86_64__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1)) return false;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & bit_SHA) != 0;
#else
  return false;
#endif
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 examples", "[sha256]") {
  // The portable code and, where the CPU has them, the SHA instructions must agree.
  if (!cpu_has_sha_instructions()) {
    WARN(
        "this CPU has no SHA instructions (SHA-NI): only the portable SHA-256 code was "
        "exercised here, not the SHA-NI path");
  }
  for (bool cpu : {false, true}) {
    INFO("cpu extensions " << cpu);
    for (auto [message, digest] : std::vector<std::pair<std::string, std::string>>{
             {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
             {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
             {std::string(1000000, 'a'),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"}}) {
      Sha256 hash(cpu);
      hash.update(message);
      CHECK(hash.hex_digest() == digest);
    }
  }
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 chunked;
  std::string million(1000000, 'a');
  for (size_t i = 0; i < million.size(); i += 333)
    chunked.update(std::string_view(million).substr(i, 333));
  CHECK(chunked.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
