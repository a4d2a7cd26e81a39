// A temporary folder that is removed with everything in it when the object goes away.
#pragma once

#include <filesystem>

#include "util/expected.hpp"

namespace lethe::util {

class TempDir {
 public:
  // Creates a new folder below the system's temporary folder.
  static Expected<TempDir> create();

  TempDir(TempDir&& other) noexcept : m_path(std::move(other.m_path)) { other.m_path.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return m_path; }

 private:
  explicit TempDir(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

}  // namespace lethe::util
