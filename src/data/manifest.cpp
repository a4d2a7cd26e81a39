#include "data/manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "data/export_tree.hpp"
#include "util/enum_names.hpp"
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

Expected<util::TimeZone> read_timezone(const YamlFile& file, const YAML::Node& node) {
  auto zone = util::TimeZone::parse(node.IsScalar() ? node.Scalar() : "");
  if (!zone) return file.error_at(node, "timezone: ", zone.error());
  return *zone;
}

// A `timezone` key of `node`, if it has one, into `zone`.
Expected<void> read_timezone_key(const YamlFile& file, const YAML::Node& node,
                                 std::optional<util::TimeZone>& zone) {
  const YAML::Node& timezone = node["timezone"];
  if (!timezone) return {};
  auto parsed = read_timezone(file, timezone);
  if (!parsed) return parsed.error();
  zone = *parsed;
  return {};
}

// A mapping's `format`: one format or a list of them, tried in order.
Expected<void> read_formats(const YamlFile& file, const ColumnMapping& mapping,
                            const FieldSpec& field, const YAML::Node& format,
                            std::vector<TimestampFormat>& formats) {
  if (field.type != FieldType::timestamp) {
    return file.error_at(format, fmt::format("'{}' is a {} field; only timestamps take a format",
                                             mapping.field, field_type_name(field.type)));
  }
  std::vector<YAML::Node> items;
  if (format.IsSequence() && format.size() > 0) {
    for (const auto& item : format)
      items.push_back(item);
  } else {
    items.push_back(format);
  }
  for (const auto& item : items) {
    auto parsed = TimestampFormat::parse(item.IsScalar() ? item.Scalar() : "");
    if (!parsed) {
      return file.error_at(item, parsed.error().message,
                           "formats: epoch_s, epoch_ms, iso8601, or a pattern such as "
                           "\"%m/%d/%Y %H:%M:%S\" (a list is tried in order)");
    }
    formats.push_back(*parsed);
  }
  return {};
}

// A mapping's `values`: a vendor's code -> the canonical value, for the field's vocabulary.
Expected<void> read_values(const YamlFile& file, const ColumnMapping& mapping,
                           const FieldSpec& field, const YAML::Node& values,
                           std::map<std::string, std::string, std::less<>>& out) {
  if (!values.IsMap() || values.size() == 0) {
    return file.error_at(values, "'values' must map the export's codes onto the field's values",
                         "for example values: {VOICE_HISTORY: voice}");
  }
  for (const auto& entry : values) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
      return file.error_at(entry.first, "a code and its value must be single values");
    }
    const std::string& to = entry.second.Scalar();
    if (!field.values.empty() &&
        std::find(field.values.begin(), field.values.end(), to) == field.values.end()) {
      std::string suggestion = util::closest_match(to, field.values);
      return file.error_at(entry.second,
                           fmt::format("'{}' is not a value of {} ({})", to, mapping.field,
                                       util::join(field.values, ", ")),
                           suggestion.empty() ? "" : fmt::format("did you mean '{}'?", suggestion));
    }
    if (!out.emplace(entry.first.Scalar(), to).second) {
      return file.error_at(entry.first,
                           fmt::format("code '{}' is mapped twice", entry.first.Scalar()));
    }
  }
  return {};
}

// `column` of a file without a header: a position, 1 for the first column.
Expected<void> check_position(const YamlFile& file, const YAML::Node& node,
                              const std::string& column) {
  bool digits =
      !column.empty() && column.size() < 6 &&
      std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || column[0] == '0') {
    return file.error_at(node,
                         fmt::format("with 'header: false' a column is its position (1 for the "
                                     "first), got '{}'",
                                     column));
  }
  return {};
}

Expected<ColumnMapping> read_column(const YamlFile& file, const DatasetSpec& dataset,
                                    const YAML::Node& key, const YAML::Node& value,
                                    HeaderRow header) {
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
    if (auto ok =
            file.check_keys(value, {"column", "format", "timezone", "values"}, "a column mapping");
        !ok) {
      return ok.error();
    }
    if (!value["column"] || !value["column"].IsScalar()) {
      return file.error_at(value, fmt::format("mapping of '{}' needs a 'column'", mapping.field));
    }
    mapping.column = value["column"].Scalar();
    if (const YAML::Node& format = value["format"]) {
      if (auto ok = read_formats(file, mapping, *field, format, mapping.formats); !ok)
        return ok.error();
    }
    if (const YAML::Node& timezone = value["timezone"]) {
      if (field->type != FieldType::timestamp) {
        return file.error_at(timezone,
                             fmt::format("'{}' is a {} field; only timestamps take a timezone",
                                         mapping.field, field_type_name(field->type)));
      }
      auto zone = read_timezone(file, timezone);
      if (!zone) return zone.error();
      mapping.timezone = *zone;
    }
    if (const YAML::Node& values = value["values"]) {
      if (auto ok = read_values(file, mapping, *field, values, mapping.values); !ok)
        return ok.error();
    }
  } else {
    return file.error_at(value, fmt::format("mapping of '{}' must be a column name or "
                                            "{{column, format, timezone, values}}",
                                            mapping.field));
  }
  if (mapping.column.empty()) {
    return file.error_at(value, fmt::format("empty column name for '{}'", mapping.field));
  }
  if (header == HeaderRow::absent) {
    const YAML::Node column = value.IsMap() ? value["column"] : value;
    if (auto ok = check_position(file, column, mapping.column); !ok) return ok.error();
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
    auto mapping = read_column(file, dataset, entry.first, entry.second, source.dialect.header);
    if (!mapping) return mapping.error();
    source.columns.push_back(std::move(*mapping));
  }
  return {};
}

