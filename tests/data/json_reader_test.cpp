#include "data/json_reader.hpp"

#include <catch2/catch.hpp>
#include <optional>
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

// Opens `bytes` (in memory) as JSON of `layout`.
OpenedSource open_json(std::string bytes, JsonLayout layout, std::vector<std::string> columns,
                       const Limits& limits = {}) {
  return open_json_source(util::memory_bytes(std::move(bytes), "input.json"), layout,
                          std::move(columns), limits);
}

// Opens `bytes` as NDJSON and reads it all.
std::string read_lines(std::string bytes, std::vector<std::string> columns,
                       const Limits& limits = {}) {
  auto source = open_json(std::move(bytes), JsonLayout::lines, std::move(columns), limits);
  if (!source) FAIL("open failed: " << source.error().text("input.ndjson"));
  return read_all(**source);
}

// Opens `bytes` as a JSON array and reads it all.
std::string read_array(std::string bytes, std::vector<std::string> columns,
                       const Limits& limits = {}) {
  auto source = open_json(std::move(bytes), JsonLayout::array, std::move(columns), limits);
  if (!source) FAIL("open failed: " << source.error().text("input.json"));
  return read_all(**source);
}

// The error of opening `bytes` as a JSON array, as a report shows it, or "" if it opened.
std::string array_open_error(std::string bytes) {
  auto source = open_json(std::move(bytes), JsonLayout::array, {"a"});
  return source ? std::string() : source.error().text("exports/input.json");
}

// Opens the file at `path` as the loader does.
OpenedSource open_json_file(FileFormat format, const fs::path& path, std::string display_path,
                            std::vector<std::string> columns) {
  return open_record_source(
      format,
      {single_file_access(path).get(), std::move(display_path), "", std::move(columns), {}, {}});
}

TEST_CASE("json: NDJSON records in requested-column order", "[json]") {
  CHECK(read_lines("{\"id\":1,\"name\":\"Ann\",\"email\":\"ann@example.com\"}\n"
                   "{\"name\":\"Bob\",\"id\":2}\n"
                   "{ \"email\" : \"c@example.com\" , \"id\" : 3 , \"other\" : [1,{\"x\":2}] }\n",
                   {"email", "id", "name"}) ==
        "1: [ann@example.com] [1] [Ann]\n"
        "2: - [2] [Bob]\n"
        "3: [c@example.com] [3] -\n");
}

TEST_CASE("json: NDJSON blank and white-space-only lines are skipped", "[json]") {
  CHECK(read_lines("\n"
                   "{\"a\":\"x\"}\n"
                   "   \n"
                   "\t\r\n"
                   "\n"
                   "  {\"a\":\"y\"}  \n"
                   "\n",
                   {"a"}) ==
        "2: [x]\n"
        "6: [y]\n");
  CHECK(read_lines("\n\n \n", {"a"}).empty());
}

TEST_CASE("json: NDJSON CRLF line ends", "[json]") {
  CHECK(read_lines("{\"a\":\"x\",\"n\":1}\r\n\r\n{\"a\":\"y\",\"n\":2.5}\r\n{\"n\":3}\r\n",
                   {"a", "n"}) ==
        "1: [x] [1]\n"
        "3: [y] [2.5]\n"
        "4: - [3]\n");
}

TEST_CASE("json: NDJSON last line without a line break", "[json]") {
  SECTION("LF file") {
    CHECK(read_lines("{\"a\":1}\n{\"a\":2}", {"a"}) == "1: [1]\n2: [2]\n");
  }
  SECTION("number ending the file") {
    CHECK(read_lines("{\"a\":1}\n{\"b\":7,\"a\":-12}", {"a", "b"}) ==
          "1: [1] -\n"
          "2: [-12] [7]\n");
  }
  SECTION("CR ending the file") {
    CHECK(read_lines("{\"a\":1}\r\n{\"a\":2}\r", {"a"}) == "1: [1]\n2: [2]\n");
  }
}

TEST_CASE("json: NDJSON invalid line is rejected and reading goes on", "[json]") {
  CHECK(read_lines("{\"a\":\"one\"}\n"
                   "{\"a\":}\n"
                   "\n"
                   "{\"a\":\"three\"\n"
                   "not json at all\n"
                   "{\"a\":\"six\"}\n",
                   {"a"}) ==
        "1: [one]\n"
        "2: rejected: invalid JSON at column 6 (in \"a\"): expected a value, got '}'\n"
        "4: rejected: invalid JSON at column 13: expected ',' or '}' after an object member, got "
        "the end of the record\n"
        "5: rejected: invalid JSON at column 1: invalid literal 'not': expected true, false or "
        "null\n"
        "6: [six]\n");
}

