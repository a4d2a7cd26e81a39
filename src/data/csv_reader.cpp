#include "data/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>

#include "data/record_buffer.hpp"

namespace lethe::data {

namespace {

constexpr std::size_t k_no_column = std::numeric_limits<std::size_t>::max();

// One field of the record being read, still quoted as in the file when `has_doubled_quotes`.
struct FieldSpan {
  char* begin;
  char* end;
  bool has_doubled_quotes;
};

enum class ScanResult {
  record,           // a complete record was scanned
  need_more,        // the buffer ends inside a record (or a blank line); refill and scan again
  no_more_records,  // end of file
  unterminated,     // end of file inside a quoted field
};

// Where scan_record() stands in the record it is scanning.
struct RecordCursor {
  char* p;                       // the next field to scan
  char* const end;               // the end of the buffered bytes
  char* newline;                 // the first LF at or after p, or end: searched once per line
  char* record_end;              // just past the record's line break, once found
  std::uint64_t inner_lines;     // line breaks inside quoted fields
  const std::size_t span_limit;  // keep the spans of this many fields
  const bool eof;                // the buffered bytes end the file
};

// What scanning one field of a record found.
enum class FieldStep {
  next_field,    // a delimiter: the next field starts at the cursor
  unquoted,      // an unquoted field (or the rest of one after junk) starts at the cursor
  record_end,    // the field ends the record, at cursor.record_end
  need_more,     // the buffer ends inside the field; refill and scan the record again
  unterminated,  // the file ends inside a quoted field
};

inline char* find_char(char* from, char* end, char c) {
  void* found = std::memchr(from, c, static_cast<std::size_t>(end - from));
  return found != nullptr ? static_cast<char*>(found) : end;
}

// Collapses the doubled quotes of a quoted field in place; returns its new end.
char* unescape_quotes(char* begin, char* end, char quote) {
  char* out = begin;
  for (const char* in = begin; in < end; ++in) {
    *out++ = *in;
    if (*in == quote) ++in;  // inside a quoted field every quote is the first of a pair
  }
  return out;
}

class CsvSource final : public RecordSource {
 public:
  CsvSource(std::unique_ptr<util::ByteSource> bytes, const CsvDialect& dialect,
            std::size_t max_record_size)
      : m_buffer(std::move(bytes), max_record_size),
        m_delimiter(dialect.delimiter),
        m_quote(dialect.quote),
        m_header(dialect.header) {}

  util::Expected<void, ReadError> read_header(const std::vector<std::string>& columns);

  ReadStatus next(Record& record, std::string& message) override;
  const FileColumns* file_columns() const override { return &m_file_columns; }
  bool has_column(std::size_t index) const override {
    return index < m_column_index.size() && m_column_index[index] != k_no_column;
  }
  std::uint64_t bytes_read() const override { return m_buffer.consumed(); }
  std::uint64_t bytes_total() const override { return m_buffer.total(); }

 private:
  ScanResult scan_record(std::size_t span_limit);
  FieldStep scan_quoted_field(RecordCursor& cursor);
  FieldStep scan_unquoted_field(RecordCursor& cursor);
  // Counts a field of the record, and keeps its span when it is among the first span_limit.
  void add_field(const RecordCursor& cursor, char* begin, char* end, bool has_doubled_quotes) {
    if (m_field_count < cursor.span_limit) m_spans.push_back({begin, end, has_doubled_quotes});
    ++m_field_count;
  }
  std::string_view field_text(FieldSpan& span);

  ReadStatus emit(Record& record, std::string& message);

  RecordBuffer m_buffer;
  char m_delimiter;
  char m_quote;
  HeaderRow m_header;
  bool m_first_pending = false;     // without a header: the first record, scanned, not yet returned
  std::uint64_t m_line = 1;         // line number at m_buffer.pos()
  bool m_done = false;              // next() returns end from now on
  std::size_t m_header_fields = 0;  // fields in the header line
  std::vector<std::size_t> m_column_index;  // header field of each requested column
  FileColumns m_file_columns{"header", {}};