// `delimiter` or `quote`: one ASCII character that is not a line break.
Expected<char> read_character(const YamlFile& file, const YAML::Node& node, std::string_view key) {
  std::string text = node.IsScalar() ? node.Scalar() : "";
  if (key == "delimiter" && util::iequals(text, "tab")) text = "\t";
  if (text.size() != 1 || text[0] == '\n' || text[0] == '\r' ||
      static_cast<unsigned char>(text[0]) >= 0x80) {
    return file.error_at(
        node, fmt::format("'{}' must be one character, got {}", key, util::quote_for_message(text)),
        key == "delimiter" ? "for example ';', '|' or tab" : "for example \"'\"");
  }
  return text[0];
}

Expected<TextEncoding> read_encoding(const YamlFile& file, const YAML::Node& node) {
  std::string text = node.IsScalar() ? node.Scalar() : "";
  if (auto encoding = parse_text_encoding(text)) return *encoding;
  return file.error_at(node, fmt::format("unknown encoding '{}'", text),
                       "encodings: utf-8, utf-16 (with a byte order mark), windows-1252, "
                       "iso-8859-1");
}

// The dialect keys of `node` over `dialect` (a dataset's, inherited by its sources).
Expected<void> read_dialect(const YamlFile& file, const YAML::Node& node, TextDialect& dialect) {
  if (const YAML::Node& delimiter = node["delimiter"]) {
    auto c = read_character(file, delimiter, "delimiter");
    if (!c) return c.error();
    dialect.delimiter = *c;
  }
  if (const YAML::Node& quote = node["quote"]) {
    auto c = read_character(file, quote, "quote");
    if (!c) return c.error();
    dialect.quote = *c;
  }
  if (dialect.delimiter && *dialect.delimiter == dialect.quote) {
    return file.error_at(node["quote"] ? node["quote"] : node["delimiter"],
                         "the delimiter and the quote must differ");
  }
  if (const YAML::Node& encoding = node["encoding"]) {
    auto parsed = read_encoding(file, encoding);
    if (!parsed) return parsed.error();
    dialect.encoding = *parsed;
  }
  if (const YAML::Node& header = node["header"]) {
    std::string text = header.IsScalar() ? header.Scalar() : "";
    if (text != "true" && text != "false") {
      return file.error_at(header, "'header' must be true or false",
                           "false: the first line is a row, and columns are given by position");
    }
    dialect.header = text == "true" ? HeaderRow::names : HeaderRow::absent;
  }
  if (const YAML::Node& nulls = node["null_values"]) {
    // YAML reads a plain NULL, null or ~ as no value at all: the token must be quoted.
    std::vector<YAML::Node> items;
    if (nulls.IsSequence()) {
      for (const auto& item : nulls)
        items.push_back(item);
    } else {
      items.push_back(nulls);
    }
    for (const auto& item : items) {
      if (item.IsNull()) {
        return file.error_at(item, "YAML reads this as no value, not as a text",
                             "quote the token: null_values: [\"NULL\", \"N/A\"]");
      }
    }
    auto list = file.string_list(nulls, "'null_values'");
    if (!list) return list.error();
    dialect.null_values = std::move(*list);
  }
  return {};
}

// A dialect key on files it does not apply to: `delimiter` on JSON, `encoding` on SQLite.
Expected<void> check_dialect_applies(const YamlFile& file, const YAML::Node& node,
                                     const DatasetSource& source) {
  std::set<FileFormat> formats;
  if (source.format) formats.insert(*source.format);
  for (const auto& pattern : source.files) {
    if (auto format = format_from_extension(without_compression_extension(pattern.pattern)))
      formats.insert(*format);
  }
  const bool delimited = std::all_of(formats.begin(), formats.end(), [](FileFormat format) {
    return format == FileFormat::csv || format == FileFormat::tsv;
  });
  const bool text = !formats.count(FileFormat::sqlite);
  for (std::string_view key : {"delimiter", "quote", "header"}) {
    if (node[std::string(key)] && !delimited) {
      return file.error_at(node[std::string(key)],
                           fmt::format("'{}' applies to csv and tsv files", key));
    }
  }
  if (node["encoding"] && !text) {
    return file.error_at(node["encoding"], "'encoding' applies to text files, not sqlite");
  }
  return {};
}

