#include "util/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <array>
#include <vector>

namespace lethe::util {

namespace {

struct CompressionSpec {
  Compression compression;
  std::string_view name;
  std::string_view extension;
  std::string_view magic;
};

constexpr std::array<CompressionSpec, 4> k_compressions{{
    {Compression::gzip, "gzip", ".gz", "\x1f\x8b"},
    {Compression::bzip2, "bzip2", ".bz2", "BZh"},
    {Compression::xz, "xz", ".xz",
     std::string_view("\xfd"
                      "7zXZ\0",
                      6)},
    {Compression::zstd, "zstd", ".zst", "\x28\xb5\x2f\xfd"},
}};

const CompressionSpec* find_compression(Compression compression) {
  for (const auto& spec : k_compressions) {
    if (spec.compression == compression) return &spec;
  }
  return nullptr;
}

// bzip2's "BZh" could begin a CSV header: the block size digit and a block's or the end's magic
// must follow.
bool is_bzip2(std::string_view head) {
  return head.size() >= 10 && head.substr(0, 3) == "BZh" && head[3] >= '1' && head[3] <= '9' &&
         (head.substr(4, 6) == "1AY&SY" || head.substr(4, 6) == "\x17\x72\x45\x38\x50\x90");
}

constexpr std::size_t k_block = std::size_t{1} << 20;

// The message of the archive's last error, without a trailing period.
std::string archive_message(::archive* archive) {
  const char* text = archive_error_string(archive);
  // libarchive says nothing when no format recognises the bytes at all.
  std::string message = text ? text : "it is damaged, or not a zip or tar archive";
  while (!message.empty() && (message.back() == '.' || message.back() == '\n'))
    message.pop_back();
  return message;
}

}  // namespace

// A new reading archive for `layout`: every supported compression, and either the raw format (one
// decompressed stream) or the zip and tar formats.
::archive* ArchiveReader::new_archive(Layout layout) {
  ::archive* archive = archive_read_new();
  archive_read_support_filter_gzip(archive);
  archive_read_support_filter_bzip2(archive);
  archive_read_support_filter_xz(archive);
  archive_read_support_filter_zstd(archive);
  if (layout == Layout::raw) {
    archive_read_support_format_raw(archive);
  } else {
    archive_read_support_format_zip(archive);
    archive_read_support_format_tar(archive);
    archive_read_support_format_gnutar(archive);
  }
  return archive;
}

namespace {

MemberKind member_kind(::archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return MemberKind::hard_link;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
      return MemberKind::file;
    case AE_IFDIR:
      return MemberKind::folder;
    case AE_IFLNK:
      return MemberKind::symbolic_link;
    default:
      return MemberKind::other;
  }
}

}  // namespace

std::string_view compression_name(Compression compression) {
  const CompressionSpec* spec = find_compression(compression);
  return spec ? spec->name : "";
}

std::string_view compression_extension(Compression compression) {
  const CompressionSpec* spec = find_compression(compression);
  return spec ? spec->extension : "";
}

Compression compression_from_magic(std::string_view head) {
  for (const auto& spec : k_compressions) {
    if (head.substr(0, spec.magic.size()) != spec.magic) continue;
    if (spec.compression == Compression::bzip2 && !is_bzip2(head)) continue;
    return spec.compression;
  }
  return Compression::none;
}

bool is_archive_head(std::string_view head) {
  std::string_view zip = head.substr(0, 4);
  if (zip == "PK\x03\x04" || zip == "PK\x05\x06") return true;
  return head.size() >= 262 && head.substr(257, 5) == "ustar";
}

// The bytes of a ByteSource handed to libarchive, counted for the ratio limit.
class ArchiveReader::Client {
 public:
  explicit Client(std::unique_ptr<ByteSource> source)
      : m_source(std::move(source)), m_buffer(k_block) {}

  static la_ssize_t read(::archive* archive, void* data, const void** block) {
    auto* client = static_cast<Client*>(data);
    auto got = client->m_source->read(client->m_buffer.data(), client->m_buffer.size());
    if (!got) {
      archive_set_error(archive, EIO, "%s", got.error().message.c_str());
      return -1;
    }
    *block = client->m_buffer.data();
    return static_cast<la_ssize_t>(*got);
  }

  std::optional<std::uint64_t> total_size() const { return m_source->total_size(); }

 private:
  std::unique_ptr<ByteSource> m_source;
  std::vector<char> m_buffer;
};

ArchiveReader::ArchiveReader() = default;

ArchiveReader::~ArchiveReader() {
  if (m_archive) archive_read_free(m_archive);
}

Expected<std::unique_ptr<ArchiveReader>> ArchiveReader::open_file(const std::filesystem::path& path,
                                                                  const InflateLimits& limits) {
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader());
  reader->m_limits = limits;
  reader->m_archive = new_archive(Layout::members);
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) reader->m_stored_size = info.st_size;
  if (archive_read_open_filename(reader->m_archive, path.c_str(), k_block) != ARCHIVE_OK) {
    return Error{archive_message(reader->m_archive)};
  }
  return reader;
}

Expected<std::unique_ptr<ArchiveReader>> ArchiveReader::open_stream(
    std::unique_ptr<ByteSource> source, const InflateLimits& limits) {
  return open_client(std::move(source), limits, Layout::members);
}

