#include "data/export_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <span>
#include <system_error>

#include "util/glob.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;

namespace {

constexpr std::array<std::string_view, 4> k_compression_extensions{".gz", ".bz2", ".xz", ".zst"};

// Documents that are zip archives inside: each is one file of the export, not a folder of parts.
constexpr std::array<std::string_view, 10> k_document_extensions{
    ".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".odp", ".epub", ".jar", ".apk"};

bool ends_with_any(std::string_view name, std::span<const std::string_view> extensions) {
  std::string lower = util::to_lower(name);
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](std::string_view extension) { return lower.ends_with(extension); });
}

// Names of compressed tars: with a compression extension left out (`.tar`), or in one.
constexpr std::array<std::string_view, 5> k_tar_extensions{".tar", ".tgz", ".tbz2", ".txz",
                                                           ".tzst"};

// How many raw bytes are decompressed to tell whether compressed content is an archive: a whole
// bzip2 block (at most 900 kB of input) gives its first byte only at its end.
constexpr std::size_t k_compressed_peek = std::size_t{1} << 20;

// Reads the data of the member `reader` is at, without owning the reader: for looking at a
// member while listing, and for listing an archive inside it in the same pass.
class ReaderBytes final : public util::ByteSource {
 public:
  ReaderBytes(util::ArchiveReader& reader, std::optional<std::uint64_t> size, std::string name)
      : m_reader(reader), m_size(size), m_name(std::move(name)) {}
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    return m_reader.read(buffer, size);
  }
  std::optional<std::uint64_t> total_size() const override { return m_size; }
  const std::string& name() const override { return m_name; }

 private:
  util::ArchiveReader& m_reader;
  std::optional<std::uint64_t> m_size;
  std::string m_name;
};

struct Content {
  util::Compression compression = util::Compression::none;
  bool archive = false;
};

// What the bytes of `source` hold, told by their first bytes (after decompressing a copy of the
// first ones); `source` is left giving every byte again. A file named as a document (`.xlsx`)
// is never an archive of the export.
Expected<Content> look_at(std::unique_ptr<util::ByteSource>& source, std::string_view name) {
  auto head = util::peek_bytes(source, util::k_archive_magic_size);
  if (!head) return head.error();
  Content content;
  content.compression = util::compression_from_magic(*head);
  if (ends_with_any(name, k_document_extensions)) return content;
  if (content.compression == util::Compression::none) {
    content.archive = util::is_archive_head(*head);
    return content;
  }
  auto raw = util::peek_bytes(source, k_compressed_peek);
  if (!raw) return raw.error();
  // Damaged data may give nothing at all: then its name says whether it was to be an archive, so
  // that listing it fails loudly instead of it passing as one unread file.
  bool tar_name = ends_with_any(without_compression_extension(name), k_tar_extensions) ||
                  ends_with_any(name, k_tar_extensions);
  auto inflated = util::decompress(util::memory_bytes(*raw, std::string(name)), {});
  if (!inflated) {
    content.archive = tar_name;
    return content;
  }
  std::string inner(util::k_archive_magic_size, '\0');
  std::size_t filled = 0;
  bool damaged = false;
  while (filled < inner.size()) {
    auto got = (*inflated)->read(inner.data() + filled, inner.size() - filled);
    if (!got) damaged = true;
    if (!got || *got == 0) break;  // the copy is cut short: what came out is what counts
    filled += *got;
  }
  inner.resize(filled);
  content.archive = util::is_archive_head(inner) || (damaged && filled < 262 && tar_name);
  return content;
}

// The member's path in '/'-separated form without "./" or empty segments, or nullopt when it
// leaves the archive (an absolute path, a drive, a `..` segment).
std::optional<std::string> normal_member_path(std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  if (path.starts_with('/') || (path.size() >= 2 && path[1] == ':')) return std::nullopt;
  std::string normal;
  for (auto segment : util::split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return std::nullopt;
    if (!normal.empty()) normal += '/';
    normal += segment;
  }
  return normal;
}

std::string join_path(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

}  // namespace

bool has_compression_extension(std::string_view name) {
  return ends_with_any(name, k_compression_extensions);
}

std::string_view without_compression_extension(std::string_view name) {
  std::string lower = util::to_lower(name);
  for (std::string_view extension : k_compression_extensions) {
    if (lower.ends_with(extension)) return name.substr(0, name.size() - extension.size());
  }
  return name;
}

// Fills a tree: walks the folder, and lists each archive as it is found.
class ExportTree::Lister {
 public:
  explicit Lister(ExportTree& tree) : m_tree(tree) {}

