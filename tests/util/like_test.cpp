#include "util/like.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace lethe::util;

namespace {

std::string canonical(std::string_view pattern, std::string_view escape) {
  auto result = canonical_like_pattern(pattern, escape);
  REQUIRE(result);
  return *result;
}

std::string refusal(std::string_view pattern, std::string_view escape) {
  auto result = canonical_like_pattern(pattern, escape);
  REQUIRE_FALSE(result);
  return result.error().message;
}

}  // namespace

TEST_CASE("canonical LIKE patterns escape with a backslash", "[like]") {
  // No escape character: `\` is a literal, as the SQL standard has it.
  CHECK(canonical("a%b_c", "") == "a%b_c");
  CHECK(canonical("a\\b", "") == "a\\\\b");
  CHECK(canonical("", "") == "");
  CHECK(canonical("50!%", "!") == "50\\%");
  CHECK(canonical("a!_b", "!") == "a\\_b");
  CHECK(canonical("!!", "!") == "!");
  CHECK(canonical("a\\b", "!") == "a\\\\b");
  // An escape before an ordinary character is that character, as in PostgreSQL.
  CHECK(canonical("a!b", "!") == "ab");
  CHECK(canonical("\\%", "\\") == "\\%");
  CHECK(canonical("\\\\", "\\") == "\\\\");
  CHECK(canonical("\\a", "\\") == "a");
  CHECK(canonical("x§%§§", "§") == "x\\%§");
  CHECK(canonical("é!é", "!") == "éé");
}

TEST_CASE("LIKE patterns and escapes that are refused", "[like]") {
  CHECK(refusal("a!", "!") == "LIKE pattern ends with its escape character '!'");
  CHECK(refusal("é", "é") == "LIKE pattern ends with its escape character 'é'");
  CHECK(refusal("a", "ab") == "LIKE escape must be a single character, not 'ab'");
  CHECK(refusal("a", "\xff") == "LIKE escape must be a single character, not '\xff'");
  CHECK(refusal("a", "%") == "LIKE escape cannot be the wildcard '%'");
  CHECK(refusal("a", "_") == "LIKE escape cannot be the wildcard '_'");
  CHECK(refusal("a\xc3", "") == "LIKE pattern is not valid UTF-8");
  CHECK(refusal("\xed\xa0\x80", "") == "LIKE pattern is not valid UTF-8");
}

TEST_CASE("like_match: % any run, _ one character, byte for byte", "[like]") {
  CHECK(like_match("", ""));
  CHECK(like_match("", "%"));
  CHECK_FALSE(like_match("", "_"));
  CHECK(like_match("abc", "abc"));
  CHECK_FALSE(like_match("abc", "ab"));
  CHECK_FALSE(like_match("ab", "abc"));
  CHECK(like_match("abc", "a%"));
  CHECK(like_match("abc", "%c"));
  CHECK(like_match("abc", "%b%"));
  CHECK(like_match("abc", "a_c"));
  CHECK(like_match("abc", "%%%"));
  CHECK_FALSE(like_match("abc", "%d%"));
  CHECK_FALSE(like_match("abc", "ABC"));  // case-sensitive
  // `_` is one character, however many bytes.
  CHECK(like_match("café", "caf_"));
  CHECK_FALSE(like_match("café", "caf__"));
  CHECK(like_match("x\U0001F600y", "x_y"));
  CHECK(like_match("Straße", "Stra_e"));
  // No normalization: é as e and a combining accent is two characters.
  CHECK_FALSE(like_match("e\u0301", "é"));
  CHECK(like_match("e\u0301", "__"));
  // Escapes.
  CHECK(like_match("50%", "50\\%"));
  CHECK_FALSE(like_match("500", "50\\%"));
  CHECK(like_match("a_b", "a\\_b"));
  CHECK_FALSE(like_match("axb", "a\\_b"));
  CHECK(like_match("a\\b", "a\\\\b"));
  CHECK(like_match("a\nb", "a_b"));
  CHECK(like_match("a\nb", "%\n%"));
}

TEST_CASE("like_match has no exponential backtracking", "[like]") {
  std::string text(100'000, 'a');
  CHECK_FALSE(like_match(text, "%a%a%a%a%a%a%a%a%b"));
  CHECK(like_match(text + "b", "%a%a%a%a%a%a%a%a%b"));
  CHECK(like_match(text, "%a_a%"));
}

TEST_CASE("like_match on bytes that are not UTF-8 stays within the text", "[like]") {
  CHECK(like_match("\xff\xfe", "__"));
  CHECK(like_match("a\xf0", "a_"));
  CHECK_FALSE(like_match("a\xf0", "a__"));
  CHECK(like_match("\xc3", "%"));
}
