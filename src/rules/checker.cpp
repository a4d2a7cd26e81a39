#include "rules/checker.hpp"

#include <fmt/format.h>

#include <algorithm>

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

ValueType field_value_type(data::FieldType type) {
  switch (type) {
    case data::FieldType::string:
      return ValueType::string;
    case data::FieldType::integer:
      return ValueType::integer;
    case data::FieldType::real:
      return ValueType::real;
    case data::FieldType::boolean:
      return ValueType::boolean;
    case data::FieldType::timestamp:
      return ValueType::timestamp;
  }
  return ValueType::unknown;
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

struct Scope {
  std::string alias;
  const DatasetSpec* dataset;
};

class Checker {
 public:
  Checker(Rule& rule, const data::Schema& schema) : m_rule(rule), m_schema(schema) {}

  void check_rule() {
    const DatasetSpec* from = m_schema.find(m_rule.from_dataset);
    m_rule.dataset = from;
    m_rule.reads[from->name].insert(from->key().name);
    m_scopes.push_back({m_rule.from_alias, from});
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
        return check_exists(expr);
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
    return field_value_type(field->type);
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
    if (expr.compare == CompareOp::equal) note_join_key(expr);
    bool ordering = expr.compare != CompareOp::equal && expr.compare != CompareOp::not_equal;
    if (ordering && left == ValueType::boolean) {
      fail(expr.op_offset,
           fmt::format("booleans cannot be ordered with '{}'", compare_op_text(expr.compare)));
    }
    return ValueType::boolean;
  }

  // `h.account_id = p.account_id` inside exists(legal_holds h ...): the engine indexes
  // legal_holds(account_id) so that the subquery is a lookup, not a scan.
  void note_join_key(const Expr& expr) {
    if (m_scopes.size() < 2) return;
    const std::string& inner = m_scopes.back().alias;
    for (int side = 0; side < 2; ++side) {
      const Expr& field = *expr.children[side];
      const Expr& other = *expr.children[1 - side];
      if (field.kind == ExprKind::field && field.alias == inner && !mentions_alias(other, inner)) {
        m_rule.join_keys.emplace(field.dataset->name, field.field->name);
      }
    }
  }

  static bool mentions_alias(const Expr& expr, const std::string& alias) {
    if (expr.kind == ExprKind::field && expr.alias == alias) return true;
    for (const auto& child : expr.children) {
      if (mentions_alias(*child, alias)) return true;
    }
    return false;
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
    if (expr.name == "lower") {
      ValueType type = check(*expr.children[0]);
      if (type != ValueType::string && type != ValueType::null) {
        fail(expr.children[0]->offset, fmt::format("lower() takes a string, got {}", a_type(type)));
      }
      return ValueType::string;
    }
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

  ValueType check_exists(Expr& expr) {
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
    if (expr.children.empty()) return ValueType::boolean;
    m_scopes.push_back({expr.alias, dataset});
    ValueType type = check(*expr.children[0]);
    m_scopes.pop_back();
    if (type != ValueType::boolean) {
      fail(expr.children[0]->offset,
           fmt::format("the 'where' of exists() must be boolean, got {}", a_type(type)));
    }
    return ValueType::boolean;
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
      if (placeholder.alias != rule.from_alias) {
        return ExprError{
            i + 1,
            fmt::format("message can only name fields of '{}', got '{}'", rule.from_alias, inside),
            ""};
      }
      placeholder.field = rule.dataset->find(placeholder.name);
      if (!placeholder.field) {
        std::string suggestion = util::closest_match(placeholder.name, rule.dataset->field_names());
        return ExprError{
            i + 1 + dot + 1,
            fmt::format("unknown field '{}' of dataset {}", placeholder.name, rule.dataset->name),
            suggestion.empty() ? "" : fmt::format("did you mean '{}'?", suggestion)};
      }
      rule.reads[rule.dataset->name].insert(placeholder.name);
      add_evidence_field(rule, placeholder.name);
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