  Expected<void> list_folder();
  Expected<void> list_root_archive();

 private:
  Expected<void> add_disk_file(const fs::path& path, const std::string& display);
  // Lists the members of archive `index` that `reader` reads, with their contents.
  Expected<void> list_archive(std::size_t index, util::ArchiveReader& reader);
  Expected<void> add_member(std::size_t index, util::ArchiveReader& reader,
                            const util::ArchiveMember& member, std::set<std::string>& seen);
  std::size_t add_archive(TreeArchive archive);
  // "PATH: " for messages about archive `index` (the export itself by the name it was given).
  std::string label(std::size_t index) const;

  ExportTree& m_tree;
};

std::string ExportTree::Lister::label(std::size_t index) const {
  const TreeArchive& archive = m_tree.m_archives[index];
  return archive.path.empty() ? m_tree.m_root.string() : archive.path;
}

std::size_t ExportTree::Lister::add_archive(TreeArchive archive) {
  m_tree.m_archives.push_back(std::move(archive));
  return m_tree.m_archives.size() - 1;
}

Expected<void> ExportTree::Lister::list_folder() {
  std::error_code error;
  fs::path last = m_tree.m_root;  // the entry before an error: the folder that could not be listed
  fs::recursive_directory_iterator it(m_tree.m_root, error), end;
  for (; !error && it != end; it.increment(error)) {
    const fs::directory_entry& entry = *it;
    last = entry.path();
    std::error_code status_error;
    bool link = entry.is_symlink(status_error);
    if (entry.is_directory(status_error) && !link) continue;
    std::string display = entry.path().lexically_relative(m_tree.m_root).generic_string();
    if (link || !entry.is_regular_file(status_error)) {
      m_tree.m_entries.push_back({display, EntryKind::other, 0, {}, -1, {}});
      continue;
    }
    if (auto ok = add_disk_file(entry.path(), display); !ok) return ok;
  }
  if (error) {
    return Error{fmt::format("{}: cannot list the folder: {}", last.string(), error.message())};
  }
  return {};
}

Expected<void> ExportTree::Lister::add_disk_file(const fs::path& path, const std::string& display) {
  std::error_code error;
  TreeEntry entry{display, EntryKind::file, fs::file_size(path, error), {}, -1, {}};
  auto bytes = util::open_file_bytes(path, display);
  if (!bytes) return Error{fmt::format("{}: {}", display, bytes.error().message)};
  auto content = look_at(*bytes, display);
  if (!content) return Error{fmt::format("{}: {}", display, content.error().message)};
  entry.compression = content->compression;
  if (!content->archive) {
    m_tree.m_entries.push_back(std::move(entry));
    return {};
  }
  entry.kind = EntryKind::archive;
  m_tree.m_entries.push_back(entry);
  bytes->reset();
  std::size_t index = add_archive({display, -1, {}, path, 1});
  auto reader = util::ArchiveReader::open_file(path, m_tree.inflate_limits());
  if (!reader)
    return Error{fmt::format("{}: cannot read the archive: {}", display, reader.error().message)};
  return list_archive(index, **reader);
}

Expected<void> ExportTree::Lister::list_root_archive() {
  const fs::path& root = m_tree.m_root;
  auto bytes = util::open_file_bytes(root, root.string());
  if (!bytes) return Error{fmt::format("{}: {}", root.string(), bytes.error().message)};
  auto content = look_at(*bytes, root.string());
  if (!content) return Error{fmt::format("{}: {}", root.string(), content.error().message)};
  if (!content->archive) {
    return Error{fmt::format(
        "{}: not a folder, a zip or a tar archive\nhint: point lethe at the export's folder or at "
        "the archive it was delivered in",
        root.string())};
  }
  bytes->reset();
  std::size_t index = add_archive({"", -1, {}, root, 1});
  auto reader = util::ArchiveReader::open_file(root, m_tree.inflate_limits());
  if (!reader)
    return Error{
        fmt::format("{}: cannot read the archive: {}", root.string(), reader.error().message)};
  return list_archive(index, **reader);
}

Expected<void> ExportTree::Lister::list_archive(std::size_t index, util::ArchiveReader& reader) {
  std::set<std::string> seen;
  std::size_t count = 0;
  for (;;) {
    auto next = reader.next();
    if (!next) {
      return Error{fmt::format("{}: cannot read the archive{}: {}", label(index),
                               count ? fmt::format(" after member {}", count) : "",
                               next.error().message)};
    }
    if (!*next) return {};
    if (++count > m_tree.m_limits.max_archive_members) {
      return Error{fmt::format(
          "{}: holds more members than {}", label(index),
          limit_note("max-archive-members", m_tree.m_limits.max_archive_members, false))};
    }
    if (auto ok = add_member(index, reader, **next, seen); !ok) return ok;
  }
}

