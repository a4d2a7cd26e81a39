#include "util/xml.hpp"

namespace lethe::util {

namespace {

const char* xml_char_escape(char c) {
  if (const char* entity = html_entity(c)) return entity;
  if (c == '"') return "&quot;";
  if (c == '\'') return "&#39;";
  if (c == '\t' || c == '\n' || c == '\r') return nullptr;
  auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f ? "\xEF\xBF\xBD" : nullptr;
}

}  // namespace

std::string escape_chars(std::string_view text, CharEscape escape) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (const char* replacement = escape(c)) {
      out += replacement;
    } else {
      out += c;
    }
  }
  return out;
}

const char* html_entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    default:
      return nullptr;
  }
}

std::string xml_escape(std::string_view text) {
  return escape_chars(text, xml_char_escape);
}

}  // namespace lethe::util
