#include "rules/sql_emitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "util/like.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::rules {

namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

bool is_constant(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::field:
    case ExprKind::exists:
    case ExprKind::count:
    case ExprKind::count_distinct:
      return false;
    default:
      for (const auto& child : expr.children) {
        if (!is_constant(*child)) return false;
      }
      return true;
  }
}

// The source text of an expression, rebuilt from the tree (for explain's binding notes).
std::string source_of(const Expr& expr) {
  auto child = [&](size_t i) { return source_of(*expr.children[i]); };
  switch (expr.kind) {
    case ExprKind::literal:
      return expr.value.to_source();
    case ExprKind::param:
      return expr.name;
    case ExprKind::as_of:
      return "as_of";
    case ExprKind::field:
      return expr.alias + "." + expr.name;
    case ExprKind::arith:
      return fmt::format("{} {} {}", child(0), expr.arith, child(1));
    case ExprKind::duration: {
      const char* unit = expr.unit == DurationUnit::days     ? "days"
                         : expr.unit == DurationUnit::months ? "months"
                                                             : "years";
      return fmt::format("{}({})", unit, child(0));
    }
    default:
      return print_expr(expr);
  }
}

// Computes a constant expression (no fields, no exists).
Value fold_value(const Rule& rule, std::int64_t as_of, const Expr& expr) {
  auto fold = [&](const Expr& e) { return fold_value(rule, as_of, e); };
  switch (expr.kind) {
    case ExprKind::literal:
      return expr.value;
    case ExprKind::as_of:
      return Value::of_timestamp(as_of);
    case ExprKind::param:
      return rule.find_param(expr.name)->value;
    case ExprKind::arith: {
      Value left = fold(*expr.children[0]);
      const Expr& right_expr = *expr.children[1];
      if (right_expr.kind == ExprKind::duration) {
        Value count = fold(*right_expr.children[0]);
        if (left.type == ValueType::null || count.type == ValueType::null) return Value();
        std::int64_t n = expr.arith == '+' ? count.integer : -count.integer;
        switch (right_expr.unit) {
          case DurationUnit::days:
            return Value::of_timestamp(left.integer + n * k_seconds_per_day);
          case DurationUnit::months:
            return Value::of_timestamp(util::add_months(left.integer, n));
          case DurationUnit::years:
            return Value::of_timestamp(util::add_months(left.integer, 12 * n));
        }
      }
      Value right = fold(right_expr);
      if (left.type == ValueType::null || right.type == ValueType::null) return Value();
      if (left.type == ValueType::integer && right.type == ValueType::integer) {
        return Value::of_integer(expr.arith == '+' ? left.integer + right.integer
                                                   : left.integer - right.integer);
      }
      double l = left.type == ValueType::real ? left.real : static_cast<double>(left.integer);
      double r = right.type == ValueType::real ? right.real : static_cast<double>(right.integer);
      return Value::of_real(expr.arith == '+' ? l + r : l - r);
    }
    default:
      return Value();
  }
}

// The rule's matches, numbered, when related rows are found by join.
constexpr const char* k_matches = "lethe_matches";

class Emitter {
 public:
  Emitter(const Rule& rule, std::int64_t as_of, const Dialect& dialect,
          const std::set<std::string>& empty, const std::vector<data::AppliedProbe>& probes)
      : m_rule(rule), m_as_of(as_of), m_dialect(dialect), m_empty(empty), m_probes(probes) {}