TEST_CASE("json: invalid values at requested paths are rejected", "[json]") {
  CHECK(read_lines("{\"a\":1.2.3}\n"
                   "{\"a\":01}\n"
                   "{\"a\":-}\n"
                   "{\"a\":1.}\n"
                   "{\"a\":tru}\n"
                   "{\"a\":fals}\n"
                   "{\"a\":nul}\n"
                   "{\"a\":\"bad \\q escape\"}\n"
                   "{\"a\":\"ok\"}\n",
                   {"a"}) ==
        "1: rejected: invalid JSON at column 6 (in \"a\"): invalid number '1.2.3': '.' cannot "
        "follow '1.2'\n"
        "2: rejected: invalid JSON at column 6 (in \"a\"): invalid number '01': a leading zero\n"
        "3: rejected: invalid JSON at column 6 (in \"a\"): invalid number '-': no digit after "
        "'-'\n"
        "4: rejected: invalid JSON at column 6 (in \"a\"): invalid number '1.': no digit after "
        "'.'\n"
        "5: rejected: invalid JSON at column 6 (in \"a\"): invalid literal 'tru': expected "
        "true, false or null\n"
        "6: rejected: invalid JSON at column 6 (in \"a\"): invalid literal 'fals': expected "
        "true, false or null\n"
        "7: rejected: invalid JSON at column 6 (in \"a\"): invalid literal 'nul': expected "
        "true, false or null\n"
        "8: rejected: invalid JSON at column 11 (in \"a\"): invalid escape '\\q' in a string\n"
        "9: [ok]\n");
}

TEST_CASE("json: content after the object on an NDJSON line is rejected", "[json]") {
  CHECK(read_lines("{\"a\":1} {\"a\":2}\n{\"a\":3}\n", {"a"}) ==
        "1: rejected: invalid JSON at column 9: expected the end of the record, got '{'\n"
        "2: [3]\n");
}

TEST_CASE("json: array of objects spread over several lines", "[json]") {
  CHECK(read_array("[\n"
                   "  {\n"
                   "    \"id\": 1,\n"
                   "    \"name\": \"Ann\"\n"
                   "  },\n"
                   "  {\"id\": 2, \"name\": \"Bob\"}, {\"id\": 3,\n"
                   "\"name\": \"multi\\nline\"}\n"
                   "  ,\n"
                   "\n"
                   "  {\n"
                   "\n"
                   "  \"id\": 4}\n"
                   "]\n",
                   {"name", "id"}) ==
        "2: [Ann] [1]\n"
        "6: [Bob] [2]\n"
        "6: [multi\\nline] [3]\n"
        "10: - [4]\n");
}

TEST_CASE("json: array with CRLF line ends and the array on one line", "[json]") {
  CHECK(read_array("[\r\n{\"a\":\"x\"},\r\n{\"a\":\"y\"}\r\n]\r\n", {"a"}) ==
        "2: [x]\n"
        "3: [y]\n");
  CHECK(read_array("[{\"a\":1},{\"a\":2},{\"a\":3}]", {"a"}) ==
        "1: [1]\n"
        "1: [2]\n"
        "1: [3]\n");
}

