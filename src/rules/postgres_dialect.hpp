// PostgreSQL specifics: the dialect for engines that speak PostgreSQL's SQL (PostgreSQL, Citus,
// YugabyteDB, CockroachDB, Aurora, Redshift). The compiled SQL keeps the store's conventions, so
// that a rule means the same on either engine: each dataset is a common table expression over
// the engine's own table (data/postgres_source.hpp) that yields the canonical fields, timestamps
// as integer Unix seconds (UTC), booleans as booleans with their default, empty text as null,
// and `_row` (the key), `_file` and `_line`.
#pragma once

#include <optional>
#include <string>

#include "rules/dialect.hpp"

namespace lethe::rules {

// Parameters carry their type (`$1::bigint`); months are added on the UTC calendar; rows are
// identified by their key; related rows come by join and exists() below an OR as IN.
const Dialect& postgres_dialect();

// The text form in which `value` is sent for a placeholder of its type ("t"/"f" for booleans,
// Unix seconds for timestamps); nullopt for null.
std::optional<std::string> postgres_parameter_text(const Value& value);

}  // namespace lethe::rules
