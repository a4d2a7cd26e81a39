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

namespace {

// Reads one token at a time from an expression's text.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  // The next token: `end` after the last one, `error` (with its message as text) at the first
  // thing that is not a token.
  Token next() {
    while (m_at < m_text.size() && is_space(m_text[m_at]))
      ++m_at;
    if (m_at == m_text.size()) return {TokenKind::end, "", m_at, 0};
    char c = m_text[m_at];
    if (is_identifier_start(c)) return word();
    if (is_digit(c)) return number();
    if (c == '\'') return string();
    return punctuation();
  }

 private:
  // A name or a keyword.
  Token word() {
    size_t start = m_at;
    while (m_at < m_text.size() && is_identifier_char(m_text[m_at]))
      ++m_at;
    std::string text(m_text.substr(start, m_at - start));
    TokenKind kind = TokenKind::identifier;
    for (const auto& [keyword, keyword_kind] : k_keywords) {
      if (text == keyword) kind = keyword_kind;
    }
    return {kind, std::move(text), start, m_at - start};
  }

  // An integer or a real (digits, a dot and digits); a letter right after it is an error.
  Token number() {
    size_t start = m_at;
    skip_digits();
    TokenKind kind = TokenKind::integer;
    if (m_at + 1 < m_text.size() && m_text[m_at] == '.' && is_digit(m_text[m_at + 1])) {
      kind = TokenKind::real;
      ++m_at;
      skip_digits();
    }
    if (m_at < m_text.size() && is_identifier_char(m_text[m_at])) {
      return {TokenKind::error, fmt::format("unexpected character '{}' in a number", m_text[m_at]),
              start, m_at - start + 1};
    }
    return {kind, std::string(m_text.substr(start, m_at - start)), start, m_at - start};
  }

  void skip_digits() {
    while (m_at < m_text.size() && is_digit(m_text[m_at]))
      ++m_at;
  }

  // A string in single quotes, a quote inside doubled ('it''s').
  Token string() {
    size_t start = m_at++;
    std::string value;
    while (true) {
      if (m_at == m_text.size()) return {TokenKind::error, "unterminated string", start, 1};
      if (m_text[m_at] == '\'') {
        if (m_at + 1 < m_text.size() && m_text[m_at + 1] == '\'') {
          value += '\'';
          m_at += 2;
          continue;
        }
        ++m_at;
        return {TokenKind::string, std::move(value), start, m_at - start};
      }
      value += m_text[m_at++];
    }
  }

  // An operator or punctuation.
  Token punctuation() {
    size_t start = m_at;
    auto [kind, length] = punctuation_at(m_text.substr(m_at, 2));
    if (kind == TokenKind::error) {
      char c = m_text[m_at];
      std::string shown = c == '"' ? "'\"' (strings take single quotes)" : fmt::format("'{}'", c);
      return {TokenKind::error, fmt::format("unexpected character {}", shown), start, 1};
    }
    m_at += length;
    return {kind, std::string(m_text.substr(start, length)), start, length};
  }

  std::string_view m_text;
  size_t m_at = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Lexer lexer(text);
  do {
    tokens.push_back(lexer.next());
  } while (tokens.back().kind != TokenKind::end && tokens.back().kind != TokenKind::error);
  return tokens;
}

}  // namespace lethe::rules
