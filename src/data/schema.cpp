#include "data/schema.hpp"

#include <fmt/format.h>

#include "util/enum_names.hpp"
#include "util/strings.hpp"
#include "util/yaml_file.hpp"

namespace lethe::data {

using util::Error;
using util::Expected;

namespace {

constexpr auto k_field_types = std::to_array<util::EnumName<FieldType>>({
    {FieldType::string, "string"},
    {FieldType::integer, "integer"},
    {FieldType::real, "real"},
    {FieldType::boolean, "boolean"},
    {FieldType::timestamp, "timestamp"},
});

}  // namespace

std::string_view field_type_name(FieldType type) {
  return util::enum_name(k_field_types, type);
}

const FieldSpec* DatasetSpec::find(std::string_view field_name) const {
  for (const auto& field : fields) {
    if (field.name == field_name) return &field;
  }
  return nullptr;
}

const FieldSpec& DatasetSpec::key() const {
  for (const auto& field : fields) {
    if (field.key) return field;
  }
  return fields.front();
}

std::vector<std::string> DatasetSpec::field_names() const {
  std::vector<std::string> names;
  for (const auto& field : fields)
    names.push_back(field.name);
  return names;
}

const DatasetSpec* Schema::find(std::string_view name) const {
  for (const auto& dataset : m_datasets) {
    if (dataset.name == name) return &dataset;
  }
  return nullptr;
}

std::vector<std::string> Schema::dataset_names() const {
  std::vector<std::string> names;
  for (const auto& dataset : m_datasets)
    names.push_back(dataset.name);
  return names;
}

namespace {

Expected<FieldSpec> read_field(const util::YamlFile& file, const YAML::Node& key,
                               const YAML::Node& node) {
  FieldSpec field;
  field.name = key.Scalar();
  if (auto ok = file.expect_map(node, "a field"); !ok) return ok.error();
  if (auto ok = file.check_keys(node, {"type", "key", "pii", "default", "values", "description"},
                                "a field");
      !ok) {
    return ok.error();
  }
  if (!node["type"]) return file.error_at(key, fmt::format("field '{}' has no type", field.name));
  auto type = util::parse_enum(k_field_types, node["type"].Scalar());
  if (!type) {
    return file.error_at(node["type"], fmt::format("unknown type '{}'", node["type"].Scalar()),
                         "types: " + util::enum_names_joined(k_field_types, ", "));
  }
  field.type = *type;
  auto read_bool = [&](const char* name, bool& out) -> Expected<void> {
    if (!node[name]) return {};
    std::string text = node[name].IsScalar() ? node[name].Scalar() : "";
    if (text != "true" && text != "false") {
      return file.error_at(node[name], fmt::format("{} must be true or false", name));
    }
    out = text == "true";
    return {};
  };
  if (auto ok = read_bool("key", field.key); !ok) return ok.error();
  if (auto ok = read_bool("pii", field.pii); !ok) return ok.error();
  if (node["default"]) {
    if (field.type != FieldType::boolean) {
      return file.error_at(node["default"], "only boolean fields take a default");
    }
    bool value = false;
    if (auto ok = read_bool("default", value); !ok) return ok.error();
    field.default_value = value;
  }
  if (node["values"]) {
    if (!node["values"].IsSequence()) return file.error_at(node["values"], "values must be a list");
    for (const auto& value : node["values"])
      field.values.push_back(value.Scalar());
  }
  return field;
}

}  // namespace

Expected<Schema> Schema::load(const std::filesystem::path& path, std::string display_path) {
  auto file = util::YamlFile::load(path, std::move(display_path));
  if (!file) return file.error();
  const YAML::Node& root = file->root();
  if (auto ok = file->expect_map(root, "the schema"); !ok) return ok.error();
  if (auto ok = file->check_keys(root, {"version", "datasets"}, "the schema"); !ok) {
    return ok.error();
  }
  if (!root["datasets"] || !root["datasets"].IsMap()) {
    return file->error_at(root, "the schema needs a 'datasets' mapping");
  }
  std::vector<DatasetSpec> datasets;
  for (const auto& entry : root["datasets"]) {
    DatasetSpec dataset;
    dataset.name = entry.first.Scalar();
    const YAML::Node& node = entry.second;
    if (auto ok = file->expect_map(node, "a dataset"); !ok) return ok.error();
    if (auto ok = file->check_keys(node, {"description", "fields"}, "a dataset"); !ok) {
      return ok.error();
    }
    if (node["description"]) dataset.description = node["description"].Scalar();
    if (!node["fields"] || !node["fields"].IsMap()) {
      return file->error_at(entry.first, fmt::format("dataset '{}' has no fields", dataset.name));
    }
    int keys = 0;
    for (const auto& field_entry : node["fields"]) {
      auto field = read_field(*file, field_entry.first, field_entry.second);
      if (!field) return field.error();
      keys += field->key ? 1 : 0;
      dataset.fields.push_back(std::move(*field));
    }
    if (keys != 1) {
      return file->error_at(
          entry.first,
          fmt::format("dataset '{}' must have exactly one key field, has {}", dataset.name, keys));
    }
    datasets.push_back(std::move(dataset));
  }
  return Schema(std::move(datasets));
}

}  // namespace lethe::data