// The files, format, table, columns, zone and dialect of one store: a dataset entry without
// `sources:`, or one of its sources (`node`), over what the dataset entry gave.
Expected<void> read_store(const YamlFile& file, const DatasetSpec& dataset, const YAML::Node& key,
                          const YAML::Node& node, ManifestTarget target, DatasetSource& source) {
  const YAML::Node& files = node["files"];
  if (target == ManifestTarget::database) {
    // No files (it refuses them): the table, then the columns below.
    if (auto ok = read_database_table(file, key, node, source); !ok) return ok.error();
  } else if (!files) {
    std::string what = source.name.empty() ? fmt::format("dataset '{}'", source.dataset)
                                           : fmt::format("source '{}'", source.name);
    return file.error_at(source.name.empty() ? key : node, what + " needs 'files'");
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
  if (auto ok = read_timezone_key(file, node, source.timezone); !ok) return ok.error();
  if (auto ok = read_dialect(file, node, source.dialect); !ok) return ok.error();
  if (auto ok = check_dialect_applies(file, node, source); !ok) return ok.error();
  if (const YAML::Node& columns = node["columns"]) {
    if (auto ok = read_columns(file, dataset, columns, source); !ok) return ok.error();
  } else if (source.dialect.header == HeaderRow::absent) {
    return file.error_at(node["header"],
                         "a file without a header needs 'columns' with the position of each field");
  }
  return {};
}

// `sources:` of a dataset entry: each one store with its own `name`.
Expected<void> read_sources(const YamlFile& file, const DatasetSpec& dataset,
                            const YAML::Node& node, const DatasetSource& defaults,
                            ManifestTarget target, std::vector<DatasetSource>& out) {
  const YAML::Node& sources = node["sources"];
  if (target == ManifestTarget::database) {
    return file.error_at(sources,
                         "'sources' apply to exported files; a database dataset names "
                         "one 'table'");
  }
  for (const char* own : {"files", "format", "table", "columns"}) {
    if (node[own]) {
      return file.error_at(node[own], fmt::format("with 'sources', '{}' goes in each source", own));
    }
  }
  if (!sources.IsSequence() || sources.size() == 0) {
    return file.error_at(sources, "'sources' must be a list of stores, each with a 'name'");
  }
  for (const auto& entry : sources) {
    if (auto ok = file.expect_map(entry, "a source"); !ok) return ok.error();
    if (auto ok = file.check_keys(entry,
                                  {"name", "files", "format", "table", "columns", "timezone",
                                   "delimiter", "quote", "encoding", "header", "null_values"},
                                  "a source");
        !ok) {
      return ok.error();
    }
    DatasetSource source = defaults;
    if (!entry["name"]) return file.error_at(entry, "a source needs a 'name'");
    auto name = file.scalar(entry["name"], "'name'");
    if (!name) return name.error();
    if (name->empty()) return file.error_at(entry["name"], "a source's name may not be empty");
    for (const auto& earlier : out) {
      if (earlier.name == *name) {
        return file.error_at(entry["name"], fmt::format("source '{}' of dataset {} is listed twice",
                                                        *name, source.dataset));
      }
    }
    source.name = std::move(*name);
    source.location = file.location(entry);
    if (auto ok = read_store(file, dataset, entry["name"], entry, target, source); !ok)
      return ok.error();
    out.push_back(std::move(source));
  }
  return {};
}

Expected<void> read_dataset(const YamlFile& file, const Schema& schema, const YAML::Node& key,
                            const YAML::Node& node, ManifestTarget target,
                            std::vector<DatasetSource>& out) {
  DatasetSource source;
  source.dataset = key.Scalar();
  source.location = file.location(key);
  auto dataset = find_dataset(file, schema, key, source.dataset);
  if (!dataset) return dataset.error();
  if (auto ok = file.expect_map(node, "a dataset entry"); !ok) return ok.error();
  if (auto ok = file.check_keys(node,
                                {"files", "format", "table", "columns", "timezone", "delimiter",
                                 "quote", "encoding", "header", "null_values", "sources"},
                                "a dataset entry");
      !ok) {
    return ok.error();
  }
  if (!node["sources"]) {
    if (auto ok = read_store(file, **dataset, key, node, target, source); !ok) return ok.error();
    out.push_back(std::move(source));
    return {};
  }
  // The dataset's zone and dialect are each source's unless it gives its own.
  if (auto ok = read_timezone_key(file, node, source.timezone); !ok) return ok.error();
  if (auto ok = read_dialect(file, node, source.dialect); !ok) return ok.error();
  return read_sources(file, **dataset, node, source, target, out);
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
    auto zone = read_timezone(file, timezone);
    if (!zone) return zone.error();
    manifest.timezone = *zone;
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
    if (auto ok = read_dataset(file, schema, entry.first, entry.second, target, manifest.datasets);
        !ok) {
      return ok.error();
    }
  }
  return manifest;
}

}  // namespace lethe::data
