// The typed SQLite store that an export is loaded into and rules run against. This is the one
// place that knows the lethe_* tables describing a load and the rule results kept between scans.
//
// Each dataset becomes a table named after it, with its canonical fields as columns (timestamps
// as integer Unix seconds, booleans as 0/1) plus `_file` (a lethe_files id) and `_line` (where
// the row starts in that file; the rowid for SQLite sources). A view `<dataset>_readable` shows
// timestamps as ISO 8601 text and the file path, for auditors who open the store in sqlite3.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/formats.hpp"
#include "data/load_report.hpp"
#include "data/schema.hpp"
#include "data/value_parser.hpp"
#include "util/expected.hpp"
#include "util/sqlite.hpp"
#include "util/string_set.hpp"
#include "util/temp_dir.hpp"

namespace lethe::data {

// Appends rows to one dataset table with a prepared statement.
class TableWriter {
 public:
  TableWriter() = default;
  TableWriter(util::SqliteStatement insert, size_t field_count)
      : m_insert(std::move(insert)), m_field_count(field_count) {}

  // Inserts one row: `cells` points to one value per field the table was created with.
  util::Expected<void> insert(std::int64_t file_id, std::uint64_t line, const Cell* cells);

 private:
  util::SqliteStatement m_insert;
  size_t m_field_count = 0;
};

// Appends keys to a probe's key table (KeyProbe::key_table), which has one text column.
class KeyWriter {
 public:
  KeyWriter() = default;
  explicit KeyWriter(util::SqliteStatement insert) : m_insert(std::move(insert)) {}

  util::Expected<void> insert(std::string_view key);

 private:
  util::SqliteStatement m_insert;
};

// A rule's outcome and findings as a scan kept them (lethe_rule_cache), with the signature of
// what they depend on.
struct CachedRule {
  std::string signature;
  std::string result;  // engine::encode_rule_result
};

// A file of the export as the store records it (lethe_files).
struct StoredFile {
  std::int64_t id = 0;  // the `_file` of its rows
  std::string path;
  std::optional<FileFormat> format;  // nullopt: a name this version does not know
  std::string source;                // its dataset's store, "" for a dataset of one
};

class Store {
 public:
  // Creates a new store at `path` (replacing an existing file), or, when `path` is empty, in a
  // temporary folder removed when the store closes.
  static util::Expected<Store> create(const std::filesystem::path& path);
  // Opens the store a previous run kept at `path`, to reuse it when its signature() still
  // matches the export; nullopt when there is no such store there (no file, another file, a
  // store left unfinished).
  static util::Expected<std::optional<Store>> open_existing(const std::filesystem::path& path);

  // What the store was loaded from (set_signature), "" for a new store.
  const std::string& signature() const { return m_signature; }
  // Records what the store was loaded from, once it is complete.
  util::Expected<void> set_signature(const std::string& signature);

  util::SqliteDb& db() { return m_db; }
  const std::filesystem::path& path() const { return m_path; }

  // Ends the writer's exclusive lock, so that connections from open_reader() can read. Call once
  // loading is committed.
  util::Expected<void> share();
  // Another connection to the store, read-only, for a thread of its own.
  util::Expected<util::SqliteDb> open_reader() const;

  // Creates the table of `dataset` with `fields` (in that order) and its readable view.
  util::Expected<TableWriter> create_table(const DatasetSpec& dataset,
                                           const std::vector<const FieldSpec*>& fields);

  // Creates `table` with one text column `column`, for a probe's keys; index_key_table once it
  // is filled.
  util::Expected<KeyWriter> create_key_table(const std::string& table, const std::string& column);
  util::Expected<void> index_key_table(const std::string& table, const std::string& column);

  // Records a file of the export, of the dataset's store `source` ("" for a dataset of one);
  // returns its id for TableWriter::insert.
  util::Expected<std::int64_t> add_file(const std::string& dataset, const std::string& path,
                                        FileFormat format, const std::string& source = {});
  // Records how many rows of a file were loaded and rejected, any file-level error and its
  // warnings, from `report`.
  util::Expected<void> finish_file(std::int64_t file_id, const FileReport& report);
  // Records where a canonical field was read from, and its range (timestamps).
  util::Expected<void> add_field(const std::string& dataset, const FieldSpec& field,
                                 const std::string& source_column, bool present,
                                 std::optional<std::int64_t> min, std::optional<std::int64_t> max);
  // Records how many rows of a dataset a row filter left out, and the filter.
  util::Expected<void> add_dataset(const std::string& dataset, std::uint64_t rows_filtered,
                                   const std::string& filter);
  // Records a key found on more than one row of a dataset.
  util::Expected<void> add_duplicate_key(const std::string& dataset, const std::string& key);
  // Records a rejected row.
  util::Expected<void> add_diagnostic(const std::string& dataset, const std::string& path,
                                      std::uint64_t line, const std::string& message);

  util::Expected<void> begin();
  util::Expected<void> commit();

  // What the load recorded of `dataset`: its files, the fields loaded (FieldReport::format is left
  // empty: it comes from the plan), its diagnostics, filter and duplicated keys. Fails when the
  // store has no record of the dataset or names a field `dataset` does not have.
  util::Expected<DatasetReport> read_dataset_report(const DatasetSpec& dataset);
  // Adds the distinct non-null values of `field` in the stored rows of `dataset` to `values`;
  // false when they do not all fit in it.
  util::Expected<bool> read_distinct_values(const std::string& dataset, const std::string& field,
                                            util::StringSet& values);
  // Every file the load recorded, in the order they were added.
  util::Expected<std::vector<StoredFile>> read_files();

  // The rule results kept by earlier scans, by rule id, read through `db`: this store's own
  // connection or another one to it.
  static util::Expected<std::map<std::string, CachedRule>> read_rule_cache(util::SqliteDb& db);
  // Keeps these rule results (replacing those of the same rules) through `db`; a result too big
  // for SQLite to hold comfortably (over 256 MiB) is left out.
  static util::Expected<void> write_rule_cache(util::SqliteDb& db,
                                               const std::map<std::string, CachedRule>& entries);

 private:
  Store(std::optional<util::TempDir> temp, std::filesystem::path path, util::SqliteDb db)
      : m_temp(std::move(temp)), m_path(std::move(path)), m_db(std::move(db)) {}

  static util::Expected<void> set_load_pragmas(util::SqliteDb& db);

  std::optional<util::TempDir> m_temp;  // declared first: removed after the connection closes
  std::filesystem::path m_path;
  util::SqliteDb m_db;
  std::string m_signature;
};

}  // namespace lethe::data
