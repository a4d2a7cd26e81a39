// `lethe schema`: prints the canonical data model that rules are written against.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/resources.hpp"
#include "data/schema.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

std::string render_text(const data::Schema& schema) {
  std::string out;
  for (const auto& dataset : schema.datasets()) {
    out += fmt::format("{}: {}\n", dataset.name, dataset.description);
    size_t width = 0;
    for (const auto& field : dataset.fields)
      width = std::max(width, field.name.size());
    for (const auto& field : dataset.fields) {
      std::vector<std::string> notes;
      if (field.key) notes.push_back("key");
      if (field.pii) notes.push_back("pii");
      if (field.default_value) notes.push_back(fmt::format("default {}", *field.default_value));
      if (!field.values.empty()) notes.push_back("values: " + util::join(field.values, ", "));
      std::string line = fmt::format("  {:<{}}  {:<9}  {}", field.name, width,
                                     data::field_type_name(field.type), util::join(notes, "; "));
      while (!line.empty() && line.back() == ' ')
        line.pop_back();
      out += line + "\n";
    }
    out += "\n";
  }
  return out;
}

std::string render_json(const data::Schema& schema) {
  std::string out;
  util::JsonWriter json(out);
  json.begin_object();
  json.key("schema_version");
  json.value(1);
  json.key("datasets");
  json.begin_array();
  for (const auto& dataset : schema.datasets()) {
    json.begin_object();
    json.key("name");
    json.value(dataset.name);
    json.key("description");
    json.value(dataset.description);
    json.key("fields");
    json.begin_array();
    for (const auto& field : dataset.fields) {
      json.begin_object();
      json.key("name");
      json.value(field.name);
      json.key("type");
      json.value(data::field_type_name(field.type));
      json.key("key");
      json.value(field.key);
      json.key("pii");
      json.value(field.pii);
      if (field.default_value) {
        json.key("default");
        json.value(*field.default_value);
      }
      if (!field.values.empty()) {
        json.key("values");
        json.begin_array();
        for (const auto& value : field.values)
          json.value(value);
        json.end_array();
      }
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return out + "\n";
}

}  // namespace

void add_schema_command(CLI::App& app, CommandRunner& runner) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* command = app.add_subcommand(
      "schema", "Print the canonical datasets and fields that rules are written against.");
  command->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
  command->callback([format, &runner] {
    runner = [format] {
      auto schema = data::Schema::load(bundled_schema_path(), bundled_schema_path().string());
      if (!schema) {
        std::cerr << schema.error().message << "\n";
        return k_exit_error;
      }
      std::cout << (*format == "json" ? render_json(*schema) : render_text(*schema));
      return k_exit_ok;
    };
  });
}

}  // namespace lethe::cli
