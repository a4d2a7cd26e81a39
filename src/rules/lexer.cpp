#include "rules/lexer.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace lethe::rules {

namespace {

// Operators and punctuation, the two-character ones first (so that `<=` is not `<` then `=`).
struct Punctuation {
  std::string_view text;
  TokenKind kind;
};
constexpr Punctuation k_punctuation[] = {
    {"!=", TokenKind::not_equal},     {"<>", TokenKind::not_equal},  {"<=", TokenKind::less_equal},
    {">=", TokenKind::greater_equal}, {".", TokenKind::dot},         {",", TokenKind::comma},
    {"(", TokenKind::left_paren},     {")", TokenKind::right_paren}, {"=", TokenKind::equal},
    {"<", TokenKind::less},           {">", TokenKind::greater},     {"+", TokenKind::plus},
    {"-", TokenKind::minus},
};

// The operator or punctuation `next` (the next two characters) starts with, and its length;
// TokenKind::error (length 1) when it starts with none.
std::pair<TokenKind, size_t> punctuation_at(std::string_view next) {
  for (const auto& entry : k_punctuation) {
    if (next.substr(0, entry.text.size()) == entry.text) return {entry.kind, entry.text.size()};
  }
  return {TokenKind::error, 1};
}

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr std::array<std::pair<std::string_view, TokenKind>, 10> k_keywords{{
    {"and", TokenKind::kw_and},
    {"or", TokenKind::kw_or},
    {"not", TokenKind::kw_not},
    {"in", TokenKind::kw_in},
    {"is", TokenKind::kw_is},
    {"null", TokenKind::kw_null},
    {"true", TokenKind::kw_true},
    {"false", TokenKind::kw_false},
    {"exists", TokenKind::kw_exists},
    {"where", TokenKind::kw_where},
}};

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::end:
      return "end of expression";
    case TokenKind::identifier:
      return fmt::format("name '{}'", token.text);
    case TokenKind::integer:
    case TokenKind::real:
      return fmt::format("number {}", token.text);
    case TokenKind::string:
      return fmt::format("string '{}'", token.text);
    case TokenKind::error:
      return token.text;
    default:
      return fmt::format("'{}'", token.text);
  }
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t start, size_t length, std::string value) {
    tokens.push_back({kind, std::move(value), start, length});
  };
  while (true) {
    while (i < text.size() && is_space(text[i]))
      ++i;
    if (i == text.size()) {
      push(TokenKind::end, i, 0, "");
      return tokens;
    }
    size_t start = i;
    char c = text[i];
    if (is_identifier_start(c)) {
      while (i < text.size() && is_identifier_char(text[i]))
        ++i;
      std::string word(text.substr(start, i - start));
      TokenKind kind = TokenKind::identifier;
      for (const auto& [keyword, keyword_kind] : k_keywords) {
        if (word == keyword) kind = keyword_kind;
      }
      push(kind, start, i - start, std::move(word));
      continue;
    }
    if (is_digit(c)) {
      while (i < text.size() && is_digit(text[i]))
        ++i;
      TokenKind kind = TokenKind::integer;
      if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
        kind = TokenKind::real;
        ++i;
        while (i < text.size() && is_digit(text[i]))
          ++i;
      }
      if (i < text.size() && is_identifier_char(text[i])) {
        push(TokenKind::error, start, i - start + 1,
             fmt::format("unexpected character '{}' in a number", text[i]));
        return tokens;
      }
      push(kind, start, i - start, std::string(text.substr(start, i - start)));
      continue;
    }
    if (c == '\'') {
      std::string value;
      ++i;
      while (true) {
        if (i == text.size()) {
          push(TokenKind::error, start, 1, "unterminated string");
          return tokens;
        }
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            value += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        value += text[i++];
      }
      push(TokenKind::string, start, i - start, std::move(value));
      continue;
    }
    auto [kind, length] = punctuation_at(text.substr(i, 2));
    if (kind == TokenKind::error) {
      std::string shown = c == '"' ? "'\"' (strings take single quotes)" : fmt::format("'{}'", c);
      push(TokenKind::error, start, 1, fmt::format("unexpected character {}", shown));
      return tokens;
    }
    i += length;
    push(kind, start, length, std::string(text.substr(start, length)));
  }
}

}  // namespace lethe::rules
