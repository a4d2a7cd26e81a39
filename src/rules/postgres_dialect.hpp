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

class PostgresDialect : public Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  // `$1::bigint`: every parameter carries its type, so that the server never has to guess it.
  std::string placeholder(int index, ValueType type) const override;
  std::string identifier(std::string_view name) const override;
  std::string add_seconds(const std::string& timestamp, const std::string& seconds) const override;
  // Calendar months on the UTC date, clamped to the month's end as util::add_months does; null
  // beyond 20,000 years, as in SQLite.
  std::string add_months(const std::string& timestamp, const std::string& months) const override;
  // The dataset's key: findings point to rows by table and key.
  std::string row_id(const std::string& alias) const override;
  std::string boolean_constant(bool value) const override;
  // A server's tables need not have an index on the join key, nor could one serve the
  // converted columns.
  bool related_rows_by_join() const override { return true; }
  bool exists_as_in() const override { return true; }
};

const PostgresDialect& postgres_dialect();

// The text form in which `value` is sent for a placeholder of its type ("t"/"f" for booleans,
// Unix seconds for timestamps); nullopt for null.
std::optional<std::string> postgres_parameter_text(const Value& value);

}  // namespace lethe::rules
