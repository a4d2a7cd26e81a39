// A first look at an export no manifest describes yet: each file's format, its columns and its
// first rows, read through the export tree and the readers the loader uses (for `lethe init`,
// which guesses a manifest from them).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/export_tree.hpp"
#include "data/formats.hpp"
#include "data/limits.hpp"

namespace lethe::data {

// What one file (or one table of a SQLite file) holds at its start.
struct SampledTable {
  std::string path;                  // relative to the export root, as manifests name it
  std::optional<FileFormat> format;  // nullopt: a file lethe cannot read (see `problem`)
  std::string table;                 // sqlite: the table
  TextDialect dialect;               // delimited files: the delimiter and encoding that read it
  // The header's or table's columns, or a JSON file's dotted paths in the order first seen.
  std::vector<std::string> columns;
  // Up to the sample size of rows, one value per column (nullopt: absent or null).
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::string problem;  // why it could not be sampled, or ""
  // What was guessed about how it is written ("not UTF-8: read as windows-1252"), or "".
  std::string dialect_note;
};

struct SampleOptions {
  Limits limits;
  std::size_t max_rows = 200;
};

// Samples every file of `tree` (archives are folders: their members are sampled, not they), by
// path; a SQLite file gives one entry per table, and a file lethe cannot read one entry with its
// `problem`, so that none goes unlisted.
std::vector<SampledTable> sample_export(const ExportTree& tree, const SampleOptions& options = {});

}  // namespace lethe::data
