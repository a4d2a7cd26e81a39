// Reading CSV and TSV files (RFC 4180 plus what real exports contain) as RecordSources.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/formats.hpp"
#include "data/limits.hpp"
#include "data/record_source.hpp"
#include "util/byte_source.hpp"

namespace lethe::data {

// How a delimited file is written.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  HeaderRow header = HeaderRow::names;
};

// Reads the header line of delimited `bytes`. Requested `columns` are matched against header
// names exactly (after removing a UTF-8 BOM); when a header name occurs twice, the first one is
// used. Without a header (HeaderRow::absent) the first line is a record and columns are named by
// position, "1" for the first. Quoted fields may contain the delimiter, doubled quotes and line
// breaks; lines end in LF or CRLF; blank lines are skipped. A record whose field count differs
// from the header's (the first record's) is rejected ("expected 5 fields, got 4"); an
// unterminated quoted field is rejected ("unterminated quoted field") at the line where the
// record starts, and ends the file. The bytes are read in bounded chunks, never whole; a record
// longer than `limits.max_record_size` ends the file (a rejected record naming the limit). Fails
// with line 1 "empty file, expected a header line", or another problem of the header line.
OpenedSource open_csv_source(std::unique_ptr<util::ByteSource> bytes, const CsvDialect& dialect,
                             const std::vector<std::string>& columns, const Limits& limits = {});

}  // namespace lethe::data
