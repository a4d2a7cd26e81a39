#include "rules/postgres_dialect.hpp"

#include <fmt/format.h>

#include "util/sqlite.hpp"

namespace lethe::rules {

std::string PostgresDialect::placeholder(int index, ValueType type) const {
  const char* cast = "text";
  switch (type) {
    case ValueType::integer:
    case ValueType::timestamp:
      cast = "bigint";
      break;
    case ValueType::real:
      cast = "double precision";
      break;
    case ValueType::boolean:
      cast = "boolean";
      break;
    default:
      break;
  }
  return fmt::format("${}::{}", index, cast);
}

std::string PostgresDialect::identifier(std::string_view name) const {
  // The same rule as SQLite's: double quotes, an embedded one doubled.
  return util::quote_identifier(name);
}

std::string PostgresDialect::add_seconds(const std::string& timestamp,
                                         const std::string& seconds) const {
  return fmt::format("({} + {})", timestamp, seconds);
}

std::string PostgresDialect::add_months(const std::string& timestamp,
                                        const std::string& months) const {
  // On a timestamp without time zone the arithmetic is UTC's, whatever the session's TimeZone;
  // adding an interval of months clamps the day to the end of the month.
  return fmt::format(
      "(CASE WHEN abs({1}) <= 240000 THEN CAST(EXTRACT(EPOCH FROM TIMESTAMP '1970-01-01' + "
      "make_interval(secs => {0}) + make_interval(months => CAST({1} AS integer))) AS bigint) END)",
      timestamp, months);
}

std::string PostgresDialect::row_id(const std::string& alias) const {
  return alias + "._row";
}

std::string PostgresDialect::boolean_constant(bool value) const {
  return value ? "TRUE" : "FALSE";
}

const PostgresDialect& postgres_dialect() {
  static const PostgresDialect dialect;
  return dialect;
}

std::optional<std::string> postgres_parameter_text(const Value& value) {
  switch (value.type) {
    case ValueType::string:
      return value.text;
    case ValueType::integer:
    case ValueType::timestamp:
      return std::to_string(value.integer);
    case ValueType::boolean:
      return value.integer != 0 ? "t" : "f";
    case ValueType::real:
      return fmt::format("{:.17g}", value.real);
    default:
      return std::nullopt;
  }
}

}  // namespace lethe::rules
