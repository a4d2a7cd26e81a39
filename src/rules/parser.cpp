#include "rules/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "rules/lexer.hpp"
#include "util/strings.hpp"

namespace lethe::rules {

namespace {

// Thrown inside the parser only, caught in parse_expression: it keeps the one-function-per-level
// code free of error plumbing.
struct ParseFailure {
  ExprError error;
};

// Deep nesting is refused before it can exhaust the stack.
constexpr int k_max_depth = 200;

const std::vector<std::string> k_functions{"coalesce", "count",  "days",   "length",
                                           "lower",    "months", "substr", "timestamp",
                                           "trim",     "upper",  "years"};

// Operators that are words but no keywords: they read as operators only after an operand, so
// that a field or parameter may still be called `like` or `between`.
constexpr std::string_view k_between = "between";
constexpr std::string_view k_like = "like";
constexpr std::string_view k_matches = "matches";
constexpr std::string_view k_escape = "escape";
constexpr std::string_view k_distinct = "distinct";

// The word operators, and those that are keywords, for "did you mean" after an operand.
const std::vector<std::string> k_operator_words{"and",  "between", "in",     "is",
                                                "like", "matches", "not in", "or"};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

  ExprPtr parse_all() {
    ExprPtr expr = parse_or();
    if (peek().kind != TokenKind::end) {
      std::string hint;
      if (peek().kind == TokenKind::identifier) {
        std::string close = util::closest_match(peek().text, k_operator_words);
        if (!close.empty()) hint = fmt::format("did you mean '{}'?", close);
      }
      fail(peek(),
           fmt::format("expected 'and', 'or' or end of expression, got {}", describe(peek())),
           hint);
    }
    return expr;
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t index = std::min(m_position + ahead, m_tokens.size() - 1);
    return m_tokens[index];
  }
  const Token& advance() {
    const Token& token = peek();
    if (m_position + 1 < m_tokens.size()) ++m_position;
    return token;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    advance();
    return true;
  }
  // Whether the token `ahead` is the word operator `word`.
  bool is_word(std::string_view word, size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::identifier && peek(ahead).text == word;
  }
  // The word operator (between, like, matches) at the next token, or after a `not` there.
  std::optional<std::string_view> word_operator() const {
    size_t ahead = peek().kind == TokenKind::kw_not ? 1 : 0;
    for (std::string_view word : {k_between, k_like, k_matches}) {
      if (is_word(word, ahead)) return word;
    }
    return std::nullopt;
  }
  [[noreturn]] void fail(const Token& at, std::string message, std::string hint = {}) {
    if (at.kind == TokenKind::error) message = at.text;
    throw ParseFailure{{at.offset, std::move(message), std::move(hint)}};
  }
  const Token& expect(TokenKind kind, std::string_view what) {
    if (peek().kind != kind)
      fail(peek(), fmt::format("expected {}, got {}", what, describe(peek())));
    return advance();
  }

  struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.m_depth > k_max_depth) {
        parser.fail(parser.peek(),
                    fmt::format("expression nested deeper than {} levels", k_max_depth));
      }
    }
    ~DepthGuard() { --parser.m_depth; }
  };

  static ExprPtr node(ExprKind kind, size_t offset) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->offset = offset;
    return expr;
  }

  // `operand (op operand)*` as one `kind` node with every operand as a child (or the operand
  // alone when there is no `op`).
  ExprPtr parse_chain(TokenKind op, ExprKind kind, ExprPtr (Parser::*operand)()) {
    ExprPtr left = (this->*operand)();
    if (peek().kind != op) return left;
    auto expr = node(kind, left->offset);
    expr->children.push_back(std::move(left));
    while (accept(op))
      expr->children.push_back((this->*operand)());
    return expr;
  }

  ExprPtr parse_or() {
    return parse_chain(TokenKind::kw_or, ExprKind::logical_or, &Parser::parse_and);
  }

  ExprPtr parse_and() {
    return parse_chain(TokenKind::kw_and, ExprKind::logical_and, &Parser::parse_not);
  }

  ExprPtr parse_not() {
    if (peek().kind == TokenKind::kw_not) {
      DepthGuard guard(*this);
      auto expr = node(ExprKind::logical_not, advance().offset);
      expr->children.push_back(parse_not());
      return expr;
    }
    return parse_comparison();
  }

  ExprPtr parse_comparison() {
    ExprPtr left = parse_additive();
    const Token& op = peek();
    std::optional<CompareOp> compare;
    switch (op.kind) {
      case TokenKind::equal:
        compare = CompareOp::equal;
        break;
      case TokenKind::not_equal:
        compare = CompareOp::not_equal;
        break;
      case TokenKind::less:
        compare = CompareOp::less;
        break;
      case TokenKind::less_equal:
        compare = CompareOp::less_equal;
        break;
      case TokenKind::greater:
        compare = CompareOp::greater;
        break;
      case TokenKind::greater_equal:
        compare = CompareOp::greater_equal;
        break;
      default:
        break;
    }
    if (compare) {
      auto expr = node(ExprKind::compare, left->offset);
      expr->op_offset = advance().offset;
      expr->compare = *compare;
      expr->children.push_back(std::move(left));
      expr->children.push_back(parse_additive());
      return expr;
    }
    if (op.kind == TokenKind::kw_in ||
        (op.kind == TokenKind::kw_not && peek(1).kind == TokenKind::kw_in)) {
      auto expr = node(ExprKind::in_list, left->offset);
      expr->op_offset = op.offset;
      expr->negated = accept(TokenKind::kw_not);
      advance();  // in
      expr->children.push_back(std::move(left));
      parse_in_items(*expr);
      return expr;
    }
    if (auto word = word_operator()) return parse_word_operator(std::move(left), *word);
    if (op.kind == TokenKind::kw_is) {
      auto expr = node(ExprKind::is_null, left->offset);
      expr->op_offset = advance().offset;
      expr->negated = accept(TokenKind::kw_not);
      expect(TokenKind::kw_null, "'null'");
      expr->children.push_back(std::move(left));
      return expr;
    }
    return left;
  }

  // `x [not] between a and b`, `s [not] like p [escape e]`, `s [not] matches p`.
  ExprPtr parse_word_operator(ExprPtr left, std::string_view word) {
    ExprKind kind = word == k_between ? ExprKind::between
                    : word == k_like  ? ExprKind::like
                                      : ExprKind::matches;
    auto expr = node(kind, left->offset);
    expr->op_offset = peek().offset;
    expr->negated = accept(TokenKind::kw_not);
    advance();  // the word
    expr->children.push_back(std::move(left));
    expr->children.push_back(parse_additive());
    if (kind == ExprKind::between) {
      expect(TokenKind::kw_and, "'and' after the low end of 'between'");
      expr->children.push_back(parse_additive());
    } else if (kind == ExprKind::like && is_word(k_escape)) {
      advance();
      expr->children.push_back(parse_additive());
    }
    return expr;
  }

  void parse_in_items(Expr& expr) {
    if (peek().kind == TokenKind::identifier && peek(1).kind != TokenKind::left_paren &&
        peek(1).kind != TokenKind::dot) {
      // `x in allowed_purposes`: a list parameter.
      expr.children.push_back(parse_primary());
      return;
    }
    expect(TokenKind::left_paren, "'(' or a list parameter after 'in'");
    do {
      expr.children.push_back(parse_additive());
    } while (accept(TokenKind::comma));
    expect(TokenKind::right_paren, "',' or ')'");
  }

  ExprPtr parse_additive() {
    ExprPtr left = parse_primary();
    while (peek().kind == TokenKind::plus || peek().kind == TokenKind::minus) {
      const Token& op = advance();
      auto expr = node(ExprKind::arith, left->offset);
      expr->op_offset = op.offset;
      expr->arith = op.kind == TokenKind::plus ? '+' : '-';
      expr->children.push_back(std::move(left));
      expr->children.push_back(parse_primary());
      left = std::move(expr);
    }
    return left;
  }

  ExprPtr parse_number(const Token& token, bool negative) {
    auto expr = node(ExprKind::literal, token.offset);
    std::string text = (negative ? "-" : "") + token.text;
    if (token.kind == TokenKind::integer) {
      std::int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) {
        fail(token, fmt::format("number {} is too large", text));
      }
      expr->value = Value::of_integer(value);
    } else {
      expr->value = Value::of_real(std::stod(text));
    }
    return expr;
  }

  ExprPtr parse_primary() {
    DepthGuard guard(*this);
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::integer:
      case TokenKind::real:
        return parse_number(advance(), false);
      case TokenKind::minus: {
        advance();
        const Token& number = peek();
        if (number.kind != TokenKind::integer && number.kind != TokenKind::real) {
          fail(number, fmt::format("expected a number after '-', got {}", describe(number)));
        }
        auto expr = parse_number(advance(), true);
        expr->offset = token.offset;
        return expr;
      }
      case TokenKind::string: {
        auto expr = node(ExprKind::literal, token.offset);
        expr->value = Value::of_string(advance().text);
        return expr;
      }
      case TokenKind::kw_true:
      case TokenKind::kw_false: {
        auto expr = node(ExprKind::literal, token.offset);
        expr->value = Value::of_boolean(advance().kind == TokenKind::kw_true);
        return expr;
      }
      case TokenKind::kw_null: {
        auto expr = node(ExprKind::literal, advance().offset);
        return expr;
      }
      case TokenKind::left_paren: {
        advance();
        ExprPtr inner = parse_or();
        expect(TokenKind::right_paren, "')'");
        return inner;
      }
      case TokenKind::kw_exists:
        return parse_exists();
      case TokenKind::identifier:
        return parse_name();
      default:
        fail(token, fmt::format("expected an expression, got {}", describe(token)));
    }
  }

  ExprPtr parse_exists() {
    auto expr = node(ExprKind::exists, advance().offset);
    expect(TokenKind::left_paren, "'(' after 'exists'");
    parse_subquery_rows(*expr);
    return expr;
  }

  // After `count(`: `[distinct value,] dataset alias [where expr] )`.
  ExprPtr parse_count(const Token& name) {
    DepthGuard guard(*this);
    ExprPtr value;
    if (is_word(k_distinct)) {
      advance();
      value = parse_additive();
      expect(TokenKind::comma, "',' and the dataset after the value of count(distinct ...)");
    }
    auto expr = node(value ? ExprKind::count_distinct : ExprKind::count, name.offset);
    if (value) expr->children.push_back(std::move(value));
    parse_subquery_rows(*expr);
    return expr;
  }

  // `dataset alias ['where' expr] ')'` of exists() and count().
  void parse_subquery_rows(Expr& expr) {
    const Token& dataset = expect(TokenKind::identifier, "a dataset name");
    expr.name = dataset.text;
    expr.op_offset = dataset.offset;
    expr.alias =
        expect(TokenKind::identifier, fmt::format("an alias after '{}'", dataset.text)).text;
    bool has_where = accept(TokenKind::kw_where);
    if (has_where) expr.children.push_back(parse_or());
    expect(TokenKind::right_paren, has_where ? "')'" : "'where' or ')'");
  }

  ExprPtr parse_name() {
    const Token& name = advance();
    if (accept(TokenKind::dot)) {
      auto expr = node(ExprKind::field, name.offset);
      expr->alias = name.text;
      const Token& field =
          expect(TokenKind::identifier, fmt::format("a field name after '{}.'", name.text));
      expr->name = field.text;
      expr->op_offset = field.offset;
      return expr;
    }
    if (peek().kind != TokenKind::left_paren) {
      auto expr = node(name.text == "as_of" ? ExprKind::as_of : ExprKind::param, name.offset);
      expr->name = name.text;
      return expr;
    }
    advance();  // (
    if (name.text == "count") return parse_count(name);
    bool known = std::find(k_functions.begin(), k_functions.end(), name.text) != k_functions.end();
    if (!known) {
      std::string suggestion = util::closest_match(name.text, k_functions);
      fail(name, fmt::format("unknown function '{}'", name.text),
           suggestion.empty() ? "functions: " + util::join(k_functions, ", ")
                              : fmt::format("did you mean '{}'?", suggestion));
    }
    std::vector<ExprPtr> arguments;
    if (peek().kind != TokenKind::right_paren) {
      do {
        arguments.push_back(parse_or());
      } while (accept(TokenKind::comma));
    }
    expect(TokenKind::right_paren, "',' or ')'");
    return make_call(name, std::move(arguments));
  }

  ExprPtr make_call(const Token& name, std::vector<ExprPtr> arguments) {
    auto expect_count = [&](size_t count) {
      if (arguments.size() != count) {
        fail(name, fmt::format("{}() takes {} argument{}, got {}", name.text, count,
                               count == 1 ? "" : "s", arguments.size()));
      }
    };
    if (name.text == "days" || name.text == "months" || name.text == "years") {
      expect_count(1);
      auto expr = node(ExprKind::duration, name.offset);
      expr->unit = name.text == "days"     ? DurationUnit::days
                   : name.text == "months" ? DurationUnit::months
                                           : DurationUnit::years;
      expr->children = std::move(arguments);
      return expr;
    }
    if (name.text == "lower" || name.text == "upper" || name.text == "trim" ||
        name.text == "length") {
      expect_count(1);
    }
    if (name.text == "substr" && arguments.size() != 2 && arguments.size() != 3) {
      fail(name, fmt::format("substr() takes 2 or 3 arguments (string, start[, length]), got {}",
                             arguments.size()));
    }
    if (name.text == "coalesce" && arguments.size() < 2) {
      fail(name, fmt::format("coalesce() takes at least 2 arguments, got {}", arguments.size()));
    }
    if (name.text == "timestamp") {
      expect_count(1);
      // A timestamp literal: checked and converted by the type checker.
      if (arguments[0]->kind != ExprKind::literal ||
          arguments[0]->value.type != ValueType::string) {
        fail(name, "timestamp() takes a string literal such as timestamp('2018-01-01')");
      }
    }
    auto expr = node(ExprKind::call, name.offset);
    expr->name = name.text;
    expr->children = std::move(arguments);
    return expr;
  }

  std::vector<Token> m_tokens;
  size_t m_position = 0;
  int m_depth = 0;
};

}  // namespace

ParseOutcome parse_expression(std::string_view text) {
  ParseOutcome outcome;
  try {
    outcome.expr = Parser(tokenize(text)).parse_all();
  } catch (const ParseFailure& failure) {
    outcome.error = failure.error;
  }
  return outcome;
}

}  // namespace lethe::rules
