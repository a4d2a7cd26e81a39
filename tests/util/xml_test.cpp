#include "util/xml.hpp"

#include <catch2/catch.hpp>

using namespace lethe;

TEST_CASE("xml_escape: markup characters and forbidden control characters", "[xml]") {
  CHECK(util::xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(util::xml_escape("tab\tlf\ncr\r") == "tab\tlf\ncr\r");
  CHECK(util::xml_escape(std::string("\x01\x7f", 2)) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(util::xml_escape("é") == "é");
}

TEST_CASE("escape_chars replaces the characters its escape maps, keeps the others", "[xml]") {
  auto escape = [](char c) -> const char* { return c == 'x' ? "[x]" : nullptr; };
  CHECK(util::escape_chars("axbx", escape) == "a[x]b[x]");
  CHECK(util::escape_chars("", escape) == "");
  CHECK(util::html_entity('&') == std::string("&amp;"));
  CHECK(util::html_entity('"') == nullptr);
}
