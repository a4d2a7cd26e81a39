#include "util/json_syntax.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace lethe::util;

namespace {

// "offset: message [key]" for an invalid text, "" for a valid one.
std::string check(std::string_view text, std::size_t max_depth = 64) {
  JsonSyntaxChecker checker;
  auto error = checker.check(text, max_depth);
  if (!error) return "";
  std::string out = std::to_string(error->offset) + ": ";
  out += error->kind == JsonSyntaxError::Kind::too_deep ? "too deep" : error->message;
  if (!error->key.empty()) out += " [" + error->key + "]";
  return out;
}

}  // namespace

TEST_CASE("json_syntax accepts what RFC 8259 allows", "[json_syntax]") {
  for (std::string_view text :
       {"{}", "[]",
        " {\"a\" : [1, -0, 0.5, -1.25e+10, 2E-3, 1e400, 123456789012345678901234567890]}",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\uDEAD\"", "true", "false",
        "null", "{\"a\":{\"b\":[[],{},\"x\",null]}}\r\n", "\t[ ]\t", "\"caf\xc3\xa9\"",
        "{\"a\":1,\"a\":2}"}) {
    INFO(text);
    CHECK(check(text).empty());
  }
}

TEST_CASE("json_syntax names each invalid number", "[json_syntax]") {
  CHECK(check("{\"x\":-01}") == "5: invalid number '-01': a leading zero [x]");
  CHECK(check("{\"x\":01}") == "5: invalid number '01': a leading zero [x]");
  CHECK(check("[-]") == "1: invalid number '-': no digit after '-'");
  CHECK(check("[1.]") == "1: invalid number '1.': no digit after '.'");
  CHECK(check("[1e+]") == "1: invalid number '1e+': no digit in the exponent");
  CHECK(check("[0x10]") == "1: invalid number '0x10': 'x' cannot follow '0'");
  CHECK(check("[12abcdefghijklmnopqrstuvwxyz]") ==
        "1: invalid number '12abcdefghijklmn...': 'a' cannot follow '12'");
  CHECK(check("[+1]") == "1: expected a value or ']', got '+1'");
  CHECK(check("[.5]") == "1: expected a value or ']', got '.5'");
  CHECK(check("{\"x\":NaN}") == "5: expected a value, got 'NaN' [x]");
  CHECK(check("{\"x\":-Infinity}") == "5: invalid number '-Infinity': no digit after '-' [x]");
}

TEST_CASE("json_syntax names each invalid literal", "[json_syntax]") {
  CHECK(check("{\"x\":tru}") == "5: invalid literal 'tru': expected true, false or null [x]");
  CHECK(check("{\"x\":True}") == "5: expected a value, got 'True' [x]");
  CHECK(check("[nul]") == "1: invalid literal 'nul': expected true, false or null");
  CHECK(check("[falsey]") == "1: invalid literal 'falsey': expected true, false or null");
  CHECK(check("[undefined]") == "1: expected a value or ']', got 'undefined'");
}

TEST_CASE("json_syntax names each invalid string", "[json_syntax]") {
  CHECK(check("{\"x\":\"a\\x\"}") == "7: invalid escape '\\x' in a string [x]");
  CHECK(check("[\"\\u12\"]") == "2: invalid escape in a string: \\u takes four hex digits");
  CHECK(check("[\"\\u12G4\"]") == "2: invalid escape in a string: \\u takes four hex digits");
  CHECK(check("[\"a\tb\"]") == "3: unescaped control character U+0009 in a string");
  CHECK(check("[\"abc") == "1: unterminated string");
  CHECK(check("[\"abc\\") == "1: unterminated string");
  CHECK(check("['a']") ==
        "1: expected a value or ']', got a single quote (JSON strings are in double quotes)");
  CHECK(check("{\"x\":\"\\\x01\"}") == "6: invalid escape in a string: byte 0x01 after '\\' [x]");
  // A key is a string too.
  CHECK(check("{\"a\\q\":1}") == "3: invalid escape '\\q' in a string");
}

