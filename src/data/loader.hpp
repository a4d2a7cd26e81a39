// Loading a planned export into the store: reading every file, converting values to their
// canonical types, and accounting for every row (loaded or rejected, with a diagnostic).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/export_plan.hpp"
#include "data/limits.hpp"
#include "data/load_report.hpp"
#include "data/row_filter.hpp"
#include "data/store.hpp"
#include "util/expected.hpp"

namespace lethe::data {

// Bytes read so far, for a progress display.
struct LoadProgress {
  std::string dataset;
  std::uint64_t rows = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};

struct LoadOptions {
  // The fields to load per dataset; a dataset not named is not loaded. Nullopt: everything, to
  // describe the export (inspect). When named, the fields are needed: a CSV, TSV or SQLite file
  // of the dataset without the column of one is unreadable, as its rows would load it null.
  std::optional<std::map<std::string, std::set<std::string>>> fields;
  // Datasets whose rows may be left out of the store (see RowFilter).
  std::map<std::string, RowFilter> filters;
  // The exists() clauses to answer while loading (see KeyProbe); each E loads before its Y.
  std::vector<KeyProbe> probes;
  // Bytes the probes' key sets may hold in all; keys beyond go into tables in the store.
  std::size_t key_set_memory = std::size_t{256} << 20;
  // Datasets whose duplicated keys to find (DatasetReport::duplicated_keys).
  std::set<std::string> duplicate_keys;
  std::size_t max_diagnostics = 100;
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
