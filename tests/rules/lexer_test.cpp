#include "rules/lexer.hpp"

#include <catch2/catch.hpp>

using lethe::rules::describe;
using lethe::rules::tokenize;
using lethe::rules::TokenKind;

namespace {

// "kind:text@offset" for every token but the end.
std::vector<std::string> lex(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text)) {
    if (token.kind == TokenKind::end) break;
    out.push_back(describe(token) + "@" + std::to_string(token.offset));
  }
  return out;
}

}  // namespace

TEST_CASE("tokenize: names, keywords, operators and offsets", "[lexer]") {
  CHECK(lex("p.last_active_at <= as_of - months(18)") ==
        std::vector<std::string>{"name 'p'@0", "'.'@1", "name 'last_active_at'@2", "'<='@17",
                                 "name 'as_of'@20", "'-'@26", "name 'months'@28", "'('@34",
                                 "number 18@35", "')'@37"});
  CHECK(lex("a and not b or exists(x y where z is not null)") ==
        std::vector<std::string>{"name 'a'@0", "'and'@2", "'not'@6", "name 'b'@10", "'or'@12",
                                 "'exists'@15", "'('@21", "name 'x'@22", "name 'y'@24",
                                 "'where'@26", "name 'z'@32", "'is'@34", "'not'@37", "'null'@41",
                                 "')'@45"});
  CHECK(lex("x != 1 <> 2 >= 3.5 > 0 < 1 = true, false") ==
        std::vector<std::string>{"name 'x'@0", "'!='@2", "number 1@5", "'<>'@7", "number 2@10",
                                 "'>='@12", "number 3.5@15", "'>'@19", "number 0@21", "'<'@23",
                                 "number 1@25", "'='@27", "'true'@29", "','@33", "'false'@35"});
}

TEST_CASE("tokenize: strings with doubled quotes, across lines", "[lexer]") {
  auto tokens = tokenize("s in ('it''s', 'a\nb')");
  REQUIRE(tokens.size() == 8);
  CHECK(tokens[3].kind == TokenKind::string);
  CHECK(tokens[3].text == "it's");
  CHECK(tokens[3].length == 7);
  CHECK(tokens[5].text == "a\nb");
}

TEST_CASE("tokenize: errors stop at the offending character", "[lexer]") {
  auto unterminated = tokenize("x = 'abc");
  CHECK(unterminated.back().kind == TokenKind::error);
  CHECK(unterminated.back().text == "unterminated string");
  CHECK(unterminated.back().offset == 4);
  auto double_quote = tokenize("x = \"abc\"");
  CHECK(double_quote.back().text == "unexpected character '\"' (strings take single quotes)");
  CHECK(double_quote.back().offset == 4);
  auto at = tokenize("x @ y");
  CHECK(at.back().text == "unexpected character '@'");
  CHECK(tokenize("12ab").back().text == "unexpected character 'a' in a number");
}
