#include "data/json_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#include "data/record_buffer.hpp"
#include "util/enum_names.hpp"
#include "util/json_syntax.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace {

namespace ondemand = simdjson::ondemand;

constexpr std::size_t k_no_node = std::numeric_limits<std::size_t>::max();
// Records with at most this many brackets have their values checked in the walk, recursively;
// others by the grammar check, which has no recursion.
constexpr std::size_t k_walk_depth = 256;

bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
std::string_view trim_trailing_space(std::string_view text) {
  while (!text.empty() && is_json_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string invalid_json(simdjson::error_code error) {
  return fmt::format("invalid JSON: {}", simdjson::error_message(error));
}

// "invalid JSON at column 12 (in "extra"): expected a value after ',', got ']'", for an error in
// `text`, a record whose first byte is in column `first_column` of line `first_line`; the line
// is named when it is a later one.
std::string syntax_message(std::string_view text, std::uint64_t first_line,
                           std::uint64_t first_column, const util::JsonSyntaxError& error) {
  std::uint64_t lines = 0;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < error.offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lines;
      line_start = i + 1;
    }
  }
  std::string where = lines == 0 ? fmt::format("column {}", first_column + error.offset)
                                 : fmt::format("line {}, column {}", first_line + lines,
                                               error.offset - line_start + 1);
  if (!error.key.empty()) where += fmt::format(" (in {})", util::quote_for_message(error.key));
  return fmt::format("invalid JSON at {}: {}", where, error.message);
}

// How messages name a JSON value of each type.
constexpr auto k_type_names = std::to_array<util::EnumName<ondemand::json_type>>({
    {ondemand::json_type::array, "an array"},
    {ondemand::json_type::object, "an object"},
    {ondemand::json_type::number, "a number"},
    {ondemand::json_type::string, "a string"},
    {ondemand::json_type::boolean, "a boolean"},
    {ondemand::json_type::null, "null"},
});

std::string_view type_name(ondemand::json_type type) {
  return util::enum_name(k_type_names, type, "a value");
}

// The requested dotted paths as a tree of keys, so that each object is walked once and only
// wanted sub-objects are entered.
struct PathNode {
  struct Child {
    std::string key;
    std::size_t node;  // index into the node list
  };
  std::vector<Child> children;
  std::vector<std::size_t> columns;          // requested columns whose path ends here
  std::vector<std::size_t> subtree_columns;  // columns ending here or below
  std::string path;                          // the dotted path from the record to here
};

std::size_t find_child(const PathNode& node, std::string_view key) {
  // Few keys are requested per object, so a linear search beats hashing every key of the file;
  // keys are short, so an inline loop beats calling memcmp.
  for (const PathNode::Child& child : node.children) {
    if (child.key.size() != key.size()) continue;
    std::size_t i = 0;
    while (i < key.size() && child.key[i] == key[i])
      ++i;
    if (i == key.size()) return child.node;
  }
  return k_no_node;
}

// A key as the record writes it, between its quotes, and whether it has an escape.
struct RawKey {
  std::string_view text;
  bool escaped = false;
};

RawKey raw_key(ondemand::field& field) {
  // The key ends at its closing quote, which stage 1 has found.
  const char* start = field.key().raw();
  const char* end = start;
  bool escaped = false;
  while (*end != '"') {
    if (*end == '\\') {
      escaped = true;
      ++end;  // the escaped byte, whatever it is, is the escape's
    }
    ++end;
  }
  return {{start, static_cast<std::size_t>(end - start)}, escaped};
}

// Byte classes for the array element scanner: the bytes that stop a fast skip in each state.
constexpr std::uint8_t k_string_stop = 1;     // " \ and line break, inside a string
constexpr std::uint8_t k_container_stop = 2;  // " brackets and line break, outside strings
constexpr std::uint8_t k_scalar_stop = 4;     // what ends a bare number or literal

constexpr std::array<std::uint8_t, 256> k_byte_classes = [] {
  std::array<std::uint8_t, 256> classes{};
  auto add = [&](std::string_view bytes, std::uint8_t mask) {
    for (char c : bytes)
      classes[static_cast<unsigned char>(c)] |= mask;
  };
  add("\"\\\n", k_string_stop);
  add("\"{}[]\n", k_container_stop);
  add(" \t\r\n,:\"{}[]", k_scalar_stop);
  return classes;
}();

inline bool has_class(char c, std::uint8_t mask) {
  return (k_byte_classes[static_cast<unsigned char>(c)] & mask) != 0;
}

