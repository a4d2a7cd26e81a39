// Compiling a checked rule to one SQL query ("match"), through a Dialect. Every value is a bound
// parameter; sub-expressions without fields (as_of - months(18) - days(90)) are computed here,
// once, so the engine compares columns with constants.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/dialect.hpp"
#include "rules/rule.hpp"

namespace lethe::rules {

struct Binding {
  Value value;
  std::string source;  // the rule text it stands for, e.g. "as_of - months(inactive_months)"
};

// A positive exists() clause: the query returns the row id of its first matching row (by key),
// and the fields of that row that the message names.
struct RelatedQuery {
  std::string dataset;
  std::string alias;
  std::vector<const data::FieldSpec*> fields;
};

// Result columns: row id, _file, _line, key, the evidence fields, then per related query its
// row id and its fields.
struct CompiledRule {
  std::string sql;
  // Common table expressions `sql` reads (name, query), in order, for the runner to put in the
  // WITH clause it begins with; only when the dialect finds related rows by join.
  std::vector<std::pair<std::string, std::string>> common_tables;
  std::vector<Binding> bindings;             // ?1, ?2, ...
  std::vector<std::string> evidence_fields;  // as in Rule::evidence_fields
  std::vector<RelatedQuery> related;

  static constexpr int k_row_id_column = 0;
  static constexpr int k_file_column = 1;
  static constexpr int k_line_column = 2;
  static constexpr int k_key_column = 3;
  static constexpr int k_first_evidence_column = 4;
  int first_related_column() const {
    return k_first_evidence_column + static_cast<int>(evidence_fields.size());
  }
  // The column of related query `index`'s row id; its fields follow it.
  int related_column(size_t index) const {
    int column = first_related_column();
    for (size_t i = 0; i < index; ++i)
      column += 1 + static_cast<int>(related[i].fields.size());
    return column;
  }
  // The number of result columns.
  int column_count() const { return related_column(related.size()); }
};

// The value of a constant expression of `rule` (a literal, parameter, as_of, or arithmetic on
// them) at `as_of`, as the compiled query binds it; nullopt when `expr` is not one.
std::optional<Value> fold_constant(const Rule& rule, const Expr& expr, std::int64_t as_of);

// Compiles a checked rule for the audit instant `as_of` (Unix seconds). An exists() over a
// dataset in `empty` (one the target lacks, Rule::exempting_datasets) is false; one that the
// loader answered (a probe in `probes`) reads the answer where the loader put it.
CompiledRule compile_rule(const Rule& rule, std::int64_t as_of, const Dialect& dialect,
                          const std::set<std::string>& empty = {},
                          const std::vector<data::AppliedProbe>& probes = {});

}  // namespace lethe::rules