TEST_CASE("json: nested paths", "[json]") {
  std::string bytes =
      "{\"id\":1,\"geo\":{\"lat\":52.5,\"lon\":13.4},\"a\":{\"b\":{\"c\":\"deep\"}}}\n"
      "{\"id\":2,\"geo\":{\"lon\":1}}\n"
      "{\"id\":3,\"geo\":7,\"a\":{\"b\":\"not an object\"}}\n"
      "{\"id\":4,\"geo\":[1,2],\"a\":{\"x\":{\"c\":\"wrong branch\"},\"b\":{\"d\":1}}}\n"
      "{\"geo\":{\"lat\":{\"deeper\":1}}}\n";
  CHECK(read_lines(bytes, {"geo.lat", "a.b.c", "id"}) ==
        "1: [52.5] [deep] [1]\n"
        "2: - - [2]\n"
        "3: rejected: geo: expected an object, got a number\n"
        "4: rejected: geo: expected an object, got an array\n"
        "5: rejected: geo.lat: expected a scalar value, got an object\n");
  // A branch that is an object but not the wanted one is simply absent.
  CHECK(read_lines("{\"a\":{\"x\":{\"c\":1},\"b\":{\"d\":1}},\"geo\":null}\n",
                   {"geo.lat", "a.b.c"}) == "1: - -\n");
  SECTION("a path and a path below it") {
    CHECK(read_lines("{\"geo\":5}\n{\"geo\":{\"lat\":1}}\n", {"geo.lat", "geo"}) ==
          "1: - [5]\n"
          "2: rejected: geo: expected a scalar value, got an object\n");
  }
  SECTION("the same column twice") {
    CHECK(read_lines("{\"geo\":{\"lat\":1}}\n", {"geo.lat", "id", "geo.lat"}) == "1: [1] - [1]\n");
  }
}

TEST_CASE("json: null and missing are both nullopt, has_column tells them apart", "[json]") {
  auto source = open_json(
      "{\"a\":null,\"b\":\"x\"}\n"
      "{\"b\":null,\"geo\":{\"lat\":null}}\n",
      JsonLayout::lines, {"a", "b", "c", "geo.lat", "geo.lon"});
  REQUIRE(source);
  RecordSource& reader = **source;
  for (std::size_t i = 0; i < 6; ++i)
    CHECK_FALSE(reader.has_column(i));

  Record record;
  std::string message;
  REQUIRE(reader.next(record, message) == ReadStatus::record);
  CHECK(describe(ReadStatus::record, record, message) == "1: - [x] - - -");
  CHECK(reader.has_column(0));
  CHECK(reader.has_column(1));
  CHECK_FALSE(reader.has_column(2));
  CHECK_FALSE(reader.has_column(3));

  REQUIRE(reader.next(record, message) == ReadStatus::record);
  CHECK(describe(ReadStatus::record, record, message) == "2: - - - - -");
  CHECK(reader.has_column(0));  // stays true
  CHECK(reader.has_column(1));
  CHECK_FALSE(reader.has_column(2));
  CHECK(reader.has_column(3));
  CHECK_FALSE(reader.has_column(4));
  CHECK_FALSE(reader.has_column(5));  // out of range
  REQUIRE(reader.next(record, message) == ReadStatus::end);
}

TEST_CASE("json: has_column ignores invalid records and counts wrongly typed ones", "[json]") {
  auto source = open_json(
      "{\"a\":1,\"b\":}\n"
      "{\"c\":{\"x\":1}}\n"
      "[{\"a\":1}]\n",
      JsonLayout::lines, {"a", "b", "c"});
  REQUIRE(source);
  CHECK(read_all(**source).find("rejected: c: expected a scalar value, got an object") !=
        std::string::npos);
  CHECK_FALSE((*source)->has_column(0));
  CHECK_FALSE((*source)->has_column(1));
  CHECK((*source)->has_column(2));
}

TEST_CASE("json: numbers are kept as written", "[json]") {
  CHECK(read_lines("{\"a\":1.50,\"b\":-3,\"c\":1e3,\"d\":0,\"e\":-0.0E-2 ,\"f\":"
                   "123456789012345678901234567890,\"g\":2.5e+10\t}\n",
                   {"a", "b", "c", "d", "e", "f", "g"}) ==
        "1: [1.50] [-3] [1e3] [0] [-0.0E-2] [123456789012345678901234567890] [2.5e+10]\n");
  CHECK(read_array("[{\"a\" : 1.50\n}, {\"a\":\n  7 \r\n}]", {"a"}) ==
        "1: [1.50]\n"
        "2: [7]\n");
}

TEST_CASE("json: booleans", "[json]") {
  CHECK(read_lines("{\"t\":true,\"f\":false}\n{\"t\" : true }\n", {"t", "f"}) ==
        "1: [true] [false]\n"
        "2: [true] -\n");
}

