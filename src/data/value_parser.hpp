// Converting the text of a source value into the typed value of its canonical field.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/schema.hpp"
#include "util/expected.hpp"
#include "util/time_zone.hpp"

namespace lethe::data {

// How a timestamp column is written in the export.
struct TimestampFormat {
  enum class Kind { iso8601, epoch_s, epoch_ms, pattern };
  Kind kind = Kind::iso8601;
  std::string pattern;  // strftime-style, for Kind::pattern

  // Parses a manifest `format:` value: epoch_s, epoch_ms, iso8601, or a strftime pattern.
  static util::Expected<TimestampFormat> parse(std::string_view text);
  // The name used in messages: "ISO 8601", "epoch_s", or the pattern.
  std::string describe() const;
};

// How a field's source values are read, beyond its type: a manifest column mapping's `format`,
// `timezone` and `values`, and its dataset's `null_values`.
struct FieldReading {
  std::vector<TimestampFormat> formats;                    // tried in order; empty: ISO 8601
  util::TimeZone timezone;                                 // of text timestamps without an offset
  std::map<std::string, std::string, std::less<>> values;  // a vendor's code -> canonical value
  std::vector<std::string> null_values;                    // texts that mean null

  // The formats for reports: "ISO 8601", or "%m/%d/%Y %I:%M %p or %m/%d/%Y".
  std::string describe_formats() const;
};

// A typed value ready for the store. Text views point into the reader's buffers, or into the
// FieldReading's values.
struct Cell {
  enum class Kind { null, integer, real, text };
  Kind kind = Kind::null;
  std::int64_t integer = 0;  // integers, booleans (0/1), timestamps (Unix seconds)
  double real = 0;
  std::string_view text;
};

// Reads values of one canonical field.
class ValueParser {
 public:
  // `reading` must outlive the parser (a plan's field, or a static default).
  ValueParser(const FieldSpec& field, const FieldReading& reading)
      : m_field(&field), m_reading(&reading) {}

  // Converts `text` (nullopt: absent or JSON null). Empty text and a null value are null, and for
  // booleans the field's default; a vendor's code is its canonical value. Returns false when the
  // text cannot be read as the field's type, or is not one of a string field's `values`. `wall`
  // (if given) says how a timestamp's wall time fell in its zone; unique for any other value.
  bool parse(std::optional<std::string_view> text, Cell& out, util::WallTime* wall = nullptr) const;

  // The diagnostic for a value that parse() refused:
  // `last_active_at: cannot read "13/45/2020" as timestamp (format %m/%d/%Y %H:%M:%S)`, or
  // `scope: "Voice" is not one of voice, transcripts, geolocation, video, all (did you mean
  // "voice"?)`.
  std::string error_message(std::string_view text) const;

  const FieldSpec& field() const { return *m_field; }
  const FieldReading& reading() const { return *m_reading; }

 private:
  bool parse_timestamp(std::string_view value, Cell& out, util::WallTime* wall) const;

  const FieldSpec* m_field;
  const FieldReading* m_reading;
};

// Reads the boolean forms true/false, 1/0, yes/no, y/n, t/f in any case.
std::optional<bool> parse_boolean(std::string_view text);

}  // namespace lethe::data
