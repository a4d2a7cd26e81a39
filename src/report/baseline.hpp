// Reading a previous JSON report back, for `--baseline`: which findings it had.
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "util/expected.hpp"

namespace lethe::report {

// The fingerprints of the findings of the JSON report at `path` (schema_version 1).
util::Expected<std::set<std::string>> read_baseline(const std::filesystem::path& path);

}  // namespace lethe::report
