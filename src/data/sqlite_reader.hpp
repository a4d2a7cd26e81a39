// Reading a table of a SQLite file as a RecordSource.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/limits.hpp"
#include "data/record_source.hpp"

namespace lethe::data {

// Opens `table` of a SQLite file read-only and immutable, with triggers, views and extensions
// out of reach: only a plain table is read. SQLite reads a database's pages in any order through
// its own file layer, not as a stream of bytes, so this reader takes a path where the text
// readers take a ByteSource (a compressed database would have to be unpacked to a file first).
// Record::line is the rowid. Requested `columns` missing from the table read as absent. A value
// longer than `limits.max_record_size` ends the table (a rejected record naming the limit).
// Fails with "cannot open as SQLite: reason", "no table 'x'" (with the tables there are), or for
// a view or a WITHOUT ROWID table.
OpenedSource open_sqlite_source(const std::filesystem::path& file, const std::string& table,
                                const std::vector<std::string>& columns, const Limits& limits = {});

// The tables of a SQLite file (not views, not SQLite's own), by name; fails as
// open_sqlite_source does when the file is no database.
util::Expected<std::vector<std::string>, ReadError> sqlite_tables(
    const std::filesystem::path& file);

// `path` as a read-only, immutable SQLite URI (file:...?mode=ro&immutable=1).
std::string sqlite_readonly_uri(const std::filesystem::path& path);

}  // namespace lethe::data
