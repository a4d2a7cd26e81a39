#include "rules/ast.hpp"

#include <fmt/format.h>

#include "util/enum_names.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::rules {

std::string value_type_name(ValueType type) {
  static constexpr auto k_names = std::to_array<util::EnumName<ValueType>>({
      {ValueType::unknown, "unknown"},
      {ValueType::null, "null"},
      {ValueType::string, "string"},
      {ValueType::integer, "integer"},
      {ValueType::real, "real"},
      {ValueType::boolean, "boolean"},
      {ValueType::timestamp, "timestamp"},
      {ValueType::duration, "duration"},
      {ValueType::list, "list"},
  });
  return std::string(util::enum_name(k_names, type));
}

ValueType value_type_of(data::FieldType type) {
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
  return ValueType::string;
}

Value Value::of_string(std::string text) {
  Value value;
  value.type = ValueType::string;
  value.text = std::move(text);
  return value;
}

namespace {

// A value of a type kept in `integer` (integers, booleans as 0/1, timestamps as Unix seconds).
Value integral(ValueType type, std::int64_t number) {
  Value value;
  value.type = type;
  value.integer = number;
  return value;
}

}  // namespace

Value Value::of_integer(std::int64_t number) {
  return integral(ValueType::integer, number);
}

Value Value::of_real(double number) {
  Value value;
  value.type = ValueType::real;
  value.real = number;
  return value;
}

Value Value::of_boolean(bool flag) {
  return integral(ValueType::boolean, flag ? 1 : 0);
}

Value Value::of_timestamp(std::int64_t seconds) {
  return integral(ValueType::timestamp, seconds);
}

namespace {

std::string quote_sql_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string Value::to_source() const {
  switch (type) {
    case ValueType::string:
      return quote_sql_string(text);
    case ValueType::integer:
      return fmt::format("{}", integer);
    case ValueType::real:
      return fmt::format("{}", real);
    case ValueType::boolean:
      return integer ? "true" : "false";
    case ValueType::timestamp:
      return fmt::format("timestamp('{}')", util::format_iso8601(integer));
    case ValueType::list: {
      std::vector<std::string> parts;
      for (const auto& item : items)
        parts.push_back(item.to_source());
      return fmt::format("[{}]", util::join(parts, ", "));
    }
    default:
      return "null";
  }
}

std::string Value::to_display() const {
  switch (type) {
    case ValueType::string:
      return text;
    case ValueType::timestamp:
      return util::format_iso8601(integer);
    case ValueType::list: {
      std::vector<std::string> parts;
      for (const auto& item : items)
        parts.push_back(item.to_display());
      return util::join(parts, ", ");
    }
    default:
      return to_source();
  }
}

std::string compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::equal:
      return "=";
    case CompareOp::not_equal:
      return "!=";
    case CompareOp::less:
      return "<";
    case CompareOp::less_equal:
      return "<=";
    case CompareOp::greater:
      return ">";
    case CompareOp::greater_equal:
      return ">=";
  }
  return "?";
}

bool is_subquery(ExprKind kind) {
  return kind == ExprKind::exists || kind == ExprKind::count || kind == ExprKind::count_distinct;
}

const Expr* subquery_where(const Expr& expr) {
  size_t index = expr.kind == ExprKind::count_distinct ? 1 : 0;
  return expr.children.size() > index ? expr.children[index].get() : nullptr;
}

Expr* subquery_where(Expr& expr) {
  return const_cast<Expr*>(subquery_where(static_cast<const Expr&>(expr)));
}

void and_terms(const Expr& expr, std::vector<const Expr*>& terms) {
  if (expr.kind == ExprKind::logical_and) {
    for (const auto& child : expr.children)
      and_terms(*child, terms);
  } else {
    terms.push_back(&expr);
  }
}

namespace {

Polarity flipped(Polarity polarity) {
  switch (polarity) {
    case Polarity::positive:
      return Polarity::negative;
    case Polarity::negative:
      return Polarity::positive;
    case Polarity::mixed:
      break;
  }
  return Polarity::mixed;
}

void walk_exists(const Expr& expr, Polarity polarity,
                 const std::function<void(const Expr&, Polarity)>& visit) {
  switch (expr.kind) {
    case ExprKind::exists:
      visit(expr, polarity);
      break;
    case ExprKind::count:
    case ExprKind::count_distinct:
      polarity = Polarity::mixed;
      visit(expr, polarity);
      break;
    case ExprKind::logical_not:
      polarity = flipped(polarity);
      break;
    case ExprKind::logical_and:
    case ExprKind::logical_or:
      break;
    default:
      polarity = Polarity::mixed;
      break;
  }
  for (const auto& child : expr.children)
    walk_exists(*child, polarity, visit);
}

}  // namespace

