// A fresh, empty temporary folder for a test, removed with everything in it when the object goes
// away; the one every test uses (end-to-end, data, util and engine).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace lethe::test {

class TempDir {
 public:
  // Creates a new folder below `base` (default: the system's temporary folder); throws when it
  // cannot.
  explicit TempDir(const std::filesystem::path& base = {});
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Writes `bytes` exactly to `relative` (creating its folders) in one write and returns its
  // full path; throws when it cannot.
  std::filesystem::path write(const std::string& relative, std::string_view bytes) const;

 private:
  std::filesystem::path m_path;
};

// A folder of memory-backed storage (/dev/shm) to make many small files in cheaply, or the
// system's temporary folder when there is none that can be written.
std::filesystem::path memory_temp_base();

// The whole content of a file ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// Writes `bytes` to `path` with one write (the folder must exist); throws when it cannot.
void write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace lethe::test
