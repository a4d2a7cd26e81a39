// Finding the bundled rules folder (and the schema inside it).
#pragma once

#include <filesystem>

namespace lethe::cli {

// The bundled `rules/` folder: `<prefix>/share/lethe/rules` beside an installed binary, a
// `rules/` folder next to the binary, or else the source tree the binary was built from.
std::filesystem::path bundled_rules_dir();

// `schema.yaml` in the bundled rules folder.
std::filesystem::path bundled_schema_path();

}  // namespace lethe::cli
