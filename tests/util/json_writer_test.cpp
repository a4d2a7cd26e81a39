#include "util/json_writer.hpp"

#include <catch2/catch.hpp>

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
