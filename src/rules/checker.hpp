// The type checker: resolves names against the schema and the rule's parameters, gives every
// expression a type, and records what the rule reads. Runs before any data is touched.
#pragma once

#include <optional>

#include "data/schema.hpp"
#include "rules/parser.hpp"
#include "rules/rule.hpp"

namespace lethe::rules {

// Checks `rule.where` (already parsed) and fills the rule's dataset, reads and evidence fields.
// Errors carry an offset into `rule.where_text`.
std::optional<ExprError> check_where(Rule& rule, const data::Schema& schema);

// Checks the patterns of every like and matches of a checked rule with its parameters as they
// now stand (after --param overrides): the first invalid one, or nullopt.
std::optional<ExprError> check_patterns(const Rule& rule);

// Checks the message template's placeholders ({alias.field}, {param}, {as_of}; {{ and }} for
// braces) and fills `rule.placeholders`. Errors carry an offset into `rule.message`.
// Run after check_where.
std::optional<ExprError> check_message(Rule& rule);

}  // namespace lethe::rules
