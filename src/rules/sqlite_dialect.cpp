#include "rules/sqlite_dialect.hpp"

#include <fmt/format.h>

#include "util/timestamp.hpp"

namespace lethe::rules {

std::string Dialect::identifier(std::string_view name) const {
  return util::quote_identifier(name);
}

std::string Dialect::add_seconds(const std::string& timestamp, const std::string& seconds) const {
  return fmt::format("({} + {})", timestamp, seconds);
}

namespace {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string placeholder(int index, ValueType type) const override;
  std::string add_months(const std::string& timestamp, const std::string& months) const override;
  std::string row_id(const std::string& alias) const override;
  std::string boolean_constant(bool value) const override;
};

std::string SqliteDialect::placeholder(int index, ValueType) const {
  return fmt::format("?{}", index);
}

std::string SqliteDialect::add_months(const std::string& timestamp,
                                      const std::string& months) const {
  return fmt::format("lethe_add_months({}, {})", timestamp, months);
}

std::string SqliteDialect::row_id(const std::string& alias) const {
  return alias + ".rowid";
}

std::string SqliteDialect::boolean_constant(bool value) const {
  return value ? "1" : "0";
}

}  // namespace

const Dialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

namespace {

// Calendar month arithmetic with the same clamping as constant folding (util::add_months).
void add_months_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL ||
      sqlite3_value_type(arguments[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  std::int64_t months = sqlite3_value_int64(arguments[1]);
  constexpr std::int64_t k_max_months = std::int64_t{12} * 20000;
  if (months > k_max_months || months < -k_max_months) {
    sqlite3_result_null(context);
    return;
  }
  sqlite3_result_int64(context, util::add_months(sqlite3_value_int64(arguments[0]), months));
}

}  // namespace

util::Expected<void> register_sqlite_functions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "lethe_add_months", 2,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, add_months_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return util::Error{sqlite3_errmsg(db)};
  return {};
}

void bind_sqlite_value(util::SqliteStatement& statement, int index, const Value& value) {
  switch (value.type) {
    case ValueType::string:
      statement.bind_text(index, value.text);
      break;
    case ValueType::integer:
    case ValueType::boolean:
    case ValueType::timestamp:
      statement.bind_int(index, value.integer);
      break;
    case ValueType::real:
      statement.bind_real(index, value.real);
      break;
    default:
      statement.bind_null(index);
      break;
  }
}

}  // namespace lethe::rules
