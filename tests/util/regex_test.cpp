#include "util/regex.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace lethe::util;

namespace {

// The PostgreSQL forms of \b and \B, and what follows a pattern that matches the empty string
// inside a character (see to_postgres_regex).
const std::string k_boundary =
    "(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))";
const std::string k_not_boundary =
    "(?:(?<=[0-9A-Z_a-z])(?=[0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?![0-9A-Z_a-z]))";
const std::string k_inside_char = "|[\\u0080-\\U0010FFFF]";
const std::string k_syntax_hint = "the syntax is RE2's: https://github.com/google/re2/wiki/Syntax";
const std::string k_too_complex =
    "pattern is too complex for PostgreSQL: too many optional parts or \\b in a row";

bool search(std::string_view pattern, std::string_view text) {
  auto regex = Regex::compile(pattern);
  REQUIRE(regex);
  return regex->search(text);
}

void check_refused(std::string_view pattern, size_t offset, const std::string& message) {
  INFO(pattern);
  auto error = check_regex(pattern);
  REQUIRE(error);
  CHECK(error->offset == offset);
  CHECK(error->message == message);
  CHECK_FALSE(error->hint.empty());
  auto compiled = Regex::compile(pattern);
  REQUIRE_FALSE(compiled);
  CHECK(compiled.error().message == message);
  // A refused pattern matches nothing in PostgreSQL rather than something else.
  CHECK(to_postgres_regex(pattern) == "[^\\u0001-\\U0010FFFF]");
}

}  // namespace

TEST_CASE("RE2 syntax errors name the offending fragment", "[regex]") {
  check_refused("(ab", 0, "invalid regular expression: missing ): (ab");
  check_refused("a**", 1, "invalid regular expression: bad repetition operator: **");
  check_refused("[a", 0, "invalid regular expression: missing ]: [a");
  check_refused("x{2,1}", 1, "invalid regular expression: invalid repetition size: {2,1}");
  check_refused("ab\\8", 2, "invalid regular expression: invalid escape sequence: \\8");
  check_refused("a)", 0, "invalid regular expression: unexpected ): a)");
  check_refused("(?<n>a)", 0, "invalid regular expression: invalid perl operator: (?<");
  check_refused("[[:foo:]]", 1,
                "invalid regular expression: invalid character class range: [:foo:]");
  CHECK(check_regex("(ab")->hint == k_syntax_hint);
}

TEST_CASE("constructs PostgreSQL cannot reproduce are refused where they are", "[regex]") {
  const std::string unicode =
      " is not supported: Unicode classes differ between RE2 and PostgreSQL";
  check_refused("\\pL", 0, "\\pL" + unicode);
  check_refused("a\\p{Greek}", 1, "\\p{Greek}" + unicode);
  check_refused("[a\\PL]", 2, "\\PL" + unicode);
  check_refused("\\Q.*\\E", 0, "\\Q...\\E is not supported");
  check_refused("x\\C", 1, "\\C (any byte) is not supported");
  CHECK(check_regex("\\Q.*\\E")->hint ==
        "escape each special character with a backslash instead: a\\.b\\*");
  // RE2 allows counts up to 1000, PostgreSQL up to 255.
  check_refused("a{256}", 1,
                "repetition {256} is not supported: PostgreSQL allows counts up to 255");
  check_refused("a{1,300}", 1,
                "repetition {1,300} is not supported: PostgreSQL allows counts up to 255");
  check_refused("a{300,}", 1,
                "repetition {300,} is not supported: PostgreSQL allows counts up to 255");
  CHECK(check_regex("a{256}")->hint == "repeat a group instead: x{300} is (?:x{150}){2}");
  CHECK_FALSE(check_regex("x{255}"));
}

TEST_CASE("runs PostgreSQL compiles too slowly or not at all are refused", "[regex]") {
  // Optional parts in a row (each copy of a repeated group counts), and \b (16 each).
  check_refused("(?:a?){251}", 0, k_too_complex);
  CHECK_FALSE(check_regex("(?:a?){250}"));
  std::string boundaries;
  for (int i = 0; i < 15; ++i)
    boundaries += "\\b";
  CHECK_FALSE(check_regex(boundaries));
  check_refused(boundaries + "\\b", 30, k_too_complex);
  check_refused("(?:\\ba?){15}", 0, k_too_complex);
  check_refused("x(?m)(?:^a?$){100}", 5, k_too_complex);
  CHECK(check_regex("(?:a?){251}")->hint ==
        "make fewer parts optional next to each other, or repeat one character (a{0,200}, not "
        "(?:a?){200})");
  // A repeated character, and a repeated group that always takes one, are cheap.
  CHECK_FALSE(check_regex("a{0,255}b{0,255}"));
  CHECK_FALSE(check_regex("(?:ab){0,255}(?:cd){0,255}"));
  CHECK_FALSE(check_regex("(?:\\b\\w+\\b\\W*){255}"));
}

