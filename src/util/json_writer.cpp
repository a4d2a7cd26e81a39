#include "util/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace lethe::util {

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

void JsonWriter::newline() {
  if (m_indent == 0) return;
  m_out += '\n';
  m_out.append(m_has_items.size() * static_cast<size_t>(m_indent), ' ');
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_has_items.empty()) return;
  if (m_has_items.back()) m_out += ',';
  m_has_items.back() = true;
  newline();
}

void JsonWriter::begin_object() {
  before_value();
  m_out += '{';
  m_has_items.push_back(false);
}

void JsonWriter::begin_array() {
  before_value();
  m_out += '[';
  m_has_items.push_back(false);
}

void JsonWriter::close(char bracket) {
  bool had_items = m_has_items.back();
  m_has_items.pop_back();
  if (had_items) newline();
  m_out += bracket;
}

void JsonWriter::end_object() {
  close('}');
}
void JsonWriter::end_array() {
  close(']');
}

void JsonWriter::key(std::string_view name) {
  before_value();
  m_out += json_quote(name);
  m_out += m_indent == 0 ? ":" : ": ";
  m_after_key = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  m_out += json_quote(text);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  m_out += fmt::format("{}", number);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  m_out += fmt::format("{}", number);
}

void JsonWriter::value(double number) {
  before_value();
  // JSON has no NaN or infinity; the shortest round-trip form otherwise.
  m_out += std::isfinite(number) ? fmt::format("{}", number) : "null";
}

void JsonWriter::value(bool flag) {
  before_value();
  m_out += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  m_out += "null";
}

void JsonWriter::value_or_null(std::string_view text) {
  if (text.empty()) {
    null();
  } else {
    value(text);
  }
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  m_out += json;
}

}  // namespace lethe::util
