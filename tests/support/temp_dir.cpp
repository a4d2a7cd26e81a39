#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace lethe::test {

namespace fs = std::filesystem;

TempDir::TempDir(const fs::path& base) {
  std::string pattern =
      ((base.empty() ? fs::temp_directory_path() : base) / "lethe-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "cannot create " + pattern);
  }
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(m_path, ignored);
}

fs::path TempDir::write(const std::string& relative, std::string_view bytes) const {
  fs::path path = m_path / relative;
  fs::create_directories(path.parent_path());
  write_file(path, bytes);
  return path;
}

void write_file(const fs::path& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "cannot write " + path.string());
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot write " + path.string());
  }
}

fs::path memory_temp_base() {
  static const fs::path base = [] {
    fs::path shm = "/dev/shm";
    std::error_code error;
    if (fs::is_directory(shm, error) && ::access(shm.c_str(), W_OK | X_OK) == 0) return shm;
    return fs::temp_directory_path();
  }();
  return base;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace lethe::test
