// Which rows the rules can never match, so that the loader need not store them: for a dataset
// that rules read only as their `from` (never inside an exists()), a row matters only when it
// meets a necessary condition of at least one of those rules' `where`.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "data/loader.hpp"
#include "rules/rule_set.hpp"

namespace lethe::engine {

// The row filters for the rules in force at `as_of`. A rule's necessary condition is drawn from
// the top-level `and` terms of its `where`: `x.f is not null`, and `exists(E e where ... and
// e.k = x.f ...)` (x.f is not null and equals some E.k; both strings). A dataset that some rule
// reads inside an exists(), or that a rule with no such term reads as `from`, is not filtered.
std::map<std::string, data::RowFilter> derive_row_filters(const rules::RuleSet& rules,
                                                          std::int64_t as_of);

}  // namespace lethe::engine
