// Reading a table of a SQLite file as a RecordSource.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/limits.hpp"
#include "data/record_source.hpp"
#include "util/expected.hpp"

namespace lethe::data {

// Opens `table` of a SQLite file read-only and immutable, with triggers, views and extensions
// out of reach: only a plain table is read. Record::line is the rowid. Requested `columns`
// missing from the table read as absent. A value longer than `limits.max_record_size` ends the
// table (a rejected record naming the limit). Fails with "path: cannot open as SQLite: reason",
// "path: no table 'x'" (with the tables there are), or for a view or a WITHOUT ROWID table.
util::Expected<std::unique_ptr<RecordSource>> open_sqlite_source(const std::filesystem::path& file,
                                                                 const std::string& display_path,
                                                                 const std::string& table,
                                                                 std::vector<std::string> columns,
                                                                 const Limits& limits = {});

// `path` as a read-only, immutable SQLite URI (file:...?mode=ro&immutable=1).
std::string sqlite_readonly_uri(const std::filesystem::path& path);

}  // namespace lethe::data
