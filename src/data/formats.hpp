// The file formats an export may hold, in one table: each format's name, file extensions, magic
// bytes and the reader that opens it. The manifest's `format:`, the formats told from file names
// (with and without a manifest), the hints that list the formats, and the loader's choice of
// reader all look here, so a new format or a new kind of input is added in one place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/limits.hpp"
#include "data/record_source.hpp"

namespace lethe::data {

// The formats of export files, each an entry of the format table (a live database is a scan
// target, engine/target.hpp, not a file format).
enum class FileFormat { csv, tsv, ndjson, json, sqlite };

class FileAccess;

// The text encodings a text file may be in; each is read as UTF-8.
enum class TextEncoding { utf8, utf16, windows_1252, iso_8859_1 };

// Whether a delimited file's first line names its columns.
enum class HeaderRow { names, absent };

// How a delimited file is written: a dataset's or a source's `delimiter`, `quote`, `encoding`,
// `header` and `null_values`.
struct TextDialect {
  std::optional<char> delimiter;  // the format's (`,` or a tab) when not given
  char quote = '"';
  TextEncoding encoding = TextEncoding::utf8;
  HeaderRow header = HeaderRow::names;
  std::vector<std::string> null_values;  // any format: texts that mean null
};

// The name messages and reports give an encoding ("windows-1252").
std::string_view text_encoding_name(TextEncoding encoding);

// An encoding's name (or alias: utf8, cp1252, latin1) in any case; nullopt for another.
std::optional<TextEncoding> parse_text_encoding(std::string_view name);

// What a reader needs to open one file.
struct OpenRequest {
  const FileAccess* access = nullptr;  // opens it (data/export_tree.hpp)
  std::string display_path;            // the file's path in the export; what messages call it
  std::string table;                   // sqlite: the table to read
  std::vector<std::string> columns;    // source columns, in the order of Record::values
  Limits limits;
  TextDialect dialect;  // delimited files: how they are written; text files: the encoding
};

// Whether a file is found by its name alone, without a manifest (`accounts.csv`).
enum class Discovery {
  by_file_name,   // `<dataset><extension>` at the export root is read
  manifest_only,  // only a manifest names such files (a SQLite file needs its table named)
};

// One format of the table.
struct FormatSpec {
  FileFormat format;
  std::string_view name;                         // in `format:`, reports and the store
  std::span<const std::string_view> aliases;     // other names `format:` accepts ("jsonl")
  std::span<const std::string_view> extensions;  // lower case, with the dot, most usual first
  Discovery discovery;
  std::string_view magic;                            // the first bytes of every such file, or ""
  OpenedSource (*open)(const OpenRequest& request);  // its reader
};

// Every format a file may have, in the order hints list them.
std::span<const FormatSpec> file_formats();
// The entry of `format`.
const FormatSpec* find_format(FileFormat format);

// "csv", "tsv", ...
std::string_view file_format_name(FileFormat format);
// The format named `name` in a manifest ("jsonl" is ndjson), or nullopt.
std::optional<FileFormat> parse_file_format(std::string_view name);
// The format a file name's extension implies (in any case), or nullopt.
std::optional<FileFormat> format_from_extension(std::string_view file_name);
// The format whose magic bytes `first_bytes` starts with, or nullopt (text formats have none).
std::optional<FileFormat> format_from_magic(std::string_view first_bytes);
// The formats' names with `separator` between them ("csv, tsv, ..." or "csv|tsv|..."), for hints.
std::string file_format_names(std::string_view separator);

// Content that lethe recognises but does not read: compressed data, archives, other formats. Told
// by its first bytes or by a file name's extension, so that such a file is named for what it is
// instead of being read as garbage or passed over.
struct ForeignContent {
  std::string_view what;                         // "gzip-compressed data"
  std::span<const std::string_view> extensions;  // lower case, with the dot
  bool (*starts)(std::string_view first_bytes);  // whether content begins like this
};

// How many first bytes tell contents apart (format_from_magic, foreign_content_from_magic).
inline constexpr std::size_t k_magic_size = 16;

// The foreign content that `first_bytes` begins with, or null.
const ForeignContent* foreign_content_from_magic(std::string_view first_bytes);
// The foreign content a file name's extension implies (in any case), or null.
const ForeignContent* foreign_content_from_extension(std::string_view file_name);

// Opens `request` with the reader of `format`, its content decompressed when it is compressed.
// Fails with the reader's error, "cannot open: reason" when the file cannot be opened at all,
// or, for a text format, "cannot read as CSV: it holds a zip archive, not text" when its first
// bytes are those of another kind of file.
OpenedSource open_record_source(FileFormat format, const OpenRequest& request);

}  // namespace lethe::data
