#include "report/markdown.hpp"

#include <catch2/catch.hpp>

using lethe::report::markdown_cell;

TEST_CASE("markdown_cell escapes what would break a table or inject HTML", "[markdown]") {
  CHECK(markdown_cell("plain text") == "plain text");
  CHECK(markdown_cell("a | b") == "a \\| b");
  CHECK(markdown_cell("line\nbreak\r\n") == "line break  ");
  CHECK(markdown_cell("<script>&") == "&lt;script&gt;&amp;");
  CHECK(markdown_cell("`code`") == "\\`code\\`");
  CHECK(markdown_cell("") == "");
}
