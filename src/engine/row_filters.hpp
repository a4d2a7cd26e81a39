// Which rows the rules can never match, so that the loader need not store them. A row of a
// dataset matters only when it meets a necessary condition of one of the places that read the
// dataset: the `where` of a rule whose `from` it is, or the `where` of an exists() over it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

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
std::map<std::string, data::RowFilter> derive_row_filters(const rules::RuleSet& rules,
                                                          std::int64_t as_of);

}  // namespace lethe::engine
