#include "rules/checker.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/like.hpp"
#include "util/regex.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::rules {

namespace {

using data::DatasetSpec;

struct CheckFailure {
  ExprError error;
};

[[noreturn]] void fail(size_t offset, std::string message, std::string hint = {}) {
  throw CheckFailure{{offset, std::move(message), std::move(hint)}};
}

bool is_numeric(ValueType type) {
  return type == ValueType::integer || type == ValueType::real;
}

// Whether values of the two types can be compared (null literals are handled by callers).
bool comparable(ValueType a, ValueType b) {
  if (a == ValueType::null || b == ValueType::null) return true;
  return a == b || (is_numeric(a) && is_numeric(b));
}

std::string a_type(ValueType type) {
  switch (type) {
    case ValueType::duration:
      return "a duration";
    case ValueType::list:
      return "a list";
    case ValueType::null:
      return "null";
    case ValueType::integer:
      return "an integer";
    default:
      return "a " + value_type_name(type);
  }
}

// Adds a field of the `from` row to the evidence, kept in schema order so that reports do not
// depend on how the rule is written.
void add_evidence_field(Rule& rule, const std::string& field) {
  auto& evidence = rule.evidence_fields;
  if (std::find(evidence.begin(), evidence.end(), field) != evidence.end()) return;
  evidence.push_back(field);
  auto names = rule.dataset->field_names();
  auto position = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  std::sort(evidence.begin(), evidence.end(),
            [&](const auto& a, const auto& b) { return position(a) < position(b); });
}

// Where byte `index` of the string literal at `offset` of `text` is in `text` ('' is one quote).
size_t offset_in_literal(std::string_view text, size_t offset, size_t index) {
  size_t at = offset + 1;
  for (size_t i = 0; i < index && at < text.size(); ++i)
    at += text[at] == '\'' ? 2 : 1;
  return at;
}

// The value of a pattern operand (a string literal or parameter) as the rule stands.
const std::string& pattern_text(const Rule& rule, const Expr& part) {
  return part.kind == ExprKind::param ? rule.find_param(part.name)->value.text : part.value.text;
}

// What is wrong with the pattern (and escape) of a checked like/matches, at its place in the
// rule's `where`; a pattern from a parameter is reported at the parameter's name.
std::optional<ExprError> pattern_error(const Rule& rule, const Expr& expr) {
  const Expr& pattern = *expr.children[1];
  std::optional<util::PatternError> error;
  if (expr.kind == ExprKind::matches) {
    error = util::check_regex(pattern_text(rule, pattern));
  } else {
    std::string escape = expr.children.size() > 2 ? pattern_text(rule, *expr.children[2]) : "";
    if (expr.children.size() > 2 && util::utf8_length(escape) != 1) {
      return ExprError{expr.children[2]->offset,
                       fmt::format("the escape of 'like' must be one character, got '{}'", escape),
                       ""};
    }
    auto canonical = util::canonical_like_pattern(pattern_text(rule, pattern), escape);
    if (!canonical) error = util::PatternError{0, canonical.error().message, ""};
  }
  if (!error) return std::nullopt;
  if (pattern.kind == ExprKind::param) {
    return ExprError{pattern.offset,
                     fmt::format("parameter '{}': {}", pattern.name, error->message), error->hint};
  }
  return ExprError{offset_in_literal(rule.where_text, pattern.offset, error->offset),
                   error->message, error->hint};
}

struct Scope {
  std::string alias;
  const DatasetSpec* dataset;
  std::set<std::string> equal_fields;  // compared with `=` to the enclosing rows
  std::set<std::string> range_fields;  // compared with an ordering to the enclosing rows
};

class Checker {
 public:
  Checker(Rule& rule, const data::Schema& schema) : m_rule(rule), m_schema(schema) {}

  void check_rule() {
    const DatasetSpec* from = m_schema.find(m_rule.from_dataset);
    m_rule.dataset = from;
    m_rule.reads[from->name].insert(from->key().name);
    m_scopes.push_back({m_rule.from_alias, from, {}, {}});
    ValueType type = check(*m_rule.where);
    if (type != ValueType::boolean) {
      fail(m_rule.where->offset,
           fmt::format("the 'where' expression must be boolean, got {}", a_type(type)));
    }
  }

  ValueType check(Expr& expr) {
    expr.type = check_kind(expr);
    return expr.type;
  }

