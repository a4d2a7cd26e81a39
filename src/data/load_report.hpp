// What a load did, dataset by dataset: the files read, the rows loaded and rejected (with their
// diagnostics), where each canonical field came from, and what a row filter left out. The loader
// writes it; a kept store gives it back (Store::read_dataset_report).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "data/formats.hpp"
#include "data/row_filter.hpp"
#include "data/schema.hpp"
#include "util/time_zone.hpp"

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
  std::string source;    // source column the field is read from
  std::string format;    // timestamp format description, "" for other types
  std::string timezone;  // the zone of timestamps without an offset, "" for UTC and other types
  bool present = false;  // some file of the dataset has the source column
  std::optional<std::int64_t> min, max;  // timestamps: over the loaded rows
};

struct FileReport {
  std::string path;
  std::string format;  // the file format's name (file_format_name), or the database's
  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_rejected = 0;
  std::string error;  // the file could not be read at all
  // What the reader should know though the file was read: a mapped field no JSON record has,
  // wall times that occur twice or not at all in their zone.
  std::vector<std::string> warnings;
  std::string source;  // the manifest source the file belongs to; "" for a dataset of one store
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

// The warning for `count` values of `field` whose wall time occurs twice (WallTime::repeated) or
// not at all (skipped) in `zone`, and the line of the first when known: `recorded_at: 1 wall
// time occurs twice in America/New_York (clocks went back), read as the earlier instant; the
// first at line 7`.
std::string wall_time_warning(std::string_view field, std::string_view zone, util::WallTime kind,
                              std::uint64_t count, std::optional<std::uint64_t> first_line);

struct LoadReport {
  std::vector<DatasetReport> datasets;
  std::vector<std::string> absent;
  // The probes the loader answered (LoadOptions::probes whose datasets both loaded), and where.
  std::vector<AppliedProbe> probes;

  // Every dataset complete().
  bool complete() const;
  // The report of `dataset`, or null when it was not loaded.
  const DatasetReport* find(std::string_view dataset) const;
};

}  // namespace lethe::data