TEST_CASE("literals, escapes and anchors in PostgreSQL", "[regex]") {
  CHECK(to_postgres_regex("abc") == "abc");
  CHECK(to_postgres_regex("").empty());
  // Punctuation is escaped with a backslash, what is not visible with a fixed-length \u.
  CHECK(to_postgres_regex("\\{\\}\\|\\$") == "\\{\\}\\|\\$");
  CHECK(to_postgres_regex("\\x41\\x{263a}\\101") ==
        "A\u263a"
        "A");
  CHECK(to_postgres_regex("\\t\\a\\.\\\\") == "\\t\\u0007\\.\\\\");
  CHECK(to_postgres_regex("a\nb") == "a\\nb");
  CHECK(to_postgres_regex("\\x{E000}\\x{10FFFF}") == "\\uE000\\U0010FFFF");
  // NUL and the surrogates occur in no PostgreSQL text.
  CHECK(to_postgres_regex("\\x00") == "[^\\u0001-\\U0010FFFF]");
  CHECK(to_postgres_regex("\\x{D800}") == "[^\\u0001-\\U0010FFFF]");
  // RE2's `.` stops at a newline, ARE's does not; RE2's `$` is the end of the text alone.
  CHECK(to_postgres_regex(".") == "[^\\n]");
  CHECK(to_postgres_regex("(?s).") == ".");
  CHECK(to_postgres_regex("^a$") == "^a$");
  CHECK(to_postgres_regex("\\Aa\\z") == "^a$");
  CHECK(to_postgres_regex("(?m)^a$") == "(?:^|(?<=\\n))a(?:$|(?=\\n))");
  // ARE's \b is a backspace.
  CHECK(to_postgres_regex("\\bfoo\\b") == k_boundary + "foo" + k_boundary);
  CHECK(to_postgres_regex("\\B") == k_not_boundary + k_inside_char);
  CHECK(to_postgres_regex("a*\\B") == "a*" + k_not_boundary + k_inside_char);
  CHECK(to_postgres_regex("a\\B") == "a" + k_not_boundary);
}

TEST_CASE("classes in PostgreSQL are explicit ASCII sets", "[regex]") {
  CHECK(to_postgres_regex("\\d\\D\\w\\W\\s\\S") ==
        "[0-9][^0-9][0-9A-Z\\_a-z][^0-9A-Z\\_a-z][\\t\\n\\f\\r ][^\\t\\n\\f\\r ]");
  CHECK(to_postgres_regex("[[:alpha:]]") == "[A-Za-z]");
  CHECK(to_postgres_regex("[[:^alpha:]]") == "[^A-Za-z]");
  CHECK(to_postgres_regex("[^a]") == "[^a]");
  CHECK(to_postgres_regex("[]a]") == "[\\]a]");
  CHECK(to_postgres_regex("[a-]") == "[\\-a]");
  CHECK(to_postgres_regex("[\\d-z]") == "[\\-0-9z]");
  CHECK(to_postgres_regex("[\\[\\]\\-\\^]") == "[\\-\\[\\]\\^]");
  CHECK(to_postgres_regex("[\\x00-\\x1f]") == "[\\u0001-\\u001F]");
  CHECK(to_postgres_regex("[\\x{80}-\\x{10FFFF}]") == "[^\\u0001-\\u007F]");
  CHECK(to_postgres_regex("[\\x00-\\x{10FFFF}]") == ".");
  CHECK(to_postgres_regex("[^\\x00-\\x{10FFFF}]") == "[^\\u0001-\\U0010FFFF]");
}

TEST_CASE("groups and repetition in PostgreSQL", "[regex]") {
  CHECK(to_postgres_regex("(?P<year>\\d{4})") == "(?:[0-9]{4})");
  CHECK(to_postgres_regex("(ab)?") == "(?:ab)?");
  CHECK(to_postgres_regex("(?:a|b)+") == "(?:a|b)+");
  CHECK(to_postgres_regex("a|") == "a|");
  CHECK(to_postgres_regex("(|a)") == "(?:|a)");
  CHECK(to_postgres_regex("()") == "(?:)");
  // Laziness decides which match is found, not whether there is one.
  CHECK(to_postgres_regex("a{2,}?") == "a{2,}");
  CHECK(to_postgres_regex("a*?") == "a*");
  CHECK(to_postgres_regex("(?U)a+?") == "a+");
  // A `{` that starts no count is a literal, as in RE2.
  CHECK(to_postgres_regex("a{,3}") == "a\\{\\,3\\}");
  CHECK(to_postgres_regex("a{01}") == "a\\{01\\}");
  // ARE refuses to repeat an assertion: once or more is once, none or more is nothing.
  CHECK(to_postgres_regex("^*a") == "a");
  CHECK(to_postgres_regex("(^)*a") == "a");
  CHECK(to_postgres_regex("\\b+x") == k_boundary + "x");
}

