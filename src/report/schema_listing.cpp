#include "report/schema_listing.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/json_pieces.hpp"
#include "util/strings.hpp"

namespace lethe::report {

namespace {

// The rule pack's schema file that defined something at `origin` ("pack/schema.yaml:4:7"), or ""
// when the bundled schema did.
std::string added_by(const data::Schema& schema, const std::string& origin) {
  for (const auto& [display, path] : schema.extensions()) {
    if (origin.rfind(display + ":", 0) == 0) return display;
  }
  return {};
}

// A field's line of the text form: name, type, then key, pii, default, values and the pack
// schema that added it to a dataset defined elsewhere (`dataset_pack`: "" for the bundled schema).
std::string field_line(const data::Schema& schema, const data::FieldSpec& field, size_t width,
                       const std::string& dataset_pack) {
  std::vector<std::string> notes;
  if (field.key) notes.push_back("key");
  if (field.pii) notes.push_back("pii");
  if (field.default_value) notes.push_back(fmt::format("default {}", *field.default_value));
  if (!field.values.empty()) notes.push_back("values: " + util::join(field.values, ", "));
  if (std::string pack = added_by(schema, field.origin); pack != dataset_pack) {
    notes.push_back("added by " + pack);
  }
  std::string line = fmt::format("  {:<{}}  {:<9}  {}", field.name, width,
                                 data::field_type_name(field.type), util::join(notes, "; "));
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  return line + "\n";
}

void write_field(util::JsonWriter& json, const data::Schema& schema, const data::FieldSpec& field) {
  json.begin_object();
  json.member("name", field.name);
  json.member("type", data::field_type_name(field.type));
  json.member("key", field.key);
  json.member("pii", field.pii);
  if (field.default_value) json.member("default", *field.default_value);
  if (!field.values.empty()) json.member("values", field.values);
  if (std::string pack = added_by(schema, field.origin); !pack.empty()) {
    json.member("added_by", pack);
  }
  json.end_object();
}

}  // namespace

std::string render_schema_text(const data::Schema& schema) {
  std::string out;
  for (const auto& dataset : schema.datasets()) {
    out += fmt::format("{}: {}\n", dataset.name, dataset.description);
    std::string pack = added_by(schema, dataset.origin);
    if (!pack.empty()) out += fmt::format("  (added by {})\n", pack);
    size_t width = 0;
    for (const auto& field : dataset.fields)
      width = std::max(width, field.name.size());
    for (const auto& field : dataset.fields)
      out += field_line(schema, field, width, pack);
    out += "\n";
  }
  return out;
}

std::string render_schema_json(const data::Schema& schema) {
  return listing_json("datasets", schema.datasets(),
                      [&](util::JsonWriter& json, const data::DatasetSpec& dataset) {
                        json.member("name", dataset.name);
                        json.member("description", dataset.description);
                        if (std::string pack = added_by(schema, dataset.origin); !pack.empty()) {
                          json.member("added_by", pack);
                        }
                        json.key("fields");
                        json.begin_array();
                        for (const auto& field : dataset.fields)
                          write_field(json, schema, field);
                        json.end_array();
                      });
}

const Listing<data::Schema>& schema_listing() {
  static const Listing<data::Schema> k_listing{
      {"text", render_schema_text},
      {"json", render_schema_json},
  };
  return k_listing;
}

}  // namespace lethe::report