Expected<void> ExportTree::Lister::add_member(std::size_t index, util::ArchiveReader& reader,
                                              const util::ArchiveMember& member,
                                              std::set<std::string>& seen) {
  auto fail = [&](const std::string& what) {
    return Error{
        fmt::format("{}: member {}: {}", label(index), util::quote_for_message(member.path), what)};
  };
  auto path = normal_member_path(member.path);
  if (!path) return fail("its path leaves the archive (it is absolute or has a '..')");
  if (member.kind == util::MemberKind::folder) return {};
  if (path->empty()) return fail("it has no name");
  if (member.kind == util::MemberKind::symbolic_link ||
      member.kind == util::MemberKind::hard_link) {
    return fail(fmt::format("it is a link (to {}); lethe reads no links in archives",
                            util::quote_for_message(member.link_target)));
  }
  if (member.kind != util::MemberKind::file) return fail("it is not a regular file");
  if (member.encrypted) return fail("it is encrypted; lethe reads no encrypted members");
  if (!seen.insert(*path).second) {
    return fail("the archive holds two members of this name; which one is meant cannot be told");
  }
  const TreeArchive& archive = m_tree.m_archives[index];
  std::string display = join_path(archive.path, *path);
  TreeEntry entry{display, EntryKind::file,         member.size.value_or(0),
                  {},      static_cast<int>(index), *path};
  if (member.size == std::uint64_t{0}) {  // nothing to look at: an empty file
    m_tree.m_entries.push_back(std::move(entry));
    return {};
  }
  std::unique_ptr<util::ByteSource> bytes =
      std::make_unique<ReaderBytes>(reader, member.size, display);
  auto content = look_at(bytes, *path);
  if (!content) return fail(content.error().message);
  entry.compression = content->compression;
  if (!content->archive) {
    m_tree.m_entries.push_back(std::move(entry));
    return {};
  }
  std::size_t depth = archive.depth + 1;
  if (depth > m_tree.m_limits.max_archive_depth) {
    return fail(
        fmt::format("an archive inside an archive {} levels deep, more than {}", depth,
                    limit_note("max-archive-depth", m_tree.m_limits.max_archive_depth, false)));
  }
  entry.kind = EntryKind::archive;
  m_tree.m_entries.push_back(std::move(entry));
  std::size_t inner = add_archive({display, static_cast<int>(index), *path, {}, depth});
  auto nested = util::ArchiveReader::open_stream(std::move(bytes), m_tree.inflate_limits());
  if (!nested) {
    return Error{fmt::format("{}: cannot read the archive: {}", display, nested.error().message)};
  }
  return list_archive(inner, **nested);
}

ExportTree::ExportTree(fs::path root, const Limits& limits)
    : m_root(std::move(root)), m_limits(limits) {}

ExportTree::~ExportTree() = default;

Expected<std::unique_ptr<ExportTree>> ExportTree::open(const fs::path& root, const Limits& limits) {
  std::unique_ptr<ExportTree> tree(new ExportTree(root, limits));
  std::error_code error;
  Lister lister(*tree);
  if (fs::is_directory(root, error)) {
    if (auto ok = lister.list_folder(); !ok) return ok.error();
  } else if (fs::is_regular_file(root, error)) {
    tree->m_is_archive = true;
    if (auto ok = lister.list_root_archive(); !ok) return ok.error();
  } else {
    return Error{fmt::format("{}: not a folder or an archive{}", root.string(),
                             fs::exists(root, error) ? "" : " (no such file or folder)")};
  }
  std::sort(tree->m_entries.begin(), tree->m_entries.end(),
            [](const TreeEntry& a, const TreeEntry& b) { return a.path < b.path; });
  for (std::size_t i = 0; i < tree->m_entries.size(); ++i)
    tree->m_by_path.emplace(tree->m_entries[i].path, i);
  return tree;
}

util::InflateLimits ExportTree::inflate_limits() const {
  util::InflateLimits limits;
  limits.max_output = m_limits.max_decompressed_size;
  limits.max_ratio = m_limits.max_compression_ratio;
  limits.output_note = limit_note("max-decompressed-size", m_limits.max_decompressed_size, true);
  limits.ratio_note = limit_note("max-compression-ratio", m_limits.max_compression_ratio, false);
  return limits;
}

