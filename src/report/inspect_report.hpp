// What `lethe inspect` prints: how an export was read, dataset by dataset.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/export_plan.hpp"
#include "data/loader.hpp"
#include "util/expected.hpp"

namespace lethe::report {

// The text form, for a terminal.
std::string render_inspect_text(const data::ExportPlan& plan, const data::LoadReport& load);

// The JSON form (`"schema_version": 1`), stable for scripts.
std::string render_inspect_json(const data::ExportPlan& plan, const data::LoadReport& load);

// The formats render_inspect() takes: text, json.
const std::vector<std::string>& inspect_formats();

// The inspection in `format`; an unknown format is an error.
util::Expected<std::string> render_inspect(const data::ExportPlan& plan,
                                           const data::LoadReport& load, std::string_view format);

}  // namespace lethe::report
