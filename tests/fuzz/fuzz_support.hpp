// Shared by the libFuzzer targets: a scratch file per process for readers that take a path, the
// bundled schema, and a check that aborts (so libFuzzer reports it) when an invariant fails.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "data/record_source.hpp"
#include "data/schema.hpp"

namespace lethe::fuzz {

// Writes `bytes` to this process's scratch file NAME (in the temporary folder) and returns its
// path; the file is rewritten for every input.
inline std::filesystem::path scratch_file(std::string_view bytes, const std::string& name) {
  static const std::filesystem::path dir = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("lethe-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  std::filesystem::path file = dir / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file;
}

inline const data::Schema& bundled_schema() {
  static const data::Schema schema = [] {
    auto loaded = data::Schema::load(std::filesystem::path(LETHE_SOURCE_RULES_DIR) / "schema.yaml",
                                     "schema.yaml");
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return schema;
}

// An invariant that must hold for every input.
inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// Reads every record of `source`, checking what holds for every reader: records come in file
// order, a rejected one says why, and the others have one value per requested column.
inline void read_all_records(data::RecordSource& source, size_t columns) {
  data::Record record;
  std::string message;
  std::uint64_t last_line = 0;
  for (data::ReadStatus status; (status = source.next(record, message)) != data::ReadStatus::end;) {
    require(record.line >= last_line, "records come in file order");
    last_line = record.line;
    if (status == data::ReadStatus::rejected || status == data::ReadStatus::stopped) {
      require(!message.empty(), "a rejected record says why");
      continue;
    }
    require(record.values.size() == columns, "one value per requested column");
  }
}

}  // namespace lethe::fuzz
