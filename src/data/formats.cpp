#include "data/formats.hpp"

#include <fmt/format.h>

#include <array>

#include "data/csv_reader.hpp"
#include "data/export_tree.hpp"
#include "data/json_reader.hpp"
#include "data/sqlite_reader.hpp"
#include "util/archive.hpp"
#include "util/byte_source.hpp"
#include "util/enum_names.hpp"
#include "util/strings.hpp"
#include "util/text_decoder.hpp"

namespace lethe::data {

namespace {

constexpr auto k_encodings = std::to_array<util::EnumName<TextEncoding>>({
    {TextEncoding::utf8, "utf-8"},
    {TextEncoding::utf16, "utf-16"},
    {TextEncoding::windows_1252, "windows-1252"},
    {TextEncoding::iso_8859_1, "iso-8859-1"},
});
constexpr auto k_encoding_aliases = std::to_array<util::EnumName<TextEncoding>>({
    {TextEncoding::utf8, "utf8"},
    {TextEncoding::utf16, "utf16"},
    {TextEncoding::windows_1252, "cp1252"},
    {TextEncoding::iso_8859_1, "latin1"},
    {TextEncoding::iso_8859_1, "latin-1"},
});

// The extension of `file_name` from its last dot, lower-cased (".csv"), or nullopt without one.
std::optional<std::string> lower_extension(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return util::to_lower(file_name.substr(dot));
}

// The upper-case name messages give a text format ("CSV").
std::string format_label(FileFormat format) {
  std::string label(file_format_name(format));
  for (char& c : label)
    c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return label;
}

// Why a file whose first bytes are `head` cannot be read as the text format `format`, or nullopt
// when it may be text.
std::optional<std::string> not_text(FileFormat format, std::string_view head) {
  if (const ForeignContent* foreign = foreign_content_from_magic(head)) {
    return fmt::format("cannot read as {}: it holds {}, not text", format_label(format),
                       foreign->what);
  }
  if (format_from_magic(head) == FileFormat::sqlite) {
    return fmt::format(
        "cannot read as {}: it is an SQLite database (a lethe.yaml entry with 'format: sqlite' "
        "and its table reads it)",
        format_label(format));
  }
  return std::nullopt;
}

// The bytes of a file for the reader of the text format `format`, decompressed when compressed,
// refused when they begin like another kind of file.
util::Expected<std::unique_ptr<util::ByteSource>, ReadError> open_bytes(
    FileFormat format, const OpenRequest& request) {
  auto bytes = request.access->open_content(request.display_path);
  if (!bytes) return ReadError{0, 0, bytes.error().message};
  auto head = util::peek_bytes(*bytes, k_magic_size);
  if (!head) return ReadError{0, 0, head.error().message};
  if (auto why = not_text(format, *head)) return ReadError{0, 0, *why};
  static constexpr auto k_charsets = std::to_array<std::pair<TextEncoding, util::Charset>>({
      {TextEncoding::utf16, util::Charset::utf16},
      {TextEncoding::windows_1252, util::Charset::windows_1252},
      {TextEncoding::iso_8859_1, util::Charset::iso_8859_1},
  });
  for (auto [encoding, charset] : k_charsets) {
    if (encoding != request.dialect.encoding) continue;
    auto decoded = util::decode_to_utf8(std::move(*bytes), charset);
    if (!decoded) return ReadError{0, 0, decoded.error().message};
    return std::move(*decoded);
  }
  return std::move(*bytes);
}

template <FileFormat Format, char Delimiter>
OpenedSource open_delimited(const OpenRequest& request) {
  auto bytes = open_bytes(Format, request);
  if (!bytes) return bytes.error();
  const TextDialect& dialect = request.dialect;
  return open_csv_source(std::move(*bytes),
                         {dialect.delimiter.value_or(Delimiter), dialect.quote, dialect.header},
                         request.columns, request.limits);
}

template <FileFormat Format, JsonLayout Layout>
OpenedSource open_json(const OpenRequest& request) {
  auto bytes = open_bytes(Format, request);
  if (!bytes) return bytes.error();
  return open_json_source(std::move(*bytes), Layout, request.columns, request.limits);
}

OpenedSource open_sqlite(const OpenRequest& request) {
  auto path = request.access->local_file(request.display_path);
  if (!path) return ReadError{0, 0, path.error().message};
  return open_sqlite_source(*path, request.table, request.columns, request.limits);
}

}  // namespace

std::string_view text_encoding_name(TextEncoding encoding) {
  return util::enum_name(k_encodings, encoding, "utf-8");
}

std::optional<TextEncoding> parse_text_encoding(std::string_view name) {
  const std::string lower = util::to_lower(name);
  if (auto encoding = util::parse_enum(k_encodings, lower)) return encoding;
  return util::parse_enum(k_encoding_aliases, lower);
}

namespace {

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
     open_delimited<FileFormat::csv, ','>},
    {FileFormat::tsv, "tsv", k_no_names, k_tsv_extensions, Discovery::by_file_name, "",
     open_delimited<FileFormat::tsv, '\t'>},
    {FileFormat::ndjson, "ndjson", k_ndjson_aliases, k_ndjson_extensions, Discovery::by_file_name,
     "", open_json<FileFormat::ndjson, JsonLayout::lines>},
    {FileFormat::json, "json", k_no_names, k_json_extensions, Discovery::by_file_name, "",
     open_json<FileFormat::json, JsonLayout::array>},
    {FileFormat::sqlite, "sqlite", k_no_names, k_sqlite_extensions, Discovery::manifest_only,
     k_sqlite_magic, open_sqlite},
}};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

