#include "util/strings.hpp"

#include <catch2/catch.hpp>

using namespace lethe::util;

TEST_CASE("trim, split, join, to_lower", "[strings]") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string_view>{""});
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(to_lower("MiXeD-1") == "mixed-1");
  CHECK(iequals("Yes", "yES"));
  CHECK_FALSE(iequals("Yes", "Ye"));
}

TEST_CASE("closest_match suggests plausible typos only", "[strings]") {
  std::vector<std::string> fields{"last_active_at", "created_at", "keep_requested"};
  CHECK(edit_distance("kitten", "sitting") == 3);
  // Two letters swapped are one edit, as typed.
  CHECK(edit_distance("scna", "scan") == 1);
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_match("scna", {"scan", "schema", "inspect"}) == "scan");
  // A long value is no typo of a short word, and is not compared letter by letter.
  CHECK(closest_match(std::string(50'000'000, 'x'), {"customer", "employee"}).empty());
  CHECK(closest_match("last_activ_at", fields) == "last_active_at");
  CHECK(closest_match("created", fields) == "created_at");
  CHECK(closest_match("zzz", fields).empty());
}

TEST_CASE("quote_for_message escapes and shortens", "[strings]") {
  CHECK(quote_for_message("13/45/2020") == "\"13/45/2020\"");
  CHECK(quote_for_message("a\"b\n") == "\"a\\\"b\\x0a\"");
  CHECK(quote_for_message(std::string(100, 'x')) == "\"" + std::string(80, 'x') + "...\"");
}

TEST_CASE("wrap_lines breaks long lines at spaces with a hanging indent", "[strings]") {
  using lethe::util::wrap_lines;
  // Width 20, continuations indented 4 past the line's own indent.
  CHECK(wrap_lines("  alpha beta gamma delta epsilon\nshort\n", 20, 4) ==
        "  alpha beta gamma\n      delta epsilon\nshort\n");
  // Exactly the width stays; one more column breaks.
  CHECK(wrap_lines("aaaa bbbb cccc dddd", 19, 2) == "aaaa bbbb cccc dddd");
  CHECK(wrap_lines("aaaa bbbb cccc dddd", 18, 2) == "aaaa bbbb cccc\n  dddd");
  // A word wider than the room is kept whole.
  CHECK(wrap_lines("x 0123456789abcdef", 8, 2) == "x\n  0123456789abcdef");
  // Colour codes and UTF-8 take no extra columns.
  CHECK(wrap_lines("\x1b[1;31mFAILED\x1b[0m: 42 ok", 13, 2) == "\x1b[1;31mFAILED\x1b[0m: 42 ok");
  CHECK(wrap_lines("\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9", 7, 0) ==
        "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9");
  CHECK(wrap_lines("\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9", 6, 0) ==
        "\xc3\xa9t\xc3\xa9\n\xc3\xa9t\xc3\xa9");
  // Width 0 leaves the text alone.
  CHECK(wrap_lines("a b c d e f g", 0, 2) == "a b c d e f g");
}
