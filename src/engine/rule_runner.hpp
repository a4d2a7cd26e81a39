// Running a compiled rule against the store and collecting the rows it matches.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rules/ast.hpp"
#include "rules/sql_emitter.hpp"
#include "util/expected.hpp"
#include "util/sqlite.hpp"

namespace lethe::engine {

// A row for which the rule's `where` is true.
struct Match {
  std::int64_t file_id = 0;  // in the store; 0 elsewhere
  std::int64_t line = 0;
  std::optional<std::string> key;      // null when the row has no key
  std::vector<rules::Value> evidence;  // one per CompiledRule::evidence_fields
  // Per related query, the row it matched (a rowid in the store, a key on a server), if any.
  std::vector<std::optional<rules::Value>> related;
  // Per related query, the values of its fields (RelatedQuery::fields); empty when no row.
  std::vector<std::vector<rules::Value>> related_values;
};

// Runs `compiled` on the store `db` (SQLite functions registered). `evidence_types` gives the
// type of each evidence field, so that values come back typed.
util::Expected<std::vector<Match>> run_rule(util::SqliteDb& db, const rules::CompiledRule& compiled,
                                            const std::vector<rules::ValueType>& evidence_types);

// Runs `compiled` like run_rule, handing each match to `on_match` as it comes, ordered by key
// (nulls first), then file id and line: memory does not grow with the number of matches. Stops
// at the first error `on_match` returns. Returns the number of matches.
util::Expected<std::uint64_t> for_each_match(
    util::SqliteDb& db, const rules::CompiledRule& compiled,
    const std::vector<rules::ValueType>& evidence_types,
    const std::function<util::Expected<void>(Match&&)>& on_match);

// Registers the SQL functions compiled rules call (see rules/sqlite_dialect.hpp) and makes the
// connection read-only: an authorizer refuses every statement that writes, attaches a database,
// or sets a pragma, so that no rule can change the evidence.
util::Expected<void> prepare_store_for_rules(util::SqliteDb& db);

// Lifts prepare_store_for_rules' authorizer once every rule has run, for the engine's own writes.
void end_rules(util::SqliteDb& db);

}  // namespace lethe::engine
