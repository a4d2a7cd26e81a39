#include "data/sqlite_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <system_error>

#include "util/sqlite.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace fs = std::filesystem;

std::string sqlite_readonly_uri(const fs::path& path) {
  std::string uri = "file:";
  for (unsigned char c : fs::absolute(path).string()) {
    // Escape what a URI would read as syntax.
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
      uri += fmt::format("%{:02X}", c);
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?mode=ro&immutable=1";
}

namespace {

// Whether `table` has a rowid to point findings at (a WITHOUT ROWID table has none).
bool has_rowid(util::SqliteDb& db, const std::string& table) {
  return static_cast<bool>(
      db.prepare("SELECT rowid FROM " + util::quote_identifier(table) + " LIMIT 0"));
}

class SqliteSource : public RecordSource {
 public:
  SqliteSource(util::SqliteDb db, util::SqliteStatement statement, std::vector<int> result_columns,
               std::vector<std::string> table_columns, std::uint64_t size,
               std::size_t max_record_size)
      : m_db(std::move(db)),
        m_statement(std::move(statement)),
        m_result_columns(std::move(result_columns)),
        m_file_columns{"table", std::move(table_columns)},
        m_size(size),
        m_max_record_size(max_record_size) {}

  ReadStatus next(Record& record, std::string& message) override {
    if (m_done) return ReadStatus::end;
    int rc = m_statement.step();
    if (rc == SQLITE_DONE) {
      m_done = true;
      return ReadStatus::end;
    }
    if (rc != SQLITE_ROW) {
      // A damaged file: say so once, after the last row that could be read, and stop.
      m_done = true;
      record.line = m_last_rowid + 1;
      message = rc == SQLITE_TOOBIG
                    ? "value longer than " + limit_note("max-record-size", m_max_record_size, true)
                    : fmt::format("cannot read the table: {}", m_db.last_error());
      return ReadStatus::stopped;
    }
    m_last_rowid = static_cast<std::uint64_t>(m_statement.column_int(0));
    record.line = m_last_rowid;
    record.values.assign(m_result_columns.size(), std::nullopt);
    for (size_t i = 0; i < m_result_columns.size(); ++i) {
      int column = m_result_columns[i];
      if (column < 0 || m_statement.column_is_null(column)) continue;
      record.values[i] = m_statement.column_text(column);
    }
    return ReadStatus::record;
  }

  const FileColumns* file_columns() const override { return &m_file_columns; }
  bool has_column(std::size_t index) const override {
    return index < m_result_columns.size() && m_result_columns[index] >= 0;
  }
  std::uint64_t bytes_read() const override { return m_done ? m_size : 0; }
  std::uint64_t bytes_total() const override { return m_size; }

 private:
  util::SqliteDb m_db;
  util::SqliteStatement m_statement;
  std::vector<int> m_result_columns;  // result column of each requested column, or -1
  FileColumns m_file_columns;
  std::uint64_t m_size;
  std::size_t m_max_record_size;
  std::uint64_t m_last_rowid = 0;
  bool m_done = false;
};

}  // namespace

OpenedSource open_sqlite_source(const fs::path& file, const std::string& table,
                                const std::vector<std::string>& columns, const Limits& limits) {
  auto fail = [](const std::string& reason) {
    return ReadError{0, 0, "cannot open as SQLite: " + reason};
  };
  auto db = util::SqliteDb::open(sqlite_readonly_uri(file), SQLITE_OPEN_READONLY);
  if (!db) return fail(db.error().message);
  sqlite3* handle = db->get();
  // Nothing in the file may run code: no triggers, no views, no extensions, no schema tricks.
  sqlite3_db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  // No value may cost more memory than a record of a text file may.
  sqlite3_limit(handle, SQLITE_LIMIT_LENGTH,
                static_cast<int>(std::min<std::size_t>(limits.max_record_size, INT32_MAX)));

  auto tables = db->prepare(
      "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') ORDER BY name");
  if (!tables) return fail(tables.error().message);
  std::vector<std::string> table_names;
  bool found = false;
  int rc;
  while ((rc = tables->step()) == SQLITE_ROW) {
    std::string name(tables->column_text(0));
    bool is_table = tables->column_text(1) == "table";
    if (is_table && name.rfind("sqlite_", 0) != 0) table_names.push_back(name);
    if (name == table) {
      if (!is_table)
        return ReadError{0, 0, fmt::format("'{}' is a view; only tables are read", table)};
      if (!has_rowid(*db, table)) {
        return ReadError{
            0, 0,
            fmt::format("table '{}' is WITHOUT ROWID, so its rows have no rowid for findings to "
                        "point at (copy it into a rowid table and name that one)",
                        table)};
      }
      found = true;
    }
  }
  if (rc != SQLITE_DONE) return fail(db->last_error());
  if (!found) {
    return ReadError{0, 0,
                     fmt::format("no table '{}' (tables: {})", table,
                                 table_names.empty() ? "none" : util::join(table_names, ", "))};
  }

  std::vector<std::string> table_columns;
  auto columns_query = db->prepare("SELECT name FROM pragma_table_info(?1)");
  if (!columns_query) return fail(columns_query.error().message);
  columns_query->bind_text(1, table);
  while (columns_query->step() == SQLITE_ROW)
    table_columns.emplace_back(columns_query->column_text(0));

  std::string select = "SELECT rowid";
  std::vector<int> result_columns;
  int next_result = 1;
  for (const auto& column : columns) {
    bool present =
        std::find(table_columns.begin(), table_columns.end(), column) != table_columns.end();
    if (!present) {
      result_columns.push_back(-1);
      continue;
    }
    select += ", " + util::quote_identifier(column);
    result_columns.push_back(next_result++);
  }
  select += " FROM " + util::quote_identifier(table) + " ORDER BY rowid";
  auto statement = db->prepare(select);
  if (!statement) return fail(statement.error().message);
  std::error_code error;
  auto size = fs::file_size(file, error);
  return std::unique_ptr<RecordSource>(std::make_unique<SqliteSource>(
      std::move(*db), std::move(*statement), std::move(result_columns), std::move(table_columns),
      error ? 0 : size, limits.max_record_size));
}

util::Expected<std::vector<std::string>, ReadError> sqlite_tables(const fs::path& file) {
  auto db = util::SqliteDb::open(sqlite_readonly_uri(file), SQLITE_OPEN_READONLY);
  if (!db) return ReadError{0, 0, "cannot open as SQLite: " + db.error().message};
  sqlite3_db_config(db->get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db->get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  auto tables = db->prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
      "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  if (!tables) return ReadError{0, 0, "cannot open as SQLite: " + tables.error().message};
  std::vector<std::string> names;
  int rc;
  while ((rc = tables->step()) == SQLITE_ROW)
    names.emplace_back(tables->column_text(0));
  if (rc != SQLITE_DONE) return ReadError{0, 0, "cannot open as SQLite: " + db->last_error()};
  return names;
}

}  // namespace lethe::data
