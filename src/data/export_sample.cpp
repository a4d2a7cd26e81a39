#include "data/export_sample.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <utility>

#include "data/json_reader.hpp"
#include "data/sqlite_reader.hpp"
#include "util/byte_source.hpp"

namespace lethe::data {

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

std::string file_name(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The format of the file at `path`: told by its name, else (a database) by its first bytes; or
// why lethe cannot read it.
std::optional<FileFormat> tell_format(const ExportTree& tree, const std::string& path,
                                      std::string& problem) {
  std::string name(without_compression_extension(file_name(path)));
  if (auto format = format_from_extension(name)) return format;
  if (const ForeignContent* foreign = foreign_content_from_extension(name)) {
    problem = fmt::format("its name says it holds {}, which lethe does not read", foreign->what);
    return std::nullopt;
  }
  if (auto bytes = tree.open_content(path)) {
    if (auto head = util::peek_bytes(*bytes, k_magic_size)) {
      if (auto format = format_from_magic(*head)) return format;
      if (const ForeignContent* foreign = foreign_content_from_magic(*head)) {
        problem = fmt::format("it holds {}, which lethe does not read", foreign->what);
        return std::nullopt;
      }
    }
  }
  problem = "lethe cannot tell its format from its name";
  return std::nullopt;
}

// Reads up to `max_rows` records of `source` (one value per requested column); rejected
// records are passed over.
Rows read_rows(RecordSource& source, std::size_t columns, std::size_t max_rows) {
  Rows rows;
  Record record;
  std::string message;
  while (rows.size() < max_rows) {
    ReadStatus status = source.next(record, message);
    if (status == ReadStatus::end || status == ReadStatus::stopped) break;
    if (status != ReadStatus::record) continue;
    auto& row = rows.emplace_back(columns);
    for (std::size_t i = 0; i < columns && i < record.values.size(); ++i) {
      if (record.values[i]) row[i] = std::string(*record.values[i]);
    }
  }
  return rows;
}

// Opens `table` with the reader of `table.format` and `table.dialect` for its columns, then
// reads its first rows; false (with `problem` set) when it cannot be opened.
bool read_columns_and_rows(const ExportTree& tree, const SampleOptions& options,
                           SampledTable& table) {
  OpenRequest request{&tree, table.path, table.table, {}, options.limits, table.dialect};
  auto header = open_record_source(*table.format, request);
  if (!header) {
    table.problem = header.error().text(table.path);
    return false;
  }
  if (const FileColumns* columns = (*header)->file_columns()) table.columns = columns->names;
  request.columns = table.columns;
  auto source = open_record_source(*table.format, request);
  if (!source) {
    table.problem = source.error().text(table.path);
    return false;
  }
  table.rows = read_rows(**source, table.columns.size(), options.max_rows);
  return true;
}

bool valid_utf8(const SampledTable& table) {
  auto valid = [](const std::string& text) {
    return simdjson::validate_utf8(text.data(), text.size());
  };
  if (!std::all_of(table.columns.begin(), table.columns.end(), valid)) return false;
  for (const auto& row : table.rows) {
    for (const auto& value : row) {
      if (value && !valid(*value)) return false;
    }
  }
  return true;
}

// The delimiters tried when a delimited file's header reads as one column that holds one.
constexpr auto k_other_delimiters = std::to_array<char>({';', '|', '\t', ','});

// A CSV or TSV file: its delimiter (the format's, or another when the header reads as one column
// holding it) and its encoding (UTF-8, or windows-1252 when the sample is not UTF-8).
void sample_delimited(const ExportTree& tree, const SampleOptions& options, SampledTable& table) {
  if (!read_columns_and_rows(tree, options, table)) return;
  if (table.columns.size() == 1) {
    for (char delimiter : k_other_delimiters) {
      if (table.columns[0].find(delimiter) == std::string::npos) continue;
      table.dialect.delimiter = delimiter;
      if (!read_columns_and_rows(tree, options, table)) return;
      break;
    }
  }
  if (!valid_utf8(table)) {
    table.dialect.encoding = TextEncoding::windows_1252;
    table.dialect_note = "not UTF-8: read as windows-1252 (or is it iso-8859-1?)";
    read_columns_and_rows(tree, options, table);
  }
}

// A JSON or NDJSON file: its dotted paths in the order first seen, and their values.
void sample_json(const ExportTree& tree, const SampleOptions& options, SampledTable& table) {
  auto bytes = tree.open_content(table.path);
  if (!bytes) {
    table.problem = fmt::format("{}: {}", table.path, bytes.error().message);
    return;
  }
  JsonLayout layout = *table.format == FileFormat::json ? JsonLayout::array : JsonLayout::lines;
  auto records = sample_json_records(std::move(*bytes), layout, options.max_rows, options.limits);
  if (!records) {
    table.problem = records.error().text(table.path);
    return;
  }
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& record : *records) {
    for (const auto& value : record) {
      if (index.emplace(value.path, table.columns.size()).second)
        table.columns.push_back(value.path);
    }
  }
  for (const auto& record : *records) {
    auto& row = table.rows.emplace_back(table.columns.size());
    for (const auto& value : record)
      row[index.find(value.path)->second] = value.text;
  }
}

// A SQLite file: one entry per table.
std::vector<SampledTable> sample_sqlite(const ExportTree& tree, const SampleOptions& options,
                                        SampledTable file) {
  auto local = tree.local_file(file.path);
  if (!local) {
    file.problem = fmt::format("{}: {}", file.path, local.error().message);
    return {std::move(file)};
  }
  auto tables = sqlite_tables(*local);
  if (!tables || tables->empty()) {
    file.problem = tables ? "a SQLite database without tables" : tables.error().text(file.path);
    return {std::move(file)};
  }
  std::vector<SampledTable> sampled;
  for (const auto& name : *tables) {
    SampledTable table = file;
    table.table = name;
    read_columns_and_rows(tree, options, table);
    sampled.push_back(std::move(table));
  }
  return sampled;
}

std::vector<SampledTable> sample_file(const ExportTree& tree, const SampleOptions& options,
                                      const TreeEntry& entry) {
  SampledTable table;
  table.path = entry.path;
  if (entry.kind == EntryKind::other) {
    table.problem = "not a regular file (a link, a device or a pipe): never opened";
    return {std::move(table)};
  }
  table.format = tell_format(tree, entry.path, table.problem);
  if (!table.format) return {std::move(table)};
  switch (*table.format) {
    case FileFormat::sqlite:
      return sample_sqlite(tree, options, std::move(table));
    case FileFormat::json:
    case FileFormat::ndjson:
      sample_json(tree, options, table);
      break;
    default:
      sample_delimited(tree, options, table);
      break;
  }
  return {std::move(table)};
}

}  // namespace

std::vector<SampledTable> sample_export(const ExportTree& tree, const SampleOptions& options) {
  std::vector<SampledTable> sampled;
  for (const TreeEntry& entry : tree.entries()) {
    if (entry.kind == EntryKind::archive) continue;
    for (auto& table : sample_file(tree, options, entry))
      sampled.push_back(std::move(table));
  }
  std::sort(sampled.begin(), sampled.end(), [](const SampledTable& a, const SampledTable& b) {
    return std::tie(a.path, a.table) < std::tie(b.path, b.table);
  });
  return sampled;
}

}  // namespace lethe::data
