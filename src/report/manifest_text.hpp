// The text of a proposed manifest (`lethe init`): valid `lethe.yaml` syntax, every doubt and
// every file left out as a YAML comment, the same bytes for the same guess.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/manifest_guess.hpp"

namespace lethe::report {

struct ManifestTextContext {
  std::string export_name;  // the export's file name, for `name:` and the heading
  std::size_t sample_rows = 0;
};

std::string render_manifest(const engine::ManifestGuess& guess, const ManifestTextContext& context);

// `text` as a YAML scalar: plain when it reads back as the same string, else double-quoted.
std::string yaml_scalar(std::string_view text);

}  // namespace lethe::report
