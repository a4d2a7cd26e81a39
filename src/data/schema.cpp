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

namespace {

// "rules/schema.yaml:8:3": where `node` is, for messages that name two places.
std::string origin_of(const util::YamlFile& file, const YAML::Node& node) {
  util::SourceLocation location = file.location(node);
  return fmt::format("{}:{}:{}", file.display_path(), location.line, location.column);
}

// The root of a schema file, checked: a mapping with `datasets`, itself a mapping.
Expected<void> check_schema_root(const util::YamlFile& file) {
  const YAML::Node& root = file.root();
  if (auto ok = file.expect_map(root, "the schema"); !ok) return ok;
  if (auto ok = file.check_keys(root, {"version", "datasets"}, "the schema"); !ok) return ok;
  if (!root["datasets"] || !root["datasets"].IsMap()) {
    return file.error_at(root, "the schema needs a 'datasets' mapping");
  }
  return {};
}

// The fields of the dataset entry `node` (`name: {type: ...}` under `fields`).
Expected<std::vector<FieldSpec>> read_fields(const util::YamlFile& file, const YAML::Node& name,
                                             const YAML::Node& node) {
  if (!node["fields"] || !node["fields"].IsMap()) {
    return file.error_at(name, fmt::format("dataset '{}' has no fields", name.Scalar()));
  }
  std::vector<FieldSpec> fields;
  for (const auto& field_entry : node["fields"]) {
    auto field = read_field(file, field_entry.first, field_entry.second);
    if (!field) return field.error();
    field->origin = origin_of(file, field_entry.first);
    fields.push_back(std::move(*field));
  }
  return fields;
}

// A dataset defined by entry `name: node`, with exactly one key field.
Expected<DatasetSpec> read_dataset(const util::YamlFile& file, const YAML::Node& name,
                                   const YAML::Node& node) {
  DatasetSpec dataset;
  dataset.name = name.Scalar();
  dataset.origin = origin_of(file, name);
  if (auto ok = file.expect_map(node, "a dataset"); !ok) return ok.error();
  if (auto ok = file.check_keys(node, {"description", "fields"}, "a dataset"); !ok) {
    return ok.error();
  }
  if (node["description"]) dataset.description = node["description"].Scalar();
  auto fields = read_fields(file, name, node);
  if (!fields) return fields.error();
  dataset.fields = std::move(*fields);
  auto keys = std::count_if(dataset.fields.begin(), dataset.fields.end(),
                            [](const FieldSpec& field) { return field.key; });
  if (keys != 1) {
    return file.error_at(name, fmt::format("dataset '{}' must have exactly one key field, has {}",
                                           dataset.name, keys));
  }
  return dataset;
}

bool same_definition(const FieldSpec& a, const FieldSpec& b) {
  return a.type == b.type && a.key == b.key && a.pii == b.pii &&
         a.default_value == b.default_value && a.values == b.values;
}

// What a field definition says, for messages: "string", "string, pii", "boolean, default false".
std::string describe_field(const FieldSpec& field) {
  std::string text(field_type_name(field.type));
  if (field.key) text += ", key";
  if (field.pii) text += ", pii";
  if (field.default_value) text += *field.default_value ? ", default true" : ", default false";
  if (!field.values.empty()) text += ", values [" + util::join(field.values, ", ") + "]";
  return text;
}

// Adds the fields of extension entry `name: node` to the existing `dataset`.
Expected<void> add_fields(const util::YamlFile& file, const YAML::Node& name,
                          const YAML::Node& node, DatasetSpec& dataset) {
  if (auto ok = file.expect_map(node, "a dataset"); !ok) return ok;
  auto fields = read_fields(file, name, node);
  if (!fields) return fields.error();
  // A description or a key is a dataset's definition: that is a second dataset of the name.
  bool redefined = node["description"] || std::any_of(fields->begin(), fields->end(),
                                                      [](const FieldSpec& f) { return f.key; });
  if (redefined) {
    return file.error_at(
        name, fmt::format("dataset '{}' is already defined in {}", dataset.name, dataset.origin),
        "a rule pack's schema can add fields to an existing dataset (no description, no key), "
        "or define a dataset of another name");
  }
  for (auto& field : *fields) {
    if (const FieldSpec* existing = dataset.find(field.name)) {
      if (same_definition(*existing, field)) continue;
      YAML::Node at = node["fields"][field.name];
      return file.error_at(
          at,
          fmt::format("field '{}.{}' is defined in {} as {}; here as {}", dataset.name, field.name,
                      existing->origin, describe_field(*existing), describe_field(field)),
          "a rule pack's schema never changes a field: give it another name");
    }
    dataset.fields.push_back(std::move(field));
  }
  return {};
}

}  // namespace

Expected<Schema> Schema::load(const std::filesystem::path& path, std::string display_path) {
  auto file = util::YamlFile::load(path, std::move(display_path));
  if (!file) return file.error();
  if (auto ok = check_schema_root(*file); !ok) return ok.error();
  std::vector<DatasetSpec> datasets;
  for (const auto& entry : file->root()["datasets"]) {
    auto dataset = read_dataset(*file, entry.first, entry.second);
    if (!dataset) return dataset.error();
    datasets.push_back(std::move(*dataset));
  }
  return Schema(std::move(datasets));
}

Expected<void> Schema::extend(const std::filesystem::path& path, std::string display_path) {
  auto file = util::YamlFile::load(path, display_path);
  if (!file) return file.error();
  if (auto ok = check_schema_root(*file); !ok) return ok;
  // All or nothing: a copy takes the additions, and replaces the schema once all are fine.
  std::vector<DatasetSpec> datasets = m_datasets;
  for (const auto& entry : file->root()["datasets"]) {
    std::string name = entry.first.Scalar();
    auto existing = std::find_if(datasets.begin(), datasets.end(),
                                 [&](const DatasetSpec& d) { return d.name == name; });
    if (existing != datasets.end()) {
      if (auto ok = add_fields(*file, entry.first, entry.second, *existing); !ok) return ok;
      continue;
    }
    auto dataset = read_dataset(*file, entry.first, entry.second);
    if (!dataset) return dataset.error();
    datasets.push_back(std::move(*dataset));
  }
  m_datasets = std::move(datasets);
  m_extensions.emplace_back(std::move(display_path), path);
  return {};
}

}  // namespace lethe::data
