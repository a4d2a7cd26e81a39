// Which rows the rules can never match, so that the loader need not store them. A row of a
// dataset matters only when it meets a necessary condition of one of the places that read the
// dataset: the `where` of a rule whose `from` it is, or the `where` of an exists() over it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/loader.hpp"
#include "rules/rule_set.hpp"

namespace lethe::engine {

// The row filters for the rules in force at `as_of`. Necessary conditions are drawn from the
// top-level `and` terms of a `where` about the row alone: `f is [not] null`, `f` or `not f`
// (booleans), `f OP constant` (integers, booleans, timestamps), `f = 'text'` and `f in (...)`
// (strings), `f between a and b` (integers, timestamps); and, for a rule's `from` row, `exists(E e
// where ... e.k = x.f ...)` (x.f equals some stored E.k; both strings; E is then loaded first). A
// dataset read in a place that gives no condition keeps every row. Only the rows an exists() or
// count can see matter to it, so the same holds for `not exists`; a count, like, matches or string
// function gives no condition on the row that reads it.
//
// A `not exists(E e where e.k = y.f)` (rules::key_probe_of) is answered while loading instead
// (data::KeyProbe): it needs no row of E stored, and gives the rule's row the condition `f not
// in E.k`. A probe whose E could not be loaded before y's dataset (E's rows depend on it, or it
// is the same dataset) is read from the store like any other exists().
struct RowFilters {
  std::map<std::string, data::RowFilter> filters;
  std::vector<data::KeyProbe> probes;  // in order, each once
};
RowFilters derive_row_filters(const rules::RuleSet& rules, std::int64_t as_of);

}  // namespace lethe::engine