TEST_CASE("json_syntax names each invalid object", "[json_syntax]") {
  CHECK(check("{\"a\" \"b\"}") == "5: expected ':' after an object key, got a string [a]");
  CHECK(check("{\"a\":1 \"b\":2}") ==
        "7: expected ',' or '}' after an object member, got a string");
  CHECK(check("{\"a\":1,}") == "7: expected a string key after ',', got '}'");
  CHECK(check("{a:1}") == "1: expected a string key or '}', got 'a'");
  CHECK(check("{\"a\"}") == "4: expected ':' after an object key, got '}' [a]");
  CHECK(check("{\"a\":}") == "5: expected a value, got '}' [a]");
  CHECK(check("{,}") == "1: expected a string key or '}', got ','");
  CHECK(check("{\"x\":{\"a\" 1}}") == "10: expected ':' after an object key, got '1' [x]");
}

TEST_CASE("json_syntax names each invalid array", "[json_syntax]") {
  CHECK(check("{\"extra\":[1,]}") == "12: expected a value after ',', got ']' [extra]");
  CHECK(check("[1 2]") == "3: expected ',' or ']' after an array element, got '2'");
  CHECK(check("[,1]") == "1: expected a value or ']', got ','");
  CHECK(check("[1,,2]") == "3: expected a value after ',', got ','");
}

TEST_CASE("json_syntax names each structural error", "[json_syntax]") {
  CHECK(check("{\"x\":[1}") == "7: expected ',' or ']' after an array element, got '}' [x]");
  CHECK(check("{\"x\":{\"a\":1]}") ==
        "11: expected ',' or '}' after an object member, got ']' [x]");
  CHECK(check("{\"x\":[1]") ==
        "8: expected ',' or '}' after an object member, got the end "
        "of the record");
  CHECK(check("{\"x\":1}}") == "7: expected the end of the record, got '}'");
  CHECK(check("{\"a\":1} {\"b\":2}") == "8: expected the end of the record, got '{'");
  CHECK(check("") == "0: expected a value, got the end of the record");
  CHECK(check("   ") == "3: expected a value, got the end of the record");
  CHECK(check("{\"x\":1,\"y\":\xc3\xa9}") == "11: expected a value, got byte 0xC3 [y]");
}

TEST_CASE("json_syntax names each comment", "[json_syntax]") {
  CHECK(check("{\"x\":1 /* c */}") ==
        "7: expected ',' or '}' after an object member, got '/' (JSON has no comments)");
  CHECK(check("{\"x\":// c\n1}") == "5: expected a value, got '/' (JSON has no comments) [x]");
  CHECK(check("# c\n{}") == "0: expected a value, got '#'");
}

TEST_CASE("json_syntax reports nesting beyond the limit", "[json_syntax]") {
  CHECK(check("[[[]]]", 3).empty());
  CHECK(check("[[[[]]]]", 3) == "3: too deep");
  CHECK(check("{\"a\":{\"b\":{}}}", 2) == "10: too deep [a]");
  // Brackets inside strings are text.
  CHECK(check("[\"[[[[\"]", 1).empty());
}

TEST_CASE("json_syntax checks escapes without unescaping", "[json_syntax]") {
  CHECK(has_valid_escapes(""));
  CHECK(has_valid_escapes("plain"));
  CHECK(has_valid_escapes("\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD800"));
  CHECK_FALSE(has_valid_escapes("\\x"));
  CHECK_FALSE(has_valid_escapes("\\u12"));
  CHECK_FALSE(has_valid_escapes("\\u12G4"));
  CHECK_FALSE(has_valid_escapes("ends with \\"));
  CHECK(is_json_number("-0.5e+10"));
  CHECK(is_json_number("1e400"));
  CHECK_FALSE(is_json_number("01"));
  CHECK_FALSE(is_json_number("1."));
  CHECK_FALSE(is_json_number(""));
}