const TreeEntry* ExportTree::find(std::string_view path) const {
  auto it = m_by_path.find(path);
  return it == m_by_path.end() ? nullptr : &m_entries[it->second];
}

std::vector<std::string> ExportTree::glob_members(std::string_view pattern) const {
  std::vector<std::string> matches;
  for (const auto& entry : m_entries) {
    if (entry.archive >= 0 && entry.kind == EntryKind::file &&
        util::glob_match(pattern, entry.path)) {
      matches.push_back(entry.path);
    }
  }
  return matches;
}

bool ExportTree::on_disk(std::string_view path) const {
  if (m_is_archive) return false;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    const TreeEntry* folder = find(path.substr(0, slash));
    if (folder && folder->kind == EntryKind::archive) return false;
  }
  return true;
}

Expected<std::unique_ptr<util::ArchiveReader>> ExportTree::open_archive(std::size_t index) const {
  const TreeArchive& archive = m_archives[index];
  if (archive.parent < 0)
    return util::ArchiveReader::open_file(archive.disk_path, inflate_limits());
  auto bytes = open_archive_bytes(index);
  if (!bytes) return bytes.error();
  return util::ArchiveReader::open_stream(std::move(*bytes), inflate_limits());
}

Expected<std::unique_ptr<util::ByteSource>> ExportTree::open_archive_bytes(
    std::size_t index) const {
  const TreeArchive& archive = m_archives[index];
  if (archive.parent < 0) return util::open_file_bytes(archive.disk_path, archive.path);
  auto parent = open_archive(static_cast<std::size_t>(archive.parent));
  if (!parent) return parent.error();
  return util::open_member(std::move(*parent), archive.member, archive.path);
}

Expected<std::unique_ptr<util::ByteSource>> ExportTree::open_stored(const std::string& path) const {
  const TreeEntry* entry = find(path);
  if (!entry || entry->archive < 0) {
    // A file on disk; one the listing did not reach (through a linked folder) too.
    if (!on_disk(path)) return Error{"no such member in the archive"};
    return util::open_file_bytes(m_root / path, path);
  }
  auto reader = open_archive(static_cast<std::size_t>(entry->archive));
  if (!reader) return reader.error();
  return util::open_member(std::move(*reader), entry->member, path);
}

Expected<std::unique_ptr<util::ByteSource>> ExportTree::open_content(
    const std::string& path) const {
  auto bytes = open_stored(path);
  if (!bytes) return bytes;
  return util::decompress_if_compressed(std::move(*bytes), inflate_limits());
}

Expected<fs::path> ExportTree::local_file(const std::string& path) const {
  const TreeEntry* entry = find(path);
  bool plain = entry ? entry->compression == util::Compression::none : true;
  if (on_disk(path) && plain) return m_root / path;
  std::lock_guard lock(m_copies_mutex);
  if (auto it = m_copies.find(path); it != m_copies.end()) return it->second;
  if (!m_temp) {
    auto temp = util::TempDir::create();
    if (!temp) return temp.error();
    m_temp.emplace(std::move(*temp));
  }
  auto content = open_content(path);
  if (!content) return content.error();
  fs::path copy = m_temp->path() / fmt::format("{}.copy", m_copies.size());
  std::ofstream out(copy, std::ios::binary);
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    auto got = (*content)->read(buffer.data(), buffer.size());
    if (!got) return got.error();
    if (*got == 0) break;
    out.write(buffer.data(), static_cast<std::streamsize>(*got));
  }
  out.close();
  if (!out)
    return Error{fmt::format("cannot write a temporary copy in {}", m_temp->path().string())};
  m_copies.emplace(path, copy);
  return copy;
}

namespace {

class SingleFileAccess final : public FileAccess {
 public:
  explicit SingleFileAccess(fs::path file) : m_file(std::move(file)) {}
  Expected<std::unique_ptr<util::ByteSource>> open_content(const std::string& path) const override {
    auto bytes = util::open_file_bytes(m_file, path);
    if (!bytes) return bytes;
    return util::decompress_if_compressed(std::move(*bytes), {});
  }
  Expected<fs::path> local_file(const std::string&) const override { return m_file; }

 private:
  fs::path m_file;
};

}  // namespace

std::unique_ptr<FileAccess> single_file_access(fs::path file) {
  return std::make_unique<SingleFileAccess>(std::move(file));
}

}  // namespace lethe::data
