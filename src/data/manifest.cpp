#include "data/manifest.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::data {

using util::Error;
using util::Expected;
using util::YamlFile;

namespace {

// Rejects absolute paths and `..` segments: every file must stay inside the export folder.
Expected<void> check_inside_export(const YamlFile& file, const YAML::Node& node,
                                   const std::string& pattern) {
  if (pattern.empty()) return file.error_at(node, "empty file path");
  if (pattern.front() == '/' || pattern.front() == '\\' ||
      (pattern.size() > 1 && pattern[1] == ':')) {
    return file.error_at(node, fmt::format("path '{}' is absolute", pattern),
                         "paths are relative to the export folder");
  }
  for (auto segment : util::split(pattern, '/')) {
    if (segment == "..") {
      return file.error_at(node, fmt::format("path '{}' leaves the export folder", pattern),
                           "paths are relative to the export folder and may not use '..'");
    }
  }
  return {};
}

Expected<ColumnMapping> read_column(const YamlFile& file, const DatasetSpec& dataset,
                                    const YAML::Node& key, const YAML::Node& value) {
  ColumnMapping mapping;
  mapping.field = key.Scalar();
  const FieldSpec* field = dataset.find(mapping.field);
  if (!field) {
    std::string suggestion = util::closest_match(mapping.field, dataset.field_names());
    return file.error_at(
        key, fmt::format("unknown field '{}' in dataset {}", mapping.field, dataset.name),
        suggestion.empty() ? fmt::format("fields: {}", util::join(dataset.field_names(), ", "))
                           : fmt::format("did you mean '{}'?", suggestion));
  }
  if (value.IsScalar()) {
    mapping.column = value.Scalar();
  } else if (value.IsMap()) {
    if (auto ok = file.check_keys(value, {"column", "format"}, "a column mapping"); !ok) {
      return ok.error();
    }
    if (!value["column"] || !value["column"].IsScalar()) {
      return file.error_at(value, fmt::format("mapping of '{}' needs a 'column'", mapping.field));
    }
    mapping.column = value["column"].Scalar();
    if (const YAML::Node& format = value["format"]) {
      if (field->type != FieldType::timestamp) {
        return file.error_at(
            format, fmt::format("'{}' is a {} field; only timestamps take a format", mapping.field,
                                field_type_name(field->type)));
      }
      auto parsed = TimestampFormat::parse(format.IsScalar() ? format.Scalar() : "");
      if (!parsed) {
        return file.error_at(format, parsed.error().message,
                             "formats: epoch_s, epoch_ms, iso8601, or a pattern such as "
                             "\"%m/%d/%Y %H:%M:%S\"");
      }
      mapping.format = *parsed;
    }
  } else {
    return file.error_at(value, fmt::format("mapping of '{}' must be a column name or "
                                            "{{column, format}}",
                                            mapping.field));
  }
  if (mapping.column.empty()) {
    return file.error_at(value, fmt::format("empty column name for '{}'", mapping.field));
  }
  return mapping;
}

// A database dataset entry: `table: schema.name` and `columns`, no files.
Expected<void> read_database_table(const YamlFile& file, const YAML::Node& key,
                                   const YAML::Node& node, DatasetSource& source) {
  for (const char* files_only : {"files", "format"}) {
    if (node[files_only]) {
      return file.error_at(node[files_only],
                           fmt::format("'{}' applies to exported files; a database dataset "
                                       "names its 'table'",
                                       files_only));
    }
  }
  const YAML::Node& table = node["table"];
  if (!table) {
    return file.error_at(key,
                         fmt::format("dataset '{}' needs 'table' (schema.name)", source.dataset));
  }
  auto name = file.scalar(table, "'table'");
  if (!name) return name.error();
  size_t dot = name->find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name->size() ||
      name->find('.', dot + 1) != std::string::npos) {
    return file.error_at(table, fmt::format("'table' must be schema.name, got '{}'", *name),
                         "for example public.accounts");
  }
  source.table = std::move(*name);
  return {};
}

// The schema's dataset that an entry's key names; an error suggests the closest name.
Expected<const DatasetSpec*> find_dataset(const YamlFile& file, const Schema& schema,
                                          const YAML::Node& key, const std::string& name) {
  const DatasetSpec* dataset = schema.find(name);
  if (dataset) return dataset;
  std::string suggestion = util::closest_match(name, schema.dataset_names());
  return file.error_at(key, fmt::format("unknown dataset '{}'", name),
                       suggestion.empty()
                           ? fmt::format("datasets: {}", util::join(schema.dataset_names(), ", "))
                           : fmt::format("did you mean '{}'?", suggestion));
}

// `files`: one path or a list of paths, each inside the export folder.
Expected<void> read_files(const YamlFile& file, const YAML::Node& files, DatasetSource& source) {
  std::vector<YAML::Node> patterns;
  if (files.IsScalar()) {
    patterns.push_back(files);
  } else if (files.IsSequence() && files.size() > 0) {
    for (const auto& pattern : files)
      patterns.push_back(pattern);
  } else {
    return file.error_at(files, "'files' must be a path or a list of paths");
  }
  for (const auto& pattern : patterns) {
    if (!pattern.IsScalar()) return file.error_at(pattern, "a file path must be a single value");
    if (auto ok = check_inside_export(file, pattern, pattern.Scalar()); !ok) return ok.error();
    source.files.push_back({pattern.Scalar(), file.location(pattern)});
  }
  return {};
}

