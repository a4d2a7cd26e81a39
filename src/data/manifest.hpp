// The export manifest (`lethe.yaml` at the export root): where each canonical dataset is and
// how its source columns map onto canonical fields.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/formats.hpp"
#include "data/schema.hpp"
#include "data/value_parser.hpp"
#include "util/diagnostic.hpp"
#include "util/expected.hpp"
#include "util/time_zone.hpp"
#include "util/yaml_file.hpp"

namespace lethe::data {

// A canonical field mapped to a source column in the manifest.
struct ColumnMapping {
  std::string field;
  std::string column;  // a header name, JSON key or dotted path, SQLite column, or a position
  std::vector<TimestampFormat> formats;                    // `format`, one or a list tried in order
  std::optional<util::TimeZone> timezone;                  // `timezone`
  std::map<std::string, std::string, std::less<>> values;  // `values`: a vendor's codes
};

struct FilePattern {
  std::string pattern;
  util::SourceLocation location;
};

// One store of a dataset's rows: its files (or a database table) and how to read them. A
// manifest entry without `sources:` is one store without a name; with it, each source is one.
struct DatasetSource {
  std::string dataset;
  std::string name;  // the source's `name`; "" for a dataset of one store
  std::vector<FilePattern> files;
  std::optional<FileFormat> format;
  std::string table;  // sqlite files: the table; a database: schema.name
  std::vector<ColumnMapping> columns;
  TextDialect dialect;
  std::optional<util::TimeZone> timezone;  // the source's or else the dataset's
  util::SourceLocation location;
};

struct Manifest {
  std::string name;
  util::TimeZone timezone;              // UTC unless the manifest says
  std::vector<DatasetSource> datasets;  // a dataset's sources one after the other
};

// What a manifest describes: exported files, or the tables of a live database (each dataset
// with `table: schema.name` and `columns`, without files).
enum class ManifestTarget { files, database };

// Reads a manifest and checks it against the schema: unknown datasets, fields, formats, zones and
// keys, and paths that leave the export folder, are errors `lethe.yaml:LINE:COL: message`.
util::Expected<Manifest> read_manifest(const util::YamlFile& file, const Schema& schema,
                                       ManifestTarget target = ManifestTarget::files);

}  // namespace lethe::data