// What a record holds at a requested column's path.
enum class Found : std::uint8_t { missing, null, scalar, object, array };

enum class ParseResult {
  record,
  rejected,          // a well-formed record that cannot be used
  invalid_json,      // a syntax error
  too_deep_to_walk,  // nested deeper than the walk checks unread values: check it whole first
};

// Where JsonSource::skip_space stopped.
enum class Space {
  found,   // at a byte that is not white space
  end,     // at the end of the file
  failed,  // at a read error
};

enum class ArrayState {
  before_first,   // just after `[`
  after_element,  // expecting `,` or `]`
  after_comma,    // expecting an element
  closed,         // after `]`: only white space may follow
};

// Where the scan of an array element that continues past the buffer's end stopped.
struct ElementScan {
  std::size_t offset = 0;  // bytes of the element scanned, from m_buffer.pos()
  std::uint64_t depth = 0;
  std::uint64_t lines = 0;  // line breaks inside the element
  bool in_string = false;
  bool escaped = false;
  bool is_container = false;
};

// What one step of the element scanner found.
enum class ElementStep : std::uint8_t {
  go_on,     // the element goes on at p
  complete,  // the element ends at p
  stopped,   // the buffer ends before the element does
};

class JsonSource final : public RecordSource {
 public:
  JsonSource(std::unique_ptr<util::ByteSource> bytes, JsonLayout layout,
             std::vector<std::string> columns, const Limits& limits);

  util::Expected<void, ReadError> start();

  ReadStatus next(Record& record, std::string& message) override;
  const FileColumns* file_columns() const override { return nullptr; }
  bool has_column(std::size_t index) const override {
    return index < m_has_column.size() && m_has_column[index];
  }
  std::uint64_t bytes_read() const override { return m_buffer.consumed(); }
  std::uint64_t bytes_total() const override { return m_buffer.total(); }

 private:
  ReadStatus fail(Record& record, std::string& message);
  ReadStatus next_line(Record& record, std::string& message);
  bool skip_long_line(const char* newline);
  ReadStatus next_element(Record& record, std::string& message);
  Space skip_space();
  bool scan_element();

  // Parses the record of `length` bytes at `begin`, whose first byte is in column
  // `first_column` of line record.line.
  ParseResult parse(const char* begin, std::size_t length, std::uint64_t first_column,
                    Record& record, std::string& message);
  // Notes that the byte at buffer position `pos` is a line break, for columns in messages.
  void note_line_break(std::size_t pos) {
    m_line_start = m_buffer.consumed() - m_buffer.pos() + pos + 1;
  }
  ParseResult walk_record(const char* begin, std::size_t length, std::uint64_t first_column,
                          Record& record, std::string& message);
  // The walk of an object or a value at `depth` (the record is 1): DEPTH_ERROR beyond
  // m_walk_depth while checking unread values.
  simdjson::error_code walk_object(ondemand::object object, std::size_t node_index, Record& record,
                                   std::size_t depth);
  simdjson::error_code read_value(ondemand::value& value, std::size_t node_index, Record& record,
                                  std::size_t depth);
  // Checks a value no column reads, which On-Demand would skip unchecked.
  simdjson::error_code check_value(ondemand::value value, std::size_t depth);
  simdjson::error_code check_object(ondemand::value value, std::size_t depth);
  simdjson::error_code check_array(ondemand::value value, std::size_t depth);
  std::string nested_too_deep() const {
    return "record nested deeper than " +
           limit_note("max-nesting-depth", m_limits.max_nesting_depth, false);
  }
  // The message for a record simdjson found `error` in: the grammar check's, which says where.
  std::string error_message(const char* begin, std::size_t length, std::uint64_t line,
                            std::uint64_t first_column, simdjson::error_code error);
  // Records that a value that paths go through is not an object, so the record is rejected
  // instead of reading those paths as absent.
  void note_not_object(const PathNode& node, ondemand::json_type type);
  void assign(const PathNode& node, Found found, std::optional<std::string_view> text,
              Record& record);

  RecordBuffer m_buffer;  // padded with SIMDJSON_PADDING for the parser
  JsonLayout m_layout;
  std::vector<std::string> m_columns;
  Limits m_limits;
  std::uint64_t m_line = 1;        // line number at m_buffer.pos()
  std::uint64_t m_line_start = 0;  // array layout: offset in the file of line m_line's start
  bool m_done = false;             // next() returns end from now on

