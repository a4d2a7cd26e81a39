#include "data/csv_reader.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "data/export_tree.hpp"
#include "data/formats.hpp"
#include "reader_test_support.hpp"
#include "util/byte_source.hpp"

namespace lethe::data {
namespace {

namespace fs = std::filesystem;
using test::describe;
using test::read_all;
using test::TempDir;
using test::visible;

// Opens `bytes` (in memory) as CSV.
OpenedSource open_csv(std::string bytes, std::vector<std::string> columns,
                      const Limits& limits = {}, char delimiter = ',') {
  return open_csv_source(util::memory_bytes(std::move(bytes), "input.csv"),
                         {delimiter, '"', HeaderRow::names}, std::move(columns), limits);
}

// Opens `bytes` as CSV and reads it all.
std::string read_csv(std::string bytes, std::vector<std::string> columns, char delimiter = ',') {
  auto source = open_csv(std::move(bytes), std::move(columns), {}, delimiter);
  if (!source) FAIL("open failed: " << source.error().text("input.csv"));
  return read_all(**source);
}

// The error of opening `bytes` as CSV, as a report shows it, or "" if it opened.
std::string open_error(std::string bytes) {
  auto source = open_csv(std::move(bytes), {"a"});
  return source ? std::string() : source.error().text("exports/input.csv");
}

TEST_CASE("csv: plain records in requested-column order", "[csv]") {
  CHECK(
      read_csv("id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n", {"email", "id"}) ==
      "2: [ann@example.com] [1]\n"
      "3: [bob@example.com] [2]\n");
}

TEST_CASE("csv: quoted fields, doubled quotes and embedded delimiters", "[csv]") {
  CHECK(read_csv("a,b,c\n"
                 "\"Smith, J\",\"say \"\"hi\"\"\",\"\"\"\"\n"
                 "\"\",\"a\"\"\"\"b\",\"x,y,z\"\n",
                 {"a", "b", "c"}) ==
        "2: [Smith, J] [say \"hi\"] [\"]\n"
        "3: [] [a\"\"b] [x,y,z]\n");
}

TEST_CASE("csv: a quote inside an unquoted field is a literal character", "[csv]") {
  CHECK(read_csv("a,b\n5'11\",ab\"c\"\"d\n x \"y\",z\n", {"a", "b"}) ==
        "2: [5'11\"] [ab\"c\"\"d]\n"
        "3: [ x \"y\"] [z]\n");
}

TEST_CASE("csv: embedded line breaks keep line numbers of later records right", "[csv]") {
  SECTION("LF file") {
    CHECK(read_csv("id,note\n"
                   "1,\"first\nsecond\nthird\"\n"
                   "2,plain\n"
                   "3,\"\n\"\n"
                   "4,end\n",
                   {"id", "note"}) ==
          "2: [1] [first\\nsecond\\nthird]\n"
          "5: [2] [plain]\n"
          "6: [3] [\\n]\n"
          "8: [4] [end]\n");
  }
  SECTION("CRLF file: the CRLF inside quotes is data, the one ending the line is not") {
    CHECK(read_csv("id,note\r\n"
                   "1,\"first\r\nsecond\"\r\n"
                   "2,\"a\r\n\r\nb\"\r\n"
                   "3,x,\r\n",
                   {"id", "note"}) ==
          "2: [1] [first\\r\\nsecond]\n"
          "4: [2] [a\\r\\n\\r\\nb]\n"
          "7: rejected: expected 2 fields, got 3\n");
  }
  SECTION("line break right at the start and end of the field") {
    CHECK(read_csv("a,b\n\"\nx\n\",y\nz,w\n", {"b", "a"}) ==
          "2: [y] [\\nx\\n]\n"
          "5: [w] [z]\n");
  }
}

TEST_CASE("csv: CRLF line ends", "[csv]") {
  CHECK(read_csv("a,b,c\r\n1,2,3\r\n\"4\",\"5\",\"6\"\r\n7,,\r\n", {"a", "b", "c"}) ==
        "2: [1] [2] [3]\n"
        "3: [4] [5] [6]\n"
        "4: [7] [] []\n");
}

TEST_CASE("csv: a lone CR inside an unquoted field is data", "[csv]") {
  CHECK(read_csv("a,b\nx\ry,z\r\r\n", {"a", "b"}) == "2: [x\\ry] [z\\r]\n");
}

TEST_CASE("csv: UTF-8 BOM is removed before the header", "[csv]") {
  SECTION("plain header") {
    CHECK(read_csv("\xEF\xBB\xBFid,name\n1,Ann\n", {"id", "name"}) == "2: [1] [Ann]\n");
  }
  SECTION("quoted first header name") {
    CHECK(read_csv("\xEF\xBB\xBF\"id\",name\r\n1,Ann\r\n", {"id"}) == "2: [1]\n");
  }
  SECTION("a BOM later in the file is data") {
    CHECK(read_csv("id,name\n\xEF\xBB\xBF"
                   "1,Ann\n",
                   {"id"}) ==
          "2: [\xEF\xBB\xBF"
          "1]\n");
  }
}

TEST_CASE("csv: empty fields are empty views, not nullopt", "[csv]") {
  CHECK(read_csv("a,b,c\n,,\n\"\",,\"\"\n,x,\n", {"a", "b", "c"}) ==
        "2: [] [] []\n"
        "3: [] [] []\n"
        "4: [] [x] []\n");
}

TEST_CASE("csv: requested columns missing from the header give nullopt", "[csv]") {
  auto source = open_csv("id,name\n1,Ann\n", {"phone", "name", "Id", "id"});
  REQUIRE(source);
  CHECK_FALSE((*source)->has_column(0));
  CHECK((*source)->has_column(1));
  CHECK_FALSE((*source)->has_column(2));  // matching is exact, case included
  CHECK((*source)->has_column(3));
  CHECK_FALSE((*source)->has_column(4));  // not a requested column at all
  CHECK(read_all(**source) == "2: - [Ann] - [1]\n");
}

TEST_CASE("csv: a requested column named twice in the header refuses the file", "[csv]") {
  // Which of the two to read would be a guess.
  auto source = open_csv("id,email,email,note\n1,first@x,second@x,2\n", {"email", "id"});
  REQUIRE_FALSE(source);
  CHECK(source.error().line == 1);
  CHECK(source.error().column == 0);
  CHECK(source.error().message == "column \"email\" appears twice in the header (fields 2 and 3)");
  // A duplicated column that is not read does not matter.
  CHECK(read_csv("id,x,x\n1,a,b\n", {"id"}) == "2: [1]\n");
}

TEST_CASE("csv: lone CR line ends are refused with a hint", "[csv]") {
  CHECK(open_error("a,b\r1,2\r") ==
        "exports/input.csv:1: the header line holds a carriage return: lines seem to end with CR "
        "alone\nhint: convert the file to LF or CRLF line ends");
}

TEST_CASE("csv: the same column requested twice with doubled quotes", "[csv]") {
  // The in-place unescape must happen once, not once per request.
  CHECK(read_csv("a,b\n\"x\"\"\"\"y\",1\n", {"a", "b", "a"}) == "2: [x\"\"y] [1] [x\"\"y]\n");
}

TEST_CASE("csv: tab-separated files", "[csv]") {
  CHECK(read_csv("id\tname\tnote\n"
                 "1\tSmith, J\t\"tab\there\"\n"
                 "2\t\"quoted\"\t\n",
                 {"note", "name", "id"}, '\t') ==
        "2: [tab\\there] [Smith, J] [1]\n"
        "3: [] [quoted] [2]\n");
  // A comma is plain data in a TSV file; the field count comes from tabs.
  CHECK(read_csv("a\tb\nx,y\n", {"a"}, '\t') == "2: rejected: expected 2 fields, got 1\n");
}

TEST_CASE("csv: blank lines are skipped", "[csv]") {
  SECTION("between and after records") {
    CHECK(read_csv("a,b\n\n1,2\n\r\n\n3,4\n\n\n", {"a", "b"}) ==
          "3: [1] [2]\n"
          "6: [3] [4]\n");
  }
  SECTION("before the header") {
    CHECK(read_csv("\n\r\na,b\n1,2\n", {"b"}) == "4: [2]\n");
  }
  SECTION("even in a one-column file") {
    CHECK(read_csv("a\nx\n\ny\n", {"a"}) ==
          "2: [x]\n"
          "4: [y]\n");
  }
  SECTION("a line of spaces is not blank") {
    CHECK(read_csv("a,b\n  \n1,2\n", {"a"}) ==
          "2: rejected: expected 2 fields, got 1\n"
          "3: [1]\n");
  }
}

TEST_CASE("csv: a file without a trailing line break", "[csv]") {
  CHECK(read_csv("a,b\n1,2\n3,4", {"a", "b"}) ==
        "2: [1] [2]\n"
        "3: [3] [4]\n");
  CHECK(read_csv("a,b\n1,\"x\"\"y\"", {"a", "b"}) == "2: [1] [x\"y]\n");
  CHECK(read_csv("a,b\n1,", {"a", "b"}) == "2: [1] []\n");
  // A CR that ends the file is a cut-off CRLF, not data.
  CHECK(read_csv("a,b\r\n1,2\r", {"a", "b"}) == "2: [1] [2]\n");
  CHECK(read_csv("a,b\r\n1,\"2\"\r", {"a", "b"}) == "2: [1] [2]\n");
}

TEST_CASE("csv: header-only files end immediately", "[csv]") {
  CHECK(read_csv("a,b\n", {"a"}) == "");
  CHECK(read_csv("a,b", {"a"}) == "");
  CHECK(read_csv("a,b\r\n\r\n\n", {"a"}) == "");
  CHECK(read_csv("\xEF\xBB\xBF\"a\nb\",c", {"a\nb", "c"}) == "");
}

TEST_CASE("csv: wrong field counts are rejected with the record's line", "[csv]") {
  CHECK(read_csv("a,b,c\n1,2\n1,2,3,4\n\"x\ny\",2,3,\"4\"\n5,6,7\n", {"a", "c"}) ==
        "2: rejected: expected 3 fields, got 2\n"
        "3: rejected: expected 3 fields, got 4\n"
        "4: rejected: expected 3 fields, got 4\n"
        "6: [5] [7]\n");
  // Far too many fields: counted, not all kept.
  std::string wide = "a,b\n" + std::string(10000, ',') + "\n1,2\n";
  CHECK(read_csv(wide, {"b"}) ==
        "2: rejected: expected 2 fields, got 10001\n"
        "3: [2]\n");
}

TEST_CASE("csv: junk after a closing quote is rejected and reading goes on", "[csv]") {
  CHECK(read_csv("a,b\n"
                 "\"ab\"c,1\n"
                 "2,\"x\" \n"
                 "\"ok\",\"multi\nline\"junk,3\n"
                 "\"q\"\"r\",4\n",
                 {"a", "b"}) ==
        "2: rejected: unexpected character after closing quote\n"
        "3: rejected: unexpected character after closing quote\n"
        "4: rejected: unexpected character after closing quote\n"
        "6: [q\"r] [4]\n");
  // A bare CR after the closing quote is junk too (only CRLF ends a line).
  CHECK(read_csv("a,b\n1,\"x\"\ry\n2,3\n", {"a", "b"}) ==
        "2: rejected: unexpected character after closing quote\n"
        "3: [2] [3]\n");
  // The junk check comes before the field count check.
  CHECK(read_csv("a,b\n\"x\"y\n", {"a"}) ==
        "2: rejected: unexpected character after closing quote\n");
}

TEST_CASE("csv: an unterminated quoted field is rejected at its start and ends the file", "[csv]") {
  CHECK(read_csv("a,b\n1,2\n3,\"open\n4,5\n6,7\n", {"a", "b"}) ==
        "2: [1] [2]\n"
        "3: stopped: unterminated quoted field\n");
  CHECK(read_csv("a,b\n\"\n\n1,\"\"x\"\"\n", {"a", "b"}) ==
        "2: stopped: unterminated quoted field\n");
  CHECK(read_csv("a,b\n1,\"", {"a", "b"}) == "2: stopped: unterminated quoted field\n");
  // A quote that would close it is doubled instead.
  CHECK(read_csv("a,b\n1,\"x\"\"", {"a", "b"}) == "2: stopped: unterminated quoted field\n");
}

TEST_CASE("csv: header line problems are open errors", "[csv]") {
  CHECK(open_error("\n\"a,b\n1,2\n") ==
        "exports/input.csv:2: unterminated quoted field in the header line");
  CHECK(open_error("\"a\"b,c\n1,2\n") ==
        "exports/input.csv:1: unexpected character after closing quote in the header line");
}

TEST_CASE("csv: empty files cannot be opened", "[csv]") {
  const std::string expected = "exports/input.csv:1: empty file, expected a header line";
  CHECK(open_error("") == expected);
  CHECK(open_error("\xEF\xBB\xBF") == expected);
  CHECK(open_error("\n\n\r\n") == expected);
  CHECK(open_error("\xEF\xBB\xBF\r\n\r") == expected);
  CHECK(open_error("a") == "");
}

// Opens the file at `path` as CSV, as the loader does.
OpenedSource open_csv_file(const fs::path& path, std::string display_path,
                           std::vector<std::string> columns, const Limits& limits = {}) {
  return open_record_source(FileFormat::csv, {single_file_access(path).get(),
                                              std::move(display_path),
                                              "",
                                              std::move(columns),
                                              limits,
                                              {}});
}

TEST_CASE("csv: missing files and directories cannot be opened", "[csv]") {
  TempDir dir;
  auto missing = open_csv_file(dir.path() / "nope.csv", "data/nope.csv", {"a"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().text("data/nope.csv") ==
        "data/nope.csv: cannot open: No such file or directory");

  auto directory = open_csv_file(dir.path(), "data/", {"a"});
  REQUIRE_FALSE(directory);
  CHECK(directory.error().text("data/") == "data/: cannot open: Is a directory");
}

TEST_CASE("csv: bytes read and total", "[csv]") {
  TempDir dir;
  const std::string bytes = "\xEF\xBB\xBFid,name\n\n1,Ann\n2,\"B\nob\"\n";
  fs::path file = dir.write("in.csv", bytes);
  auto opened = open_csv_file(file, "in.csv", {"name"});
  REQUIRE(opened);
  RecordSource& source = **opened;
  CHECK(source.bytes_total() == bytes.size());
  CHECK(source.bytes_read() == 11);  // BOM and header line

  Record record;
  std::string message;
  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(source.bytes_read() == 18);
  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(*record.values[0] == "B\nob");
  CHECK(source.bytes_read() == bytes.size());
  REQUIRE(source.next(record, message) == ReadStatus::end);
  CHECK(source.bytes_read() == bytes.size());
}

TEST_CASE("csv: views stay valid until the next call", "[csv]") {
  auto opened = open_csv("a,b\n\"x\"\"y\",2\n", {"a", "b"});
  REQUIRE(opened);
  Record record;
  std::string message;
  REQUIRE((*opened)->next(record, message) == ReadStatus::record);
  CHECK(record.line == 2);
  REQUIRE(record.values.size() == 2);
  CHECK(record.values[0] == std::optional<std::string_view>("x\"y"));
  CHECK(record.values[1] == std::optional<std::string_view>("2"));
  CHECK(message.empty());
}

// Records larger than the 1 MiB read buffer.
TEST_CASE("csv: a field larger than the read buffer", "[csv]") {
  const std::size_t size = std::size_t{3} << 20;
  std::string blob;
  blob.reserve(size);
  std::string expected;
  expected.reserve(size);
  for (std::size_t i = 0; blob.size() < size; ++i) {
    // Every 1000th character a line break, every 777th a doubled quote.
    if (i % 1000 == 999) {
      blob += '\n';
      expected += '\n';
    } else if (i % 777 == 776) {
      blob += "\"\"";
      expected += '"';
    } else {
      blob += static_cast<char>('a' + i % 26);
      expected += static_cast<char>('a' + i % 26);
    }
  }
  const auto blob_lines = static_cast<std::uint64_t>(std::count(blob.begin(), blob.end(), '\n'));
  std::string plain(size, 'p');
  std::string bytes = "id,blob,tail\n1,\"" + blob + "\",x\n2,short,y\n3," + plain + ",z\n4,,w";

  auto opened = open_csv(bytes, {"id", "blob", "tail"});
  REQUIRE(opened);
  RecordSource& source = **opened;
  Record record;
  std::string message;

  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(record.line == 2);
  CHECK(*record.values[0] == "1");
  CHECK(record.values[1]->size() == expected.size());
  CHECK(*record.values[1] == expected);
  CHECK(*record.values[2] == "x");

  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(record.line == 3 + blob_lines);
  CHECK(*record.values[1] == "short");

  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(record.line == 4 + blob_lines);
  CHECK(*record.values[1] == plain);
  CHECK(*record.values[2] == "z");

  REQUIRE(source.next(record, message) == ReadStatus::record);
  CHECK(record.line == 5 + blob_lines);
  CHECK(*record.values[0] == "4");
  CHECK(*record.values[1] == "");
  CHECK(*record.values[2] == "w");

  REQUIRE(source.next(record, message) == ReadStatus::end);
  CHECK(source.bytes_read() == bytes.size());
}

TEST_CASE("csv: the read buffer boundary falls at every byte of a tricky record", "[csv]") {
  const std::size_t chunk = std::size_t{1} << 20;
  const std::string header = "a,b\n";
  // Doubled quote, CRLF inside quotes, closing quote, CRLF, blank CRLF line, trailing CR.
  const std::string tricky = "x,\"q\"\"u\r\nz\"\r\n\r\ny,\"end\"\r";
  for (std::size_t before = 1; before <= tricky.size() + 1; ++before) {
    CAPTURE(before);
    // Header, one filler line, then `tricky` starting `before` bytes ahead of the boundary.
    std::size_t filler = chunk - before - header.size();
    std::string bytes = header + "f," + std::string(filler - 3, 'p') + "\n" + tricky;
    REQUIRE(bytes.find("x,") == chunk - before);
    auto opened = open_csv(bytes, {"b", "a"});
    REQUIRE(opened);
    const std::string tail =
        "3: [q\"u\\r\\nz] [x]\n"
        "6: [end] [y]\n";
    std::string all = read_all(**opened);
    // The filler record's 1 MiB text is left out of the comparison to keep failures short.
    REQUIRE(all.size() == std::string("2: [] [f]\n").size() + (filler - 3) + tail.size());
    CHECK(all.compare(0, 5, "2: [p") == 0);
    CHECK(all.substr(all.size() - tail.size()) == tail);
    CHECK((*opened)->bytes_read() == bytes.size());
  }
}

TEST_CASE("csv: a record longer than 256 MiB is rejected and ends the file", "[csv]") {
  // An unterminated quote must not pull a whole large file into memory. The file is made
  // sparse (NUL bytes after the quote) so the test writes almost nothing to disk.
  TempDir dir;
  fs::path file = dir.write("huge.csv", "a,b\n1,2\n3,\"");
  fs::resize_file(file, (std::uint64_t{300} << 20));
  auto opened = open_csv_file(file, "huge.csv", {"a"});
  REQUIRE(opened);
  CHECK(read_all(**opened) ==
        "2: [1]\n"
        "3: stopped: record longer than the max-record-size limit (256 MiB; raise it with "
        "--max-record-size)\n");
}

TEST_CASE("csv: a record of exactly max-record-size bytes is read, one more is not", "[csv]") {
  Limits limits;
  limits.max_record_size = 1024;
  // 1024 bytes before the line break, then 1025.
  auto opened = open_csv(
      "a,b\n" + std::string(1022, 'x') + ",1\n" + std::string(1023, 'y') + ",2\n", {"b"}, limits);
  REQUIRE(opened);
  CHECK(read_all(**opened) ==
        "2: [1]\n"
        "3: stopped: record longer than the max-record-size limit (1 KiB; raise it with "
        "--max-record-size)\n");
  // At the end of the file, without a line break.
  opened = open_csv("a,b\n" + std::string(1022, 'x') + ",1", {"b"}, limits);
  REQUIRE(opened);
  CHECK(read_all(**opened) == "2: [1]\n");
}

TEST_CASE("csv: max-record-size is a limit that can be lowered", "[csv]") {
  const std::string bytes = "a,b\n1,2\n" + std::string(5000, 'x') + ",3\n4,5\n";
  Limits limits;
  limits.max_record_size = 4096;
  auto opened = open_csv(bytes, {"a"}, limits);
  REQUIRE(opened);
  CHECK(read_all(**opened) ==
        "2: [1]\n"
        "3: stopped: record longer than the max-record-size limit (4 KiB; raise it with "
        "--max-record-size)\n");
  limits.max_record_size = 8192;
  opened = open_csv(bytes, {"b"}, limits);
  REQUIRE(opened);
  CHECK(read_all(**opened) ==
        "2: [2]\n"
        "3: [3]\n"
        "4: [5]\n");
}

// Many records with every kind of field, across several buffer refills, against the values
// the generator meant.
TEST_CASE("csv: generated file round trip", "[csv]") {
  std::mt19937 random(12345);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };

  std::string bytes = "c0,c1,c2,c3\n";
  std::string expected;
  std::uint64_t line = 2;
  while (bytes.size() < (std::size_t{4} << 20)) {
    std::uint64_t record_line = line;
    std::string record;
    std::string values;
    const int fields = pick(50) == 0 ? 3 : 4;  // now and then a short record
    for (int f = 0; f < fields; ++f) {
      if (f > 0) record += ',';
      std::string text = std::to_string(random() % 100000);
      std::string value;
      switch (pick(8)) {
        case 0:  // plain
          record += text;
          value = text;
          break;
        case 1:  // empty
          break;
        case 2:  // quoted with a delimiter
          record += "\"" + text + "," + text + "\"";
          value = text + "," + text;
          break;
        case 3:  // quoted with doubled quotes
          record += "\"\"\"" + text + "\"\"x\"\"\"";
          value = "\"" + text + "\"x\"";
          break;
        case 4:  // quoted with an LF
          record += "\"" + text + "\n" + text + "\"";
          value = text + "\n" + text;
          ++line;
          break;
        case 5:  // quoted with a CRLF
          record += "\"\r\n" + text + "\"";
          value = "\r\n" + text;
          ++line;
          break;
        case 6:  // lone CR and quote in an unquoted field
          record += "r\r" + text + "\"q";
          value = "r\r" + text + "\"q";
          break;
        case 7:  // empty quoted
          record += "\"\"";
          break;
      }
      values += " [" + visible(value) + "]";
    }
    record += pick(2) == 0 ? "\n" : "\r\n";
    ++line;
    if (pick(20) == 0) {
      record += pick(2) == 0 ? "\n" : "\r\n";  // a blank line
      ++line;
    }
    bytes += record;
    if (fields == 4) {
      expected += std::to_string(record_line) + ":" + values + "\n";
    } else {
      expected += std::to_string(record_line) + ": rejected: expected 4 fields, got 3\n";
    }
  }

  // The source hands out a few KiB per read, as a pipe or a decompressor may: the reader keeps
  // reading until its buffer is full.
  auto opened = open_csv_source(util::memory_bytes(bytes, "generated.csv", 4093), {},
                                {"c0", "c1", "c2", "c3"});
  REQUIRE(opened);
  std::string actual = read_all(**opened);
  if (actual != expected) {
    // Show the first differing line, not megabytes.
    std::size_t at = 0;
    while (at < expected.size() && at < actual.size()) {
      std::size_t expected_end = expected.find('\n', at);
      std::size_t actual_end = actual.find('\n', at);
      REQUIRE(actual.substr(at, actual_end - at) == expected.substr(at, expected_end - at));
      at = expected_end + 1;
    }
    FAIL("one result list is a prefix of the other: " << actual.size() << " vs " << expected.size()
                                                      << " bytes");
  }
  CHECK((*opened)->bytes_read() == bytes.size());
}

// Reads `bytes` in `dialect` and returns what read_all() shows, or the opening error.
std::string read_dialect(std::string bytes, const CsvDialect& dialect,
                         std::vector<std::string> columns) {
  auto source = open_csv_source(util::memory_bytes(std::move(bytes), "input.csv", 7), dialect,
                                std::move(columns));
  if (!source) return "error: " + source.error().text("input.csv");
  return read_all(**source);
}

TEST_CASE("csv dialects: any delimiter, with the quote that protects it", "[csv]") {
  CHECK(read_dialect("a;b\n\"x;y\";2\n3;\"say \"\"hi\"\"\"\n", {';', '"', HeaderRow::names},
                     {"b", "a"}) ==
        "2: [2] [x;y]\n"
        "3: [say \"hi\"] [3]\n");
  CHECK(read_dialect("a|b\nx,y|2\n", {'|', '"', HeaderRow::names}, {"a", "b"}) == "2: [x,y] [2]\n");
  // Another quote: the double quote is then an ordinary character.
  CHECK(read_dialect("a,b\n'x,y',\"2\"\n'it''s',3\n", {',', '\'', HeaderRow::names}, {"a", "b"}) ==
        "2: [x,y] [\"2\"]\n"
        "3: [it's] [3]\n");
  CHECK(read_dialect("a\tb\n'x\ty'\t2\n", {'\t', '\'', HeaderRow::names}, {"a", "b"}) ==
        "2: [x\\ty] [2]\n");
}

TEST_CASE("csv dialects: without a header the first line is a row, columns are positions",
          "[csv]") {
  CsvDialect headerless{';', '"', HeaderRow::absent};
  CHECK(
      read_dialect("r1;a1;01/11/2026\nr2;a2;05/05/2026\n\nr3;a3\n", headerless, {"1", "3", "9"}) ==
      "1: [r1] [01/11/2026] -\n"
      "2: [r2] [05/05/2026] -\n"
      "4: rejected: expected 3 fields, got 2\n");
  CHECK(read_dialect("", headerless, {"1"}) == "error: input.csv:1: empty file, expected a row");
  auto source = open_csv_source(util::memory_bytes("x;y\n", "input.csv"), headerless, {"2", "5"});
  REQUIRE(source);
  CHECK((*source)->has_column(0));
  CHECK_FALSE((*source)->has_column(1));
  const FileColumns* columns = (*source)->file_columns();
  REQUIRE(columns);
  CHECK(columns->holder == "first row");
  CHECK(columns->names == std::vector<std::string>{"1", "2"});
}

}  // namespace
}  // namespace lethe::data