  CompiledRule compile() {
    CompiledRule compiled;
    const std::string& alias = m_rule.from_alias;
    std::string a = id(alias);
    std::vector<std::string> columns{m_dialect.row_id(a), a + "._file", a + "._line",
                                     a + "." + id(m_rule.dataset->key().name)};
    for (const auto& field : m_rule.evidence_fields)
      columns.push_back(a + "." + id(field));
    std::vector<const Expr*> related = related_exists(*m_rule.where);
    bool by_join = m_dialect.related_rows_by_join() && !related.empty();
    std::vector<std::string> joins;
    for (size_t i = 0; i < related.size(); ++i) {
      RelatedQuery query{related[i]->name, related[i]->alias, related_fields(static_cast<int>(i))};
      if (by_join) {
        joins.push_back(related_join(*related[i], i, query, columns));
      } else {
        related_subqueries(*related[i], query, columns);
      }
      compiled.related.push_back(std::move(query));
    }
    // The WHERE comes last in the text but its parameters are numbered as they are emitted.
    std::string where = emit_where(*m_rule.where);
    // The counts joined to the `from` rows (see emit_count_join), between FROM and WHERE.
    std::string from = fmt::format("{} AS {}", id(m_rule.from_dataset), a);
    for (const auto& join : m_count_joins)
      from += "\n" + join;
    if (by_join) {
      // The matches are numbered once, so that each related join can refer to them.
      compiled.common_tables.emplace_back(
          k_matches, fmt::format("SELECT row_number() OVER () AS _n, {}.*\nFROM {}\nWHERE {}", a,
                                 from, where));
      compiled.sql = fmt::format("SELECT {}\nFROM {} AS {}\n{}", util::join(columns, ",\n       "),
                                 id(k_matches), a, util::join(joins, "\n"));
    } else {
      compiled.sql = fmt::format("SELECT {}\nFROM {}\nWHERE {}", util::join(columns, ",\n       "),
                                 from, where);
    }
    compiled.bindings = std::move(m_bindings);
    compiled.evidence_fields = m_rule.evidence_fields;
    return compiled;
  }

 private:
  std::string id(std::string_view name) const { return m_dialect.identifier(name); }

  std::string bind(Value value, std::string source) {
    ValueType type = value.type;
    m_bindings.push_back({std::move(value), std::move(source)});
    return m_dialect.placeholder(static_cast<int>(m_bindings.size()), type);
  }

  // The fields of related row `index` that the message names, in the order it names them.
  std::vector<const data::FieldSpec*> related_fields(int index) const {
    std::vector<const data::FieldSpec*> fields;
    for (const auto& placeholder : m_rule.placeholders) {
      if (placeholder.related == index &&
          std::find(fields.begin(), fields.end(), placeholder.field) == fields.end()) {
        fields.push_back(placeholder.field);
      }
    }
    return fields;
  }

  // The order that makes "the first related row" the one with the lowest key.
  std::string related_order(const Expr& exists) const {
    std::string b = id(exists.alias);
    return fmt::format("{}.{}, {}", b, id(exists.dataset->key().name), m_dialect.row_id(b));
  }

  // The first related row of every match at once: a join the planner can hash. Adds its
  // columns to `columns` and returns the join.
  std::string related_join(const Expr& exists, size_t index, const RelatedQuery& query,
                           std::vector<std::string>& columns) {
    std::string a = id(m_rule.from_alias);
    std::string b = id(exists.alias);
    std::string condition = exists.children.empty() ? std::string() : emit(*exists.children[0]);
    std::string r = id(fmt::format("lethe_related_{}", index + 1));
    std::string selected = fmt::format("{} AS _related", m_dialect.row_id(b));
    columns.push_back(r + "._related");
    for (size_t f = 0; f < query.fields.size(); ++f) {
      selected += fmt::format(", {}.{} AS _field_{}", b, id(query.fields[f]->name), f + 1);
      columns.push_back(fmt::format("{}._field_{}", r, f + 1));
    }
    return fmt::format(
        "LEFT JOIN (SELECT DISTINCT ON ({0}._n) {0}._n, {1} FROM {2} AS {0} "
        "JOIN {3} AS {4} ON {5} ORDER BY {0}._n, {6}) AS {7} ON {7}._n = {0}._n",
        a, selected, id(k_matches), id(exists.name), b,
        condition.empty() ? m_dialect.boolean_constant(true) : condition, related_order(exists), r);
  }