  // The record found by the last successful scan_record().
  std::uint64_t m_record_line = 0;
  std::vector<FieldSpan> m_spans;  // its first fields (at most the header's count)
  std::size_t m_field_count = 0;   // all its fields, including those not kept in m_spans
  bool m_bad_quote = false;        // a closing quote was followed by something other than an end
};

// Skips blank lines from `p`, counting them in `line`; true when `p` is then at the start of a
// record, false when the buffer ends first (a CR that ends the buffer may be half of a CRLF,
// unless the file ends there).
inline bool skip_blank_lines(char*& p, const char* end, bool eof, std::uint64_t& line) {
  for (;;) {
    if (p == end) return false;
    if (*p == '\n') {
      ++p;
      ++line;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == end) {
        if (!eof) return false;
        ++p;  // a CR that ends the file ends a (blank) line
        continue;
      }
      if (p[1] == '\n') {
        p += 2;
        ++line;
        continue;
      }
    }
    return true;
  }
}

// The quote that closes a quoted field, searched from just after its opening quote; nullptr
// when the buffer ends first, or right after a quote while more bytes may follow (the next byte
// decides whether the quote closes the field or is doubled).
inline char* find_closing_quote(char* from, const char* end, bool eof, char quote_char,
                                bool& has_doubled_quotes) {
  char* quote = from;
  for (;;) {
    quote =
        static_cast<char*>(std::memchr(quote, quote_char, static_cast<std::size_t>(end - quote)));
    if (quote == nullptr || (quote + 1 == end && !eof)) return nullptr;
    if (quote + 1 == end || quote[1] != quote_char) return quote;
    has_doubled_quotes = true;
    quote += 2;
  }
}

// The end of a record (just past its line break) whose line ends at `at`, right after a closing
// quote: `end` at the end of the buffered bytes; nullptr when `at` holds no line end. Sets
// `need_more` for a CR that ends the buffer before the end of the file (it may start a CRLF).
inline char* line_end_at(char* at, char* end, bool eof, bool& need_more) {
  if (at == end) return end;
  if (*at == '\n') return at + 1;
  if (*at != '\r') return nullptr;
  if (at + 1 == end) {
    need_more = !eof;
    return end;
  }
  return at[1] == '\n' ? at + 2 : nullptr;
}

// Scans the quoted field at cursor.p and what follows its closing quote.
inline FieldStep CsvSource::scan_quoted_field(RecordCursor& cursor) {
  char* const begin = cursor.p + 1;
  bool has_doubled_quotes = false;
  char* const quote =
      find_closing_quote(begin, cursor.end, cursor.eof, m_quote, has_doubled_quotes);
  if (quote == nullptr) return cursor.eof ? FieldStep::unterminated : FieldStep::need_more;
  cursor.inner_lines += static_cast<std::uint64_t>(std::count(begin, quote, '\n'));
  char* const after = quote + 1;
  if (after < cursor.end && *after == m_delimiter) {
    add_field(cursor, begin, quote, has_doubled_quotes);
    cursor.p = after + 1;
    return FieldStep::next_field;
  }
  bool need_more = false;
  if (char* record_end = line_end_at(after, cursor.end, cursor.eof, need_more)) {
    if (need_more) return FieldStep::need_more;
    add_field(cursor, begin, quote, has_doubled_quotes);
    cursor.record_end = record_end;
    return FieldStep::record_end;
  }
  // Junk after the closing quote: the record is rejected, but it is still scanned to its end
  // (treating the rest of the field as unquoted) so that reading can go on after it.
  m_bad_quote = true;
  cursor.p = after;
  return FieldStep::unquoted;
}

// Scans an unquoted field at cursor.p (or the rest of one after junk): quotes in it are plain
// characters.
inline FieldStep CsvSource::scan_unquoted_field(RecordCursor& cursor) {
  char* const p = cursor.p;
  if (cursor.newline < p) cursor.newline = find_char(p, cursor.end, '\n');
  char* const newline = cursor.newline;
  char* delimiter =
      static_cast<char*>(std::memchr(p, m_delimiter, static_cast<std::size_t>(newline - p)));
  if (delimiter != nullptr) {
    add_field(cursor, p, delimiter, false);
    cursor.p = delimiter + 1;
    return FieldStep::next_field;
  }
  if (newline == cursor.end && !cursor.eof) return FieldStep::need_more;
  char* field_end = newline;
  // Drop the CR of a CRLF, and of a lone CR that ends the file; other CRs are data.
  if (field_end > p && field_end[-1] == '\r') --field_end;
  add_field(cursor, p, field_end, false);
  cursor.record_end = newline == cursor.end ? cursor.end : newline + 1;
  return FieldStep::record_end;
}

// Finds the next record after any blank lines without modifying the buffer, so that it can
// simply be scanned again from its start when it turns out to continue past the buffer's end.
// Keeps the spans of the first `span_limit` fields.
ScanResult CsvSource::scan_record(std::size_t span_limit) {
  char* const buffer = m_buffer.data();
  char* const end = buffer + m_buffer.end();
  char* p = buffer + m_buffer.pos();
  const bool eof = m_buffer.eof();

  // Blank lines are consumed for good, even if the record after them needs a refill.
  const bool at_record = skip_blank_lines(p, end, eof, m_line);
  m_buffer.set_pos(static_cast<std::size_t>(p - buffer));
  if (!at_record) return eof ? ScanResult::no_more_records : ScanResult::need_more;

  m_spans.clear();
  m_field_count = 0;
  m_bad_quote = false;
  RecordCursor cursor{p, end, find_char(p, end, '\n'), nullptr, 0, span_limit, eof};
  for (;;) {
    FieldStep step = FieldStep::unquoted;
    if (cursor.p < end && *cursor.p == m_quote) step = scan_quoted_field(cursor);
    if (step == FieldStep::unquoted) step = scan_unquoted_field(cursor);
    if (step == FieldStep::next_field) continue;
    if (step == FieldStep::need_more) return ScanResult::need_more;
    if (step == FieldStep::unterminated) return ScanResult::unterminated;
    break;  // FieldStep::record_end
  }

  m_record_line = m_line;
  m_line += cursor.inner_lines + 1;
  m_buffer.set_pos(static_cast<std::size_t>(cursor.record_end - buffer));
  return ScanResult::record;
}

std::string_view CsvSource::field_text(FieldSpan& span) {
  // Unescaped at most once: the same field may be requested under two column indexes.
  if (span.has_doubled_quotes) {
    span.end = unescape_quotes(span.begin, span.end, m_quote);
    span.has_doubled_quotes = false;
  }
  return {span.begin, static_cast<std::size_t>(span.end - span.begin)};
}

util::Expected<void, ReadError> CsvSource::read_header(const std::vector<std::string>& columns) {
  if (m_buffer.refill() != Refill::read) return ReadError{0, 0, m_buffer.failure()};
  m_buffer.skip_bom();

  ScanResult result;
  while ((result = scan_record(std::numeric_limits<std::size_t>::max())) == ScanResult::need_more) {
    if (m_buffer.refill() != Refill::read) return ReadError{m_line, 0, m_buffer.failure()};
  }
  if (result == ScanResult::no_more_records) {
    // Without a header, an empty file has no columns either: which of them it lacks is moot.
    return ReadError{1, 0,
                     m_header == HeaderRow::absent ? "empty file, expected a row"
                                                   : "empty file, expected a header line"};
  }
  if (result == ScanResult::unterminated) {
    return ReadError{m_line, 0, "unterminated quoted field in the header line"};
  }
  if (m_bad_quote) {
    return ReadError{m_record_line, 0,
                     "unexpected character after closing quote in the header line"};
  }

  m_header_fields = m_field_count;
  m_column_index.assign(columns.size(), k_no_column);
  if (m_header == HeaderRow::absent) {
    // The line is the first record; its fields are the columns 1, 2, ...
    m_file_columns.holder = "first row";
    for (std::size_t field = 0; field < m_field_count; ++field)
      m_file_columns.names.push_back(std::to_string(field + 1));
    for (std::size_t column = 0; column < columns.size(); ++column) {
      for (std::size_t field = 0; field < m_field_count; ++field) {
        if (columns[column] == m_file_columns.names[field]) m_column_index[column] = field;
      }
    }
    m_first_pending = true;
    return {};
  }
  for (std::size_t field = 0; field < m_spans.size(); ++field) {
    std::string_view name = field_text(m_spans[field]);
    m_file_columns.names.emplace_back(name);
    if (name.find('\r') != std::string_view::npos) {
      // Lines are only ended by LF or CRLF: a CR inside the header means CR-only line ends.
      return ReadError{1, 0,
                       "the header line holds a carriage return: lines seem to end with CR alone\n"
                       "hint: convert the file to LF or CRLF line ends"};
    }
    for (std::size_t column = 0; column < columns.size(); ++column) {
      if (columns[column] != name) continue;
      if (m_column_index[column] != k_no_column && m_column_index[column] != field) {
        // Which of the two to read would be a guess.
        return ReadError{1, 0,
                         fmt::format("column \"{}\" appears twice in the header (fields {} and {})",
                                     name, m_column_index[column] + 1, field + 1)};
      }
      m_column_index[column] = field;
    }
  }
  return {};
}

ReadStatus CsvSource::next(Record& record, std::string& message) {
  if (m_first_pending) {
    m_first_pending = false;
    return emit(record, message);
  }
  if (m_done) return ReadStatus::end;
  ScanResult result;
  while ((result = scan_record(m_header_fields)) == ScanResult::need_more) {
    if (m_buffer.refill() != Refill::read) {
      // Nothing after this point can be trusted to line up with record boundaries.
      m_done = true;
      record.line = m_line;
      message = m_buffer.failure();
      return ReadStatus::stopped;
    }
  }

  switch (result) {
    case ScanResult::no_more_records:
      m_done = true;
      return ReadStatus::end;
    case ScanResult::unterminated:
      m_done = true;
      m_buffer.set_pos(m_buffer.end());
      record.line = m_line;
      message = "unterminated quoted field";
      return ReadStatus::stopped;
    case ScanResult::need_more:
    case ScanResult::record:
      break;
  }
  return emit(record, message);
}

// The record the last scan_record() found.
ReadStatus CsvSource::emit(Record& record, std::string& message) {
  record.line = m_record_line;
  if (m_bad_quote) {
    message = "unexpected character after closing quote";
    return ReadStatus::rejected;
  }
  if (m_field_count != m_header_fields) {
    message = fmt::format("expected {} fields, got {}", m_header_fields, m_field_count);
    return ReadStatus::rejected;
  }
  record.values.resize(m_column_index.size());
  for (std::size_t column = 0; column < m_column_index.size(); ++column) {
    std::size_t field = m_column_index[column];
    if (field == k_no_column) {
      record.values[column].reset();
    } else {
      record.values[column] = field_text(m_spans[field]);
    }
  }
  return ReadStatus::record;
}

}  // namespace

OpenedSource open_csv_source(std::unique_ptr<util::ByteSource> bytes, const CsvDialect& dialect,
                             const std::vector<std::string>& columns, const Limits& limits) {
  assert(dialect.delimiter != dialect.quote && dialect.delimiter != '\n' &&
         dialect.delimiter != '\r');
  auto source = std::make_unique<CsvSource>(std::move(bytes), dialect, limits.max_record_size);
  if (auto header = source->read_header(columns); !header) return header.error();
  return std::unique_ptr<RecordSource>(std::move(source));
}

}  // namespace lethe::data
