// Archives and compressed files made in memory for tests, with libarchive's writer: a test states
// the members it needs instead of keeping binary fixtures.
#pragma once

#include <string>
#include <vector>

namespace lethe::test {

// How archive() and compress() encode.
enum class Packing { zip, tar, tar_gz, tgz = tar_gz, tar_xz, tar_zst, tar_bz2 };
enum class Squeeze { gzip, bzip2, xz, zstd };

struct Member {
  std::string path;
  std::string data;
  enum class Kind { file, folder, symbolic_link, hard_link } kind = Kind::file;
  std::string link_target;  // for links
};

// The bytes of an archive holding `members`, in order.
std::string archive(Packing packing, const std::vector<Member>& members);

// `data` compressed with `squeeze` (one stream, as `gzip FILE` writes it).
std::string compress(Squeeze squeeze, const std::string& data);

}  // namespace lethe::test
