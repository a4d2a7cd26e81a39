#include "engine/row_filters.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "rules/sql_emitter.hpp"

namespace lethe::engine {

using data::RowCondition;
using rules::and_terms;
using rules::CompareOp;
using rules::Expr;
using rules::ExprKind;
using rules::ValueType;

namespace {

// The row a where is about: its alias and dataset.
struct Row {
  std::string alias;
  std::string dataset;
};

bool is_field_of(const Expr& expr, const Row& row) {
  return expr.kind == ExprKind::field && expr.alias == row.alias && expr.field && expr.dataset &&
         expr.dataset->name == row.dataset;
}

bool is_string_field_of(const Expr& expr, const Row& row) {
  return is_field_of(expr, row) && expr.field->type == data::FieldType::string;
}

bool is_integer_like(data::FieldType type) {
  return type == data::FieldType::integer || type == data::FieldType::boolean ||
         type == data::FieldType::timestamp;
}

RowCondition::Op op_of(CompareOp op, bool swapped) {
  switch (op) {
    case CompareOp::equal:
      return RowCondition::Op::equal;
    case CompareOp::not_equal:
      return RowCondition::Op::not_equal;
    case CompareOp::less:
      return swapped ? RowCondition::Op::greater : RowCondition::Op::less;
    case CompareOp::less_equal:
      return swapped ? RowCondition::Op::greater_equal : RowCondition::Op::less_equal;
    case CompareOp::greater:
      return swapped ? RowCondition::Op::less : RowCondition::Op::greater;
    case CompareOp::greater_equal:
      return swapped ? RowCondition::Op::less_equal : RowCondition::Op::greater_equal;
  }
  return RowCondition::Op::equal;
}

// The probes of a rule pack that are answered while loading.
using Probes = std::set<data::KeyProbe>;

// Whether `exists` is a key probe not in `disabled`.
std::optional<rules::ProbeMatch> enabled_probe(const Expr& exists, const Probes& disabled) {
  auto match = rules::key_probe_of(exists);
  if (!match || disabled.count(match->probe)) return std::nullopt;
  return match;
}

class Deriver {
 public:
  Deriver(const rules::Rule& rule, std::int64_t as_of, const Probes& disabled)
      : m_rule(rule), m_as_of(as_of), m_disabled(disabled) {}

  // The conditions on `row` that `term` being true implies (none when it implies nothing
  // this understands). With `semi_joins`, exists() terms give `in_dataset` conditions.
  void conditions_of(const Expr& term, const Row& row, bool semi_joins,
                     std::vector<RowCondition>& out) const {
    switch (term.kind) {
      case ExprKind::is_null:
        null_conditions(term, row, out);
        return;
      case ExprKind::field:  // a boolean field on its own: true
        if (is_boolean_field_of(term, row)) {
          out.push_back(compare(term.name, RowCondition::Op::not_equal, 0));
        }
        return;
      case ExprKind::logical_not:
        if (const Expr& operand = *term.children[0]; is_boolean_field_of(operand, row)) {
          out.push_back(compare(operand.name, RowCondition::Op::equal, 0));
        } else if (semi_joins) {
          probe_conditions(operand, row, out);
        }
        return;
      case ExprKind::compare:
        for (int side = 0; side < 2; ++side)
          compare_conditions(term, side, row, out);
        return;
      case ExprKind::in_list:
        in_list_conditions(term, row, out);
        return;
      case ExprKind::between:
        between_conditions(term, row, out);
        return;
      case ExprKind::exists:
        // An exists() whose alias hides the row's cannot name the row's fields.
        if (!semi_joins || term.children.empty() || term.alias == row.alias) return;
        semi_join_conditions(term, row, out);
        return;
      default:
        return;
    }
  }

 private:
  static bool is_boolean_field_of(const Expr& expr, const Row& row) {
    return is_field_of(expr, row) && expr.field->type == data::FieldType::boolean;
  }

  // `f is [not] null` on a field of the row.
  static void null_conditions(const Expr& term, const Row& row, std::vector<RowCondition>& out) {
    if (!is_field_of(*term.children[0], row)) return;
    RowCondition c;
    c.kind = term.negated ? RowCondition::Kind::not_null : RowCondition::Kind::is_null;
    c.field = term.children[0]->name;
    out.push_back(std::move(c));
  }