  // Lines layout.
  std::size_t m_line_scanned = 0;  // bytes after m_buffer.pos() known to hold no line break
  bool m_skipping_line = false;    // discarding the rest of an over-long line

  // Array layout.
  ArrayState m_array_state = ArrayState::before_first;
  ElementScan m_scan;

  util::JsonSyntaxChecker m_checker;  // for messages, and records that nest deep
  // For the record being parsed: check the values no column reads while walking it (else the
  // grammar check has passed it whole).
  bool m_check_unread = true;
  std::size_t m_walk_depth;  // the nesting limit, at most k_walk_depth
  ondemand::parser m_parser;
  std::vector<PathNode> m_nodes;       // m_nodes[0] is the root
  std::vector<std::uint64_t> m_visit;  // per node: the last record in which its key was seen
  std::uint64_t m_record_serial = 0;
  std::vector<Found> m_found;  // per column, for the record being parsed
  std::string m_path_error;    // for the record being parsed: a path through a non-object
  std::size_t m_path_error_node = 0;
  std::vector<bool> m_has_column;

  // Survey mode (sample_json_records): every scalar of each record, by dotted path.
 public:
  void start_survey() { m_survey = true; }
  const std::vector<JsonPathValue>& surveyed() const { return m_surveyed; }

 private:
  simdjson::error_code survey_value(ondemand::value value, const std::string& path,
                                    std::size_t depth);
  bool m_survey = false;
  std::vector<JsonPathValue> m_surveyed;  // the record being parsed
};

