// Reading a canonical dataset from a PostgreSQL table or view: the query that converts the
// engine's columns into the canonical fields with the store's conventions (see
// rules/postgres_dialect.hpp), so that the rules run inside the engine, on its own data.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/schema.hpp"
#include "data/value_parser.hpp"

namespace lethe::data {

// Where one canonical field comes from.
struct PostgresColumn {
  const FieldSpec* field = nullptr;
  std::string column;  // the engine's column name; empty: the table has none (null)
  // Its type as information_schema.columns.data_type gives it ("text", "bigint",
  // "timestamp with time zone", "boolean", ...).
  std::string type;
  FieldReading reading;  // formats (the first is used), zone, vendor codes and null values
};

// The column type a canonical field has when the table was made for it ("timestamp with time
// zone" for timestamps, "boolean", "bigint", "double precision", "text").
std::string native_postgres_type(FieldType type);

// SQL converting `column` into `column.field`'s canonical form: an integer Unix second for a
// timestamp, a boolean with its default, null for empty text. Null when the value cannot be
// read; postgres_unreadable() says when that is.
std::string postgres_conversion(const PostgresColumn& column);

// SQL that is true when a column holds a value that its conversion cannot read (the row is
// then counted as rejected and left out, as a file's unreadable row is); "FALSE" when none can.
std::string postgres_unreadable(const PostgresColumn& column);

// The wall time `column` holds, as SQL of type timestamp without time zone (null when the value
// is none), when it is a timestamp field whose values are wall times (not epochs, not with an
// offset) in a zone with transitions; nullopt otherwise.
std::optional<std::string> postgres_wall_time(const PostgresColumn& column);

// Two SQL aggregates over rows holding `wall` (postgres_wall_time) in `zone`: how many wall times
// occur twice, and how many do not occur.
std::string postgres_wall_time_counts(const std::string& wall, const util::TimeZone& zone);

// `SELECT <conversions> AS "<field>", ..., <key> AS _row, NULL AS _file, NULL AS _line FROM
// <table_sql> WHERE NOT (<unreadable>)`: the dataset as rules read it. `table_sql` is schema-
// qualified ("public"."accounts"), so that it never names one of the datasets' common table
// expressions.
std::string postgres_dataset_query(const std::string& table_sql,
                                   const std::vector<PostgresColumn>& columns);

// The same over the table public.<dataset> with every field in a column of its own name and
// native type (what `rules explain --dialect postgresql` shows without a manifest).
std::string postgres_native_dataset_query(const DatasetSpec& dataset);

// `WITH "accounts" AS NOT MATERIALIZED (query), ...` followed by a line break: the datasets a
// compiled rule names, in the order given (NOT MATERIALIZED lets the planner push the rule's
// conditions into each table's scan instead of copying the table first), then `extra`, the
// rule's own common tables, computed once.
std::string postgres_with_clause(const std::vector<std::pair<std::string, std::string>>& datasets,
                                 const std::vector<std::pair<std::string, std::string>>& extra);

}  // namespace lethe::data