Expected<std::unique_ptr<ArchiveReader>> ArchiveReader::open_client(
    std::unique_ptr<ByteSource> source, const InflateLimits& limits, Layout layout) {
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader());
  reader->m_limits = limits;
  reader->m_stored_size = source->total_size();
  reader->m_client = std::make_unique<Client>(std::move(source));
  reader->m_archive = new_archive(layout);
  if (archive_read_open(reader->m_archive, reader->m_client.get(), nullptr, &Client::read,
                        nullptr) != ARCHIVE_OK) {
    return Error{archive_message(reader->m_archive)};
  }
  return reader;
}

Expected<std::optional<ArchiveMember>> ArchiveReader::next() {
  m_member_bytes = 0;
  ::archive_entry* entry = nullptr;
  int status = archive_read_next_header(m_archive, &entry);
  if (status == ARCHIVE_EOF) return std::optional<ArchiveMember>();
  // A warning (a name in another character set, say) still gives a usable header.
  if (status != ARCHIVE_OK && status != ARCHIVE_WARN) return Error{archive_message(m_archive)};
  ArchiveMember member;
  const char* path = archive_entry_pathname_utf8(entry);
  if (!path) path = archive_entry_pathname(entry);
  member.path = path ? path : "";
  member.kind = member_kind(entry);
  if (archive_entry_size_is_set(entry)) {
    member.size = static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(entry)));
  }
  member.encrypted = archive_entry_is_encrypted(entry) != 0;
  const char* target = member.kind == MemberKind::hard_link ? archive_entry_hardlink(entry)
                                                            : archive_entry_symlink(entry);
  if (target) member.link_target = target;
  return std::optional<ArchiveMember>(std::move(member));
}

Expected<std::size_t> ArchiveReader::read(char* buffer, std::size_t size) {
  la_ssize_t got = archive_read_data(m_archive, buffer, size);
  if (got < 0) return Error{m_error_prefix + archive_message(m_archive)};
  m_member_bytes += static_cast<std::uint64_t>(got);
  if (m_member_bytes > m_limits.max_output) {
    return Error{fmt::format("decompresses to more than {}", m_limits.output_note)};
  }
  if (m_member_bytes > m_limits.ratio_floor && m_stored_size && *m_stored_size > 0 &&
      m_member_bytes / *m_stored_size >= m_limits.max_ratio) {
    return Error{fmt::format("decompresses to more than {} times its stored size, {}",
                             m_limits.max_ratio, m_limits.ratio_note)};
  }
  return static_cast<std::size_t>(got);
}

namespace {

// The data of one archive member (or the one stream of a compressed file), owning its reader.
class MemberBytes final : public ByteSource {
 public:
  MemberBytes(std::unique_ptr<ArchiveReader> reader, std::optional<std::uint64_t> size,
              std::string name)
      : m_reader(std::move(reader)), m_size(size), m_name(std::move(name)) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    return m_reader->read(buffer, size);
  }
  std::optional<std::uint64_t> total_size() const override { return m_size; }
  const std::string& name() const override { return m_name; }

 private:
  std::unique_ptr<ArchiveReader> m_reader;
  std::optional<std::uint64_t> m_size;
  std::string m_name;
};

}  // namespace

Expected<std::unique_ptr<ByteSource>> open_member(std::unique_ptr<ArchiveReader> reader,
                                                  std::string_view member, std::string name) {
  for (;;) {
    auto next = reader->next();
    if (!next) return next.error();
    if (!*next) return Error{fmt::format("no member {} in the archive", member)};
    if ((*next)->path != member) continue;
    auto size = (*next)->size;
    return std::unique_ptr<ByteSource>(
        std::make_unique<MemberBytes>(std::move(reader), size, std::move(name)));
  }
}

Expected<std::unique_ptr<ByteSource>> decompress(std::unique_ptr<ByteSource> source,
                                                 const InflateLimits& limits) {
  std::string name = source->name();
  auto head = peek_bytes(source, 16);
  if (!head) return head.error();
  std::string prefix =
      fmt::format("{} data is corrupt: ", compression_name(compression_from_magic(*head)));
  auto reader = ArchiveReader::open_client(std::move(source), limits, ArchiveReader::Layout::raw);
  if (!reader) return Error{prefix + reader.error().message};
  // A stream too short for its format's header is passed through by libarchive as it is.
  if (archive_filter_code((*reader)->m_archive, 0) == ARCHIVE_FILTER_NONE) {
    return Error{prefix + "its header is cut short"};
  }
  auto next = (*reader)->next();
  if (!next) return Error{prefix + next.error().message};
  (*reader)->m_error_prefix = prefix;
  return std::unique_ptr<ByteSource>(
      std::make_unique<MemberBytes>(std::move(*reader), std::nullopt, std::move(name)));
}

Expected<std::unique_ptr<ByteSource>> decompress_if_compressed(std::unique_ptr<ByteSource> source,
                                                               const InflateLimits& limits) {
  auto head = peek_bytes(source, 16);
  if (!head) return head.error();
  if (compression_from_magic(*head) == Compression::none) return source;
  return decompress(std::move(source), limits);
}

}  // namespace lethe::util
