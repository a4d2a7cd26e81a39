// Archives (zip, tar) and compressed streams (gzip, bzip2, xz, zstd), read through libarchive as
// ByteSources: a member or a decompressed file is read front to back like any file, and nothing
// is written to disk. What an archive may cost is bounded by the caller's limits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/byte_source.hpp"
#include "util/expected.hpp"

struct archive;

namespace lethe::util {

// How a stream of bytes is compressed, told by its first bytes.
enum class Compression { none, gzip, bzip2, xz, zstd };

// "gzip", "bzip2", "xz", "zstd"; "" for none.
std::string_view compression_name(Compression compression);
// The compression whose magic bytes `head` begins with (none for anything else).
Compression compression_from_magic(std::string_view head);
// The extension a file compressed so usually ends in (".gz"), "" for none.
std::string_view compression_extension(Compression compression);

// How many first bytes tell an archive apart (a tar's magic is at byte 257).
inline constexpr std::size_t k_archive_magic_size = 512;

// Whether `head` (the first bytes, after any decompression) begins a zip or a tar archive.
bool is_archive_head(std::string_view head);

// What decompressing one stream may produce. The notes end the messages about each bound
// ("more than the max-decompressed-size limit (...)"), worded by the caller that set them.
struct InflateLimits {
  std::uint64_t max_output = UINT64_MAX;                // bytes of decompressed data
  std::uint64_t max_ratio = UINT64_MAX;                 // decompressed bytes per stored byte
  std::uint64_t ratio_floor = std::uint64_t{16} << 20;  // the ratio is checked past this output
  std::string output_note;
  std::string ratio_note;
};

// Reads `source` through the decompressor its first bytes call for (any of Compression's).
// Reading fails with what went wrong ("gzip data is corrupt: ...", "decompresses to more than
// ..."), without the name: the caller knows it.
Expected<std::unique_ptr<ByteSource>> decompress(std::unique_ptr<ByteSource> source,
                                                 const InflateLimits& limits);

// `source` as it is when its first bytes are of no compression, else through decompress().
Expected<std::unique_ptr<ByteSource>> decompress_if_compressed(std::unique_ptr<ByteSource> source,
                                                               const InflateLimits& limits);

enum class MemberKind { file, folder, symbolic_link, hard_link, other };

// One entry of an archive, as its header gives it.
struct ArchiveMember {
  std::string path;  // as stored, '/'-separated
  MemberKind kind = MemberKind::file;
  std::optional<std::uint64_t> size;  // of its data, when the header gives it
  bool encrypted = false;
  std::string link_target;  // of a link
};

// A zip or tar archive (a tar possibly compressed), read member by member.
class ArchiveReader {
 public:
  // Opens the archive at `path`: a zip is read through its central directory.
  static Expected<std::unique_ptr<ArchiveReader>> open_file(const std::filesystem::path& path,
                                                            const InflateLimits& limits);
  // Opens the archive whose bytes `source` gives, read once front to back (a nested archive).
  static Expected<std::unique_ptr<ArchiveReader>> open_stream(std::unique_ptr<ByteSource> source,
                                                              const InflateLimits& limits);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The next member's header; nullopt after the last. Fails on a corrupt or truncated archive.
  Expected<std::optional<ArchiveMember>> next();
  // Reads the data of the member next() returned last, as ByteSource::read does.
  Expected<std::size_t> read(char* buffer, std::size_t size);
  // Bytes of member data read since the last next().
  std::uint64_t member_bytes() const { return m_member_bytes; }
  // The stored size of the whole archive, when known: the denominator of the ratio limit.
  std::optional<std::uint64_t> stored_size() const { return m_stored_size; }

 private:
  class Client;
  friend Expected<std::unique_ptr<ByteSource>> decompress(std::unique_ptr<ByteSource> source,
                                                          const InflateLimits& limits);
  ArchiveReader();
  // What the bytes hold: one compressed stream (libarchive's raw format), or a zip or tar.
  enum class Layout { raw, members };
  static Expected<std::unique_ptr<ArchiveReader>> open_client(std::unique_ptr<ByteSource> source,
                                                              const InflateLimits& limits,
                                                              Layout layout);
  static ::archive* new_archive(Layout layout);

  ::archive* m_archive = nullptr;
  std::unique_ptr<Client> m_client;
  InflateLimits m_limits;
  std::optional<std::uint64_t> m_stored_size;
  std::uint64_t m_member_bytes = 0;
  std::string m_error_prefix;  // before libarchive's message about the data
};

// The data of member `member` of the archive `reader` reads (skipping those before it), as a
// ByteSource named `name` that owns the reader. Fails with "no member ..." when there is none.
Expected<std::unique_ptr<ByteSource>> open_member(std::unique_ptr<ArchiveReader> reader,
                                                  std::string_view member, std::string name);

}  // namespace lethe::util
