// Converting the text of a source value into the typed value of its canonical field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "data/schema.hpp"
#include "util/expected.hpp"

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

// A typed value ready for the store. Text views point into the reader's buffers.
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
  ValueParser(const FieldSpec& field, TimestampFormat format, int default_offset_seconds)
      : m_field(&field), m_format(std::move(format)), m_default_offset(default_offset_seconds) {}

  // Converts `text` (nullopt: absent or JSON null). Empty text is null, and for booleans the
  // field's default. Returns false when the text cannot be read as the field's type, or is not
  // one of a string field's `values`.
  bool parse(std::optional<std::string_view> text, Cell& out) const;

  // The diagnostic for a value that parse() refused:
  // `last_active_at: cannot read "13/45/2020" as timestamp (format %m/%d/%Y %H:%M:%S)`, or
  // `scope: "Voice" is not one of voice, transcripts, geolocation, video, all (did you mean
  // "voice"?)`.
  std::string error_message(std::string_view text) const;

  const FieldSpec& field() const { return *m_field; }
  const TimestampFormat& format() const { return m_format; }

 private:
  const FieldSpec* m_field;
  TimestampFormat m_format;
  int m_default_offset;
};

// Reads the boolean forms true/false, 1/0, yes/no, y/n, t/f in any case.
std::optional<bool> parse_boolean(std::string_view text);

}  // namespace lethe::data
