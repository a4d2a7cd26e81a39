#include "data/formats.hpp"

#include <array>

#include "data/csv_reader.hpp"
#include "data/json_reader.hpp"
#include "data/sqlite_reader.hpp"
#include "util/byte_source.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace {

// The bytes of a file for a text reader. A decompressor or an archive member would wrap or
// replace the file here, for every text format at once.
util::Expected<std::unique_ptr<util::ByteSource>, ReadError> open_bytes(
    const OpenRequest& request) {
  auto bytes = util::open_file_bytes(request.path, request.display_path);
  if (!bytes) return ReadError{0, 0, bytes.error().message};
  return std::move(*bytes);
}

template <char Delimiter>
OpenedSource open_delimited(const OpenRequest& request) {
  auto bytes = open_bytes(request);
  if (!bytes) return bytes.error();
  return open_csv_source(std::move(*bytes), Delimiter, request.columns, request.limits);
}

template <JsonLayout Layout>
OpenedSource open_json(const OpenRequest& request) {
  auto bytes = open_bytes(request);
  if (!bytes) return bytes.error();
  return open_json_source(std::move(*bytes), Layout, request.columns, request.limits);
}

OpenedSource open_sqlite(const OpenRequest& request) {
  return open_sqlite_source(request.path, request.table, request.columns, request.limits);
}

constexpr std::array<std::string_view, 0> k_no_names{};
constexpr std::array<std::string_view, 1> k_ndjson_aliases{"jsonl"};
constexpr std::array<std::string_view, 1> k_csv_extensions{".csv"};
constexpr std::array<std::string_view, 1> k_tsv_extensions{".tsv"};
constexpr std::array<std::string_view, 2> k_ndjson_extensions{".ndjson", ".jsonl"};
constexpr std::array<std::string_view, 1> k_json_extensions{".json"};
constexpr std::array<std::string_view, 3> k_sqlite_extensions{".db", ".sqlite", ".sqlite3"};
constexpr std::string_view k_sqlite_magic("SQLite format 3\0", 16);

constexpr std::array<FormatSpec, 5> k_formats{{
    {FileFormat::csv, "csv", k_no_names, k_csv_extensions, Discovery::by_file_name, "",
     open_delimited<','>},
    {FileFormat::tsv, "tsv", k_no_names, k_tsv_extensions, Discovery::by_file_name, "",
     open_delimited<'\t'>},
    {FileFormat::ndjson, "ndjson", k_ndjson_aliases, k_ndjson_extensions, Discovery::by_file_name,
     "", open_json<JsonLayout::lines>},
    {FileFormat::json, "json", k_no_names, k_json_extensions, Discovery::by_file_name, "",
     open_json<JsonLayout::array>},
    {FileFormat::sqlite, "sqlite", k_no_names, k_sqlite_extensions, Discovery::manifest_only,
     k_sqlite_magic, open_sqlite},
}};

}  // namespace

std::span<const FormatSpec> file_formats() {
  return k_formats;
}

const FormatSpec* find_format(FileFormat format) {
  for (const auto& spec : k_formats) {
    if (spec.format == format) return &spec;
  }
  return nullptr;
}

std::string_view file_format_name(FileFormat format) {
  if (const FormatSpec* spec = find_format(format)) return spec->name;
  return "?";
}

std::optional<FileFormat> parse_file_format(std::string_view name) {
  for (const auto& spec : k_formats) {
    if (spec.name == name) return spec.format;
    for (std::string_view alias : spec.aliases) {
      if (alias == name) return spec.format;
    }
  }
  return std::nullopt;
}

std::optional<FileFormat> format_from_extension(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string extension = util::to_lower(file_name.substr(dot));
  for (const auto& spec : k_formats) {
    for (std::string_view known : spec.extensions) {
      if (known == extension) return spec.format;
    }
  }
  return std::nullopt;
}

std::optional<FileFormat> format_from_magic(std::string_view first_bytes) {
  for (const auto& spec : k_formats) {
    if (!spec.magic.empty() && first_bytes.substr(0, spec.magic.size()) == spec.magic) {
      return spec.format;
    }
  }
  return std::nullopt;
}

std::string file_format_names(std::string_view separator) {
  std::string names;
  for (const auto& spec : k_formats) {
    if (!names.empty()) names += separator;
    names += spec.name;
  }
  return names;
}

OpenedSource open_record_source(FileFormat format, const OpenRequest& request) {
  const FormatSpec* spec = find_format(format);
  if (!spec) return ReadError{0, 0, "unknown format"};
  return spec->open(request);
}

}  // namespace lethe::data
