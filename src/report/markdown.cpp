#include "report/markdown.hpp"

#include <vector>

#include "util/strings.hpp"
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

namespace {

// A backslash before a first character that would start a block other than a paragraph: `#`,
// `>`, `-`, `+`, `*`, `=`, `_`, `~`, or the `.` or `)` of `1.` (an ordered list).
std::string paragraph_start(std::string text) {
  if (text.empty()) return text;
  static constexpr std::string_view k_block_marks = "#>-+*=_~";
  if (k_block_marks.find(text[0]) != std::string_view::npos) return "\\" + text;
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  if (digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')'))
    text.insert(digits, "\\");
  return text;
}

}  // namespace

std::string markdown_paragraphs(std::string_view text) {
  std::string out;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    out += paragraph_start(util::join(lines, " ")) + "\n\n";
    lines.clear();
  };
  for (std::string_view line : util::split(text, '\n')) {
    line = util::trim(line);
    if (line.empty()) {
      flush();
    } else {
      lines.push_back(markdown_cell(line));
    }
  }
  flush();
  return out;
}

}  // namespace lethe::report
