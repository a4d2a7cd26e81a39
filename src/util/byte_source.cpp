#include "util/byte_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lethe::util {

namespace {

class FileBytes final : public ByteSource {
 public:
  FileBytes(int fd, std::optional<std::uint64_t> size, std::string name)
      : m_fd(fd), m_size(size), m_name(std::move(name)) {}
  ~FileBytes() override { ::close(m_fd); }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    for (;;) {
      ssize_t got = ::read(m_fd, buffer, size);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) return Error{fmt::format("cannot read: {}", std::strerror(errno))};
    }
  }
  std::optional<std::uint64_t> total_size() const override { return m_size; }
  const std::string& name() const override { return m_name; }

 private:
  int m_fd;
  std::optional<std::uint64_t> m_size;
  std::string m_name;
};

class MemoryBytes final : public ByteSource {
 public:
  MemoryBytes(std::string text, std::string name, std::size_t max_read)
      : m_text(std::move(text)),
        m_name(std::move(name)),
        m_max_read(std::max<std::size_t>(1, max_read)) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    std::size_t count = std::min({size, m_max_read, m_text.size() - m_pos});
    std::memcpy(buffer, m_text.data() + m_pos, count);
    m_pos += count;
    return count;
  }
  std::optional<std::uint64_t> total_size() const override { return m_text.size(); }
  const std::string& name() const override { return m_name; }

 private:
  std::string m_text;
  std::string m_name;
  std::size_t m_max_read;
  std::size_t m_pos = 0;
};

// The peeked bytes first, then the rest of the source.
class ReplayedBytes final : public ByteSource {
 public:
  ReplayedBytes(std::string head, std::unique_ptr<ByteSource> rest)
      : m_head(std::move(head)), m_rest(std::move(rest)) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (m_pos == m_head.size()) return m_rest->read(buffer, size);
    std::size_t count = std::min(size, m_head.size() - m_pos);
    std::memcpy(buffer, m_head.data() + m_pos, count);
    m_pos += count;
    return count;
  }
  std::optional<std::uint64_t> total_size() const override { return m_rest->total_size(); }
  const std::string& name() const override { return m_rest->name(); }

 private:
  std::string m_head;
  std::unique_ptr<ByteSource> m_rest;
  std::size_t m_pos = 0;
};

Error cannot_open(int error) {
  return Error{fmt::format("cannot open: {}", std::strerror(error))};
}

}  // namespace

Expected<std::unique_ptr<ByteSource>> open_file_bytes(const std::filesystem::path& path,
                                                      std::string name) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_open(errno);
  struct stat info {};
  int error = ::fstat(fd, &info) != 0 ? errno : 0;
  // open() accepts a directory; reading it would fail later with less clear wording.
  if (error == 0 && S_ISDIR(info.st_mode)) error = EISDIR;
  if (error != 0) {
    ::close(fd);
    return cannot_open(error);
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // A pipe or a device has no size to show progress against.
  std::optional<std::uint64_t> size;
  if (S_ISREG(info.st_mode)) size = static_cast<std::uint64_t>(info.st_size);
  return std::unique_ptr<ByteSource>(std::make_unique<FileBytes>(fd, size, std::move(name)));
}

Expected<std::string> peek_bytes(std::unique_ptr<ByteSource>& source, std::size_t count) {
  std::string head(count, '\0');
  std::size_t filled = 0;
  while (filled < count) {
    auto got = source->read(head.data() + filled, count - filled);
    if (!got) return got.error();
    if (*got == 0) break;
    filled += *got;
  }
  head.resize(filled);
  source = std::make_unique<ReplayedBytes>(head, std::move(source));
  return head;
}

std::unique_ptr<ByteSource> memory_bytes(std::string text, std::string name, std::size_t max_read) {
  return std::make_unique<MemoryBytes>(std::move(text), std::move(name), max_read);
}

}  // namespace lethe::util
