#include "rules/postgres_dialect.hpp"

#include <fmt/format.h>

#include "util/regex.hpp"
#include "util/sqlite.hpp"

namespace lethe::rules {

namespace {

class PostgresDialect final : public Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  // `$1::bigint`: every parameter carries its type, so that the server never has to guess it.
  std::string placeholder(int index, ValueType type) const override;
  // Calendar months on the UTC date, clamped to the month's end as util::add_months does; null
  // beyond 20,000 years, as in SQLite.
  std::string add_months(const std::string& timestamp, const std::string& months) const override;
  // The dataset's key: findings point to rows by table and key.
  std::string row_id(const std::string& alias) const override;
  std::string boolean_constant(bool value) const override;
  // The server's LIKE takes a backslash as its escape unless told otherwise.
  std::string like(const std::string& text, const std::string& pattern) const override;
  // The POSIX ARE that reads as the RE2 pattern does (util::to_postgres_regex).
  std::string regex_pattern(std::string_view pattern) const override;
  std::string matches(const std::string& text, const std::string& pattern) const override;
  // Under the "C" collation the server's upper() and lower() change ASCII letters only.
  std::string ascii_case(std::string_view function, const std::string& text) const override;
  // The server's substr() takes integers: the bounds are clamped to their range.
  std::string substring(const std::string& text, const std::string& start,
                        const std::string& length) const override;
  // A server's tables need not have an index on the join key, nor could one serve the
  // converted columns.
  bool related_rows_by_join() const override { return true; }
  bool exists_as_in() const override { return true; }
  bool counts_by_join() const override { return true; }
};

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

std::string PostgresDialect::like(const std::string& text, const std::string& pattern) const {
  return fmt::format("({} LIKE {})", text, pattern);
}

std::string PostgresDialect::regex_pattern(std::string_view pattern) const {
  return util::to_postgres_regex(pattern);
}

std::string PostgresDialect::matches(const std::string& text, const std::string& pattern) const {
  return fmt::format("({} ~ {})", text, pattern);
}

std::string PostgresDialect::ascii_case(std::string_view function, const std::string& text) const {
  return fmt::format("{}({} COLLATE \"C\")", function, text);
}

namespace {

// An integer expression as the server's `integer`, clamped to its largest value.
std::string as_int4(const std::string& number) {
  return fmt::format("CAST(LEAST({}, 2147483647) AS integer)", number);
}

}  // namespace

std::string PostgresDialect::substring(const std::string& text, const std::string& start,
                                       const std::string& length) const {
  if (length.empty()) return fmt::format("substr({}, {})", text, as_int4(start));
  return fmt::format("substr({}, {}, {})", text, as_int4(start), as_int4(length));
}

}  // namespace

const Dialect& postgres_dialect() {
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
