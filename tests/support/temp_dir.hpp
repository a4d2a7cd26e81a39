// A fresh, empty temporary folder for a test, removed with everything in it when the object goes
// away; the one every test uses (end-to-end, data, util and engine).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace lethe::test {

class TempDir {
 public:
  // Creates a new folder below the system's temporary folder; throws when it cannot.
  TempDir();
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

// The whole content of a file ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// Writes `bytes` to `path` with one write (the folder must exist); throws when it cannot.
void write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace lethe::test
