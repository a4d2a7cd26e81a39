#include "util/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace lethe::util {

namespace {

// Whether any of the 8 bytes of `word` needs escaping: below 0x20, '"', '\\' or 0x7f (a byte
// from 0x80 up never does). The classic bit tricks: a byte is zero exactly when its high bit
// survives `(x - 0x01..) & ~x & 0x80..`.
bool word_needs_escape(std::uint64_t word) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
  auto zero_byte = [](std::uint64_t x) { return (x - k_ones) & ~x & k_highs; };
  std::uint64_t below_space = (word - k_ones * 0x20) & ~word & k_highs;
  return (below_space | zero_byte(word ^ (k_ones * '"')) | zero_byte(word ^ (k_ones * '\\')) |
          zero_byte(word ^ (k_ones * 0x7f))) != 0;
}

bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

}  // namespace

void append_json_quoted(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  size_t run = 0;  // start of the characters not yet copied
  size_t i = 0;
  while (i < text.size()) {
    // Eight bytes at a time while none needs escaping: most text is plain.
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (!word_needs_escape(word)) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (!needs_escape(c)) {
      ++i;
      continue;
    }
    out.append(text.substr(run, i - run));
    run = ++i;
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
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
  out.append(text.substr(run));
  out += '"';
}

std::string json_quote(std::string_view text) {
  std::string out;
  append_json_quoted(out, text);
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
  append_json_quoted(m_out, name);
  m_out += m_indent == 0 ? ":" : ": ";
  m_after_key = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  append_json_quoted(m_out, text);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  fmt::format_to(std::back_inserter(m_out), "{}", number);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  fmt::format_to(std::back_inserter(m_out), "{}", number);
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

void JsonWriter::value(const std::optional<std::string>& text) {
  if (text) {
    value(*text);
  } else {
    null();
  }
}

void JsonWriter::value(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& item : items)
    value(item);
  end_array();
}

void JsonWriter::value_or_null(std::string_view text) {
  if (text.empty()) {
    null();
  } else {
    value(text);
  }
}

JsonWriter JsonWriter::continuation(std::string& out) const {
  JsonWriter writer(out, m_indent);
  writer.m_has_items = m_has_items;
  writer.m_has_items.back() = true;
  return writer;
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  m_out += json;
}

}  // namespace lethe::util
