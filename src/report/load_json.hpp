// JSON pieces shared by the inspect and scan reports: how the files of a dataset were read.
#pragma once

#include <vector>

#include "data/loader.hpp"
#include "util/json_writer.hpp"

namespace lethe::report {

// An array of {path, format, rows_loaded, rows_rejected, error} objects.
void write_files_json(util::JsonWriter& json, const std::vector<data::FileReport>& files);

}  // namespace lethe::report
