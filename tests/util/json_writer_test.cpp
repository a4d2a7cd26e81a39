#include "util/json_writer.hpp"

#include <catch2/catch.hpp>

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
