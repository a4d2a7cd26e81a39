// JSON pieces shared by the reports: how the files of a dataset were read, and file digests.
#pragma once

#include <vector>

#include "data/loader.hpp"
#include "engine/audit_trail.hpp"
#include "util/json_writer.hpp"

namespace lethe::report {

// An array of {path, format, rows_loaded, rows_rejected, error} objects.
void write_files_json(util::JsonWriter& json, const std::vector<data::FileReport>& files);

// An array of {path, sha256} objects.
void write_digests_json(util::JsonWriter& json, const std::vector<engine::FileDigest>& digests);

}  // namespace lethe::report