std::optional<ProbeMatch> key_probe_of(const Expr& exists) {
  if (exists.kind != ExprKind::exists || exists.children.size() != 1 || !exists.dataset) {
    return std::nullopt;
  }
  const Expr& where = *exists.children[0];
  if (where.kind != ExprKind::compare || where.compare != CompareOp::equal) return std::nullopt;
  auto string_field = [](const Expr& e) {
    return e.kind == ExprKind::field && e.field && e.dataset &&
           e.field->type == data::FieldType::string;
  };
  for (int side = 0; side < 2; ++side) {
    const Expr& mine = *where.children[side];
    const Expr& theirs = *where.children[1 - side];
    if (!string_field(mine) || !string_field(theirs)) continue;
    if (mine.alias != exists.alias || mine.dataset != exists.dataset) continue;
    if (theirs.alias == exists.alias) continue;
    return ProbeMatch{{theirs.dataset->name, theirs.name, exists.name, mine.name}, theirs.alias};
  }
  return std::nullopt;
}

void for_each_exists(const Expr& expr,
                     const std::function<void(const Expr& exists, Polarity polarity)>& visit) {
  walk_exists(expr, Polarity::positive, visit);
}

namespace {

void collect_related(const Expr& expr, bool negated, std::vector<const Expr*>& out) {
  switch (expr.kind) {
    case ExprKind::exists:
      if (!negated) out.push_back(&expr);
      return;
    case ExprKind::logical_not:
      collect_related(*expr.children[0], !negated, out);
      return;
    case ExprKind::logical_and:
    case ExprKind::logical_or:
      for (const auto& child : expr.children)
        collect_related(*child, negated, out);
      return;
    default:
      return;
  }
}

// "(not-like" for a negated like, "(like" otherwise.
std::string operator_head(const Expr& expr, std::string_view name) {
  return fmt::format("({}{}", expr.negated ? "not-" : "", name);
}

}  // namespace

std::vector<const Expr*> related_exists(const Expr& where) {
  std::vector<const Expr*> out;
  collect_related(where, false, out);
  return out;
}

std::string print_expr(const Expr& expr) {
  auto child = [&](size_t i) { return print_expr(*expr.children[i]); };
  auto all_children = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < expr.children.size(); ++i) {
      out += ' ';
      out += child(i);
    }
    return out;
  };
  switch (expr.kind) {
    case ExprKind::literal:
      return expr.value.to_source();
    case ExprKind::field:
      return expr.alias + "." + expr.name;
    case ExprKind::param:
      return expr.name;
    case ExprKind::as_of:
      return "as_of";
    case ExprKind::logical_not:
      return fmt::format("(not {})", child(0));
    case ExprKind::logical_and:
      return fmt::format("(and{})", all_children(0));
    case ExprKind::logical_or:
      return fmt::format("(or{})", all_children(0));
    case ExprKind::compare:
      return fmt::format("({} {} {})", compare_op_text(expr.compare), child(0), child(1));
    case ExprKind::in_list:
      return fmt::format("({} {} ({}))", expr.negated ? "not-in" : "in", child(0),
                         all_children(1).substr(all_children(1).empty() ? 0 : 1));
    case ExprKind::is_null:
      return fmt::format("({} {})", expr.negated ? "is-not-null" : "is-null", child(0));
    case ExprKind::arith:
      return fmt::format("({} {} {})", expr.arith, child(0), child(1));
    case ExprKind::duration: {
      const char* unit = expr.unit == DurationUnit::days     ? "days"
                         : expr.unit == DurationUnit::months ? "months"
                                                             : "years";
      return fmt::format("({} {})", unit, child(0));
    }
    case ExprKind::call:
      return fmt::format("({}{})", expr.name, all_children(0));
    case ExprKind::exists:
    case ExprKind::count:
      return fmt::format("({} {} {}{})", expr.kind == ExprKind::exists ? "exists" : "count",
                         expr.name, expr.alias, all_children(0));
    case ExprKind::count_distinct:
      return fmt::format("(count-distinct {} {} {}{})", child(0), expr.name, expr.alias,
                         all_children(1));
    case ExprKind::between:
      return fmt::format("{}{})", operator_head(expr, "between"), all_children(0));
    case ExprKind::like:
      return fmt::format("{}{})", operator_head(expr, "like"), all_children(0));
    case ExprKind::matches:
      return fmt::format("{}{})", operator_head(expr, "matches"), all_children(0));
  }
  return "?";
}

}  // namespace lethe::rules
