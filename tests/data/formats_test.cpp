#include "data/formats.hpp"
#include "data/export_tree.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "reader_test_support.hpp"

namespace lethe::data {
namespace {

using test::read_all;
using test::TempDir;

TEST_CASE("formats: names, and the names a manifest accepts", "[formats]") {
  CHECK(file_format_names(", ") == "csv, tsv, ndjson, json, sqlite");
  CHECK(file_format_names("|") == "csv|tsv|ndjson|json|sqlite");
  for (const FormatSpec& spec : file_formats()) {
    CHECK(parse_file_format(spec.name) == spec.format);
    CHECK(file_format_name(spec.format) == spec.name);
    CHECK(find_format(spec.format) == &spec);
  }
  CHECK(parse_file_format("jsonl") == FileFormat::ndjson);
  // Extensions are not names, and the database format is not a file format.
  CHECK_FALSE(parse_file_format("sqlite3"));
  CHECK_FALSE(parse_file_format("db"));
  CHECK_FALSE(parse_file_format("CSV"));
  CHECK_FALSE(parse_file_format("postgresql"));
}

TEST_CASE("formats: told from a file name's extension, in any case", "[formats]") {
  CHECK(format_from_extension("a.csv") == FileFormat::csv);
  CHECK(format_from_extension("Kids/Profiles.CSV") == FileFormat::csv);
  CHECK(format_from_extension("a.tsv") == FileFormat::tsv);
  CHECK(format_from_extension("a.ndjson") == FileFormat::ndjson);
  CHECK(format_from_extension("a.JSONL") == FileFormat::ndjson);
  CHECK(format_from_extension("a.json") == FileFormat::json);
  CHECK(format_from_extension("a.db") == FileFormat::sqlite);
  CHECK(format_from_extension("a.sqlite") == FileFormat::sqlite);
  CHECK(format_from_extension("a.sqlite3") == FileFormat::sqlite);
  CHECK(format_from_extension("a.csv.gz") == std::nullopt);
  CHECK(format_from_extension("csv") == std::nullopt);
  CHECK(format_from_extension("a.") == std::nullopt);
  CHECK(format_from_extension("v1.2/data") == std::nullopt);
}

TEST_CASE("formats: SQLite files are told by their first bytes", "[formats]") {
  CHECK(format_from_magic(std::string("SQLite format 3\0\x10\x00", 18)) == FileFormat::sqlite);
  CHECK_FALSE(format_from_magic("SQLite format 3"));  // the NUL belongs to the magic
  CHECK_FALSE(format_from_magic("id,name\n"));
  CHECK_FALSE(format_from_magic(""));
}

TEST_CASE("formats: compressed data, archives and other formats are told by their first bytes",
          "[formats]") {
  auto what = [](std::string_view head) -> std::string {
    const ForeignContent* content = foreign_content_from_magic(head);
    return content ? std::string(content->what) : "-";
  };
  CHECK(what("\x1f\x8b\x08\x00") == "gzip-compressed data");
  CHECK(what("BZh91AY&SY\x01\x02") == "bzip2-compressed data");
  CHECK(what("BZh9\x17\x72\x45\x38\x50\x90") == "bzip2-compressed data");  // empty stream
  CHECK(what(std::string_view("\xfd"
                              "7zXZ\0\0\x04",
                              8)) == "xz-compressed data");
  CHECK(what("\x28\xb5\x2f\xfd\x24") == "zstd-compressed data");
  CHECK(what("PK\x03\x04\x14\x00") == "a zip archive");
  CHECK(what("PK\x05\x06") == "a zip archive");  // an empty archive
  CHECK(what("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") ==
        "an OLE2 document (such as an Excel .xls workbook)");
  CHECK(what("PAR1\x15\x04") == "a Parquet file");
  // Printable magic numbers that could begin a CSV header are not enough alone.
  CHECK(what("BZh,name\n") == "-");
  CHECK(what("BZh9,name\n") == "-");
  CHECK(what("PAR1,PAR2\n") == "-");
  CHECK(what("PAR1") == "-");
  CHECK(what("PK,name\n") == "-");
  CHECK(what("id,name\n") == "-");
  CHECK(what("[{\"a\":1}]") == "-");
  CHECK(what("") == "-");
}

TEST_CASE("formats: compressed data, archives and other formats are told by their extension",
          "[formats]") {
  auto what = [](std::string_view name) -> std::string {
    const ForeignContent* content = foreign_content_from_extension(name);
    return content ? std::string(content->what) : "-";
  };
  CHECK(what("accounts.csv.gz") == "gzip-compressed data");
  CHECK(what("accounts.CSV.GZ") == "gzip-compressed data");
  CHECK(what("a.ndjson.bz2") == "bzip2-compressed data");
  CHECK(what("a.json.xz") == "xz-compressed data");
  CHECK(what("a.csv.zst") == "zstd-compressed data");
  CHECK(what("Alexa.zip") == "a zip archive");
  CHECK(what("accounts.xlsx") == "an Excel workbook");
  CHECK(what("accounts.xls") == "an OLE2 document (such as an Excel .xls workbook)");
  CHECK(what("accounts.parquet") == "a Parquet file");
  CHECK(what("accounts.csv") == "-");
  CHECK(what("accounts.txt") == "-");
  CHECK(what("gz") == "-");
}

TEST_CASE("formats: a text format refuses a file that begins like another kind", "[formats]") {
  TempDir dir;
  auto open = [&](FileFormat format, const std::string& name, const std::string& bytes) {
    auto access = single_file_access(dir.write(name, bytes));
    OpenRequest request{access.get(), name, "", {"a"}, {}, {}};
    auto source = open_record_source(format, request);
    if (!source) return source.error().text(name);
    return read_all(**source);
  };
  // Compressed content is decompressed first: cut short, it says so.
  CHECK(open(FileFormat::csv, "a.csv", std::string("\x1f\x8b\x08\x00\0\0", 6)) ==
        "a.csv: gzip data is corrupt: its header is cut short");
  CHECK(open(FileFormat::tsv, "a.tsv", "BZh91AY&SY rest") ==
        "a.tsv: bzip2 data is corrupt: truncated bzip2 input");
  CHECK(open(FileFormat::ndjson, "a.ndjson", "\x28\xb5\x2f\xfd\x24\x05") ==
        "a.ndjson: zstd data is corrupt: Truncated zstd input");
  CHECK(open(FileFormat::json, "a.json", "PK\x03\x04\x14\x00") ==
        "a.json: cannot read as JSON: it holds a zip archive, not text");
  CHECK(open(FileFormat::csv, "a.csv", "PAR1\x15\x04") ==
        "a.csv: cannot read as CSV: it holds a Parquet file, not text");
  CHECK(open(FileFormat::csv, "a.csv", std::string("SQLite format 3\0\x10\x00", 18)) ==
        "a.csv: cannot read as CSV: it is an SQLite database (a lethe.yaml entry with "
        "'format: sqlite' and its table reads it)");
  // Text that merely begins with a printable magic number is read, from its first byte.
  CHECK(open(FileFormat::csv, "a.csv", "a,PAR1\nBZh9,x\n") == "2: [BZh9]\n");
  CHECK(open(FileFormat::csv, "short.csv", "a") == "");
}

TEST_CASE("formats: only text formats are found by file name alone", "[formats]") {
  std::string found;
  for (const FormatSpec& spec : file_formats()) {
    if (spec.discovery != Discovery::by_file_name) continue;
    for (std::string_view extension : spec.extensions)
      found += std::string(extension) + " ";
  }
  CHECK(found == ".csv .tsv .ndjson .jsonl .json ");
}

TEST_CASE("formats: each format opens with its reader", "[formats]") {
  TempDir dir;
  auto open = [&](FileFormat format, const std::string& name, const std::string& bytes) {
    auto access = single_file_access(dir.write(name, bytes));
    OpenRequest request{access.get(), name, "", {"a"}, {}, {}};
    auto source = open_record_source(format, request);
    if (!source) return source.error().text(name);
    return read_all(**source);
  };
  CHECK(open(FileFormat::csv, "x.csv", "a,b\n1,2\n") == "2: [1]\n");
  CHECK(open(FileFormat::tsv, "x.tsv", "a\tb\n1,2\t3\n") == "2: [1,2]\n");
  CHECK(open(FileFormat::ndjson, "x.ndjson", "{\"a\":1}\n") == "1: [1]\n");
  CHECK(open(FileFormat::json, "x.json", "[{\"a\":1}]") == "1: [1]\n");
  CHECK(open(FileFormat::sqlite, "x.db", "a,b\n") ==
        "x.db: cannot open as SQLite: file is not a database");
}

}  // namespace
}  // namespace lethe::data
