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

TEST_CASE("format_diagnostic shows 100 bytes of a long line around the caret", "[diagnostic]") {
  std::string line = std::string(300, 'a') + "X" + std::string(300, 'b');
  CHECK(format_diagnostic({"m.yaml", 1, 301}, "here", line) ==
        "m.yaml:1:301: here\n  ..." + std::string(50, 'a') + "X" + std::string(49, 'b') +
            "...\n  " + std::string(53, ' ') + "^");
  // Near either end only one side is cut.
  CHECK(format_diagnostic({"m.yaml", 1, 2}, "start", line) ==
        "m.yaml:1:2: start\n  " + std::string(100, 'a') + "...\n   ^");
  CHECK(format_diagnostic({"m.yaml", 1, 601}, "end", line) ==
        "m.yaml:1:601: end\n  ..." + std::string(51, 'b') + "\n  " + std::string(53, ' ') + "^");
  // A cut never falls inside a UTF-8 character ("é" is two bytes), and the caret counts
  // characters.
  std::string accents;
  for (int i = 0; i < 100; ++i)
    accents += "\xC3\xA9";
  std::string shown = format_diagnostic({"m.yaml", 1, 101}, "utf8", accents);
  CHECK(shown == "m.yaml:1:101: utf8\n  ..." + accents.substr(50, 100) + "...\n  " +
                     std::string(28, ' ') + "^");
  // Bytes that are not UTF-8 move the cuts by at most three bytes.
  std::string invalid(5000, '\x80');
  CHECK(format_diagnostic({"m.yaml", 1, 2500}, "bad", invalid).size() < 200);
  CHECK(format_diagnostic({"m.yaml", 1, 5}, "short", "\xC3\xA9\xC3\xA9x") ==
        "m.yaml:1:5: short\n  \xC3\xA9\xC3\xA9x\n    ^");
}
