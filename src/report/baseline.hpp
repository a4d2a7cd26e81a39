// Reading a previous JSON report back, for `--baseline`: which findings it had.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "engine/scan.hpp"
#include "util/expected.hpp"

namespace lethe::report {

// What a baseline report had.
struct Baseline {
  std::string path;                    // as given
  std::set<std::string> fingerprints;  // of its findings
  std::vector<std::string> rules;      // the rule id of each finding, in report order
};

// The findings of the JSON report at `path` (schema_version 1).
util::Expected<Baseline> read_baseline(const std::filesystem::path& path);

// The findings of the baseline report at `path` whose fingerprint is in `fingerprints`, with
// the report's data, in its order (read again: a baseline can be large, and only these are kept).
util::Expected<std::vector<engine::FixedFinding>> read_fixed(
    const std::filesystem::path& path, const std::set<std::string>& fingerprints);

}  // namespace lethe::report