  // The first related row of a match by a subquery per column (an index on the join key makes
  // each a lookup): its row id, then each field the message names.
  void related_subqueries(const Expr& exists, const RelatedQuery& query,
                          std::vector<std::string>& columns) {
    std::string b = id(exists.alias);
    std::vector<std::string> selected{m_dialect.row_id(b)};
    for (const auto* field : query.fields)
      selected.push_back(b + "." + id(field->name));
    for (const auto& column : selected) {
      std::string sql = fmt::format("(SELECT {} FROM {} AS {}", column, id(exists.name), b);
      if (!exists.children.empty()) sql += " WHERE " + emit(*exists.children[0]);
      columns.push_back(sql + fmt::format(" ORDER BY {} LIMIT 1)", related_order(exists)));
    }
  }

  // The top-level WHERE, with one `and` term per line for reviewers.
  std::string emit_where(const Expr& expr) {
    // A top-level (not) exists() stays EXISTS: planners make it a hashed semi- or anti-join.
    std::vector<const Expr*> top_terms;
    and_terms(expr, top_terms);
    for (const Expr* term : top_terms) {
      while (term->kind == ExprKind::logical_not)
        term = term->children[0].get();
      if (term->kind == ExprKind::exists) m_joinable.insert(term);
    }
    if (expr.kind != ExprKind::logical_and) return emit(expr);
    std::vector<std::string> terms;
    // Each term keeps its parentheses: SQL binds AND tighter than OR.
    for (const auto& child : expr.children)
      terms.push_back(wrap(*child));
    return util::join(terms, "\n  AND ");
  }

  Value fold(const Expr& expr) const { return fold_value(m_rule, m_as_of, expr); }

  std::string emit(const Expr& expr) {
    bool foldable = expr.kind == ExprKind::literal || expr.kind == ExprKind::as_of ||
                    expr.kind == ExprKind::param || expr.kind == ExprKind::arith;
    if (foldable && is_constant(expr) && expr.type != ValueType::list) {
      Value value = fold(expr);
      if (value.type == ValueType::null) return "NULL";
      return bind(std::move(value), source_of(expr));
    }
    auto child = [&](size_t i) { return emit(*expr.children[i]); };
    switch (expr.kind) {
      case ExprKind::field:
        return id(expr.alias) + "." + id(expr.name);
      case ExprKind::logical_not:
        return "NOT " + wrap(*expr.children[0]);
      case ExprKind::logical_and:
      case ExprKind::logical_or: {
        std::vector<std::string> parts;
        for (const auto& c : expr.children)
          parts.push_back(wrap(*c));
        return util::join(parts, expr.kind == ExprKind::logical_and ? " AND " : " OR ");
      }
      case ExprKind::compare: {
        // Operands in text order, so that placeholders are numbered as they appear.
        std::string left = child(0);
        std::string right = child(1);
        return fmt::format("{} {} {}", left, compare_op_text(expr.compare), right);
      }
      case ExprKind::is_null:
        return fmt::format("{} IS {}NULL", child(0), expr.negated ? "NOT " : "");
      case ExprKind::in_list:
        return emit_in(expr);
      case ExprKind::arith:
        return emit_arith(expr);
      case ExprKind::call:
        return emit_call(expr);
      case ExprKind::between: {
        std::string value = child(0);
        std::string low = child(1);
        std::string high = child(2);
        return fmt::format("{} {}BETWEEN {} AND {}", value, expr.negated ? "NOT " : "", low, high);
      }
      case ExprKind::like:
      case ExprKind::matches:
        return emit_pattern_match(expr);
      case ExprKind::count:
      case ExprKind::count_distinct:
        return emit_count(expr);
      case ExprKind::exists: {
        // A dataset the target lacks has no rows: no table to select from.
        if (m_empty.count(expr.name)) return m_dialect.boolean_constant(false);
        if (auto answer = probe_answer(expr)) return *answer;
        if (m_dialect.exists_as_in() && !m_joinable.count(&expr)) {
          if (auto in = emit_exists_as_in(expr)) return *in;
        }
        std::string b = id(expr.alias);
        std::string sql = fmt::format("EXISTS (SELECT 1 FROM {} AS {}", id(expr.name), b);
        if (!expr.children.empty()) sql += " WHERE " + emit(*expr.children[0]);
        return sql + ")";
      }
      default:
        return "NULL";  // durations never stand alone (the checker sees to it)
    }
  }

