#include "report/markdown.hpp"

#include "util/xml.hpp"

namespace lethe::report {

namespace {

const char* markdown_char_escape(char c) {
  if (const char* entity = util::html_entity(c)) return entity;
  switch (c) {
    case '|':
      return "\\|";
    case '`':
      return "\\`";
    case '\n':
    case '\r':
      return " ";
    default:
      return nullptr;
  }
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  return util::escape_chars(text, markdown_char_escape);
}

}  // namespace lethe::report