TEST_CASE("(?i) is written out as the cases RE2 has for each character", "[regex]") {
  CHECK(to_postgres_regex("(?i)1") == "1");
  CHECK(to_postgres_regex("(?i)k") == "[Kk\u212A]");
  CHECK(to_postgres_regex("(?i)[^k]") == "[^Kk\u212A]");
  CHECK(to_postgres_regex("(?i)straße") == "[Ss\u017F][Tt][Rr][Aa][ß\u1E9E][Ee]");
  CHECK(to_postgres_regex("(?i)é") == "[Éé]");
  CHECK(to_postgres_regex("(?i)σ") == "[Σςσ]");
  CHECK(to_postgres_regex("(?i)\\x{10400}") == "[\U00010400\U00010428]");
  CHECK(to_postgres_regex("(?i)[a-z]") == "[A-Za-z\u017F\u212A]");
  CHECK(to_postgres_regex("(?i)\\W") == "[^0-9A-Z\\_a-z\u017F\u212A]");
  // Flags anywhere, for the rest of their group or for their own.
  CHECK(to_postgres_regex("a(?i)b(?-i)c") == "a[Bb]c");
  CHECK(to_postgres_regex("(?i:a)b") == "(?:[Aa])b");
  CHECK(to_postgres_regex("a|(?i)b|c") == "a|[Bb]|[Cc]");
  CHECK(to_postgres_regex("(a(?i)b)c") == "(?:a[Bb])c");
  // The hand-written cases of ASCII letters are RE2's.
  for (char letter = 'A'; letter <= 'z'; ++letter) {
    if (letter > 'Z' && letter < 'a') continue;
    std::string pattern = std::string("(?i)^") + letter + "$";
    for (char other : std::string("KkSs")) {
      bool same = (letter | 0x20) == (other | 0x20);
      CHECK(search(pattern, std::string(1, other)) == same);
    }
  }
  CHECK(search("(?i)^k$", "\u212A"));
  CHECK(search("(?i)^s$", "\u017F"));
}

TEST_CASE("RE2's case folding pairs nothing at or above U+20000 with anything below", "[regex]") {
  // Which to_postgres_regex relies on, to ask RE2 for the cases of code points below only.
  std::string below;
  for (char32_t code = 1; code < 0x20000; ++code) {
    if (code >= 0xD800 && code <= 0xDFFF) continue;
    if (code < 0x80) {
      below += static_cast<char>(code);
    } else if (code < 0x800) {
      below += static_cast<char>(0xC0 | (code >> 6));
      below += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      below += static_cast<char>(0xE0 | (code >> 12));
      below += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      below += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      below += static_cast<char>(0xF0 | (code >> 18));
      below += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      below += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      below += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  CHECK_FALSE(search("(?i)[\\x{20000}-\\x{10FFFF}]", below));
  CHECK(search("[\\x{1FFFF}]", below));
}

TEST_CASE("search is RE2's unanchored search", "[regex]") {
  CHECK(search("b", "abc"));
  CHECK_FALSE(search("^b", "abc"));
  CHECK_FALSE(search("a.b", "a\nb"));
  CHECK(search("(?s)a.b", "a\nb"));
  CHECK(search("a[^x]b", "a\nb"));
  CHECK_FALSE(search("a$", "a\n"));
  CHECK(search("(?m)a$", "a\nb"));
  CHECK(search("^\\d+$", "123"));
  CHECK_FALSE(search("\\d", "\u0663"));  // ARABIC-INDIC DIGIT THREE: \d is ASCII
  CHECK_FALSE(search("\\w", "é"));
  CHECK(search("caf\\b", "café"));
  // RE2 searches byte positions: \B holds between the bytes of one character.
  CHECK(search("\\B", "x\U0001F600y"));
  CHECK_FALSE(search("\\B", "x y"));
  CHECK(search("^Σ", "Σίσυφος"));
  CHECK_FALSE(search("\\x00", "a"));
}
