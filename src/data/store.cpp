#include "data/store.hpp"

#include <fmt/format.h>

#include <system_error>

#include "util/enum_names.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;
using util::quote_identifier;

namespace {

constexpr const char* k_metadata_sql = R"sql(
CREATE TABLE lethe_files (
  file_id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, path TEXT NOT NULL, format TEXT NOT NULL,
  rows_loaded INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0, error TEXT,
  warnings TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
CREATE TABLE lethe_fields (
  dataset TEXT NOT NULL, field TEXT NOT NULL, type TEXT NOT NULL, source_column TEXT NOT NULL,
  present INTEGER NOT NULL, pii INTEGER NOT NULL, min_value INTEGER, max_value INTEGER);
CREATE TABLE lethe_diagnostics (
  dataset TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, message TEXT NOT NULL);
CREATE TABLE lethe_datasets (
  dataset TEXT PRIMARY KEY, rows_filtered INTEGER NOT NULL, filter TEXT NOT NULL);
CREATE TABLE lethe_duplicate_keys (dataset TEXT NOT NULL, key TEXT NOT NULL);
CREATE TABLE lethe_store (signature TEXT NOT NULL);
CREATE TABLE lethe_rule_cache (
  rule_id TEXT PRIMARY KEY, signature TEXT NOT NULL, result BLOB NOT NULL);
)sql";

// The column type of each field type in the store.
constexpr auto k_sql_types = std::to_array<util::EnumName<FieldType>>({
    {FieldType::string, "TEXT"},
    {FieldType::integer, "INTEGER"},
    {FieldType::real, "REAL"},
    {FieldType::boolean, "INTEGER"},
    {FieldType::timestamp, "INTEGER"},
});

Expected<void> step_once(util::SqliteStatement& statement, util::SqliteDb& db) {
  if (statement.step() != SQLITE_DONE) return Error{db.last_error()};
  return {};
}

// Runs `sql` with `dataset` as ?1 and calls `on_row` with the statement at each row.
template <class OnRow>
Expected<void> each_row_of(util::SqliteDb& db, const char* sql, const std::string& dataset,
                           OnRow on_row) {
  auto statement = db.prepare(sql);
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  while (statement->step() == SQLITE_ROW) {
    if (auto ok = on_row(*statement); !ok) return ok;
  }
  return {};
}

std::uint64_t column_count(util::SqliteStatement& statement, int column) {
  return static_cast<std::uint64_t>(statement.column_int(column));
}

}  // namespace

Expected<void> TableWriter::insert(std::int64_t file_id, std::uint64_t line, const Cell* cells) {
  m_insert.bind_int(1, file_id);
  m_insert.bind_int(2, static_cast<std::int64_t>(line));
  for (size_t i = 0; i < m_field_count; ++i) {
    int index = static_cast<int>(i) + 3;
    const Cell& cell = cells[i];
    switch (cell.kind) {
      case Cell::Kind::null:
        m_insert.bind_null(index);
        break;
      case Cell::Kind::integer:
        m_insert.bind_int(index, cell.integer);
        break;
      case Cell::Kind::real:
        m_insert.bind_real(index, cell.real);
        break;
      case Cell::Kind::text:
        m_insert.bind_text_no_copy(index, cell.text);  // cells outlive the step
        break;
    }
  }
  int rc = m_insert.step();
  sqlite3_reset(m_insert.get());
  if (rc != SQLITE_DONE) return Error{sqlite3_errstr(rc)};
  return {};
}

