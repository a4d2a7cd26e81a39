// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace lethe::util {

class SqliteStatement;

// An open SQLite connection; closes it on destruction.
class SqliteDb {
 public:
  SqliteDb() = default;
  explicit SqliteDb(sqlite3* db) : m_db(db) {}
  SqliteDb(SqliteDb&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Opens `uri` (a path, or a `file:` URI) with the given sqlite3_open_v2 flags.
  static Expected<SqliteDb> open(const std::string& uri, int flags);

  sqlite3* get() const { return m_db; }

  // Runs one or more statements that return no rows.
  Expected<void> exec(const std::string& sql);

  // Prepares one statement.
  Expected<SqliteStatement> prepare(std::string_view sql);

  // The connection's last error message.
  std::string last_error() const;

 private:
  sqlite3* m_db = nullptr;
};

// A prepared statement; finalizes it on destruction.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept : m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
  }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  sqlite3_stmt* get() const { return m_stmt; }

  // Binders take 1-based parameter indexes; text is copied by SQLite.
  void bind_null(int index) { sqlite3_bind_null(m_stmt, index); }
  void bind_int(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
  void bind_real(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }
  void bind_text(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  // Binds text without a copy: `value` must stay valid until the statement is stepped and reset.
  void bind_text_no_copy(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }

  // Steps once: SQLITE_ROW, SQLITE_DONE, or an error code.
  int step() { return sqlite3_step(m_stmt); }
  void reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
  }

  int column_count() const { return sqlite3_column_count(m_stmt); }
  bool column_is_null(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }
  std::int64_t column_int(int index) const { return sqlite3_column_int64(m_stmt, index); }
  double column_real(int index) const { return sqlite3_column_double(m_stmt, index); }
  // The column as text ("" for NULL); valid until the next step.
  std::string_view column_text(int index) const;

 private:
  sqlite3_stmt* m_stmt = nullptr;
};

// `name` quoted as an SQL identifier: "na""me".
std::string quote_identifier(std::string_view name);

}  // namespace lethe::util
