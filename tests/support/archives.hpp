// Archives and compressed files made in memory for tests, with libarchive's writer: a test states
// the members it needs instead of keeping binary fixtures.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lethe::test {

// How archive() and compress() encode.
// zip_encrypted: every member encrypted (traditional PKWARE encryption, passphrase "secret").
enum class Packing { zip, zip_encrypted, tar, tar_gz, tgz = tar_gz, tar_xz, tar_zst, tar_bz2 };
enum class Squeeze { gzip, bzip2, xz, zstd };

struct Member {
  enum class Kind { file, folder, symbolic_link, hard_link };
  Member(std::string path_, std::string data_, Kind kind_ = Kind::file, std::string link = {})
      : path(std::move(path_)), data(std::move(data_)), kind(kind_), link_target(std::move(link)) {}

  std::string path;
  std::string data;
  Kind kind = Kind::file;
  std::string link_target;  // for links
};

// The bytes of an archive holding `members`, in order.
std::string archive(Packing packing, const std::vector<Member>& members);

// `data` compressed with `squeeze` (one stream, as `gzip FILE` writes it).
std::string compress(Squeeze squeeze, const std::string& data);

}  // namespace lethe::test