  // An exists() the loader answered (data::KeyProbe): the answer in the row's column, or a lookup
  // in the table of every key when they did not fit in memory; nullopt for any other exists().
  std::optional<std::string> probe_answer(const Expr& exists) {
    auto match = key_probe_of(exists);
    if (!match) return std::nullopt;
    auto applied = std::find_if(m_probes.begin(), m_probes.end(), [&](const data::AppliedProbe& p) {
      return p.probe == match->probe;
    });
    if (applied == m_probes.end()) return std::nullopt;
    if (applied->answer == data::ProbeAnswer::column) {
      return fmt::format("({}.{} = 1)", id(match->outer_alias), id(match->probe.column()));
    }
    return fmt::format("EXISTS (SELECT 1 FROM {} AS {} WHERE {})", id(match->probe.key_table()),
                       id(exists.alias), emit(*exists.children[0]));
  }

  std::string emit_call(const Expr& expr) {
    std::vector<std::string> arguments;
    for (const auto& c : expr.children)
      arguments.push_back(emit(*c));
    if (expr.name == "upper" || expr.name == "lower") {
      return m_dialect.ascii_case(expr.name, arguments[0]);
    }
    if (expr.name == "substr") return emit_substr(expr, arguments);
    return fmt::format("{}({})", expr.name, util::join(arguments, ", "));
  }

  // substr(s, start[, length]) with a start below 1 or a negative length giving null (the
  // engines disagree there); constant bounds are checked by the type checker already.
  std::string emit_substr(const Expr& expr, const std::vector<std::string>& arguments) {
    std::string length = arguments.size() > 2 ? arguments[2] : std::string();
    std::string sql = m_dialect.substring(arguments[0], arguments[1], length);
    std::vector<std::string> guards;
    if (!is_constant(*expr.children[1])) guards.push_back(arguments[1] + " >= 1");
    if (arguments.size() > 2 && !is_constant(*expr.children[2])) {
      guards.push_back(arguments[2] + " >= 0");
    }
    if (guards.empty()) return sql;
    return fmt::format("(CASE WHEN {} THEN {} END)", util::join(guards, " AND "), sql);
  }

  // `s like p` and `s matches p`: the pattern, known when the rule is compiled, is bound in the
  // form the dialect's engine reads.
  std::string emit_pattern_match(const Expr& expr) {
    std::string text = emit(*expr.children[0]);
    Value pattern = fold(*expr.children[1]);
    std::string bound;
    if (expr.kind == ExprKind::like) {
      std::string escape = expr.children.size() > 2 ? fold(*expr.children[2]).text : "";
      // The type checker has seen to it that the pattern is valid.
      auto canonical = util::canonical_like_pattern(pattern.text, escape);
      bound = bind(Value::of_string(canonical ? *canonical : std::string()),
                   source_of(*expr.children[1]));
    } else {
      bound = bind(Value::of_string(m_dialect.regex_pattern(pattern.text)),
                   source_of(*expr.children[1]));
    }
    std::string sql =
        expr.kind == ExprKind::like ? m_dialect.like(text, bound) : m_dialect.matches(text, bound);
    return expr.negated ? "NOT " + sql : sql;
  }

  // count(D b where ...): a subquery per row, which an index on the join key makes a lookup.
  std::string emit_count(const Expr& expr) {
    if (m_empty.count(expr.name)) return "0";
    if (m_dialect.counts_by_join()) {
      if (auto joined = emit_count_join(expr)) return *joined;
    }
    std::string counted = "*";
    if (expr.kind == ExprKind::count_distinct) counted = "DISTINCT " + emit(*expr.children[0]);
    std::string sql =
        fmt::format("(SELECT COUNT({}) FROM {} AS {}", counted, id(expr.name), id(expr.alias));
    if (const Expr* where = subquery_where(expr)) sql += " WHERE " + emit(*where);
    return sql + ")";
  }