 private:
  ValueType check_kind(Expr& expr) {
    switch (expr.kind) {
      case ExprKind::literal:
        return expr.value.type;
      case ExprKind::as_of:
        return ValueType::timestamp;
      case ExprKind::field:
        return check_field(expr);
      case ExprKind::param:
        return check_param(expr);
      case ExprKind::logical_not:
      case ExprKind::logical_and:
      case ExprKind::logical_or: {
        const char* op = expr.kind == ExprKind::logical_not   ? "not"
                         : expr.kind == ExprKind::logical_and ? "and"
                                                              : "or";
        for (auto& child : expr.children) {
          ValueType type = check(*child);
          if (type != ValueType::boolean) {
            fail(child->offset,
                 fmt::format("'{}' needs boolean operands, got {}", op, a_type(type)));
          }
        }
        return ValueType::boolean;
      }
      case ExprKind::compare:
        return check_compare(expr);
      case ExprKind::in_list:
        return check_in(expr);
      case ExprKind::is_null: {
        ValueType type = check(*expr.children[0]);
        reject_non_value(*expr.children[0], type);
        return ValueType::boolean;
      }
      case ExprKind::arith:
        return check_arith(expr);
      case ExprKind::duration: {
        ValueType type = check(*expr.children[0]);
        if (type != ValueType::integer) {
          fail(expr.children[0]->offset,
               fmt::format("a duration takes an integer number of units, got {}", a_type(type)));
        }
        return ValueType::duration;
      }
      case ExprKind::call:
        return check_call(expr);
      case ExprKind::exists:
      case ExprKind::count:
      case ExprKind::count_distinct:
        return check_subquery(expr);
      case ExprKind::between:
        return check_between(expr);
      case ExprKind::like:
      case ExprKind::matches:
        return check_pattern_match(expr);
    }
    return ValueType::unknown;
  }

  // Durations and lists are not values: they only appear beside `+`/`-` and `in`.
  void reject_non_value(const Expr& expr, ValueType type) {
    if (type == ValueType::duration) {
      fail(expr.offset, "a duration can only be added to or subtracted from a timestamp",
           "write e.g. 'as_of - days(30)'");
    }
    if (type == ValueType::list) {
      fail(expr.offset, fmt::format("list parameter '{}' can only be used after 'in'", expr.name));
    }
  }

  ValueType check_field(Expr& expr) {
    const Scope* scope = nullptr;
    for (const auto& candidate : m_scopes) {
      if (candidate.alias == expr.alias) scope = &candidate;
    }
    if (!scope) {
      std::vector<std::string> aliases;
      for (const auto& candidate : m_scopes)
        aliases.push_back(candidate.alias);
      std::string suggestion = util::closest_match(expr.alias, aliases);
      fail(expr.offset, fmt::format("unknown alias '{}'", expr.alias),
           suggestion.empty() ? fmt::format("aliases here: {}", util::join(aliases, ", "))
                              : fmt::format("did you mean '{}'?", suggestion));
    }
    const data::FieldSpec* field = scope->dataset->find(expr.name);
    if (!field) {
      std::string suggestion = util::closest_match(expr.name, scope->dataset->field_names());
      fail(expr.op_offset,
           fmt::format("unknown field '{}' of dataset {}", expr.name, scope->dataset->name),
           suggestion.empty()
               ? fmt::format("fields: {}", util::join(scope->dataset->field_names(), ", "))
               : fmt::format("did you mean '{}'?", suggestion));
    }
    expr.dataset = scope->dataset;
    expr.field = field;
    m_rule.reads[scope->dataset->name].insert(field->name);
    if (scope == &m_scopes.front()) add_evidence_field(m_rule, field->name);
    return value_type_of(field->type);
  }

  ValueType check_param(Expr& expr) {
    const Param* param = m_rule.find_param(expr.name);
    if (!param) {
      std::vector<std::string> names{"as_of"};
      for (const auto& p : m_rule.params)
        names.push_back(p.name);
      for (const auto& scope : m_scopes)
        names.push_back(scope.alias);
      std::string suggestion = util::closest_match(expr.name, names);
      std::string hint = suggestion.empty()
                             ? std::string("names are parameters, as_of, or alias.field")
                             : fmt::format("did you mean '{}'?", suggestion);
      for (const auto& scope : m_scopes) {
        if (scope.alias == expr.name) {
          fail(expr.offset, fmt::format("'{}' is an alias; name one of its fields", expr.name),
               fmt::format("e.g. {}.{}", expr.name, scope.dataset->key().name));
        }
      }
      fail(expr.offset, fmt::format("unknown name '{}'", expr.name), hint);
    }
    return param->value.type;
  }

