// Finding the bundled rules folder (and the schema inside it).
#pragma once

#include <filesystem>

namespace lethe::cli {

// The bundled `rules/` folder: `<prefix>/share/lethe/rules` beside an installed binary, a
// `rules/` folder next to the binary, or else the source tree the binary was built from.
std::filesystem::path bundled_rules_dir();

// `schema.yaml` in the bundled rules folder.
std::filesystem::path bundled_schema_path();

// A rule pack's identity: the number of its rule files and a SHA-256 over the `PATH SHA256`
// lines of every file below `dir` (paths relative to it, '/'-separated, sorted), so that two
// installations can be told to hold the same pack. Unreadable files count with digest "-".
struct PackDigest {
  size_t rule_files = 0;  // *.yaml but the tests (*.test.yaml) and the pack schema
  std::string sha256;
};
PackDigest rule_pack_digest(const std::filesystem::path& dir);

}  // namespace lethe::cli
