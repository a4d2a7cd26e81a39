// What `lethe inspect` prints: how an export was read, dataset by dataset.
#pragma once

#include <string>

#include "data/export_plan.hpp"
#include "data/loader.hpp"
#include "report/listing.hpp"

namespace lethe::report {

// The text form, for a terminal.
std::string render_inspect_text(const data::ExportPlan& plan, const data::LoadReport& load);

// The JSON form (`"schema_version": 1`), stable for scripts.
std::string render_inspect_json(const data::ExportPlan& plan, const data::LoadReport& load);

// The formats by name: text, json.
const Listing<data::ExportPlan, data::LoadReport>& inspect_listing();

}  // namespace lethe::report
