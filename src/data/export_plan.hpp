// Resolving an export folder into a plan: which files hold each dataset, in which format, and
// which source column each canonical field is read from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/export_tree.hpp"
#include "data/limits.hpp"
#include "data/manifest.hpp"
#include "data/schema.hpp"
#include "util/expected.hpp"

namespace lethe::data {

struct PlannedFile {
  const FileAccess* access = nullptr;  // opens it (the plan's tree)
  std::string display_path;            // relative to the export root, '/'-separated
  FileFormat format = FileFormat::csv;
};

struct PlannedField {
  const FieldSpec* spec = nullptr;
  std::string column;    // source column, key, dotted path, or position (a file without header)
  FieldReading reading;  // formats, zone, vendor codes, null values
};

// One store of a dataset: its files and how they are read.
struct PlannedSource {
  std::string name;  // a manifest source's name; "" for a dataset of one store
  std::vector<PlannedFile> files;
  std::string table;                 // sqlite only
  std::vector<PlannedField> fields;  // every schema field, in schema order
  TextDialect dialect;
};

struct PlannedDataset {
  const DatasetSpec* spec = nullptr;
  std::vector<PlannedSource> sources;  // one, or the manifest's `sources:` in their order
};

// A file under the export that no dataset reads (nor is the manifest): listed in every report,
// since only the auditor can tell whether it matters.
struct UnreadFile {
  std::string display_path;  // relative to the export root, '/'-separated
  std::uintmax_t size = 0;   // 0 unless a regular file
  bool regular = true;       // false: a symbolic link, a device, a pipe (never opened)
};

struct ExportPlan {
  std::filesystem::path root;              // the folder or the archive
  std::shared_ptr<const ExportTree> tree;  // its files (null for a database's plan)
  std::string manifest_path;  // "lethe.yaml", --manifest as given, or "" when found by file names
  std::filesystem::path manifest_file;  // the manifest on disk when outside the export, else ""
  std::string name;
  util::TimeZone timezone;               // the manifest's (UTC by default)
  std::vector<PlannedDataset> datasets;  // present datasets, in schema order
  std::vector<std::string> absent;       // schema datasets the export does not have
  std::vector<UnreadFile> unread;        // by display path
};

struct PlanOptions {
  Limits limits;  // max_glob_files: a pattern matching more files is an error; archives' limits
  std::filesystem::path manifest;  // --manifest: the auditor's own, outside the export; "": none
};

// How each of `spec`'s fields is read from `source` (null: a file found by its name), under the
// manifest's zone `zone`: its column, formats, zone (the mapping's, else the source's, else
// `zone`), vendor codes and null values.
std::vector<PlannedField> plan_fields(const DatasetSpec& spec, const DatasetSource* source,
                                      const util::TimeZone& zone);

// Plans the export at `root`, a folder or an archive (data/export_tree.hpp): from
// `options.manifest`, else from the `lethe.yaml` at its root when there is one, else from files
// named after a dataset with an extension of a format found by file name (`accounts.csv`,
// `x.jsonl`, `accounts.csv.gz`; see data/formats.hpp) at the root. Errors (manifest problems, a
// pattern that matches nothing, a file that leaves the export folder, no datasets at all) are
// complete messages, `lethe.yaml:LINE:COL: ...` where they come from the manifest. Every other file
// under `root`, dot files included, goes to ExportPlan::unread; a folder that cannot be listed is
// an error, since what it holds would go unaccounted.
util::Expected<ExportPlan> plan_export(const std::filesystem::path& root, const Schema& schema,
                                       const PlanOptions& options = {});

}  // namespace lethe::data