  ValueType check_compare(Expr& expr) {
    ValueType left = check(*expr.children[0]);
    ValueType right = check(*expr.children[1]);
    reject_non_value(*expr.children[0], left);
    reject_non_value(*expr.children[1], right);
    if (left == ValueType::null || right == ValueType::null) {
      fail(expr.op_offset,
           fmt::format("'{}' with null is never true", compare_op_text(expr.compare)),
           "write 'is null' or 'is not null'");
    }
    if (!comparable(left, right)) {
      std::string hint;
      for (const auto& side : expr.children) {
        bool date_text = side->kind == ExprKind::literal && side->value.type == ValueType::string &&
                         util::parse_iso8601(side->value.text, 0);
        if (date_text) hint = fmt::format("write timestamp('{}')", side->value.text);
      }
      fail(expr.op_offset, fmt::format("cannot compare {} with {}", a_type(left), a_type(right)),
           hint);
    }
    bool ordering = expr.compare != CompareOp::equal && expr.compare != CompareOp::not_equal;
    if (expr.compare == CompareOp::equal || ordering) note_join_key(expr, ordering);
    if (ordering && left == ValueType::boolean) {
      fail(expr.op_offset,
           fmt::format("booleans cannot be ordered with '{}'", compare_op_text(expr.compare)));
    }
    return ValueType::boolean;
  }

  // `h.account_id = p.account_id` inside exists(legal_holds h ...): the engine indexes
  // legal_holds(account_id) so that the subquery is a lookup, not a scan; `b.at <= a.at` adds
  // b.at to the index as a range. Only comparisons whose other side reads an enclosing row
  // count: against a constant (`h.placed_at <= as_of`) an index narrows nothing per row.
  void note_join_key(const Expr& expr, bool ordering) {
    if (m_scopes.size() < 2) return;
    Scope& scope = m_scopes.back();
    for (int side = 0; side < 2; ++side) {
      const Expr& field = *expr.children[side];
      const Expr& other = *expr.children[1 - side];
      if (field.kind != ExprKind::field || field.alias != scope.alias ||
          mentions_alias(other, scope.alias) || !mentions_other_alias(other, scope.alias)) {
        continue;
      }
      (ordering ? scope.range_fields : scope.equal_fields).insert(field.field->name);
    }
  }

  // The indexes a subquery's scope asks for, once its `where` is checked.
  void add_join_indexes(const Scope& scope) {
    for (const auto& field : scope.equal_fields) {
      std::vector<std::string> columns{field};
      if (!scope.range_fields.empty()) columns.push_back(*scope.range_fields.begin());
      m_rule.join_indexes.emplace(scope.dataset->name, std::move(columns));
    }
  }

  static bool mentions_alias(const Expr& expr, const std::string& alias) {
    if (expr.kind == ExprKind::field && expr.alias == alias) return true;
    for (const auto& child : expr.children) {
      if (mentions_alias(*child, alias)) return true;
    }
    return false;
  }

  static bool mentions_other_alias(const Expr& expr, const std::string& alias) {
    if (expr.kind == ExprKind::field && expr.alias != alias) return true;
    for (const auto& child : expr.children) {
      if (mentions_other_alias(*child, alias)) return true;
    }
    return false;
  }

  // `x between a and b`: both ends comparable with x, no null literal, no booleans.
  ValueType check_between(Expr& expr) {
    const char* op = expr.negated ? "not between" : "between";
    std::vector<ValueType> types;
    for (auto& side : expr.children) {
      ValueType type = check(*side);
      reject_non_value(*side, type);
      if (type == ValueType::null) {
        fail(side->offset, fmt::format("'{}' with null is never true", op),
             "write 'is null' or 'is not null'");
      }
      if (type == ValueType::boolean) {
        fail(side->offset, fmt::format("booleans cannot be ordered with '{}'", op));
      }
      if (!types.empty() && !comparable(types.front(), type)) {
        fail(side->offset,
             fmt::format("'{}' compares {} with {}", op, a_type(types.front()), a_type(type)));
      }
      types.push_back(type);
    }
    return ValueType::boolean;
  }