TEST_CASE("json: strings are unescaped", "[json]") {
  CHECK(read_lines(R"({"s":"a\"b\n\u00e9","t":"tab\there \\ \/ \ud83d\ude00","u":""})"
                   "\n",
                   {"s", "t", "u"}) ==
        "1: [a\"b\\n\xC3\xA9] [tab\\there \\ / \xF0\x9F\x98\x80] []\n");
  SECTION("raw UTF-8 passes through") {
    CHECK(read_lines("{\"s\":\"Zo\xC3\xAB \xE6\x97\xA5\"}\n", {"s"}) ==
          "1: [Zo\xC3\xAB \xE6\x97\xA5]\n");
  }
  SECTION("escaped keys match") {
    CHECK(read_lines(R"({"n\u0061me":"x","geo":{"l\u0061t":1}})"
                     "\n",
                     {"name", "geo.lat"}) == "1: [x] [1]\n");
  }
}

TEST_CASE("json: an object or array where a scalar is wanted is rejected", "[json]") {
  CHECK(read_lines("{\"geo\":{\"lat\":1}}\n"
                   "{\"geo\":[1,2]}\n"
                   "{\"geo\":{}}\n"
                   "{\"geo\":[]}\n"
                   "{\"geo\":\"ok\"}\n",
                   {"geo"}) ==
        "1: rejected: geo: expected a scalar value, got an object\n"
        "2: rejected: geo: expected a scalar value, got an array\n"
        "3: rejected: geo: expected a scalar value, got an object\n"
        "4: rejected: geo: expected a scalar value, got an array\n"
        "5: [ok]\n");
  SECTION("the first such column in request order is named") {
    CHECK(read_lines("{\"a\":[1],\"b\":{\"c\":[2]}}\n", {"x", "b.c", "a"}) ==
          "1: rejected: b.c: expected a scalar value, got an array\n");
  }
}

TEST_CASE("json: records that are not objects are rejected", "[json]") {
  CHECK(read_lines("[1,2]\n"
                   "\"text\"\n"
                   "42\n"
                   "true\n"
                   "null\n"
                   "{\"a\":1}\n"
                   "nonsense\n",
                   {"a"}) ==
        "1: rejected: expected a JSON object, got an array\n"
        "2: rejected: expected a JSON object, got a string\n"
        "3: rejected: expected a JSON object, got a number\n"
        "4: rejected: expected a JSON object, got a boolean\n"
        "5: rejected: expected a JSON object, got null\n"
        "6: [1]\n"
        "7: rejected: invalid JSON at column 1: invalid literal 'nonsense': expected true, false "
        "or null\n");
  SECTION("in an array they are rejected and reading goes on") {
    CHECK(read_array("[1, \"x\", [{\"a\":0}], null,\n{\"a\":2}, false, -1.5]", {"a"}) ==
          "1: rejected: expected a JSON object, got a number\n"
          "1: rejected: expected a JSON object, got a string\n"
          "1: rejected: expected a JSON object, got an array\n"
          "1: rejected: expected a JSON object, got null\n"
          "2: [2]\n"
          "2: rejected: expected a JSON object, got a boolean\n"
          "2: rejected: expected a JSON object, got a number\n");
  }
}

TEST_CASE("json: duplicate keys: the last value wins", "[json]") {
  CHECK(read_lines("{\"a\":1,\"a\":2}\n"
                   "{\"s\":\"first\",\"x\":0,\"s\":\"second\"}\n"
                   "{\"a\":\"text\",\"a\":null}\n"
                   "{\"s\":{\"k\":1},\"s\":\"now a string\"}\n"
                   "{\"s\":\"a string\",\"s\":[1]}\n",
                   {"a", "s"}) ==
        "1: [2] -\n"
        "2: - [second]\n"
        "3: - -\n"
        "4: - [now a string]\n"
        "5: rejected: s: expected a scalar value, got an array\n");
  SECTION("a repeated object replaces everything below it") {
    CHECK(read_lines("{\"geo\":{\"lat\":1,\"lon\":2},\"geo\":{\"lat\":3}}\n"
                     "{\"geo\":{\"lat\":1},\"geo\":5}\n"
                     "{\"geo\":{\"lat\":1,\"lat\":\"x\"}}\n",
                     {"geo.lat", "geo.lon"}) ==
          "1: [3] -\n"
          "2: rejected: geo: expected an object, got a number\n"
          "3: [x] -\n");
  }
}

