// Running the built `lethe` executable from end-to-end tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lethe::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `lethe` with `args` in `working_dir` (default: the source tree), with NO_COLOR set and
// no terminal, and captures both streams.
RunResult run_lethe(const std::vector<std::string>& args,
                    const std::filesystem::path& working_dir = {});

// A fixture export folder below tests/fixtures.
std::filesystem::path fixture(const std::string& relative);

// A fresh, empty temporary folder, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  // Writes `content` to `relative` (creating folders) and returns its full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path m_path;
};

// The whole content of a file.
std::string read_file(const std::filesystem::path& path);

}  // namespace lethe::test

namespace lethe::test {

// Compares `actual` with tests/golden/NAME; with LETHE_UPDATE_GOLDEN=1 in the environment, writes
// it instead (review the diff before committing).
void check_golden(const std::string& name, const std::string& actual);

}  // namespace lethe::test