  // A comparison whose operand `side` (0 or 1) is a field of the row and the other a constant.
  void compare_conditions(const Expr& term, int side, const Row& row,
                          std::vector<RowCondition>& out) const {
    const Expr& field = *term.children[side];
    const Expr& other = *term.children[1 - side];
    if (!is_field_of(field, row)) return;
    if (is_integer_like(field.field->type)) {
      auto value = rules::fold_constant(m_rule, other, m_as_of);
      if (value && (value->type == ValueType::integer || value->type == ValueType::boolean ||
                    value->type == ValueType::timestamp)) {
        out.push_back(compare(field.name, op_of(term.compare, side == 1), value->integer));
      }
    } else if (field.field->type == data::FieldType::string && term.compare == CompareOp::equal) {
      auto value = rules::fold_constant(m_rule, other, m_as_of);
      if (value && value->type == ValueType::string) {
        out.push_back(in_values(field.name, {value->text}));
      }
    }
  }

  // `f between a and b` on an integer-like field of the row, with constant ends: f >= a and
  // f <= b (a null end gives no condition: the row may still fail the other one).
  void between_conditions(const Expr& term, const Row& row, std::vector<RowCondition>& out) const {
    const Expr& field = *term.children[0];
    if (term.negated || !is_field_of(field, row) || !is_integer_like(field.field->type)) return;
    const RowCondition::Op ops[] = {RowCondition::Op::greater_equal, RowCondition::Op::less_equal};
    for (int end = 0; end < 2; ++end) {
      auto value = rules::fold_constant(m_rule, *term.children[1 + end], m_as_of);
      if (value && (value->type == ValueType::integer || value->type == ValueType::timestamp)) {
        out.push_back(compare(field.name, ops[end], value->integer));
      }
    }
  }

  // `f in (...)` on a string field of the row, when every item is text or null.
  void in_list_conditions(const Expr& term, const Row& row, std::vector<RowCondition>& out) const {
    if (term.negated || !is_string_field_of(*term.children[0], row)) return;
    std::vector<std::string> values;
    for (size_t i = 1; i < term.children.size(); ++i) {
      if (!add_in_list_item(*term.children[i], values)) return;
    }
    out.push_back(in_values(term.children[0]->name, std::move(values)));
  }

  // Adds the text values of one item of an `in` list; false when it is not understood, so the
  // list gives no condition.
  bool add_in_list_item(const Expr& item, std::vector<std::string>& values) const {
    if (item.kind == ExprKind::param && item.type == ValueType::list) {
      for (const auto& v : m_rule.find_param(item.name)->value.items) {
        if (v.type != ValueType::string) return false;
        values.push_back(v.text);
      }
      return true;
    }
    auto value = rules::fold_constant(m_rule, item, m_as_of);
    if (!value) return false;
    // A null item never makes `in` true; anything else but text is not understood.
    if (value->type == ValueType::null) return true;
    if (value->type != ValueType::string) return false;
    values.push_back(value->text);
    return true;
  }

  static RowCondition compare(const std::string& field, RowCondition::Op op, std::int64_t n) {
    RowCondition c;
    c.kind = RowCondition::Kind::compare;
    c.field = field;
    c.op = op;
    c.number = n;
    return c;
  }

  static RowCondition in_values(const std::string& field, std::vector<std::string> values) {
    RowCondition c;
    c.kind = RowCondition::Kind::in_values;
    c.field = field;
    c.values = std::move(values);
    return c;
  }

  // `not exists(E e where e.k = x.f)` answered while loading: x.f is null or among no E.k.
  void probe_conditions(const Expr& operand, const Row& row, std::vector<RowCondition>& out) const {
    auto match = enabled_probe(operand, m_disabled);
    if (!match || match->outer_alias != row.alias || match->probe.dataset != row.dataset) return;
    RowCondition c;
    c.kind = RowCondition::Kind::not_in_keys;
    c.field = match->probe.field;
    c.in_dataset = match->probe.in_dataset;
    c.in_field = match->probe.in_field;
    out.push_back(std::move(c));
  }

  // `exists(E e where ... e.k = x.f ...)`: x.f is among the stored E.k.
  void semi_join_conditions(const Expr& exists, const Row& row,
                            std::vector<RowCondition>& out) const {
    Row inner{exists.alias, exists.name};
    std::vector<const Expr*> terms;
    and_terms(*exists.children[0], terms);
    for (const Expr* term : terms) {
      if (term->kind != ExprKind::compare || term->compare != CompareOp::equal) continue;
      for (int side = 0; side < 2; ++side) {
        const Expr& mine = *term->children[side];
        const Expr& theirs = *term->children[1 - side];
        if (is_string_field_of(mine, row) && is_string_field_of(theirs, inner)) {
          RowCondition c;
          c.kind = RowCondition::Kind::in_dataset;
          c.field = mine.name;
          c.in_dataset = exists.name;
          c.in_field = theirs.name;
          out.push_back(std::move(c));
        }
      }
    }
  }