// `format`: one of the file format names, for files whose extension does not tell.
Expected<void> read_format(const YamlFile& file, const YAML::Node& format, DatasetSource& source) {
  auto parsed = parse_file_format(format.IsScalar() ? format.Scalar() : "");
  if (!parsed) {
    return file.error_at(format, fmt::format("unknown format '{}'", format.Scalar()),
                         "formats: " + file_format_names(", "));
  }
  source.format = *parsed;
  return {};
}

// `table` of an exported file: the table to read, which only sqlite files have.
Expected<void> read_file_table(const YamlFile& file, const YAML::Node& table,
                               DatasetSource& source) {
  if (source.format != FileFormat::sqlite) {
    bool all_sqlite = true;
    for (const auto& pattern : source.files) {
      all_sqlite = all_sqlite && format_from_extension(pattern.pattern) == FileFormat::sqlite;
    }
    if (source.format || !all_sqlite) {
      return file.error_at(table, "'table' applies to sqlite files only");
    }
  }
  auto name = file.scalar(table, "'table'");
  if (!name) return name.error();
  source.table = std::move(*name);
  return {};
}

// `columns`: the source column of each canonical field that is not read from its own name.
Expected<void> read_columns(const YamlFile& file, const DatasetSpec& dataset,
                            const YAML::Node& columns, DatasetSource& source) {
  if (auto ok = file.expect_map(columns, "'columns'"); !ok) return ok.error();
  for (const auto& entry : columns) {
    auto mapping = read_column(file, dataset, entry.first, entry.second);
    if (!mapping) return mapping.error();
    source.columns.push_back(std::move(*mapping));
  }
  return {};
}

Expected<DatasetSource> read_dataset(const YamlFile& file, const Schema& schema,
                                     const YAML::Node& key, const YAML::Node& node,
                                     ManifestTarget target) {
  DatasetSource source;
  source.dataset = key.Scalar();
  source.location = file.location(key);
  auto dataset = find_dataset(file, schema, key, source.dataset);
  if (!dataset) return dataset.error();
  if (auto ok = file.expect_map(node, "a dataset entry"); !ok) return ok.error();
  if (auto ok = file.check_keys(node, {"files", "format", "table", "columns"}, "a dataset entry");
      !ok) {
    return ok.error();
  }
  const YAML::Node& files = node["files"];
  if (target == ManifestTarget::database) {
    // No files (it refuses them): the table, then the columns below.
    if (auto ok = read_database_table(file, key, node, source); !ok) return ok.error();
  } else if (!files) {
    return file.error_at(key, fmt::format("dataset '{}' needs 'files'", source.dataset));
  }
  if (files) {
    if (auto ok = read_files(file, files, source); !ok) return ok.error();
  }
  if (const YAML::Node& format = node["format"]) {
    if (auto ok = read_format(file, format, source); !ok) return ok.error();
  }
  if (const YAML::Node& table = node["table"]; table && target == ManifestTarget::files) {
    if (auto ok = read_file_table(file, table, source); !ok) return ok.error();
  }
  if (const YAML::Node& columns = node["columns"]) {
    if (auto ok = read_columns(file, **dataset, columns, source); !ok) return ok.error();
  }
  return source;
}

}  // namespace

Expected<Manifest> read_manifest(const YamlFile& file, const Schema& schema,
                                 ManifestTarget target) {
  const YAML::Node& root = file.root();
  if (!root.IsMap()) return file.error_at(root, "the manifest must be a mapping");
  if (auto ok = file.check_keys(root, {"version", "name", "timezone", "datasets"}, "the manifest");
      !ok) {
    return ok.error();
  }
  Manifest manifest;
  if (!root["version"] || !root["version"].IsScalar() || root["version"].Scalar() != "1") {
    return file.error_at(root["version"] ? root["version"] : root,
                         "the manifest needs 'version: 1'");
  }
  if (root["name"]) {
    auto name = file.scalar(root["name"], "'name'");
    if (!name) return name.error();
    manifest.name = std::move(*name);
  }
  if (const YAML::Node& timezone = root["timezone"]) {
    std::string text = timezone.IsScalar() ? timezone.Scalar() : "";
    auto offset = text == "UTC" ? std::optional<int>(0) : util::parse_utc_offset(text);
    if (!offset) {
      return file.error_at(timezone, fmt::format("timezone: expected a UTC offset, got '{}'", text),
                           "write an offset such as \"+00:00\" or \"-05:00\"");
    }
    manifest.timezone_offset_seconds = *offset;
  }
  const YAML::Node& datasets = root["datasets"];
  if (!datasets || !datasets.IsMap() || datasets.size() == 0) {
    return file.error_at(datasets ? datasets : root, "the manifest needs a 'datasets' mapping");
  }
  for (const auto& entry : datasets) {
    for (const auto& earlier : manifest.datasets) {
      if (earlier.dataset == entry.first.Scalar()) {
        return file.error_at(entry.first,
                             fmt::format("dataset '{}' is listed twice (first at line {})",
                                         earlier.dataset, earlier.location.line));
      }
    }
    auto source = read_dataset(file, schema, entry.first, entry.second, target);
    if (!source) return source.error();
    manifest.datasets.push_back(std::move(*source));
  }
  return manifest;
}

}  // namespace lethe::data