constexpr std::array<std::string_view, 1> k_gzip_extensions{".gz"};
constexpr std::array<std::string_view, 1> k_bzip2_extensions{".bz2"};
constexpr std::array<std::string_view, 1> k_xz_extensions{".xz"};
constexpr std::array<std::string_view, 1> k_zstd_extensions{".zst"};
constexpr std::array<std::string_view, 1> k_zip_extensions{".zip"};
constexpr std::array<std::string_view, 1> k_xlsx_extensions{".xlsx"};
constexpr std::array<std::string_view, 1> k_xls_extensions{".xls"};
constexpr std::array<std::string_view, 1> k_parquet_extensions{".parquet"};

// Magic numbers from each format's specification (the compressions' are util/archive's). Those
// made of printable characters (bzip2's "BZh", Parquet's "PAR1") could begin a CSV header, so the
// bytes after them are checked too.
// The first entry whose magic matches names the content: a workbook's bytes are a zip archive's.
constexpr std::array<ForeignContent, 8> k_foreign{{
    {"gzip-compressed data", k_gzip_extensions,
     [](std::string_view head) {
       return util::compression_from_magic(head) == util::Compression::gzip;
     }},
    {"bzip2-compressed data", k_bzip2_extensions,
     [](std::string_view head) {
       return util::compression_from_magic(head) == util::Compression::bzip2;
     }},
    {"xz-compressed data", k_xz_extensions,
     [](std::string_view head) {
       return util::compression_from_magic(head) == util::Compression::xz;
     }},
    {"zstd-compressed data", k_zstd_extensions,
     [](std::string_view head) {
       return util::compression_from_magic(head) == util::Compression::zstd;
     }},
    {"a zip archive", k_zip_extensions,
     [](std::string_view head) {
       return starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06");
     }},
    {"an Excel workbook", k_xlsx_extensions, [](std::string_view) { return false; }},
    {"an OLE2 document (such as an Excel .xls workbook)", k_xls_extensions,
     [](std::string_view head) { return starts_with(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"); }},
    {"a Parquet file", k_parquet_extensions,
     [](std::string_view head) {
       // A Parquet file's first page header follows, a Thrift struct: never a printable byte.
       return head.size() > 4 && starts_with(head, "PAR1") &&
              (static_cast<unsigned char>(head[4]) < 0x20 ||
               static_cast<unsigned char>(head[4]) > 0x7e);
     }},
}};

}  // namespace

const ForeignContent* foreign_content_from_magic(std::string_view first_bytes) {
  for (const auto& content : k_foreign) {
    if (content.starts(first_bytes)) return &content;
  }
  return nullptr;
}

const ForeignContent* foreign_content_from_extension(std::string_view file_name) {
  auto extension = lower_extension(file_name);
  if (!extension) return nullptr;
  for (const auto& content : k_foreign) {
    for (std::string_view known : content.extensions) {
      if (known == *extension) return &content;
    }
  }
  return nullptr;
}

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
  auto extension = lower_extension(file_name);
  if (!extension) return std::nullopt;
  for (const auto& spec : k_formats) {
    for (std::string_view known : spec.extensions) {
      if (known == *extension) return spec.format;
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
