#include "engine/row_filters.hpp"

#include <set>
#include <vector>

namespace lethe::engine {

using rules::Expr;
using rules::ExprKind;

namespace {

bool in_force(const rules::Rule& rule, std::int64_t as_of) {
  return !rule.applies_from || as_of >= *rule.applies_from;
}

void collect_exists_datasets(const Expr& expr, std::set<std::string>& datasets) {
  if (expr.kind == ExprKind::exists) datasets.insert(expr.name);
  for (const auto& child : expr.children)
    collect_exists_datasets(*child, datasets);
}

// The operands of nested `and`s, left to right.
void and_terms(const Expr& expr, std::vector<const Expr*>& terms) {
  if (expr.kind == ExprKind::logical_and) {
    for (const auto& child : expr.children)
      and_terms(*child, terms);
  } else {
    terms.push_back(&expr);
  }
}

bool is_field_of(const Expr& expr, const std::string& alias, const std::string& dataset) {
  return expr.kind == ExprKind::field && expr.alias == alias && expr.field && expr.dataset &&
         expr.dataset->name == dataset;
}

bool is_string_field_of(const Expr& expr, const std::string& alias, const std::string& dataset) {
  return is_field_of(expr, alias, dataset) && expr.field->type == data::FieldType::string;
}

// The conditions that `term` being true implies for the row of `alias`.
void conditions_of(const Expr& term, const std::string& alias, const std::string& dataset,
                   std::vector<data::RowCondition>& out) {
  if (term.kind == ExprKind::is_null && term.negated && term.children.size() == 1 &&
      is_field_of(*term.children[0], alias, dataset)) {
    out.push_back({term.children[0]->name, {}, {}});
    return;
  }
  // An exists() whose alias hides the row's cannot name the row's fields.
  if (term.kind != ExprKind::exists || term.children.empty() || term.alias == alias) return;
  std::vector<const Expr*> inner_terms;
  and_terms(*term.children[0], inner_terms);
  for (const Expr* inner : inner_terms) {
    if (inner->kind != ExprKind::compare || inner->compare != rules::CompareOp::equal) continue;
    for (int side = 0; side < 2; ++side) {
      const Expr& mine = *inner->children[side];
      const Expr& theirs = *inner->children[1 - side];
      if (is_string_field_of(mine, alias, dataset) &&
          is_string_field_of(theirs, term.alias, term.name)) {
        out.push_back({mine.name, term.name, theirs.name});
      }
    }
  }
}

}  // namespace

std::map<std::string, data::RowFilter> derive_row_filters(const rules::RuleSet& rules,
                                                          std::int64_t as_of) {
  std::set<std::string> looked_into;
  for (const auto& rule : rules.rules) {
    if (in_force(*rule, as_of) && rule->where) collect_exists_datasets(*rule->where, looked_into);
  }
  std::map<std::string, data::RowFilter> filters;
  std::set<std::string> unfiltered = looked_into;
  for (const auto& rule : rules.rules) {
    if (!in_force(*rule, as_of)) continue;
    const std::string& dataset = rule->from_dataset;
    std::vector<data::RowCondition> conditions;
    if (rule->where) {
      std::vector<const Expr*> terms;
      and_terms(*rule->where, terms);
      for (const Expr* term : terms)
        conditions_of(*term, rule->from_alias, dataset, conditions);
    }
    if (conditions.empty()) {
      unfiltered.insert(dataset);
    } else {
      filters[dataset].alternatives.push_back(std::move(conditions));
    }
  }
  for (const auto& dataset : unfiltered)
    filters.erase(dataset);
  return filters;
}

}  // namespace lethe::engine
