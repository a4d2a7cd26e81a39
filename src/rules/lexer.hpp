// The lexer of the rule expression language.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::rules {

enum class TokenKind {
  identifier,
  integer,
  real,
  string,  // '...' with '' for a quote; `text` holds the unescaped value
  dot,
  comma,
  left_paren,
  right_paren,
  equal,          // =
  not_equal,      // != or <>
  less,           // <
  less_equal,     // <=
  greater,        // >
  greater_equal,  // >=
  plus,
  minus,
  kw_and,
  kw_or,
  kw_not,
  kw_in,
  kw_is,
  kw_null,
  kw_true,
  kw_false,
  kw_exists,
  kw_where,
  end,
  error,  // `text` holds the message
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;   // as written (identifiers, numbers), unescaped (strings), or the error
  size_t offset = 0;  // byte offset of the token in the expression
  size_t length = 0;
};

// How a token reads in a message: "'where'", "identifier 'p'", "end of expression".
std::string describe(const Token& token);

// Splits `text` into tokens, ending with an `end` token, or an `error` token at the first
// character that starts no token (e.g. an unterminated string).
std::vector<Token> tokenize(std::string_view text);

}  // namespace lethe::rules