TEST_CASE("json: a record larger than the read chunk", "[json]") {
  const std::string big(3 << 20, 'x');
  SECTION("NDJSON") {
    auto source = open_json("{\"id\":1,\"s\":\"a\"}\n{\"id\":2,\"s\":\"" + big +
                                "\",\"t\":\"end\"}\n{\"id\":3,\"s\":\"c\"}\n",
                            JsonLayout::lines, {"id", "s", "t"});
    REQUIRE(source);
    Record record;
    std::string message;
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 1);
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 2);
    CHECK(record.values[0] == std::optional<std::string_view>("2"));
    REQUIRE(record.values[1].has_value());
    CHECK(record.values[1]->size() == big.size());
    CHECK(*record.values[1] == big);
    CHECK(record.values[2] == std::optional<std::string_view>("end"));
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 3);
    CHECK(record.values[0] == std::optional<std::string_view>("3"));
    CHECK((*source)->next(record, message) == ReadStatus::end);
  }
  SECTION("array") {
    // Through a real file: the file source's reads fill the buffer too.
    TempDir dir;
    fs::path file =
        dir.write("big.json", "[{\"id\":1},\n{\"id\":2,\n\"s\":\"" + big + "\"},\n{\"id\":3}]\n");
    auto source = open_json_file(FileFormat::json, file, "big.json", {"id", "s"});
    REQUIRE(source);
    Record record;
    std::string message;
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 1);
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 2);
    REQUIRE(record.values[1].has_value());
    CHECK(*record.values[1] == big);
    REQUIRE((*source)->next(record, message) == ReadStatus::record);
    CHECK(record.line == 4);
    CHECK(record.values[0] == std::optional<std::string_view>("3"));
    CHECK((*source)->next(record, message) == ReadStatus::end);
  }
}

TEST_CASE("json: many records across read chunks keep their lines and values", "[json]") {
  // About 3 MiB, so records straddle chunk boundaries at arbitrary bytes.
  std::string lines_bytes;
  std::string array_bytes = "[\n";
  std::string expected_lines;
  std::string expected_array;
  std::uint64_t array_line = 2;
  for (int i = 0; i < 40000; ++i) {
    std::string value = std::to_string(i * 7919 % 100003);
    std::string object = "{\"n\":" + value + ",\"pad\":\"" + std::string(i % 50, 'p') +
                         "\",\"s\":\"v" + value + "\"}";
    lines_bytes += object + (i % 3 == 0 ? "\r\n" : "\n");
    expected_lines += std::to_string(i + 1) + ": [" + value + "] [v" + value + "]\n";
    // Every third element spans two lines.
    std::string element = i % 3 == 0 ? "{\"n\":" + value + ",\n\"s\":\"v" + value + "\"}" : object;
    array_bytes += element + (i + 1 < 40000 ? ",\n" : "\n]\n");
    expected_array += std::to_string(array_line) + ": [" + value + "] [v" + value + "]\n";
    array_line += i % 3 == 0 ? 2 : 1;
  }
  CHECK(read_lines(lines_bytes, {"n", "s"}) == expected_lines);
  CHECK(read_array(array_bytes, {"n", "s"}) == expected_array);
}

TEST_CASE("json: truncated array", "[json]") {
  SECTION("inside an element") {
    CHECK(read_array("[{\"a\":1},\n{\"a\":2,\n\"b\":[", {"a"}) ==
          "1: [1]\n"
          "2: stopped: invalid JSON: unexpected end of file\n");
  }
  SECTION("inside a string") {
    CHECK(read_array("[{\"a\":1}, {\"a\":\"unterminated]}", {"a"}) ==
          "1: [1]\n"
          "1: stopped: invalid JSON: unexpected end of file\n");
  }
  SECTION("before the closing bracket") {
    CHECK(read_array("[{\"a\":1}\n\n", {"a"}) ==
          "1: [1]\n"
          "3: stopped: invalid JSON: unexpected end of file\n");
  }
  SECTION("after a comma") {
    CHECK(read_array("[{\"a\":1},\n", {"a"}) ==
          "1: [1]\n"
          "2: stopped: invalid JSON: unexpected end of file\n");
  }
  SECTION("right after the opening bracket") {
    CHECK(read_array("[", {"a"}) == "1: stopped: invalid JSON: unexpected end of file\n");
  }
}

