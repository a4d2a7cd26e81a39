// A starter manifest for an export lethe has never seen (`lethe init`): for each sampled file a
// canonical dataset, proposed from its path and its columns, and for each canonical field a
// column, proposed from the names (data/name_match) and the sampled values (column_profile):
// timestamps and their format, booleans and their spelling, keys unique in the sample. What it
// cannot decide is kept as a doubt (`todo`), with the reason and the candidates, never dropped.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "data/export_sample.hpp"
#include "data/formats.hpp"
#include "data/schema.hpp"

namespace lethe::engine {

// A canonical field read from a column.
struct GuessedColumn {
  std::string field;
  std::string column;
  std::vector<std::string> formats;                         // timestamps: empty for ISO 8601
  std::vector<std::pair<std::string, std::string>> values;  // the export's codes -> canonical
  std::string todo;                                         // a doubt about it, or ""
};

// A canonical field no column was proposed for, and why.
struct UnmappedField {
  std::string field;
  std::string todo;  // the reason, with the candidates
};

// One store of a dataset: files read the same way.
struct GuessedSource {
  std::string name;  // "" unless the dataset has several
  std::vector<std::string> files;
  data::FileFormat format = data::FileFormat::csv;
  bool format_from_name = true;  // the extension tells it (else `format:` is written)
  std::string table;             // sqlite
  data::TextDialect dialect;
  std::string dialect_todo;
  std::vector<GuessedColumn> columns;   // in schema order
  std::vector<UnmappedField> unmapped;  // in schema order
};

struct GuessedDataset {
  std::string name;
  std::vector<GuessedSource> sources;
  std::vector<std::string> todos;  // doubts about the dataset itself
};

// A file (or table) no dataset is proposed for.
struct UnassignedFile {
  std::string path;  // with " (table T)" for a SQLite table
  std::string reason;
};

struct ManifestGuess {
  std::vector<GuessedDataset> datasets;        // in schema order
  std::vector<UnassignedFile> unassigned;      // by path
  std::vector<std::string> wall_time_columns;  // "FILE: COLUMN" of timestamps without an offset
};

// Proposes a dataset for each of `tables` and a column for each of its fields.
ManifestGuess guess_manifest(const data::Schema& schema,
                             const std::vector<data::SampledTable>& tables);

}  // namespace lethe::engine