  // `s [not] like p [escape e]`, `s [not] matches p`: a string, and a pattern known before any
  // data is read (a string literal or parameter), so that a bad one is an error here.
  ValueType check_pattern_match(Expr& expr) {
    const char* op = expr.kind == ExprKind::like ? "like" : "matches";
    ValueType text = check(*expr.children[0]);
    reject_non_value(*expr.children[0], text);
    if (text != ValueType::string) {
      fail(expr.children[0]->offset,
           fmt::format("'{}' takes a string on its left, got {}", op, a_type(text)));
    }
    for (size_t i = 1; i < expr.children.size(); ++i) {
      Expr& part = *expr.children[i];
      ValueType type = check(part);
      bool constant = part.kind == ExprKind::literal || part.kind == ExprKind::param;
      if (!constant || type != ValueType::string) {
        fail(part.offset,
             fmt::format("the {} of '{}' must be a string literal or a string parameter",
                         i == 1 ? "pattern" : "escape", op),
             "patterns are checked before any data is read");
      }
    }
    if (auto error = pattern_error(m_rule, expr)) fail(error->offset, error->message, error->hint);
    return ValueType::boolean;
  }

  ValueType check_in(Expr& expr) {
    ValueType left = check(*expr.children[0]);
    reject_non_value(*expr.children[0], left);
    if (left == ValueType::null)
      fail(expr.children[0]->offset, "'in' needs a value on its left, got null");
    for (size_t i = 1; i < expr.children.size(); ++i) {
      Expr& item = *expr.children[i];
      ValueType type = check(item);
      if (type == ValueType::list) {
        const Param* param = m_rule.find_param(item.name);
        type = param->value.item_type;
        if (param->value.items.empty()) continue;
      } else {
        reject_non_value(item, type);
      }
      if (!comparable(left, type)) {
        fail(item.offset, fmt::format("'{}' compares {} with {}", expr.negated ? "not in" : "in",
                                      a_type(left), a_type(type)));
      }
    }
    return ValueType::boolean;
  }

  ValueType check_arith(Expr& expr) {
    ValueType left = check(*expr.children[0]);
    ValueType right = check(*expr.children[1]);
    if (left == ValueType::timestamp && right == ValueType::duration) return ValueType::timestamp;
    if (is_numeric(left) && is_numeric(right)) {
      return left == ValueType::real || right == ValueType::real ? ValueType::real
                                                                 : ValueType::integer;
    }
    if (left == ValueType::duration && right == ValueType::timestamp && expr.arith == '+') {
      fail(expr.op_offset, "write the timestamp first: timestamp + duration");
    }
    fail(expr.op_offset,
         fmt::format("'{}' needs a timestamp and a duration, or two numbers; got {} and {}",
                     expr.arith, a_type(left), a_type(right)));
  }

  ValueType check_call(Expr& expr) {
    if (expr.name == "timestamp") {
      // timestamp('...') is a literal: convert it once, here.
      const std::string& text = expr.children[0]->value.text;
      auto seconds = util::parse_iso8601(text, 0);
      if (!seconds) {
        fail(expr.children[0]->offset,
             fmt::format("'{}' is not an ISO 8601 date or date-time", text),
             "write e.g. timestamp('2018-01-01') or timestamp('2018-01-01T00:00:00Z')");
      }
      expr.kind = ExprKind::literal;
      expr.value = Value::of_timestamp(*seconds);
      expr.children.clear();
      return ValueType::timestamp;
    }
    if (expr.name == "lower" || expr.name == "upper" || expr.name == "trim" ||
        expr.name == "length") {
      expect_string_argument(expr, 0);
      return expr.name == "length" ? ValueType::integer : ValueType::string;
    }
    if (expr.name == "substr") return check_substr(expr);
    // coalesce: every argument of one type (nulls aside).
    ValueType result = ValueType::null;
    for (auto& child : expr.children) {
      ValueType type = check(*child);
      reject_non_value(*child, type);
      if (!comparable(result, type)) {
        fail(child->offset,
             fmt::format("coalesce() mixes {} and {}", a_type(result), a_type(type)));
      }
      if (result == ValueType::null || (result == ValueType::integer && type == ValueType::real)) {
        result = type;
      }
    }
    return result;
  }

  void expect_string_argument(Expr& call, size_t index) {
    ValueType type = check(*call.children[index]);
    reject_non_value(*call.children[index], type);
    if (type != ValueType::string && type != ValueType::null) {
      fail(call.children[index]->offset,
           fmt::format("{}() takes a string, got {}", call.name, a_type(type)));
    }
  }

