// The canonical data model (rules/schema.yaml): datasets, their fields and types.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::data {

enum class FieldType { string, integer, real, boolean, timestamp };

// "string", "integer", ...
std::string_view field_type_name(FieldType type);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::string;
  bool key = false;
  bool pii = false;
  std::optional<bool> default_value;  // booleans only
  // The vocabulary of a string field: a row with another value is rejected (a value outside it
  // matches none of the rules' comparisons, so the row would pass unseen).
  std::vector<std::string> values;
};

struct DatasetSpec {
  std::string name;
  std::string description;
  std::vector<FieldSpec> fields;

  // The field called `name`, or null.
  const FieldSpec* find(std::string_view field_name) const;
  // The key field (every dataset has exactly one).
  const FieldSpec& key() const;
  // All field names, in schema order.
  std::vector<std::string> field_names() const;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<DatasetSpec> datasets) : m_datasets(std::move(datasets)) {}

  // Reads and validates a schema file; errors are `path:line:col: message`.
  static util::Expected<Schema> load(const std::filesystem::path& path, std::string display_path);

  const std::vector<DatasetSpec>& datasets() const { return m_datasets; }
  // The dataset called `name`, or null.
  const DatasetSpec* find(std::string_view name) const;
  std::vector<std::string> dataset_names() const;

 private:
  std::vector<DatasetSpec> m_datasets;
};

}  // namespace lethe::data