JsonSource::JsonSource(std::unique_ptr<util::ByteSource> bytes, JsonLayout layout,
                       std::vector<std::string> columns, const Limits& limits)
    : m_buffer(std::move(bytes), limits.max_record_size, simdjson::SIMDJSON_PADDING),
      m_layout(layout),
      m_columns(std::move(columns)),
      m_limits(limits),
      m_walk_depth(std::min<std::size_t>(limits.max_nesting_depth, k_walk_depth)),
      m_found(m_columns.size(), Found::missing),
      m_has_column(m_columns.size(), false) {
  m_nodes.emplace_back();
  for (std::size_t column = 0; column < m_columns.size(); ++column) {
    std::size_t node = 0;
    std::string_view rest = m_columns[column];
    for (;;) {
      std::size_t dot = rest.find('.');
      std::string_view key = rest.substr(0, dot);
      std::size_t child = find_child(m_nodes[node], key);
      if (child == k_no_node) {
        child = m_nodes.size();
        m_nodes.emplace_back();
        m_nodes[child].path = m_nodes[node].path.empty()
                                  ? std::string(key)
                                  : m_nodes[node].path + "." + std::string(key);
        m_nodes[node].children.push_back({std::string(key), child});
      }
      node = child;
      m_nodes[node].subtree_columns.push_back(column);
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    m_nodes[node].columns.push_back(column);
  }
  m_visit.assign(m_nodes.size(), 0);
}

ReadStatus JsonSource::fail(Record& record, std::string& message) {
  // After a read error nothing can be trusted to line up with record boundaries.
  m_done = true;
  record.line = m_line;
  message = m_buffer.failure();
  return ReadStatus::rejected;
}

util::Expected<void, ReadError> JsonSource::start() {
  if (m_buffer.refill() != Refill::read) return ReadError{0, 0, m_buffer.failure()};
  m_buffer.skip_bom();
  if (m_layout == JsonLayout::lines) return {};
  m_line_start = m_buffer.consumed();  // after a BOM, which has no column

  std::uint64_t column = 1;  // in bytes, not counting a BOM
  for (;;) {
    const char* data = m_buffer.data();
    std::size_t pos = m_buffer.pos();
    for (; pos < m_buffer.end() && is_json_space(data[pos]); ++pos) {
      if (data[pos] == '\n') {
        ++m_line;
        note_line_break(pos);
        column = 0;
      }
      ++column;
    }
    m_buffer.set_pos(pos);
    if (pos < m_buffer.end() || m_buffer.eof()) break;
    if (m_buffer.refill() != Refill::read) return ReadError{m_line, 0, m_buffer.failure()};
  }
  if (m_buffer.pos() == m_buffer.end() || m_buffer.data()[m_buffer.pos()] != '[') {
    return ReadError{m_line, column, "expected a JSON array of objects"};
  }
  m_buffer.set_pos(m_buffer.pos() + 1);
  return {};
}

ReadStatus JsonSource::next(Record& record, std::string& message) {
  if (m_done) return ReadStatus::end;
  ReadStatus status =
      m_layout == JsonLayout::lines ? next_line(record, message) : next_element(record, message);
  // A rejection that ends the reading (a syntax error in an array, a truncated file) leaves the
  // rest of the file unread: never to be taken for one bad record.
  return status == ReadStatus::rejected && m_done ? ReadStatus::stopped : status;
}

ReadStatus JsonSource::next_line(Record& record, std::string& message) {
  for (;;) {
    char* const buffer = m_buffer.data();
    char* const begin = buffer + m_buffer.pos();
    char* const end = buffer + m_buffer.end();
    char* newline = static_cast<char*>(std::memchr(
        begin + m_line_scanned, '\n', static_cast<std::size_t>(end - begin) - m_line_scanned));
    if (m_skipping_line) {
      if (!skip_long_line(newline)) return fail(record, message);
      continue;
    }
    if (newline == nullptr) {
      if (!m_buffer.eof()) {
        m_line_scanned = static_cast<std::size_t>(end - begin);
        Refill refill = m_buffer.refill();
        if (refill == Refill::read) continue;
        if (refill == Refill::failed) return fail(record, message);
        // The line alone exceeds the largest buffer: reject it and go on after it.
        record.line = m_line;
        message = m_buffer.failure();
        m_skipping_line = true;
        return ReadStatus::rejected;
      }
      if (begin == end) {
        m_done = true;
        return ReadStatus::end;
      }
      newline = end;  // the last line has no line break
    }
    m_line_scanned = 0;
    m_buffer.set_pos(newline == end ? m_buffer.end()
                                    : static_cast<std::size_t>(newline - buffer) + 1);
    std::uint64_t line = m_line++;
    const char* text_end = newline;
    if (text_end > begin && text_end[-1] == '\r') --text_end;
    const char* text = begin;
    while (text < text_end && is_json_space(*text))
      ++text;
    if (text == text_end) continue;  // a blank line

    record.line = line;
    ParseResult result =
        parse(begin, static_cast<std::size_t>(text_end - begin), 1, record, message);
    return result == ParseResult::record ? ReadStatus::record : ReadStatus::rejected;
  }
}

// Discards what the buffer holds of the over-long line being skipped: up to and including
// `newline` when the buffer has the line's end, else all of it (and reads more). False on a read
// error.
bool JsonSource::skip_long_line(const char* newline) {
  m_line_scanned = 0;
  if (newline == nullptr && !m_buffer.eof()) {
    m_buffer.set_pos(m_buffer.end());  // discarded; the buffer need not grow
    return m_buffer.refill() == Refill::read;
  }
  m_skipping_line = false;
  m_buffer.set_pos(newline == nullptr ? m_buffer.end()
                                      : static_cast<std::size_t>(newline - m_buffer.data()) + 1);
  ++m_line;
  return true;
}

// Skips white space, counting lines, up to the next other byte (`found`), the end of the file or a
// read error.
Space JsonSource::skip_space() {
  for (;;) {
    const char* data = m_buffer.data();
    std::size_t pos = m_buffer.pos();
    for (; pos < m_buffer.end() && is_json_space(data[pos]); ++pos) {
      if (data[pos] == '\n') {
        ++m_line;
        note_line_break(pos);
      }
    }
    m_buffer.set_pos(pos);
    if (pos < m_buffer.end()) return Space::found;
    if (m_buffer.eof()) return Space::end;
    if (m_buffer.refill() != Refill::read) return Space::failed;
  }
}

// Starts the scan of an element at its first byte `p`, which tells a container or a string from
// a bare scalar.
inline void begin_element(const char*& p, ElementScan& scan) {
  if (*p == '{' || *p == '[') {
    scan.is_container = true;
    scan.depth = 1;
  } else if (*p == '"') {
    scan.in_string = true;
  }
  ++p;
}

// Scans a string from inside it up to and including its next quote, backslash or line break.
inline ElementStep scan_string_part(const char*& p, const char* end, ElementScan& scan) {
  while (p < end && !has_class(*p, k_string_stop))
    ++p;
  if (p == end) return ElementStep::stopped;
  char c = *p++;
  if (c == '"') {
    scan.in_string = false;
    return scan.is_container ? ElementStep::go_on : ElementStep::complete;
  }
  if (c == '\\') {
    scan.escaped = true;
  } else {
    ++scan.lines;  // a raw line break is invalid in JSON, but later lines must stay right
  }
  return ElementStep::go_on;
}

// Scans a bare scalar (number, true, ...), which ends before the next delimiter.
inline ElementStep scan_scalar(const char*& p, const char* end) {
  while (p < end && !has_class(*p, k_scalar_stop))
    ++p;
  return p < end ? ElementStep::complete : ElementStep::stopped;
}

// Scans a container outside strings up to and including its next quote, bracket or line break.
inline ElementStep scan_container_part(const char*& p, const char* end, ElementScan& scan) {
  while (p < end && !has_class(*p, k_container_stop))
    ++p;
  if (p == end) return ElementStep::stopped;
  switch (*p++) {
    case '"':
      scan.in_string = true;
      break;
    case '{':
    case '[':
      ++scan.depth;
      break;
    case '}':
    case ']':
      --scan.depth;
      break;
    default:  // '\n'
      ++scan.lines;
      break;
  }
  return scan.depth == 0 ? ElementStep::complete : ElementStep::go_on;
}

// Scans the array element that starts at m_buffer.pos(), resuming where the last call stopped;
// returns true once its end is found (m_scan.offset is then its size), false when the buffer ends
// first. Brackets are counted, not stacked: mismatched ones are left for simdjson to reject, and
// any nesting depth costs nothing.
bool JsonSource::scan_element() {
  const char* const start = m_buffer.data() + m_buffer.pos();
  const char* const end = m_buffer.data() + m_buffer.end();
  const char* p = start + m_scan.offset;
  ElementScan& scan = m_scan;
  if (scan.offset == 0) begin_element(p, scan);
  ElementStep step = ElementStep::go_on;
  while (step == ElementStep::go_on && p < end) {
    if (scan.escaped) {
      // The escaped byte is skipped whatever it is.
      scan.escaped = false;
      if (*p == '\n') ++scan.lines;
      ++p;
    } else if (scan.in_string) {
      step = scan_string_part(p, end, scan);
    } else if (!scan.is_container) {
      step = scan_scalar(p, end);
    } else {
      step = scan_container_part(p, end, scan);
    }
  }
  scan.offset = static_cast<std::size_t>(p - start);
  // A bare scalar may end the file.
  return step == ElementStep::complete || (m_buffer.eof() && !scan.is_container && !scan.in_string);
}

ReadStatus JsonSource::next_element(Record& record, std::string& message) {
  for (;;) {
    Space space = skip_space();
    if (space == Space::failed) return fail(record, message);
    if (space == Space::end) {
      m_done = true;
      if (m_array_state == ArrayState::closed) return ReadStatus::end;
      record.line = m_line;
      message = "invalid JSON: unexpected end of file";
      return ReadStatus::rejected;
    }
    char c = m_buffer.data()[m_buffer.pos()];
    if (m_array_state == ArrayState::closed) {
      m_done = true;
      record.line = m_line;
      message = "invalid JSON: unexpected content after the end of the array";
      return ReadStatus::rejected;
    }
    if (m_array_state == ArrayState::after_element) {
      if (c == ',' || c == ']') {
        m_buffer.set_pos(m_buffer.pos() + 1);
        m_array_state = c == ',' ? ArrayState::after_comma : ArrayState::closed;
        continue;
      }
      m_done = true;
      record.line = m_line;
      message = "invalid JSON: expected ',' or ']' after an array element";
      return ReadStatus::rejected;
    }
    if (c == ']' && m_array_state == ArrayState::before_first) {
      m_buffer.set_pos(m_buffer.pos() + 1);
      m_array_state = ArrayState::closed;
      continue;
    }
    if (c == ',' || c == ']' || c == '}' || c == ':') {
      m_done = true;
      record.line = m_line;
      message = "invalid JSON: expected an array element";
      return ReadStatus::rejected;
    }
    break;
  }

  record.line = m_line;
  m_scan = ElementScan{};
  while (!scan_element()) {
    if (m_buffer.eof()) {
      m_done = true;
      m_buffer.set_pos(m_buffer.end());
      message = "invalid JSON: unexpected end of file";
      return ReadStatus::rejected;
    }
    if (m_buffer.refill() != Refill::read) {
      m_done = true;
      message = m_buffer.failure();
      return ReadStatus::rejected;
    }
  }
  const char* begin = m_buffer.data() + m_buffer.pos();
  std::size_t length = m_scan.offset;
  if (length > m_limits.max_record_size) {
    // An element's end is found without the byte after it, so the buffer may hold one byte more
    // than the limit; like a longer one, it ends the file.
    m_done = true;
    message = record_too_long(m_limits.max_record_size);
    return ReadStatus::rejected;
  }
  std::uint64_t first_column = m_buffer.consumed() - m_line_start + 1;
  if (m_scan.lines > 0) {
    std::size_t last = length;
    while (begin[last - 1] != '\n')
      --last;
    note_line_break(m_buffer.pos() + last - 1);
  }
  m_buffer.set_pos(m_buffer.pos() + length);
  m_line += m_scan.lines;
  m_array_state = ArrayState::after_element;

  ParseResult result = parse(begin, length, first_column, record, message);
  if (result == ParseResult::record) return ReadStatus::record;
  // After a syntax error the element's end found by the scanner may be wrong.
  if (result == ParseResult::invalid_json) m_done = true;
  return ReadStatus::rejected;
}

// Parses one record and fills `record.values`.
ParseResult JsonSource::parse(const char* begin, std::size_t length, std::uint64_t first_column,
                              Record& record, std::string& message) {
  // simdjson On-Demand skips what no column reads without checking it, so the walk checks those
  // values too, as deep as m_walk_depth. A record that nests deeper is checked whole by the
  // grammar check, which has no recursion and applies the nesting limit exactly, then walked
  // again for its columns alone.
  m_check_unread = true;
  ParseResult result = walk_record(begin, length, first_column, record, message);
  if (result != ParseResult::too_deep_to_walk) return result;
  if (auto error = m_checker.check({begin, length}, m_limits.max_nesting_depth)) {
    if (error->kind == util::JsonSyntaxError::Kind::too_deep) {
      message = nested_too_deep();
      return ParseResult::rejected;
    }
    message = syntax_message({begin, length}, record.line, first_column, *error);
    return ParseResult::invalid_json;
  }
  m_check_unread = false;
  return walk_record(begin, length, first_column, record, message);
}

ParseResult JsonSource::walk_record(const char* begin, std::size_t length,
                                    std::uint64_t first_column, Record& record,
                                    std::string& message) {
  // The buffer holds SIMDJSON_PADDING bytes past its capacity, so past any record in it.
  std::size_t allocated = static_cast<std::size_t>(m_buffer.data() + m_buffer.capacity() +
                                                   simdjson::SIMDJSON_PADDING - begin);
  ondemand::document document;
  if (auto error = m_parser.iterate(begin, length, allocated).get(document)) {
    message = error_message(begin, length, record.line, first_column, error);
    return ParseResult::invalid_json;
  }
  ondemand::json_type type;
  if (auto error = document.type().get(type)) {
    message = error_message(begin, length, record.line, first_column, error);
    return ParseResult::invalid_json;
  }
  if (type != ondemand::json_type::object) {
    // Not a record; but `nonsense` is invalid JSON, not null (simdjson types by first byte).
    if (auto error = m_checker.check({begin, length}, m_limits.max_nesting_depth)) {
      if (error->kind == util::JsonSyntaxError::Kind::too_deep) {
        message = nested_too_deep();
        return ParseResult::rejected;
      }
      message = syntax_message({begin, length}, record.line, first_column, *error);
      return ParseResult::invalid_json;
    }
    message = fmt::format("expected a JSON object, got {}", type_name(type));
    return ParseResult::rejected;
  }

  ++m_record_serial;
  m_surveyed.clear();
  record.values.assign(m_columns.size(), std::nullopt);
  std::fill(m_found.begin(), m_found.end(), Found::missing);
  m_path_error.clear();
  ondemand::object object;
  simdjson::error_code error = document.get_object().get(object);
  if (!error) error = m_walk_depth == 0 ? simdjson::DEPTH_ERROR : walk_object(object, 0, record, 1);
  if (error == simdjson::DEPTH_ERROR && m_check_unread) return ParseResult::too_deep_to_walk;
  // The object must be the whole record: `{"a":1} {"b":2}` is not one record.
  if (!error && document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    message = error_message(begin, length, record.line, first_column, error);
    return ParseResult::invalid_json;
  }

  for (std::size_t column = 0; column < m_columns.size(); ++column) {
    if (m_found[column] != Found::missing) m_has_column[column] = true;
  }
  if (!m_path_error.empty()) {
    message = m_path_error;
    return ParseResult::rejected;
  }
  for (std::size_t column = 0; column < m_columns.size(); ++column) {
    if (m_found[column] == Found::object || m_found[column] == Found::array) {
      message = fmt::format("{}: expected a scalar value, got {}", m_columns[column],
                            m_found[column] == Found::object ? "an object" : "an array");
      return ParseResult::rejected;
    }
  }
  return ParseResult::record;
}

// Reads the wanted fields of `object`. Recurses only into wanted sub-objects, so the depth is
// bounded by the longest requested path, whatever the input.
simdjson::error_code JsonSource::walk_object(ondemand::object object, std::size_t node_index,
                                             Record& record, std::size_t depth) {
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    // Most keys have no escapes and can be compared in place, without unescaping a copy.
    RawKey raw = raw_key(field);
    std::string_view key = raw.text;
    if (raw.escaped) {
      if (auto error = field.unescaped_key().get(key)) return error;
    }
    std::size_t child = find_child(m_nodes[node_index], key);
    if (child == k_no_node && m_survey) {
      if (auto error = survey_value(field.value(), std::string(key), depth + 1)) return error;
      continue;
    }
    if (child == k_no_node) {
      if (!m_check_unread) continue;  // checked already: the iterator skips it
      if (auto error = check_value(field.value(), depth + 1)) return error;
      continue;
    }
    if (auto error = read_value(field.value(), child, record, depth + 1)) return error;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JsonSource::read_value(ondemand::value& value, std::size_t node_index,
                                            Record& record, std::size_t depth) {
  const PathNode& node = m_nodes[node_index];
  if (m_visit[node_index] == m_record_serial) {
    // A repeated key: the last value wins, including everything below it.
    for (std::size_t column : node.subtree_columns) {
      m_found[column] = Found::missing;
      record.values[column].reset();
    }
    if (m_path_error_node == node_index) m_path_error.clear();
  }
  m_visit[node_index] = m_record_serial;

  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: {
      assign(node, Found::object, std::nullopt, record);
      // Read as a whole (and rejected for it): checked like a value no column reads.
      if (node.children.empty())
        return m_check_unread ? check_value(value, depth) : simdjson::SUCCESS;
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      if (depth > m_walk_depth) return simdjson::DEPTH_ERROR;
      return walk_object(object, node_index, record, depth);
    }
    case ondemand::json_type::array:
      assign(node, Found::array, std::nullopt, record);
      note_not_object(node, type);
      return m_check_unread ? check_value(value, depth) : simdjson::SUCCESS;
    default:
      break;
  }
  // A scalar where a path goes through an object: `geo` is 5 but `geo.lat` is wanted.
  if (type != ondemand::json_type::null) note_not_object(node, type);
  if (node.columns.empty()) return simdjson::SUCCESS;  // only paths through an object wanted

  switch (type) {
    case ondemand::json_type::string: {
      // Unescaped into the parser's string buffer, which lives until the next record.
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      assign(node, Found::scalar, text, record);
      break;
    }
    case ondemand::json_type::number: {
      // The token runs to the next structural character, white space included.
      std::string_view token = trim_trailing_space(value.raw_json_token());
      if (!util::is_json_number(token)) return simdjson::NUMBER_ERROR;
      assign(node, Found::scalar, token, record);
      break;
    }
    case ondemand::json_type::boolean: {
      // A malformed literal's message comes from the grammar check (error_message).
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return error;
      assign(node, Found::scalar, flag ? std::string_view("true") : std::string_view("false"),
             record);
      break;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      assign(node, Found::null, std::nullopt, record);
      break;
    }
    default:
      break;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JsonSource::check_object(ondemand::value value, std::size_t depth) {
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return error;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    RawKey raw = raw_key(field);
    if (raw.escaped && !util::has_valid_escapes(raw.text)) return simdjson::STRING_ERROR;
    if (auto error = check_value(field.value(), depth + 1)) return error;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JsonSource::check_array(ondemand::value value, std::size_t depth) {
  ondemand::array array;
  if (auto error = value.get_array().get(array)) return error;
  for (auto element : array) {
    ondemand::value item;
    if (auto error = element.get(item)) return error;
    if (auto error = check_value(item, depth + 1)) return error;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JsonSource::check_value(ondemand::value value, std::size_t depth) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  bool container = type == ondemand::json_type::object || type == ondemand::json_type::array;
  if (container && depth > m_walk_depth) return simdjson::DEPTH_ERROR;
  switch (type) {
    case ondemand::json_type::object:
      return check_object(value, depth);
    case ondemand::json_type::array:
      return check_array(value, depth);
    case ondemand::json_type::string: {
      // Stage 1 has checked UTF-8 and control characters; only escapes are left.
      // Checked by the grammar, not unescaped: half a surrogate pair is valid JSON there.
      return util::has_valid_escapes(value.raw_json_token()) ? simdjson::SUCCESS
                                                             : simdjson::STRING_ERROR;
    }
    case ondemand::json_type::number:
      return util::is_json_number(trim_trailing_space(value.raw_json_token()))
                 ? simdjson::SUCCESS
                 : simdjson::NUMBER_ERROR;
    case ondemand::json_type::boolean:
      return value.get_bool().error();
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    default:
      break;
  }
  return simdjson::TAPE_ERROR;
}

std::string JsonSource::error_message(const char* begin, std::size_t length, std::uint64_t line,
                                      std::uint64_t first_column, simdjson::error_code error) {
  if (auto syntax = m_checker.check({begin, length}, std::numeric_limits<std::size_t>::max());
      syntax && syntax->kind == util::JsonSyntaxError::Kind::syntax) {
    return syntax_message({begin, length}, line, first_column, *syntax);
  }
  return invalid_json(error);  // what the grammar leaves to simdjson: UTF-8, escapes' code points
}

simdjson::error_code JsonSource::survey_value(ondemand::value value, const std::string& path,
                                              std::size_t depth) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: {
      if (depth > m_walk_depth)
        return m_check_unread ? check_value(value, depth) : simdjson::SUCCESS;
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      for (auto field_result : object) {
        ondemand::field field;
        if (auto error = std::move(field_result).get(field)) return error;
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        if (auto error = survey_value(field.value(), path + "." + std::string(key), depth + 1))
          return error;
      }
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::array:
      return m_check_unread ? check_value(value, depth) : simdjson::SUCCESS;
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      m_surveyed.push_back({path, std::nullopt});
      return simdjson::SUCCESS;
    }
    default:
      break;
  }
  std::string text;
  if (type == ondemand::json_type::string) {
    std::string_view unescaped;
    if (auto error = value.get_string().get(unescaped)) return error;
    text = unescaped;
  } else if (type == ondemand::json_type::boolean) {
    bool flag = false;
    if (auto error = value.get_bool().get(flag)) return error;
    text = flag ? "true" : "false";
  } else {
    std::string_view token = trim_trailing_space(value.raw_json_token());
    if (!util::is_json_number(token)) return simdjson::NUMBER_ERROR;
    text = token;
  }
  m_surveyed.push_back({path, std::move(text)});
  return simdjson::SUCCESS;
}

void JsonSource::note_not_object(const PathNode& node, ondemand::json_type type) {
  // A value wanted both itself and as an object (`geo` and `geo.lat`) may be either.
  if (node.children.empty() || !node.columns.empty() || !m_path_error.empty()) return;
  m_path_error = fmt::format("{}: expected an object, got {}", node.path, type_name(type));
  m_path_error_node = static_cast<std::size_t>(&node - m_nodes.data());
}

void JsonSource::assign(const PathNode& node, Found found, std::optional<std::string_view> text,
                        Record& record) {
  for (std::size_t column : node.columns) {
    m_found[column] = found;
    record.values[column] = text;
  }
}

}  // namespace

util::Expected<std::vector<std::vector<JsonPathValue>>, ReadError> sample_json_records(
    std::unique_ptr<util::ByteSource> bytes, JsonLayout layout, std::size_t max_records,
    const Limits& limits) {
  JsonSource source(std::move(bytes), layout, {}, limits);
  if (auto started = source.start(); !started) return started.error();
  source.start_survey();
  std::vector<std::vector<JsonPathValue>> records;
  Record record;
  std::string message;
  while (records.size() < max_records) {
    ReadStatus status = source.next(record, message);
    if (status == ReadStatus::end || status == ReadStatus::stopped) break;
    if (status == ReadStatus::record) records.push_back(source.surveyed());
  }
  return records;
}

OpenedSource open_json_source(std::unique_ptr<util::ByteSource> bytes, JsonLayout layout,
                              std::vector<std::string> columns, const Limits& limits) {
  auto source = std::make_unique<JsonSource>(std::move(bytes), layout, std::move(columns), limits);
  if (auto started = source->start(); !started) return started.error();
  return std::unique_ptr<RecordSource>(std::move(source));
}

}  // namespace lethe::data