  // substr(s, start[, length]): characters from the 1-based `start`; a constant start below 1 or
  // a negative constant length is an error here (a computed one gives null).
  ValueType check_substr(Expr& expr) {
    expect_string_argument(expr, 0);
    for (size_t i = 1; i < expr.children.size(); ++i) {
      Expr& argument = *expr.children[i];
      ValueType type = check(argument);
      reject_non_value(argument, type);
      if (type != ValueType::integer && type != ValueType::null) {
        fail(argument.offset, fmt::format("substr() takes an integer {}, got {}",
                                          i == 1 ? "start" : "length", a_type(type)));
      }
      bool literal = argument.kind == ExprKind::literal && type == ValueType::integer;
      if (literal && i == 1 && argument.value.integer < 1) {
        fail(argument.offset, "substr() counts characters from 1",
             "write substr(s, 1, n) for the first n characters");
      }
      if (literal && i == 2 && argument.value.integer < 0) {
        fail(argument.offset, "substr() takes a length of 0 or more");
      }
    }
    return ValueType::string;
  }

  // exists(D a where ...), count(D a where ...), count(distinct v, D a where ...).
  ValueType check_subquery(Expr& expr) {
    const DatasetSpec* dataset = m_schema.find(expr.name);
    if (!dataset) {
      std::string suggestion = util::closest_match(expr.name, m_schema.dataset_names());
      fail(expr.op_offset, fmt::format("unknown dataset '{}'", expr.name),
           suggestion.empty()
               ? fmt::format("datasets: {}", util::join(m_schema.dataset_names(), ", "))
               : fmt::format("did you mean '{}'?", suggestion));
    }
    for (const auto& scope : m_scopes) {
      if (scope.alias == expr.alias) {
        fail(expr.op_offset,
             fmt::format("alias '{}' is already used for {}", expr.alias, scope.dataset->name));
      }
    }
    expr.dataset = dataset;
    m_rule.reads[dataset->name].insert(dataset->key().name);
    ValueType result = expr.kind == ExprKind::exists ? ValueType::boolean : ValueType::integer;
    m_scopes.push_back({expr.alias, dataset, {}, {}});
    if (expr.kind == ExprKind::count_distinct) {
      ValueType type = check(*expr.children[0]);
      reject_non_value(*expr.children[0], type);
      if (type == ValueType::null) {
        fail(expr.children[0]->offset, "count(distinct null, ...) is always 0",
             fmt::format("count the distinct values of a field, e.g. {}.{}", expr.alias,
                         dataset->key().name));
      }
    }
    if (Expr* where = subquery_where(expr)) {
      ValueType type = check(*where);
      if (type != ValueType::boolean) {
        fail(where->offset,
             fmt::format("the 'where' of {}() must be boolean, got {}",
                         expr.kind == ExprKind::exists ? "exists" : "count", a_type(type)));
      }
    }
    add_join_indexes(m_scopes.back());
    m_scopes.pop_back();
    return result;
  }

  Rule& m_rule;
  const data::Schema& m_schema;
  std::vector<Scope> m_scopes;
};

}  // namespace

std::optional<ExprError> check_where(Rule& rule, const data::Schema& schema) {
  try {
    Checker(rule, schema).check_rule();
  } catch (const CheckFailure& failure) {
    return failure.error;
  }
  return std::nullopt;
}

