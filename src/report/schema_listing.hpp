// What `lethe schema` prints: the canonical datasets and fields that rules are written against.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/schema.hpp"
#include "util/expected.hpp"

namespace lethe::report {

// For a terminal: each dataset with its description, then a line per field.
std::string render_schema_text(const data::Schema& schema);

// JSON (`"schema_version": 1`): a datasets array of {name, description, fields}.
std::string render_schema_json(const data::Schema& schema);

// The formats render_schema() takes: text, json.
const std::vector<std::string>& schema_formats();

// The schema in `format`; an unknown format is an error.
util::Expected<std::string> render_schema(const data::Schema& schema, std::string_view format);

}  // namespace lethe::report
