#include "data/formats.hpp"

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
    OpenRequest request{dir.write(name, bytes), name, "", {"a"}, {}};
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