namespace {

// Every exists() and count of `expr` with the alias `alias`, nested ones included.
void find_subqueries(const Expr& expr, const std::string& alias, std::vector<const Expr*>& out) {
  if (is_subquery(expr.kind) && expr.alias == alias) out.push_back(&expr);
  for (const auto& child : expr.children)
    find_subqueries(*child, alias, out);
}

// Why `{alias.field}` cannot name a row of the subquery `expr` that introduces `alias`.
ExprError unrelated_alias(const Rule& rule, const Expr& expr, size_t offset) {
  std::string hint = fmt::format(
      "a message can name fields of '{}' and of the aliases of exists() clauses that are not "
      "under 'not'",
      rule.from_alias);
  if (expr.kind != ExprKind::exists) {
    return ExprError{
        offset,
        fmt::format("'{}' counts rows of {}: no single row of them is related to the finding",
                    expr.alias, expr.name),
        hint};
  }
  bool negative = false;
  for_each_exists(*rule.where, [&](const Expr& exists, Polarity polarity) {
    if (&exists == &expr && polarity == Polarity::negative) negative = true;
  });
  if (negative) {
    return ExprError{offset,
                     fmt::format("'{}' is the alias of a 'not exists': the finding is that no row "
                                 "of {} exists",
                                 expr.alias, expr.name),
                     hint};
  }
  return ExprError{offset,
                   fmt::format("'{}' is the alias of an exists() inside another's 'where' or a "
                               "comparison: findings report no row of it",
                               expr.alias),
                   hint};
}

// The field `placeholder.name` of `dataset`, or the error at `field_offset`.
std::optional<ExprError> find_placeholder_field(const data::DatasetSpec& dataset,
                                                Placeholder& placeholder, size_t field_offset) {
  placeholder.field = dataset.find(placeholder.name);
  if (placeholder.field) return std::nullopt;
  std::string suggestion = util::closest_match(placeholder.name, dataset.field_names());
  return ExprError{field_offset,
                   fmt::format("unknown field '{}' of dataset {}", placeholder.name, dataset.name),
                   suggestion.empty() ? "" : fmt::format("did you mean '{}'?", suggestion)};
}

// Resolves `{alias.field}`: a field of the `from` row, or of the related row of a positive
// exists(); errors at `alias_offset` or `field_offset` of the message.
std::optional<ExprError> resolve_field_placeholder(Rule& rule, Placeholder& placeholder,
                                                   size_t alias_offset, size_t field_offset) {
  if (placeholder.alias == rule.from_alias) {
    if (auto error = find_placeholder_field(*rule.dataset, placeholder, field_offset)) return error;
    rule.reads[rule.dataset->name].insert(placeholder.name);
    add_evidence_field(rule, placeholder.name);
    return std::nullopt;
  }
  std::vector<const Expr*> related =
      rule.where ? related_exists(*rule.where) : std::vector<const Expr*>{};
  std::vector<int> candidates;
  for (size_t r = 0; r < related.size(); ++r) {
    if (related[r]->alias == placeholder.alias) candidates.push_back(static_cast<int>(r));
  }
  if (candidates.size() > 1) {
    return ExprError{alias_offset,
                     fmt::format("alias '{}' names {} exists() clauses: give each its own alias",
                                 placeholder.alias, candidates.size()),
                     ""};
  }
  if (candidates.empty()) {
    std::vector<const Expr*> others;
    if (rule.where) find_subqueries(*rule.where, placeholder.alias, others);
    if (!others.empty()) return unrelated_alias(rule, *others.front(), alias_offset);
    std::vector<std::string> aliases{rule.from_alias};
    for (const Expr* exists : related)
      aliases.push_back(exists->alias);
    return ExprError{alias_offset, fmt::format("unknown alias '{}' in message", placeholder.alias),
                     fmt::format("aliases a message can name: {}", util::join(aliases, ", "))};
  }
  const Expr& exists = *related[static_cast<size_t>(candidates.front())];
  if (auto error = find_placeholder_field(*exists.dataset, placeholder, field_offset)) return error;
  placeholder.related = candidates.front();
  rule.reads[exists.dataset->name].insert(placeholder.name);
  return std::nullopt;
}

}  // namespace

std::optional<ExprError> check_patterns(const Rule& rule) {
  std::optional<ExprError> error;
  std::function<void(const Expr&)> visit = [&](const Expr& expr) {
    if (!error && (expr.kind == ExprKind::like || expr.kind == ExprKind::matches)) {
      error = pattern_error(rule, expr);
    }
    for (const auto& child : expr.children)
      visit(*child);
  };
  if (rule.where) visit(*rule.where);
  return error;
}

std::optional<ExprError> check_message(Rule& rule) {
  const std::string& text = rule.message;
  rule.placeholders.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        ++i;
        continue;
      }
      return ExprError{i, "unmatched '}' in message", "write '}}' for a literal brace"};
    }
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t close = text.find('}', i);
    if (close == std::string::npos) {
      return ExprError{i, "unterminated '{' in message", "write '{{' for a literal brace"};
    }
    std::string inside(util::trim(std::string_view(text).substr(i + 1, close - i - 1)));
    Placeholder placeholder;
    size_t dot = inside.find('.');
    if (dot != std::string::npos) {
      placeholder.alias = inside.substr(0, dot);
      placeholder.name = inside.substr(dot + 1);
      if (auto error = resolve_field_placeholder(rule, placeholder, i + 1, i + 1 + dot + 1)) {
        return error;
      }
    } else {
      placeholder.name = inside;
      if (inside != "as_of" && !rule.find_param(inside)) {
        return ExprError{
            i + 1, fmt::format("unknown name '{}' in message", inside),
            fmt::format("write {{{}.field}}, {{as_of}} or a parameter", rule.from_alias)};
      }
    }
    rule.placeholders.push_back(std::move(placeholder));
    i = close;
  }
  return std::nullopt;
}

}  // namespace lethe::rules
