// RecordSource: the interface every export-file reader (CSV, TSV, NDJSON, JSON, SQLite) offers
// to the loader: records as the text of the requested source columns, with their line.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::data {

// One record read from a file. Views point into the reader's buffers and stay valid until the
// next call to RecordSource::next.
struct Record {
  // 1-based line on which the record starts (for a JSON array: the line of the object's `{`;
  // for SQLite: the rowid).
  std::uint64_t line = 0;
  // One entry per requested column, in request order: nullopt when the column is absent from
  // the record or is JSON null; otherwise its text (CSV fields unquoted, JSON strings
  // unescaped, JSON numbers as written, JSON booleans as "true"/"false"). An empty CSV field
  // is an empty view.
  std::vector<std::optional<std::string_view>> values;
};

enum class ReadStatus {
  record,    // `record` holds the next record
  rejected,  // a malformed record was skipped: `record.line` and `message` say where and why
  stopped,   // as rejected, but reading cannot go on past it: the rest of the file is unread
  end,       // no more records
};

// The columns a file has whatever its records hold.
struct FileColumns {
  std::string_view holder;         // "header" (CSV, TSV) or "table" (SQLite), for messages
  std::vector<std::string> names;  // in the file's order
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Reads the next record. After `rejected`, reading goes on with the record after it.
  // `message` is set only for `rejected`: what is wrong, without path or line
  // (e.g. "expected 5 fields, got 4").
  virtual ReadStatus next(Record& record, std::string& message) = 0;

  // Whether the file has requested column `index`: from the header (CSV/TSV) or table
  // (SQLite); for JSON, whether any record read so far had it (including as null).
  virtual bool has_column(std::size_t index) const = 0;

  // The header's or the table's columns; null for JSON, whose records each have keys of their
  // own. A file lacking a requested column is unreadable only when it has such a list.
  virtual const FileColumns* file_columns() const = 0;

  // Bytes of the file consumed so far and in all, for progress display.
  virtual std::uint64_t bytes_read() const = 0;
  virtual std::uint64_t bytes_total() const = 0;
};

// Why a file cannot be read at all, in parts, so that a report can show the position apart from
// what is wrong without parsing a message.
struct ReadError {
  std::uint64_t line = 0;    // 1-based; 0 when the error is about the file as a whole
  std::uint64_t column = 0;  // 1-based byte column on `line`; 0 when there is none
  std::string message;       // without path or position ("empty file, expected a header line")

  // `path:line:column: message`, leaving out a position that is 0.
  std::string text(std::string_view path) const;
};

// A reader ready for its first record, or why the file cannot be read.
using OpenedSource = util::Expected<std::unique_ptr<RecordSource>, ReadError>;

}  // namespace lethe::data
