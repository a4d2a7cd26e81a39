#include "util/temp_dir.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace lethe::util {

namespace fs = std::filesystem;

Expected<TempDir> TempDir::create() {
  std::error_code error;
  fs::path base = fs::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / "lethe-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    return Error{fmt::format("{}: cannot create a temporary folder: {}", base.string(),
                             std::strerror(errno))};
  }
  return TempDir(pattern);
}

TempDir::~TempDir() {
  if (m_path.empty()) return;
  std::error_code error;
  fs::remove_all(m_path, error);
}

}  // namespace lethe::util
