// Every JSON value is checked against the grammar, also under a key no rule reads: a record with
// an invalid value is rejected in NDJSON, and stops the reading of a .json array, with the whole
// message; the same record with a valid value there gives the finding.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using lethe::test::TempDir;

// An inactive child profile (a finding of amazon.inactive-child-profile), up to its `extra`
// member, which no rule reads.
std::string profile_before_extra(const std::string& id) {
  return "{\"profile_id\":\"" + id +
         "\",\"account_id\":\"A1\",\"last_active_at\":\"2021-01-01\",\"keep_requested\":false,"
         "\"extra\":";
}

lethe::test::RunResult scan_profiles(const fs::path& export_dir) {
  lethe::test::ScanSetup setup;
  setup.export_dir = export_dir;
  setup.rules.clear();  // the bundled rules
  return lethe::test::scan({"--select", "amazon.inactive-child-profile", "--no-progress"}, setup);
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

struct InvalidValue {
  std::string klass;
  std::string value;     // the text after "extra": (the record's closing brace follows)
  std::size_t offset;    // of the wrong byte in `value`
  std::string message;   // the checker's
  bool in_extra = true;  // the error is inside the value of "extra", not after it
};

// One or more cases for each class of invalid value.
const std::vector<InvalidValue> k_cases{
    {"number", "-01", 0, "invalid number '-01': a leading zero"},
    {"number", "1.e5", 0, "invalid number '1.e5': no digit after '.'"},
    {"number", "0x1F", 0, "invalid number '0x1F': 'x' cannot follow '0'"},
    {"number", "NaN", 0, "expected a value, got 'NaN'"},
    {"literal", "tru", 0, "invalid literal 'tru': expected true, false or null"},
    {"literal", "None", 0, "expected a value, got 'None'"},
    {"string", "\"a\\x\"", 2, "invalid escape '\\x' in a string"},
    {"string", "\"\\u00G0\"", 1, "invalid escape in a string: \\u takes four hex digits"},
    {"string", "\"a\tb\"", 2, "unescaped control character U+0009 in a string"},
    {"string", "'a'", 0,
     "expected a value, got a single quote (JSON strings are in double quotes)"},
    {"object", "{\"a\" \"b\"}", 5, "expected ':' after an object key, got a string"},
    {"object", "{\"a\":1,}", 7, "expected a string key after ',', got '}'"},
    {"object", "{a:1}", 1, "expected a string key or '}', got 'a'"},
    {"array", "[1,]", 3, "expected a value after ',', got ']'"},
    {"array", "[1 2]", 3, "expected ',' or ']' after an array element, got '2'"},
    {"structure", "[1}", 2, "expected ',' or ']' after an array element, got '}'"},
    {"structure", "{\"a\":1]", 6, "expected ',' or '}' after an object member, got ']'"},
    {"comment", "/* c */ 1", 0, "expected a value, got '/' (JSON has no comments)"},
    {"comment", "1 /* c */", 2,
     "expected ',' or '}' after an object member, got '/' (JSON has no comments)", false},
};

// "invalid JSON at column N (in "extra"): MESSAGE" for `c` in a record starting at column 1.
std::string expected_message(const InvalidValue& c) {
  std::size_t column = profile_before_extra("P2").size() + c.offset + 1;
  return fmt::format("invalid JSON at column {}{}: {}", column, c.in_extra ? " (in \"extra\")" : "",
                     c.message);
}

TEST_CASE("unread JSON: an invalid value under a key no rule reads rejects the NDJSON record",
          "[e2e]") {
  // One record per case, after a valid one: each is rejected with its own message. Ids are two
  // characters long, as expected_message() counts.
  TempDir dir;
  std::string lines = profile_before_extra("P0") + "1}\n";
  for (std::size_t i = 0; i < k_cases.size(); ++i)
    lines += profile_before_extra(std::string("P") + static_cast<char>('A' + i)) +
             k_cases[i].value + "}\n";
  dir.write("export/child_profiles.ndjson", lines);
  auto result = scan_profiles(dir.path() / "export");
  CHECK(result.exit_code == 3);
  for (std::size_t i = 0; i < k_cases.size(); ++i) {
    INFO(k_cases[i].klass << ": " << k_cases[i].value);
    CHECK(has_line(result.out, fmt::format("  child_profiles.ndjson:{}: {}", i + 2,
                                           expected_message(k_cases[i]))));
  }
  CHECK(has_line(result.out, fmt::format("Rows: 1 loaded, {} rejected", k_cases.size())));
  CHECK(has_line(result.out, "  failed          amazon.inactive-child-profile  1 finding"));
}

TEST_CASE("unread JSON: an invalid value under a key no rule reads stops a JSON array", "[e2e]") {
  // One array per case, read as one dataset: each stops at its second element.
  TempDir dir;
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  child_profiles:\n    files: [\"profiles/*.json\"]\n");
  for (std::size_t i = 0; i < k_cases.size(); ++i) {
    dir.write(fmt::format("export/profiles/{:02}.json", i),
              "[" + profile_before_extra("P1") + "1},\n" + profile_before_extra("P2") +
                  k_cases[i].value + "},\n" + profile_before_extra("P3") + "1}]\n");
  }
  auto result = scan_profiles(dir.path() / "export");
  CHECK(result.exit_code == 3);
  for (std::size_t i = 0; i < k_cases.size(); ++i) {
    INFO(k_cases[i].klass << ": " << k_cases[i].value);
    CHECK(has_line(result.out, fmt::format("  profiles/{:02}.json:2: reading stopped at line 2: {}",
                                           i, expected_message(k_cases[i]))));
  }
  CHECK(has_line(result.out, fmt::format("Rows: {} loaded, {} rejected, {} files unreadable",
                                         k_cases.size(), k_cases.size(), k_cases.size())));
}

TEST_CASE("unread JSON: valid values under a key no rule reads give the findings", "[e2e]") {
  const std::string values[] = {"-0.5e-3", "[true,false,null]", "\"a\\u00e9\\n\"",
                                "{\"a\":{\"b\":[]}}", "12345678901234567890123", "1e400",
                                // Half a surrogate pair, in a value and in a key: the grammar
                                // allows it (RFC 8259, section 8.2).
                                "\"\\uD800\"", "{\"\\uDFFF\":1}"};
  TempDir dir;
  std::string lines, elements;
  int id = 0;
  for (const auto& value : values) {
    std::string record = profile_before_extra("P" + std::to_string(++id)) + value + "}";
    lines += record + "\n";
    elements += (elements.empty() ? "[" : ",\n") + record;
  }
  dir.write("ndjson/child_profiles.ndjson", lines);
  dir.write("array/child_profiles.json", elements + "]\n");
  for (const char* folder : {"ndjson", "array"}) {
    INFO(folder);
    auto result = scan_profiles(dir.path() / folder);
    CHECK(result.exit_code == 1);
    CHECK(has_line(result.out, "Rows: 8 loaded, 0 rejected"));
    CHECK(has_line(result.out, "  failed          amazon.inactive-child-profile  8 findings"));
  }
}

}  // namespace
