// YamlFile: diagnostics quote the right source line, also for texts short enough to live inside
// the string object (which moves with the file).
#include "util/yaml_file.hpp"

#include <catch2/catch.hpp>

TEST_CASE("YamlFile quotes the source line after the file has moved", "[yaml-file]") {
  // Found by the waivers_config fuzz target: 13 bytes, kept inside std::string's own buffer.
  auto file = lethe::util::YamlFile::parse("waivers:\n  - ", "waivers.yaml");
  REQUIRE(file);
  lethe::util::YamlFile moved = std::move(*file);
  CHECK(moved.line_text(1) == "waivers:");
  CHECK(moved.line_text(2) == "  - ");
  CHECK(moved.line_text(3).empty());
  CHECK(moved.error_at({"waivers.yaml", 1, 1}, "expected a list").message ==
        "waivers.yaml:1:1: expected a list\n  waivers:\n  ^");
}
