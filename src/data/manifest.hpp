// The export manifest (`lethe.yaml` at the export root): where each canonical dataset is and
// how its source columns map onto canonical fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/formats.hpp"
#include "data/schema.hpp"
#include "data/value_parser.hpp"
#include "util/diagnostic.hpp"
#include "util/expected.hpp"
#include "util/yaml_file.hpp"

namespace lethe::data {

// A canonical field mapped to a source column in the manifest.
struct ColumnMapping {
  std::string field;
  std::string column;  // a header name, JSON key or dotted path, or SQLite column
  std::optional<TimestampFormat> format;
};

struct FilePattern {
  std::string pattern;
  util::SourceLocation location;
};

struct DatasetSource {
  std::string dataset;
  std::vector<FilePattern> files;
  std::optional<FileFormat> format;
  std::string table;  // sqlite files: the table; a database: schema.name
  std::vector<ColumnMapping> columns;
  util::SourceLocation location;
};

struct Manifest {
  std::string name;
  int timezone_offset_seconds = 0;
  std::vector<DatasetSource> datasets;
};

// What a manifest describes: exported files, or the tables of a live database (each dataset
// with `table: schema.name` and `columns`, without files).
enum class ManifestTarget { files, database };

// Reads a manifest and checks it against the schema: unknown datasets, fields, formats and keys,
// and paths that leave the export folder, are errors `lethe.yaml:LINE:COL: message`.
util::Expected<Manifest> read_manifest(const util::YamlFile& file, const Schema& schema,
                                       ManifestTarget target = ManifestTarget::files);

}  // namespace lethe::data
