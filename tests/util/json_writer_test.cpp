#include "util/json_writer.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using lethe::util::json_quote;
using lethe::util::JsonWriter;

TEST_CASE("JsonWriter indents and separates values", "[json_writer]") {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.key("a");
  json.value(1);
  json.key("list");
  json.begin_array();
  json.value("x");
  json.null();
  json.value(true);
  json.end_array();
  json.key("empty");
  json.begin_array();
  json.end_array();
  json.key("real");
  json.value(0.5);
  json.end_object();
  CHECK(out ==
        "{\n  \"a\": 1,\n  \"list\": [\n    \"x\",\n    null,\n    true\n  ],\n  \"empty\": [],\n"
        "  \"real\": 0.5\n}");
}

TEST_CASE("JsonWriter compact form", "[json_writer]") {
  std::string out;
  JsonWriter json(out, 0);
  json.begin_array();
  json.value(std::int64_t{-2});
  json.begin_object();
  json.key("k");
  json.value("v");
  json.end_object();
  json.end_array();
  CHECK(out == "[-2,{\"k\":\"v\"}]");
}

TEST_CASE("json_quote escapes control characters, quotes and backslashes", "[json_writer]") {
  CHECK(json_quote("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\u0001\"");
  CHECK(json_quote("<script>é") == "\"<script>é\"");
}

TEST_CASE("JsonWriter::member writes a key and its value", "[json_writer]") {
  std::string out;
  JsonWriter json(out, 0);
  json.begin_object();
  json.member("s", std::string_view("a\"b"));
  json.member("c", "lit");
  json.member("str", std::string("x"));
  json.member("i", -3);
  json.member("i64", std::int64_t{-4});
  json.member("u64", std::uint64_t{18446744073709551615u});
  json.member("d", 0.25);
  json.member("t", true);
  json.member("f", false);
  json.end_object();
  CHECK(out ==
        "{\"s\":\"a\\\"b\",\"c\":\"lit\",\"str\":\"x\",\"i\":-3,\"i64\":-4,"
        "\"u64\":18446744073709551615,\"d\":0.25,\"t\":true,\"f\":false}");
}

TEST_CASE("JsonWriter::member: optional strings, string lists and null for empty",
          "[json_writer]") {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.member("some", std::optional<std::string>("v"));
  json.member("none", std::optional<std::string>());
  json.member("list", std::vector<std::string>{"a", "b"});
  json.member("empty_list", std::vector<std::string>{});
  json.member_or_null("blank", "");
  json.member_or_null("text", "t");
  json.end_object();
  CHECK(out ==
        "{\n  \"some\": \"v\",\n  \"none\": null,\n  \"list\": [\n    \"a\",\n    \"b\"\n  ],\n"
        "  \"empty_list\": [],\n  \"blank\": null,\n  \"text\": \"t\"\n}");
}

TEST_CASE("JsonWriter::member writes what key() then value() write", "[json_writer]") {
  std::string by_pairs;
  JsonWriter pairs(by_pairs);
  pairs.begin_object();
  pairs.key("n");
  pairs.value(std::uint64_t{7});
  pairs.key("names");
  pairs.begin_array();
  pairs.value("x");
  pairs.end_array();
  pairs.end_object();
  std::string by_members;
  JsonWriter members(by_members);
  members.begin_object();
  members.member("n", std::uint64_t{7});
  members.member("names", std::vector<std::string>{"x"});
  members.end_object();
  CHECK(by_members == by_pairs);
}

TEST_CASE("json quoting: every byte that needs escaping, at every place in a word",
          "[json_writer]") {
  // The reference: one byte at a time.
  auto reference = [](std::string_view text) {
    std::string out = "\"";
    for (char ch : text) {
      auto c = static_cast<unsigned char>(ch);
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7f) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += ch;
      }
    }
    return out + "\"";
  };
  // Each special byte, and its neighbours that need nothing (0x20, 0x21, 0x23, 0x5b, 0x5d,
  // 0x7e, 0x80, 0xff), at each offset of strings of 1 to 24 bytes.
  const std::string specials = std::string("\x00\x01\x1f\"\\\x7f\n", 7);
  const std::string plain = " !#[]~\x80\xff";
  int wrong = 0;
  for (size_t size = 1; size <= 24; ++size) {
    for (size_t at = 0; at < size; ++at) {
      for (char special : specials + plain) {
        std::string text(size, 'a');
        text[at] = special;
        if (lethe::util::json_quote(text) != reference(text)) ++wrong;
      }
    }
  }
  CHECK(wrong == 0);
  CHECK(lethe::util::json_quote("a\"b\\c\x01") == "\"a\\\"b\\\\c\\u0001\"");
  CHECK(lethe::util::json_quote("Zoë ☃ \x7f") == "\"Zoë ☃ \\u007f\"");
}
