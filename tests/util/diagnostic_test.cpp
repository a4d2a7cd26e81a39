#include "util/diagnostic.hpp"

#include <catch2/catch.hpp>

using lethe::util::format_diagnostic;
using lethe::util::format_location;
using lethe::util::SourceLocation;

TEST_CASE("format_location omits unknown parts", "[diagnostic]") {
  CHECK(format_location({"a.yaml", 3, 7}) == "a.yaml:3:7");
  CHECK(format_location({"a.csv", 42, 0}) == "a.csv:42");
  CHECK(format_location({"a.csv", 0, 0}) == "a.csv");
}

TEST_CASE("format_diagnostic shows the line, a caret and a hint", "[diagnostic]") {
  CHECK(format_diagnostic({"r.yaml", 2, 5}, "unknown field 'x'", "a = p.x", "did you mean 'y'?") ==
        "r.yaml:2:5: unknown field 'x'\n  a = p.x\n      ^\nhint: did you mean 'y'?");
  CHECK(format_diagnostic({"r.yaml", 2, 1}, "oops", "\tx") == "r.yaml:2:1: oops\n  \tx\n  ^");
  CHECK(format_diagnostic({"r.yaml", 2, 0}, "oops", "x") == "r.yaml:2: oops");
}