Expected<Store> Store::create(const fs::path& requested) {
  std::optional<util::TempDir> temp;
  fs::path path = requested;
  if (path.empty()) {
    auto dir = util::TempDir::create();
    if (!dir) return dir.error();
    temp.emplace(std::move(*dir));
    path = temp->path() / "store.db";
  } else {
    std::error_code error;
    fs::remove(path, error);
    if (error) return Error{fmt::format("{}: cannot replace: {}", path.string(), error.message())};
  }
  auto db = util::SqliteDb::open(path.string(),
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  if (!db)
    return Error{fmt::format("{}: cannot create the store: {}", path.string(), db.error().message)};
  if (auto ok = set_load_pragmas(*db); !ok) return ok.error();
  if (auto ok = db->exec(k_metadata_sql); !ok) return ok.error();
  return Store(std::move(temp), std::move(path), std::move(*db));
}

Expected<std::optional<Store>> Store::open_existing(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::optional<Store>();
  auto db = util::SqliteDb::open(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  if (!db) return std::optional<Store>();
  // Anything but a store this version wrote (another file, an older layout) is not reused.
  auto statement = db->prepare("SELECT signature FROM lethe_store");
  if (!statement || statement->step() != SQLITE_ROW) return std::optional<Store>();
  std::string signature(statement->column_text(0));
  statement = util::SqliteStatement();
  if (auto ok = set_load_pragmas(*db); !ok) return ok.error();
  Store store({}, path, std::move(*db));
  store.m_signature = std::move(signature);
  return std::optional<Store>(std::move(store));
}

Expected<void> Store::set_load_pragmas(util::SqliteDb& db) {
  // The store is rebuilt from the export whenever it is not known to match it, so durability
  // buys nothing while loading.
  return db.exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
      "PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;");
}

Expected<void> Store::set_signature(const std::string& signature) {
  if (auto ok = m_db.exec("DELETE FROM lethe_store"); !ok) return ok;
  auto statement = m_db.prepare("INSERT INTO lethe_store VALUES (?1)");
  if (!statement) return statement.error();
  statement->bind_text(1, signature);
  if (auto ok = step_once(*statement, m_db); !ok) return ok;
  m_signature = signature;
  return {};
}

Expected<void> Store::add_dataset(const std::string& dataset, std::uint64_t rows_filtered,
                                  const std::string& filter) {
  auto statement = m_db.prepare("INSERT INTO lethe_datasets VALUES (?1, ?2, ?3)");
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  statement->bind_int(2, static_cast<std::int64_t>(rows_filtered));
  statement->bind_text(3, filter);
  return step_once(*statement, m_db);
}

Expected<void> Store::add_duplicate_key(const std::string& dataset, const std::string& key) {
  auto statement = m_db.prepare("INSERT INTO lethe_duplicate_keys VALUES (?1, ?2)");
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  statement->bind_text(2, key);
  return step_once(*statement, m_db);
}

Expected<void> Store::share() {
  // The exclusive lock is dropped at the next access after leaving exclusive mode.
  if (auto ok = m_db.exec("PRAGMA locking_mode=NORMAL"); !ok) return ok;
  return m_db.exec("SELECT count(*) FROM lethe_files");
}

Expected<util::SqliteDb> Store::open_reader() const {
  auto db = util::SqliteDb::open(m_path.string(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  if (!db) return db.error();
  if (auto ok = db->exec("PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;"); !ok) {
    return ok.error();
  }
  return db;
}

Expected<TableWriter> Store::create_table(const DatasetSpec& dataset,
                                          const std::vector<const FieldSpec*>& fields) {
  std::string table = quote_identifier(dataset.name);
  std::string create =
      fmt::format("CREATE TABLE {} (_file INTEGER NOT NULL, _line INTEGER NOT NULL", table);
  std::string view = "SELECT f.path AS _path, t._line";
  std::string insert = fmt::format("INSERT INTO {} VALUES (?1, ?2", table);
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string column = quote_identifier(fields[i]->name);
    create += fmt::format(", {} {}", column, util::enum_name(k_sql_types, fields[i]->type, ""));
    insert += fmt::format(", ?{}", i + 3);
    if (fields[i]->type == FieldType::timestamp) {
      view += fmt::format(", strftime('%Y-%m-%dT%H:%M:%SZ', t.{0}, 'unixepoch') AS {0}", column);
    } else {
      view += fmt::format(", t.{}", column);
    }
  }
  create += ")";
  insert += ")";
  view = fmt::format("CREATE VIEW {} AS {} FROM {} t JOIN lethe_files f ON f.file_id = t._file",
                     quote_identifier(dataset.name + "_readable"), view, table);
  if (auto ok = m_db.exec(create); !ok) return ok.error();
  if (auto ok = m_db.exec(view); !ok) return ok.error();
  auto statement = m_db.prepare(insert);
  if (!statement) return statement.error();
  return TableWriter(std::move(*statement), fields.size());
}

Expected<void> KeyWriter::insert(std::string_view key) {
  m_insert.bind_text_no_copy(1, key);
  int rc = m_insert.step();
  sqlite3_reset(m_insert.get());
  if (rc != SQLITE_DONE) return Error{sqlite3_errstr(rc)};
  return {};
}

Expected<KeyWriter> Store::create_key_table(const std::string& table, const std::string& column) {
  if (auto ok = m_db.exec(fmt::format("CREATE TABLE {} ({} TEXT)", quote_identifier(table),
                                      quote_identifier(column)));
      !ok) {
    return ok.error();
  }
  auto statement = m_db.prepare(fmt::format("INSERT INTO {} VALUES (?1)", quote_identifier(table)));
  if (!statement) return statement.error();
  return KeyWriter(std::move(*statement));
}

Expected<void> Store::index_key_table(const std::string& table, const std::string& column) {
  return m_db.exec(fmt::format("CREATE INDEX {} ON {} ({})", quote_identifier(table + "_index"),
                               quote_identifier(table), quote_identifier(column)));
}

Expected<std::int64_t> Store::add_file(const std::string& dataset, const std::string& path,
                                       FileFormat format, const std::string& source) {
  auto statement = m_db.prepare(
      "INSERT INTO lethe_files (dataset, path, format, source) VALUES (?1, ?2, ?3, ?4)");
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  statement->bind_text(2, path);
  statement->bind_text(3, file_format_name(format));
  statement->bind_text(4, source);
  if (auto ok = step_once(*statement, m_db); !ok) return ok.error();
  return sqlite3_last_insert_rowid(m_db.get());
}

Expected<void> Store::finish_file(std::int64_t file_id, const FileReport& report) {
  auto statement = m_db.prepare(
      "UPDATE lethe_files SET rows_loaded = ?2, rows_rejected = ?3, error = ?4, warnings = ?5 "
      "WHERE file_id = ?1");
  if (!statement) return statement.error();
  statement->bind_int(1, file_id);
  statement->bind_int(2, static_cast<std::int64_t>(report.rows_loaded));
  statement->bind_int(3, static_cast<std::int64_t>(report.rows_rejected));
  if (report.error.empty()) {
    statement->bind_null(4);
  } else {
    statement->bind_text(4, report.error);
  }
  // One per line: a warning is one line of text.
  std::string warnings;
  for (const auto& warning : report.warnings)
    warnings += warning + "\n";
  statement->bind_text(5, warnings);
  return step_once(*statement, m_db);
}

Expected<void> Store::add_field(const std::string& dataset, const FieldSpec& field,
                                const std::string& source_column, bool present,
                                std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
  auto statement = m_db.prepare("INSERT INTO lethe_fields VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  statement->bind_text(2, field.name);
  statement->bind_text(3, field_type_name(field.type));
  statement->bind_text(4, source_column);
  statement->bind_int(5, present ? 1 : 0);
  statement->bind_int(6, field.pii ? 1 : 0);
  if (min) statement->bind_int(7, *min);
  if (max) statement->bind_int(8, *max);
  return step_once(*statement, m_db);
}

Expected<void> Store::add_diagnostic(const std::string& dataset, const std::string& path,
                                     std::uint64_t line, const std::string& message) {
  auto statement = m_db.prepare("INSERT INTO lethe_diagnostics VALUES (?1, ?2, ?3, ?4)");
  if (!statement) return statement.error();
  statement->bind_text(1, dataset);
  statement->bind_text(2, path);
  statement->bind_int(3, static_cast<std::int64_t>(line));
  statement->bind_text(4, message);
  return step_once(*statement, m_db);
}

Expected<DatasetReport> Store::read_dataset_report(const DatasetSpec& dataset) {
  DatasetReport report;
  report.spec = &dataset;
  const std::string& name = dataset.name;
  auto files = each_row_of(
      m_db,
      "SELECT path, format, rows_loaded, rows_rejected, error, warnings, source FROM lethe_files "
      "WHERE "
      "dataset = ?1 "
      "ORDER BY file_id",
      name, [&](util::SqliteStatement& row) -> Expected<void> {
        FileReport& file = report.files.emplace_back();
        file.path = std::string(row.column_text(0));
        file.format = std::string(row.column_text(1));
        file.rows_loaded = column_count(row, 2);
        file.rows_rejected = column_count(row, 3);
        file.error = std::string(row.column_text(4));
        file.source = std::string(row.column_text(6));
        for (auto warning : util::split(row.column_text(5), '\n')) {
          if (!warning.empty()) file.warnings.emplace_back(warning);
        }
        report.rows_loaded += file.rows_loaded;
        report.rows_rejected += file.rows_rejected;
        if (!file.error.empty()) ++report.files_failed;
        return {};
      });
  if (!files) return files.error();
  auto fields =
      each_row_of(m_db,
                  "SELECT field, source_column, present, min_value, max_value FROM lethe_fields "
                  "WHERE dataset = ?1 ORDER BY rowid",
                  name, [&](util::SqliteStatement& row) -> Expected<void> {
                    FieldReport field;
                    field.spec = dataset.find(row.column_text(0));
                    if (!field.spec)
                      return Error{fmt::format("the store has an unknown field {}", name)};
                    field.source = std::string(row.column_text(1));
                    field.present = row.column_int(2) != 0;
                    if (!row.column_is_null(3)) field.min = row.column_int(3);
                    if (!row.column_is_null(4)) field.max = row.column_int(4);
                    report.fields.push_back(std::move(field));
                    return {};
                  });
  if (!fields) return fields.error();
  auto diagnostics = each_row_of(
      m_db, "SELECT path, line, message FROM lethe_diagnostics WHERE dataset = ?1 ORDER BY rowid",
      name, [&](util::SqliteStatement& row) -> Expected<void> {
        report.diagnostics.push_back({std::string(row.column_text(0)), column_count(row, 1),
                                      std::string(row.column_text(2))});
        return {};
      });
  if (!diagnostics) return diagnostics.error();
  bool summarized = false;
  auto summary =
      each_row_of(m_db, "SELECT rows_filtered, filter FROM lethe_datasets WHERE dataset = ?1", name,
                  [&](util::SqliteStatement& row) -> Expected<void> {
                    report.rows_filtered = column_count(row, 0);
                    report.filter = std::string(row.column_text(1));
                    summarized = true;
                    return {};
                  });
  if (!summary) return summary.error();
  if (!summarized) return Error{fmt::format("the store has no {}", name)};
  auto duplicates = each_row_of(m_db, "SELECT key FROM lethe_duplicate_keys WHERE dataset = ?1",
                                name, [&](util::SqliteStatement& row) -> Expected<void> {
                                  report.duplicated_keys.emplace(row.column_text(0));
                                  return {};
                                });
  if (!duplicates) return duplicates.error();
  return report;
}

Expected<bool> Store::read_distinct_values(const std::string& dataset, const std::string& field,
                                           util::StringSet& values) {
  auto statement = m_db.prepare(fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {0} IS NOT NULL",
                                            quote_identifier(field), quote_identifier(dataset)));
  if (!statement) return statement.error();
  while (statement->step() == SQLITE_ROW) {
    if (!values.insert(statement->column_text(0))) return false;
  }
  return true;
}

Expected<std::vector<StoredFile>> Store::read_files() {
  auto statement =
      m_db.prepare("SELECT file_id, path, format, source FROM lethe_files ORDER BY file_id");
  if (!statement) return statement.error();
  std::vector<StoredFile> files;
  while (statement->step() == SQLITE_ROW) {
    files.push_back({statement->column_int(0), std::string(statement->column_text(1)),
                     parse_file_format(statement->column_text(2)),
                     std::string(statement->column_text(3))});
  }
  return files;
}

Expected<std::map<std::string, CachedRule>> Store::read_rule_cache(util::SqliteDb& db) {
  auto statement = db.prepare("SELECT rule_id, signature, result FROM lethe_rule_cache");
  if (!statement) return statement.error();
  std::map<std::string, CachedRule> entries;
  while (statement->step() == SQLITE_ROW) {
    const void* blob = sqlite3_column_blob(statement->get(), 2);
    int size = sqlite3_column_bytes(statement->get(), 2);
    entries[std::string(statement->column_text(0))] = {
        std::string(statement->column_text(1)),
        std::string(static_cast<const char*>(blob), static_cast<size_t>(size))};
  }
  return entries;
}

Expected<void> Store::write_rule_cache(util::SqliteDb& db,
                                       const std::map<std::string, CachedRule>& entries) {
  auto statement = db.prepare("INSERT OR REPLACE INTO lethe_rule_cache VALUES (?1, ?2, ?3)");
  if (!statement) return statement.error();
  for (const auto& [rule_id, entry] : entries) {
    if (entry.result.size() > (size_t{256} << 20)) continue;  // beyond SQLite's comfort
    statement->reset();
    statement->bind_text(1, rule_id);
    statement->bind_text(2, entry.signature);
    sqlite3_bind_blob(statement->get(), 3, entry.result.data(),
                      static_cast<int>(entry.result.size()), SQLITE_STATIC);
    if (statement->step() != SQLITE_DONE) return Error{db.last_error()};
  }
  return {};
}

Expected<void> Store::begin() {
  return m_db.exec("BEGIN");
}
Expected<void> Store::commit() {
  return m_db.exec("COMMIT");
}

}  // namespace lethe::data
