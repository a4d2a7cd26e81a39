// The canonical data model (rules/schema.yaml): datasets, their fields and types.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  std::string origin;  // where it is defined: "rules/schema.yaml:14:7"
};

struct DatasetSpec {
  std::string name;
  std::string description;
  std::vector<FieldSpec> fields;
  std::string origin;  // where it is defined: "rules/schema.yaml:8:3"

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

  // Adds what a rule pack's schema.yaml (in the same format) defines: new datasets, and new
  // fields of existing ones. It never changes a field: one defined again the same way is
  // accepted, any other change, a key added to an existing dataset, or a new dataset named like
  // an existing one is an error naming both places. Pointers into the schema do not survive it:
  // extend before reading rules.
  util::Expected<void> extend(const std::filesystem::path& path, std::string display_path);

  // The extension files, in the order they were added, as displayed and to open.
  const std::vector<std::pair<std::string, std::filesystem::path>>& extensions() const {
    return m_extensions;
  }

  const std::vector<DatasetSpec>& datasets() const { return m_datasets; }
  // The dataset called `name`, or null.
  const DatasetSpec* find(std::string_view name) const;
  std::vector<std::string> dataset_names() const;

 private:
  std::vector<DatasetSpec> m_datasets;
  std::vector<std::pair<std::string, std::filesystem::path>> m_extensions;
};

}  // namespace lethe::data
