// SHA-256 (FIPS 180-4), for fingerprints and input digests.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/byte_source.hpp"
#include "util/expected.hpp"

namespace lethe::util {

class Sha256 {
 public:
  // `use_cpu_extensions`: use the CPU's SHA instructions when it has them (tests turn this off
  // to check the portable code on any machine).
  explicit Sha256(bool use_cpu_extensions = true);
  // Adds bytes to the message.
  void update(std::string_view data);
  // The digest as 64 lower-case hex digits; the object must not be updated afterwards.
  std::string hex_digest();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 8> m_state;
  std::array<unsigned char, 64> m_buffer{};
  size_t m_buffered = 0;
  std::uint64_t m_length = 0;
  bool m_use_cpu_extensions = true;
};

// The hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// The hex SHA-256 of a file's content, read in chunks.
Expected<std::string> sha256_file(const std::filesystem::path& path);

// The hex SHA-256 of every byte `source` gives; fails with the source's read error.
Expected<std::string> sha256_source(ByteSource& source);

}  // namespace lethe::util
