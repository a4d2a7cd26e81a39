// Reading CSV and TSV files (RFC 4180 plus what real exports contain) as RecordSources.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/limits.hpp"
#include "data/record_source.hpp"
#include "util/expected.hpp"

namespace lethe::data {

// Opens a delimited file and reads its header line. Requested `columns` are matched against
// header names exactly (after removing a UTF-8 BOM); when a header name occurs twice, the first
// one is used. Quoted fields may contain the delimiter, doubled quotes and line breaks; lines
// end in LF or CRLF; blank lines are skipped. A record whose field count differs from the
// header's is rejected ("expected 5 fields, got 4"); an unterminated quoted field is rejected
// ("unterminated quoted field") at the line where the record starts, and ends the file.
// The file is read in bounded chunks, never whole; a record longer than
// `limits.max_record_size` ends the file (a rejected record naming the limit). Fails with "path:
// cannot open: reason" or "path:1: empty file, expected a header line".
util::Expected<std::unique_ptr<RecordSource>> open_csv_source(const std::filesystem::path& file,
                                                              const std::string& display_path,
                                                              char delimiter,
                                                              std::vector<std::string> columns,
                                                              const Limits& limits = {});

}  // namespace lethe::data
