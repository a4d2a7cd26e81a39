// The files of an export as it was delivered: a folder's files and the members of every archive
// in it, or the members of the archive that is the export. Each has a path relative to the
// export's root in which an archive is a folder (`Alexa.zip/Voice/part-1.csv.gz`): the one form
// manifests, locations, digests and reports use. Files are opened through the tree, read through
// their decompressor when their content is compressed; nothing is extracted to disk but an
// SQLite file, into the tree's private temporary folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/limits.hpp"
#include "util/archive.hpp"
#include "util/byte_source.hpp"
#include "util/expected.hpp"
#include "util/temp_dir.hpp"

namespace lethe::data {

enum class EntryKind {
  file,     // a regular file or archive member
  archive,  // a zip or tar (possibly compressed): its members are entries of their own
  other,    // a symbolic link, a device, a pipe on disk: listed, never opened
};

struct TreeEntry {
  std::string path;  // relative to the export root, '/'-separated
  EntryKind kind = EntryKind::file;
  std::uint64_t size = 0;                                   // stored bytes (0 for `other`)
  util::Compression compression = util::Compression::none;  // of a file's content
  int archive = -1;    // index in ExportTree::archives() of the archive holding it; -1: on disk
  std::string member;  // its path inside that archive
};

// An archive of the tree; the export itself when it is one (path "").
struct TreeArchive {
  std::string path;  // as TreeEntry::path
  int parent = -1;   // the archive holding it, -1 on disk
  std::string member;
  std::filesystem::path disk_path;  // when on disk
  std::size_t depth = 1;            // 1 for an archive on disk
};

// How a reader gets the bytes of one export file, wherever the file is.
class FileAccess {
 public:
  virtual ~FileAccess() = default;
  // The content of the file at `path` (relative to the export root), decompressed when it is
  // compressed. Fails with a message without the path ("cannot open: ...").
  virtual util::Expected<std::unique_ptr<util::ByteSource>> open_content(
      const std::string& path) const = 0;
  // A file on disk with that content: the file itself, or a copy in a private temporary folder
  // when it is an archive member or compressed (for SQLite, which reads files only).
  virtual util::Expected<std::filesystem::path> local_file(const std::string& path) const = 0;
};

class ExportTree final : public FileAccess {
 public:
  // Lists the export at `root`, a folder or an archive: every file of the folder (links are
  // listed, never followed) and every member of every archive, within `limits`. Fails with
  // "PATH: what is wrong" on an archive that is corrupt, encrypted, holds links or members
  // outside itself, or is beyond a limit.
  static util::Expected<std::unique_ptr<ExportTree>> open(const std::filesystem::path& root,
                                                          const Limits& limits);
  ExportTree(const ExportTree&) = delete;
  ExportTree& operator=(const ExportTree&) = delete;
  ~ExportTree() override;

  // Whether the export is one archive file (not a folder).
  bool is_archive() const { return m_is_archive; }
  const std::filesystem::path& root() const { return m_root; }
  // Every entry, by path.
  const std::vector<TreeEntry>& entries() const { return m_entries; }
  const std::vector<TreeArchive>& archives() const { return m_archives; }
  // The entry at `path`, or null.
  const TreeEntry* find(std::string_view path) const;
  // The paths of the files (not archives) inside archives that `pattern` matches (see
  // util::glob_match).
  std::vector<std::string> glob_members(std::string_view pattern) const;
  // Whether `path` is on disk below a folder export's root (not inside an archive).
  bool on_disk(std::string_view path) const;

  // The bytes of the file at `path` as stored (a `.gz` file's compressed bytes).
  util::Expected<std::unique_ptr<util::ByteSource>> open_stored(const std::string& path) const;
  // The bytes of the archive `index` as stored.
  util::Expected<std::unique_ptr<util::ByteSource>> open_archive_bytes(std::size_t index) const;
  util::Expected<std::unique_ptr<util::ByteSource>> open_content(
      const std::string& path) const override;
  util::Expected<std::filesystem::path> local_file(const std::string& path) const override;

 private:
  class Lister;
  ExportTree(std::filesystem::path root, const Limits& limits);
  util::Expected<std::unique_ptr<util::ArchiveReader>> open_archive(std::size_t index) const;
  util::InflateLimits inflate_limits() const;

  std::filesystem::path m_root;
  Limits m_limits;
  bool m_is_archive = false;
  std::vector<TreeEntry> m_entries;
  std::map<std::string, std::size_t, std::less<>> m_by_path;
  std::vector<TreeArchive> m_archives;
  mutable std::mutex m_copies_mutex;
  mutable std::optional<util::TempDir> m_temp;
  mutable std::map<std::string, std::filesystem::path> m_copies;
};

// Access to the one file at `file`, whatever path is asked for (for tools and tests that read a
// single file): its content decompressed when compressed, SQLite read in place.
std::unique_ptr<FileAccess> single_file_access(std::filesystem::path file);

// Whether `name` ends in a compression's extension (".gz", ".bz2", ".xz", ".zst", any case).
bool has_compression_extension(std::string_view name);
// `name` without a compression extension: "accounts.csv.gz" -> "accounts.csv".
std::string_view without_compression_extension(std::string_view name);

}  // namespace lethe::data
