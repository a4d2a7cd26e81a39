// What `lethe schema` prints: the canonical datasets and fields that rules are written against.
#pragma once

#include <string>

#include "data/schema.hpp"
#include "report/listing.hpp"

namespace lethe::report {

// For a terminal: each dataset with its description, then a line per field.
std::string render_schema_text(const data::Schema& schema);

// JSON (`"schema_version": 1`): a datasets array of {name, description, fields}.
std::string render_schema_json(const data::Schema& schema);

// The schema's formats by name: text, json.
const Listing<data::Schema>& schema_listing();

}  // namespace lethe::report
