// The parser of the rule expression language: one function per precedence level.
//
//   expr       := and_expr ('or' and_expr)*
//   and_expr   := not_expr ('and' not_expr)*
//   not_expr   := 'not' not_expr | comparison
//   comparison := additive [ ('='|'!='|'<'|'<='|'>'|'>=') additive
//                          | ['not'] 'in' ( '(' additive (',' additive)* ')' | name )
//                          | 'is' ['not'] 'null'
//                          | ['not'] 'between' additive 'and' additive
//                          | ['not'] 'like' additive ['escape' additive]
//                          | ['not'] 'matches' additive ]
//   additive   := primary (('+'|'-') primary)*
//   primary    := literal | '-' number | name | name '.' name | name '(' [expr (',' expr)*] ')'
//               | 'exists' '(' rows ')' | 'count' '(' ['distinct' additive ','] rows ')'
//               | '(' expr ')'
//   rows       := dataset alias ['where' expr]
//
// between, like, matches, escape and distinct are words, not keywords: they are operators only
// where an operator can stand, so fields and parameters may still bear those names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rules/ast.hpp"

namespace lethe::rules {

// An error in an expression, at a byte offset of its text.
struct ExprError {
  size_t offset = 0;
  std::string message;
  std::string hint;
};

struct ParseOutcome {
  ExprPtr expr;                    // set on success
  std::optional<ExprError> error;  // set on failure
};

// Parses a whole expression; names are not resolved here (see checker.hpp).
ParseOutcome parse_expression(std::string_view text);

}  // namespace lethe::rules