TEST_CASE("json: array syntax errors stop reading", "[json]") {
  SECTION("missing comma") {
    CHECK(read_array("[{\"a\":1}\n {\"a\":2}, {\"a\":3}]", {"a"}) ==
          "1: [1]\n"
          "2: stopped: invalid JSON: expected ',' or ']' after an array element\n");
  }
  SECTION("garbage between elements") {
    CHECK(read_array("[{\"a\":1} x, {\"a\":3}]", {"a"}) ==
          "1: [1]\n"
          "1: stopped: invalid JSON: expected ',' or ']' after an array element\n");
  }
  SECTION("trailing comma") {
    CHECK(read_array("[{\"a\":1},\n]", {"a"}) ==
          "1: [1]\n"
          "2: stopped: invalid JSON: expected an array element\n");
  }
  SECTION("double comma") {
    CHECK(read_array("[{\"a\":1},,{\"a\":2}]", {"a"}) ==
          "1: [1]\n"
          "1: stopped: invalid JSON: expected an array element\n");
  }
  SECTION("an invalid element") {
    CHECK(read_array("[{\"a\":1},\n{\"a\":2,}, {\"a\":3}]", {"a"}) ==
          "1: [1]\n"
          "2: stopped: invalid JSON at column 8: expected a string key after ',', got '}'\n");
  }
  SECTION("an invalid value at a requested path") {
    CHECK(read_array("[{\"a\":tru},\n{\"a\":2}]", {"a"}) ==
          "1: stopped: invalid JSON at column 7 (in \"a\"): invalid literal 'tru': expected "
          "true, false or null\n");
  }
  SECTION("an error on a later line of an element is placed on that line") {
    CHECK(read_array("[\n  {\"a\": 1},\n  {\"a\": 2,\n   \"extra\": [1,]\n  }\n]", {"a"}) ==
          "2: [1]\n"
          "3: stopped: invalid JSON at line 4, column 16 (in \"extra\"): expected a value after "
          "',', got ']'\n");
    CHECK(read_array("[{\"a\":1},   {\"a\":2, \"b\": -01}]", {"a"}) ==
          "1: [1]\n"
          "1: stopped: invalid JSON at column 26 (in \"b\"): invalid number '-01': a leading "
          "zero\n");
    // A BOM has no column.
    CHECK(read_array("\xEF\xBB\xBF[{\"a\":NaN}]", {"a"}) ==
          "1: stopped: invalid JSON at column 7 (in \"a\"): expected a value, got 'NaN'\n");
  }
  SECTION("content after the closing bracket") {
    CHECK(read_array("[{\"a\":1}]\n\n x", {"a"}) ==
          "1: [1]\n"
          "3: stopped: invalid JSON: unexpected content after the end of the array\n");
  }
  SECTION("white space after the closing bracket is fine") {
    CHECK(read_array("[{\"a\":1}] \r\n\t\n", {"a"}) == "1: [1]\n");
  }
}

TEST_CASE("json: a file that is not an array fails to open", "[json]") {
  CHECK(array_open_error("{\"a\":1}\n") ==
        "exports/input.json:1:1: expected a JSON array of objects");
  CHECK(array_open_error("\n\n   {\"a\":1}\n") ==
        "exports/input.json:3:4: expected a JSON array of objects");
  CHECK(array_open_error("\xEF\xBB\xBF x") ==
        "exports/input.json:1:2: expected a JSON array of objects");
  CHECK(array_open_error("") == "exports/input.json:1:1: expected a JSON array of objects");
  CHECK(array_open_error(" \n  ") == "exports/input.json:2:3: expected a JSON array of objects");
  CHECK(array_open_error("[]").empty());
}

