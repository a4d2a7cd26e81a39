// SQLite specifics, kept here: the dialect, the SQL functions the compiled rules call, and how
// values are bound.
#pragma once

#include <sqlite3.h>

#include "rules/ast.hpp"
#include "rules/dialect.hpp"
#include "util/expected.hpp"
#include "util/sqlite.hpp"

namespace lethe::rules {

// The store's dialect: timestamps are integer Unix seconds; booleans 0/1; rows by rowid.
const Dialect& sqlite_dialect();

// Registers `lethe_add_months(ts, months)` on a connection.
util::Expected<void> register_sqlite_functions(sqlite3* db);

// Binds `value` to 1-based parameter `index`.
void bind_sqlite_value(util::SqliteStatement& statement, int index, const Value& value);

}  // namespace lethe::rules
