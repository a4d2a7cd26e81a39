// Loading a planned export into the store: reading every file, converting values to their
// canonical types, and accounting for every row (loaded or rejected, with a diagnostic).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/export_plan.hpp"
#include "data/limits.hpp"
#include "data/store.hpp"
#include "util/expected.hpp"

namespace lethe::data {

// A rejected row: where it is and why.
struct RowDiagnostic {
  std::string path;
  std::uint64_t line = 0;
  std::string message;

  // `Kids/profiles.csv:42: last_active_at: cannot read ...`
  std::string text() const;
};

struct FieldReport {
  const FieldSpec* spec = nullptr;
  std::string source;                    // source column the field is read from
  std::string format;                    // timestamp format description, "" for other types
  bool present = false;                  // some file of the dataset has the source column
  std::optional<std::int64_t> min, max;  // timestamps: over the loaded rows
};

struct FileReport {
  std::string path;
  std::string format;  // the file format's name (file_format_name), or the database's

  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_rejected = 0;
  std::string error;  // the file could not be read at all
};

struct DatasetReport {
  const DatasetSpec* spec = nullptr;
  std::vector<FileReport> files;
  std::vector<FieldReport> fields;  // the loaded fields, in schema order
  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_rejected = 0;
  std::uint64_t files_failed = 0;
  std::vector<RowDiagnostic> diagnostics;  // the first ones, at most LoadOptions::max_diagnostics
  // Keys on more than one loaded row (only when LoadOptions::duplicate_keys names the dataset).
  std::set<std::string> duplicated_keys;
  // Loaded rows that the dataset's RowFilter left out of the store (counted in rows_loaded).
  std::uint64_t rows_filtered = 0;
  std::string filter;  // RowFilter::describe() of the filter applied, "" when none was

  // Every file read and every row loaded.
  bool complete() const { return rows_rejected == 0 && files_failed == 0; }
  // The names of loaded fields that no file has.
  std::vector<std::string> missing_fields() const;
};

struct LoadReport {
  std::vector<DatasetReport> datasets;
  std::vector<std::string> absent;

  bool complete() const;
  const DatasetReport* find(std::string_view dataset) const;
};

// Bytes read so far, for a progress display.
struct LoadProgress {
  std::string dataset;
  std::uint64_t rows = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};

// A condition on one field of a row, as SQL would evaluate it to true (a null field meets none
// but `is_null`).
struct RowCondition {
  enum class Kind {
    not_null,    // the field is not null
    is_null,     // the field is null
    in_values,   // a string field equals one of `values`
    in_dataset,  // a string field equals `in_field` of some stored row of `in_dataset`
    compare,     // an integer, boolean or timestamp field `op` `number`
  };
  enum class Op { equal, not_equal, less, less_equal, greater, greater_equal };

  Kind kind = Kind::not_null;
  std::string field;
  std::vector<std::string> values;
  std::string in_dataset;
  std::string in_field;
  Op op = Op::equal;
  std::int64_t number = 0;

  // `account_id in deletion_requests.account_id`, `recorded_at < 1514764800`, ...
  std::string describe() const;
};

// Which rows of a dataset to store: those for which every condition of at least one alternative
// holds. Rows left out are still read, converted and counted, and their keys still checked for
// duplicates; the datasets that `in_dataset` conditions look into are loaded first.
struct RowFilter {
  std::vector<std::vector<RowCondition>> alternatives;

  // `[a and b] or [c]`.
  std::string describe() const;
  // Drops the alternatives that add no row: those that imply another (`f in ...` implies
  // `f not null`, `f < 5` implies `f <= 9`; of two equivalent ones, the first stays).
  void simplify();
};

struct LoadOptions {
  // The fields to load per dataset; a dataset not named is not loaded. Nullopt: everything.
  std::optional<std::map<std::string, std::set<std::string>>> fields;
  // Datasets whose rows may be left out of the store (see RowFilter).
  std::map<std::string, RowFilter> filters;
  // Datasets whose duplicated keys to find (DatasetReport::duplicated_keys).
  std::set<std::string> duplicate_keys;
  size_t max_diagnostics = 100;
  Limits limits;  // a field over max_field_size rejects its row; the readers apply the others
  std::function<void(const LoadProgress&)> on_progress;
};

// Loads the planned datasets into `store`. Unreadable rows and files are reported, not fatal;
// only a failure of the store itself is an error.
util::Expected<LoadReport> load_export(const ExportPlan& plan, Store& store,
                                       const LoadOptions& options = {});

// The report of the load that filled `store` (a store kept by an earlier run whose signature
// matched), read back from its lethe_* tables: the same report load_export gave then.
util::Expected<LoadReport> read_load_report(const ExportPlan& plan, Store& store,
                                            const LoadOptions& options);

}  // namespace lethe::data