TEST_CASE("json: open errors", "[json]") {
  TempDir dir;
  auto missing = open_json_file(FileFormat::ndjson, dir.path() / "missing.ndjson",
                                "exports/missing.ndjson", {"a"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().text("exports/missing.ndjson") ==
        "exports/missing.ndjson: cannot open: No such file or directory");
  auto directory = open_json_file(FileFormat::json, dir.path(), "exports/dir.json", {"a"});
  REQUIRE_FALSE(directory);
  CHECK(directory.error().text("exports/dir.json") ==
        "exports/dir.json: cannot open: Is a directory");
}

TEST_CASE("json: a UTF-8 BOM at the start is skipped", "[json]") {
  CHECK(read_lines("\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}\n", {"a"}) == "1: [1]\n2: [2]\n");
  CHECK(read_array("\xEF\xBB\xBF[{\"a\":1},\n{\"a\":2}]", {"a"}) == "1: [1]\n2: [2]\n");
  CHECK(read_array("\xEF\xBB\xBF\n [{\"a\":1}]", {"a"}) == "2: [1]\n");
}

TEST_CASE("json: a record of exactly max-record-size bytes is read, one more is not", "[json]") {
  Limits limits;
  limits.max_record_size = 1024;
  auto record = [](std::size_t size) {  // {"a":"xx…"} of `size` bytes
    return "{\"a\":\"" + std::string(size - 8, 'x') + "\"}";
  };
  const std::string rejected =
      "rejected: record longer than the max-record-size limit (1 KiB; raise it with "
      "--max-record-size)\n";
  // NDJSON goes on at the next line; an array stops.
  CHECK(read_lines(record(1024) + "\n" + record(1025) + "\n{\"a\":\"z\"}", {"a"}, limits) ==
        "1: [" + std::string(1016, 'x') + "]\n2: " + rejected + "3: [z]\n");
  CHECK(read_lines(record(1024), {"a"}, limits) == "1: [" + std::string(1016, 'x') + "]\n");
  CHECK(read_array("[" + record(1024) + ",\n" + record(1025) + "]", {"a"}, limits) ==
        "1: [" + std::string(1016, 'x') +
            "]\n2: stopped: record longer than the max-record-size "
            "limit (1 KiB; raise it with --max-record-size)\n");
}

TEST_CASE("json: a record nested deeper than max-nesting-depth is rejected", "[json]") {
  const std::string rejected =
      "rejected: record nested deeper than the max-nesting-depth limit (64; raise it with "
      "--max-nesting-depth)\n";
  // The record's own object is level 1, so 63 arrays inside it make 64 levels.
  auto nested = [](std::size_t arrays) {
    return "{\"a\":1,\"x\":" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  CHECK(read_lines(nested(63) + "\n" + nested(64) + "\n{\"a\":3}\n", {"a"}) ==
        "1: [1]\n2: " + rejected + "3: [3]\n");
  CHECK(read_array("[" + nested(63) + ",\n" + nested(64) + ",\n{\"a\":3}]", {"a"}) ==
        "1: [1]\n2: " + rejected + "3: [3]\n");
  // Brackets inside strings, escaped quotes included, are text.
  CHECK(read_lines("{\"a\":\"\\\"" + std::string(100, '[') + "\",\"b\":\"{{{\"}\n", {"b"}) ==
        "1: [{{{]\n");
  Limits limits;
  limits.max_nesting_depth = 2;
  CHECK(read_lines("{\"a\":{\"b\":1}}\n{\"a\":{\"b\":[1]}}\n", {"a.b"}, limits) ==
        "1: [1]\n"
        "2: rejected: record nested deeper than the max-nesting-depth limit (2; raise it with "
        "--max-nesting-depth)\n");
}

TEST_CASE("json: very deep nesting is read without crashing when the limit allows it", "[json]") {
  constexpr std::size_t k_depth = 100000;
  const std::string open(k_depth, '['), close(k_depth, ']');
  Limits limits;
  limits.max_nesting_depth = 2 * k_depth;
  SECTION("under the default limit") {
    CHECK(read_lines("{\"a\":1}\n" + open + close + "\n{\"a\":3}\n", {"a"}) ==
          "1: [1]\n"
          "2: rejected: record nested deeper than the max-nesting-depth limit (64; raise it with "
          "--max-nesting-depth)\n"
          "3: [3]\n");
  }
  SECTION("NDJSON record") {
    CHECK(read_lines("{\"a\":1}\n" + open + close + "\n{\"a\":3}\n", {"a"}, limits) ==
          "1: [1]\n"
          "2: rejected: expected a JSON object, got an array\n"
          "3: [3]\n");
  }
  SECTION("at a requested path") {
    CHECK(read_lines("{\"a\":" + open + close + "}\n", {"a"}, limits) ==
          "1: rejected: a: expected a scalar value, got an array\n");
  }
  SECTION("objects at a requested path") {
    std::string objects;
    for (std::size_t i = 0; i < k_depth; ++i)
      objects += "{\"a\":";
    objects += "1" + std::string(k_depth, '}');
    CHECK(read_lines(objects + "\n", {"a", "a.a.a"}, limits) ==
          "1: rejected: a: expected a scalar value, got an object\n");
  }
  SECTION("array element") {
    CHECK(read_array("[\n" + open + close + ",\n{\"a\":2}]", {"a"}, limits) ==
          "2: rejected: expected a JSON object, got an array\n"
          "3: [2]\n");
  }
  SECTION("unbalanced") {
    CHECK(read_array("[" + open + "]", {"a"}, limits) ==
          "1: stopped: invalid JSON: unexpected end of file\n");
    // The grammar is checked before the type, so an unclosed array is no array.
    CHECK(read_lines(open + "\n{\"a\":2}\n", {"a"}, limits) ==
          "1: rejected: invalid JSON at column 100001: expected a value or ']', got the end of "
          "the record\n"
          "2: [2]\n");
  }
}

TEST_CASE("json: empty inputs", "[json]") {
  CHECK(read_array("[]", {"a"}).empty());
  CHECK(read_array("  [ \n ]\n", {"a"}).empty());
  CHECK(read_lines("", {"a"}).empty());
  CHECK(array_open_error("") == "exports/input.json:1:1: expected a JSON array of objects");
  CHECK(read_lines("{}\n", {"a"}) == "1: -\n");
  CHECK(read_lines("{\"a\":1}\n", {}) == "1:\n");
}

TEST_CASE("json: bytes_read reaches bytes_total", "[json]") {
  TempDir dir;
  const std::string bytes = "[{\"a\":1},\n {\"a\":2}]\n";
  fs::path file = dir.write("in.json", bytes);
  auto source = open_json_file(FileFormat::json, file, "in.json", {"a"});
  REQUIRE(source);
  CHECK((*source)->bytes_total() == bytes.size());
  CHECK((*source)->bytes_read() == 1);  // the opening bracket
  Record record;
  std::string message;
  REQUIRE((*source)->next(record, message) == ReadStatus::record);
  CHECK((*source)->bytes_read() == 8);
  REQUIRE((*source)->next(record, message) == ReadStatus::record);
  CHECK((*source)->bytes_read() == 18);
  REQUIRE((*source)->next(record, message) == ReadStatus::end);
  CHECK((*source)->bytes_read() == bytes.size());

  auto line_source = open_json("{\"a\":1}\n\n{\"a\":2}\n", JsonLayout::lines, {"a"});
  REQUIRE(line_source);
  CHECK((*line_source)->bytes_total() == 17);
  CHECK((*line_source)->bytes_read() == 0);
  REQUIRE((*line_source)->next(record, message) == ReadStatus::record);
  CHECK((*line_source)->bytes_read() == 8);
  REQUIRE((*line_source)->next(record, message) == ReadStatus::record);
  CHECK((*line_source)->bytes_read() == 17);
}

TEST_CASE("json: sampling records gives every scalar by its dotted path", "[json]") {
  auto sampled = sample_json_records(
      util::memory_bytes("[{\"id\": \"a\", \"geo\": {\"lat\": 1.5, \"lon\": null}, \"tags\": [1],"
                         " \"ok\": true},\n {\"id\": \"b\"}, {\"id\": \"c\"}]",
                         "input.json"),
      JsonLayout::array, 2);
  REQUIRE(sampled);
  REQUIRE(sampled->size() == 2);
  const auto& first = (*sampled)[0];
  REQUIRE(first.size() == 4);
  CHECK(first[0].path == "id");
  CHECK(first[0].text == "a");
  CHECK(first[1].path == "geo.lat");
  CHECK(first[1].text == "1.5");
  CHECK(first[2].path == "geo.lon");
  CHECK_FALSE(first[2].text);
  CHECK(first[3].path == "ok");
  CHECK(first[3].text == "true");
  CHECK((*sampled)[1][0].text == "b");
}

TEST_CASE("json: sampling NDJSON passes over a rejected line", "[json]") {
  auto sampled =
      sample_json_records(util::memory_bytes("{\"id\": 1}\n{oops\n{\"id\": 2}\n", "input.ndjson"),
                          JsonLayout::lines, 10);
  REQUIRE(sampled);
  REQUIRE(sampled->size() == 2);
  CHECK((*sampled)[1][0].text == "2");
}

}  // namespace
TEST_CASE("json: a repeated key clears the error of the value it replaces", "[json]") {
  CHECK(read_lines("{\"geo\":5,\"geo\":{\"lat\":1}}\n", {"geo.lat"}) == "1: [1]\n");
}

}  // namespace lethe::data
