// SQLite specifics, kept here: the dialect, the SQL functions the compiled rules call, and how
// values are bound.
#pragma once

#include <sqlite3.h>

#include "rules/ast.hpp"
#include "rules/dialect.hpp"
#include "util/expected.hpp"
#include "util/sqlite.hpp"

namespace lethe::rules {

// Timestamps are integer Unix seconds; booleans 0/1.
class SqliteDialect : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string placeholder(int index, ValueType type) const override;
  std::string identifier(std::string_view name) const override;
  std::string add_seconds(const std::string& timestamp, const std::string& seconds) const override;
  std::string add_months(const std::string& timestamp, const std::string& months) const override;
  std::string row_id(const std::string& alias) const override;
  std::string boolean_constant(bool value) const override;
};

const SqliteDialect& sqlite_dialect();

// Registers `lethe_add_months(ts, months)` on a connection.
util::Expected<void> register_sqlite_functions(sqlite3* db);

// Binds `value` to 1-based parameter `index`.
void bind_sqlite_value(util::SqliteStatement& statement, int index, const Value& value);

}  // namespace lethe::rules