  const rules::Rule& m_rule;
  std::int64_t m_as_of;
  const Probes& m_disabled;
};

RowFilters derive_with(const rules::RuleSet& rules, std::int64_t as_of, const Probes& disabled) {
  RowFilters result;
  Probes probes;
  std::map<std::string, data::RowFilter>& filters = result.filters;
  std::set<std::string> unfiltered;
  std::set<std::string> looked_into;
  auto add = [&](const std::string& dataset, std::vector<RowCondition> conditions) {
    if (conditions.empty()) {
      unfiltered.insert(dataset);
    } else {
      filters[dataset].alternatives.push_back(std::move(conditions));
    }
  };
  for (const auto& rule : rules.rules) {
    if (!rule->in_force(as_of)) continue;
    Deriver deriver(*rule, as_of, disabled);
    std::vector<RowCondition> conditions;
    // Every exists() and count, nested ones included: only the rows that meet the `where` of one
    // matter to it; a probe's answer needs none of them.
    std::vector<const Expr*> exists_clauses;
    if (rule->where) {
      std::vector<const Expr*> terms;
      and_terms(*rule->where, terms);
      for (const Expr* term : terms)
        deriver.conditions_of(*term, {rule->from_alias, rule->from_dataset}, true, conditions);
      rules::for_each_exists(*rule->where, [&](const Expr& exists, rules::Polarity polarity) {
        auto probe =
            polarity == rules::Polarity::negative ? enabled_probe(exists, disabled) : std::nullopt;
        if (probe) {
          probes.insert(probe->probe);
        } else {
          exists_clauses.push_back(&exists);
        }
      });
    }
    add(rule->from_dataset, std::move(conditions));
    for (const Expr* exists : exists_clauses) {
      looked_into.insert(exists->name);
      std::vector<RowCondition> inner;
      if (const Expr* where = rules::subquery_where(*exists)) {
        std::vector<const Expr*> terms;
        and_terms(*where, terms);
        for (const Expr* term : terms)
          deriver.conditions_of(*term, {exists->alias, exists->name}, false, inner);
      }
      add(exists->name, std::move(inner));
    }
  }
  for (const auto& dataset : unfiltered)
    filters.erase(dataset);
  // A dataset that exists() clauses look into is loaded before the semi-joins that read it, so
  // it keeps only conditions on its own fields.
  for (auto it = filters.begin(); it != filters.end();) {
    bool keep_all = false;
    if (looked_into.count(it->first)) {
      for (auto& alternative : it->second.alternatives) {
        std::erase_if(alternative, [](const RowCondition& c) {
          return c.kind == RowCondition::Kind::in_dataset ||
                 c.kind == RowCondition::Kind::not_in_keys;
        });
        keep_all = keep_all || alternative.empty();
      }
    }
    it = keep_all ? filters.erase(it) : std::next(it);
  }
  result.probes.assign(probes.begin(), probes.end());
  return result;
}

// The datasets that must be loaded before each one (data::datasets_loaded_before).
std::map<std::string, std::set<std::string>> load_dependencies(const RowFilters& derived) {
  std::map<std::string, std::set<std::string>> before;
  for (const auto& [dataset, filter] : derived.filters)
    before[dataset] = data::datasets_loaded_before(dataset, derived.filters, derived.probes);
  for (const auto& probe : derived.probes)
    before[probe.dataset] =
        data::datasets_loaded_before(probe.dataset, derived.filters, derived.probes);
  return before;
}

// Whether `to` can be reached from `from` (itself included) along `edges`.
bool reaches(const std::map<std::string, std::set<std::string>>& edges, const std::string& from,
             const std::string& to) {
  std::set<std::string> seen;
  std::vector<std::string> stack{from};
  while (!stack.empty()) {
    std::string at = std::move(stack.back());
    stack.pop_back();
    if (at == to) return true;
    if (!seen.insert(at).second) continue;
    if (auto it = edges.find(at); it != edges.end())
      stack.insert(stack.end(), it->second.begin(), it->second.end());
  }
  return false;
}

}  // namespace

RowFilters derive_row_filters(const rules::RuleSet& rules, std::int64_t as_of) {
  Probes disabled;
  while (true) {
    RowFilters derived = derive_with(rules, as_of, disabled);
    // A probe's keys come from E's loaded rows, so E loads first: a probe whose E depends on its
    // own dataset (or is it) is read from the store instead, and E's rows are then stored for it.
    auto before = load_dependencies(derived);
    auto cyclic = std::find_if(derived.probes.begin(), derived.probes.end(),
                               [&](const data::KeyProbe& probe) {
                                 return reaches(before, probe.in_dataset, probe.dataset);
                               });
    if (cyclic == derived.probes.end()) return derived;
    disabled.insert(*cyclic);
  }
}

}  // namespace lethe::engine