  // count(D b where b.x = a.y and ...), `a` the `from` row, as a column of a join computed once
  // per distinct tuple of the `a` fields the count reads:
  //   LEFT JOIN (SELECT a.f1 AS _o1, ..., COUNT(...) AS _count
  //              FROM (SELECT DISTINCT a.f1, ... FROM <from> AS a) AS a
  //              JOIN D AS b ON <the count's where> GROUP BY a.f1, ...) AS lethe_count_N
  //     ON lethe_count_N._o1 = a.f1 AND ...
  // and the count is COALESCE(lethe_count_N._count, 0). The derived table is aliased `a`, so the
  // count's where reads its tuple exactly as it would read the row: the same count for every
  // tuple, nulls included. A field whose null makes the where unknown (see null_means_none) is
  // joined with `=`, which a planner can hash; the others with IS NOT DISTINCT FROM, so that a
  // null tuple still finds its count. Nullopt when the count is not of that shape (another
  // enclosing row read, a subquery inside, no correlating equality).
  std::optional<std::string> emit_count_join(const Expr& expr) {
    const Expr* where = subquery_where(expr);
    if (!where) return std::nullopt;
    const std::string& a = m_rule.from_alias;
    std::vector<std::string> fields;  // the `a` fields the count reads, in order of appearance
    for (const auto& child : expr.children) {
      if (!collect_outer_fields(*child, expr.alias, a, fields)) return std::nullopt;
    }
    std::vector<const Expr*> terms;
    and_terms(*where, terms);
    std::set<std::string> hashable;  // fields joined with `=`
    bool correlated = false;
    for (const Expr* term : terms) {
      if (term->kind == ExprKind::between && !term->negated) {
        // `x between lo and hi` is x >= lo and x <= hi: a null end leaves it not true.
        for (size_t i = 1; i < 3; ++i) {
          if (const Expr* field = null_means_none(*term->children[i], a))
            hashable.insert(field->name);
        }
      }
      if (term->kind != ExprKind::compare) continue;
      for (int side = 0; side < 2; ++side) {
        const Expr& mine = *term->children[side];
        const Expr& theirs = *term->children[1 - side];
        if (const Expr* field = null_means_none(theirs, a); field && reads_only(mine, expr.alias)) {
          hashable.insert(field->name);
          if (term->compare == CompareOp::equal && mine.kind == ExprKind::field) correlated = true;
        }
      }
    }
    if (!correlated) return std::nullopt;
    std::string alias = id(a);
    std::string b = id(expr.alias);
    std::string name = id(fmt::format("lethe_count_{}", m_count_joins.size() + 1));
    std::vector<std::string> outputs;
    std::vector<std::string> columns;
    std::vector<std::string> on;
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string column = alias + "." + id(fields[i]);
      std::string output = fmt::format("_o{}", i + 1);
      columns.push_back(column);
      outputs.push_back(fmt::format("{} AS {}", column, output));
      on.push_back(fmt::format("{}.{} {} {}", name, output,
                               hashable.count(fields[i]) ? "=" : "IS NOT DISTINCT FROM", column));
    }
    std::string counted = "*";
    if (expr.kind == ExprKind::count_distinct) counted = "DISTINCT " + emit(*expr.children[0]);
    std::string condition = emit(*where);
    m_count_joins.push_back(fmt::format(
        "LEFT JOIN (SELECT {0}, COUNT({1}) AS _count\n"
        "           FROM (SELECT DISTINCT {2} FROM {3} AS {4}) AS {4}\n"
        "           JOIN {5} AS {6} ON {7}\n"
        "           GROUP BY {2}) AS {8}\n"
        "  ON {9}",
        util::join(outputs, ", "), counted, util::join(columns, ", "), id(m_rule.from_dataset),
        alias, id(expr.name), b, condition, name, util::join(on, " AND ")));
    return fmt::format("COALESCE({}._count, 0)", name);
  }

  // Adds to `fields` each field of `outer` that `expr` reads; false when it reads another
  // alias than `inner` and `outer`, or holds a subquery.
  static bool collect_outer_fields(const Expr& expr, const std::string& inner,
                                   const std::string& outer, std::vector<std::string>& fields) {
    if (is_subquery(expr.kind)) return false;
    if (expr.kind == ExprKind::field && expr.alias != inner) {
      if (expr.alias != outer) return false;
      if (std::find(fields.begin(), fields.end(), expr.name) == fields.end())
        fields.push_back(expr.name);
    }
    for (const auto& child : expr.children) {
      if (!collect_outer_fields(*child, inner, outer, fields)) return false;
    }
    return true;
  }

  // The field of `alias` whose null makes `operand` null, for a comparison operand that is the
  // field itself or the field plus or minus a constant or a constant duration; else nullptr.
  static const Expr* null_means_none(const Expr& operand, const std::string& alias) {
    const Expr* field = &operand;
    if (operand.kind == ExprKind::arith) {
      const Expr& right = *operand.children[1];
      bool constant =
          right.kind == ExprKind::duration ? is_constant(*right.children[0]) : is_constant(right);
      if (!constant) return nullptr;
      field = operand.children[0].get();
    }
    return field->kind == ExprKind::field && field->alias == alias ? field : nullptr;
  }

  // Whether `expr` reads fields of `alias` only (and no exists() or count).
  static bool reads_only(const Expr& expr, const std::string& alias) {
    if (is_subquery(expr.kind)) return false;
    if (expr.kind == ExprKind::field && expr.alias != alias) return false;
    for (const auto& child : expr.children) {
      if (!reads_only(*child, alias)) return false;
    }
    return true;
  }

  // exists(D b where b.x = a.y and <terms on b>) as COALESCE(a.y IN (SELECT b.x FROM D AS b
  // WHERE b.x IS NOT NULL AND <terms>), FALSE): the same truth for every row, nulls included
  // (a null a.y, or only null b.x, make both false). Nullopt when the exists() is not of that
  // shape.
  std::optional<std::string> emit_exists_as_in(const Expr& expr) {
    if (expr.children.empty()) return std::nullopt;
    std::vector<const Expr*> terms;
    and_terms(*expr.children[0], terms);
    const Expr* inner = nullptr;
    const Expr* outer = nullptr;
    std::vector<const Expr*> rest;
    for (const Expr* term : terms) {
      if (!inner && term->kind == ExprKind::compare && term->compare == CompareOp::equal) {
        const Expr& l = *term->children[0];
        const Expr& r = *term->children[1];
        auto correlates = [&](const Expr& mine, const Expr& theirs) {
          return mine.kind == ExprKind::field && mine.alias == expr.alias &&
                 theirs.kind == ExprKind::field && theirs.alias != expr.alias;
        };
        if (correlates(l, r) || correlates(r, l)) {
          inner = correlates(l, r) ? &l : &r;
          outer = correlates(l, r) ? &r : &l;
          continue;
        }
      }
      if (!reads_only(*term, expr.alias)) return std::nullopt;
      rest.push_back(term);
    }
    if (!inner) return std::nullopt;
    std::string b = id(expr.alias);
    std::string x = b + "." + id(inner->name);
    std::vector<std::string> where{x + " IS NOT NULL"};
    for (const Expr* term : rest)
      where.push_back(wrap(*term));
    return fmt::format("COALESCE({} IN (SELECT {} FROM {} AS {} WHERE {}), {})", emit(*outer), x,
                       id(expr.name), b, util::join(where, " AND "),
                       m_dialect.boolean_constant(false));
  }

  // Parenthesizes compound operands of not/and/or.
  std::string wrap(const Expr& expr) {
    std::string sql = emit(expr);
    bool compound = expr.kind == ExprKind::logical_and || expr.kind == ExprKind::logical_or;
    return compound ? "(" + sql + ")" : sql;
  }

  std::string emit_in(const Expr& expr) {
    std::string left = emit(*expr.children[0]);
    std::vector<std::string> items;
    for (size_t i = 1; i < expr.children.size(); ++i) {
      const Expr& item = *expr.children[i];
      if (item.type == ValueType::list) {
        const Param* param = m_rule.find_param(item.name);
        for (size_t j = 0; j < param->value.items.size(); ++j) {
          items.push_back(bind(param->value.items[j], fmt::format("{}[{}]", item.name, j)));
        }
      } else {
        items.push_back(emit(item));
      }
    }
    if (items.empty()) return m_dialect.boolean_constant(expr.negated);
    return fmt::format("{} {}IN ({})", left, expr.negated ? "NOT " : "", util::join(items, ", "));
  }

  std::string emit_arith(const Expr& expr) {
    const Expr& right = *expr.children[1];
    std::string left = emit(*expr.children[0]);
    if (right.kind != ExprKind::duration) {
      std::string right_sql = emit(right);
      return fmt::format("({} {} {})", left, expr.arith, right_sql);
    }
    const Expr& count = *right.children[0];
    std::string sign = expr.arith == '-' ? "-" : "";
    if (is_constant(count)) {
      Value n = fold(count);
      if (n.type == ValueType::null) return "NULL";
      std::int64_t signed_n = expr.arith == '-' ? -n.integer : n.integer;
      switch (right.unit) {
        case DurationUnit::days:
          return m_dialect.add_seconds(
              left, bind(Value::of_integer(signed_n * k_seconds_per_day),
                         fmt::format("{}{} in seconds", sign, source_of(right))));
        case DurationUnit::months:
          return m_dialect.add_months(left,
                                      bind(Value::of_integer(signed_n), sign + source_of(right)));
        case DurationUnit::years:
          return m_dialect.add_months(left,
                                      bind(Value::of_integer(12 * signed_n),
                                           fmt::format("{}{} in months", sign, source_of(right))));
      }
    }
    std::string n = emit(count);
    switch (right.unit) {
      case DurationUnit::days:
        return m_dialect.add_seconds(
            left, fmt::format("{}{} * {}", sign, wrap_arith(n), k_seconds_per_day));
      case DurationUnit::months:
        return m_dialect.add_months(left, sign + wrap_arith(n));
      case DurationUnit::years:
        return m_dialect.add_months(left, fmt::format("{}{} * 12", sign, wrap_arith(n)));
    }
    return "NULL";
  }

  static std::string wrap_arith(const std::string& sql) {
    return sql.find(' ') == std::string::npos ? sql : "(" + sql + ")";
  }

  const Rule& m_rule;
  std::int64_t m_as_of;
  const Dialect& m_dialect;
  std::vector<Binding> m_bindings;
  const std::set<std::string>& m_empty;
  const std::vector<data::AppliedProbe>& m_probes;
  std::set<const Expr*> m_joinable;        // exists() at the top of the WHERE (see emit_where)
  std::vector<std::string> m_count_joins;  // LEFT JOINs of counts (see emit_count_join)
};

}  // namespace

std::optional<Value> fold_constant(const Rule& rule, const Expr& expr, std::int64_t as_of) {
  bool foldable = expr.kind == ExprKind::literal || expr.kind == ExprKind::as_of ||
                  expr.kind == ExprKind::param || expr.kind == ExprKind::arith;
  if (!foldable || !is_constant(expr)) return std::nullopt;
  return fold_value(rule, as_of, expr);
}

CompiledRule compile_rule(const Rule& rule, std::int64_t as_of, const Dialect& dialect,
                          const std::set<std::string>& empty,
                          const std::vector<data::AppliedProbe>& probes) {
  return Emitter(rule, as_of, dialect, empty, probes).compile();
}

}  // namespace lethe::rules
