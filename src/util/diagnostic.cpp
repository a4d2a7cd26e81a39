#include "util/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lethe::util {

std::string format_location(const SourceLocation& location) {
  if (location.line <= 0) return location.path;
  if (location.column <= 0) return fmt::format("{}:{}", location.path, location.line);
  return fmt::format("{}:{}:{}", location.path, location.line, location.column);
}

namespace {

// Longer source lines are shown as this many bytes around the caret, cut with "...".
constexpr size_t k_max_shown = 100;

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string format_diagnostic(const SourceLocation& location, std::string_view message,
                              std::string_view source_line, std::string_view hint) {
  std::string out = fmt::format("{}: {}", format_location(location), message);
  if (!source_line.empty() && location.column > 0) {
    size_t caret = std::min(static_cast<size_t>(location.column) - 1, source_line.size());
    std::string_view shown = source_line;
    std::string before, after;
    if (source_line.size() > k_max_shown) {
      // A window around the caret, its ends moved off the middle of UTF-8 characters (by at
      // most three bytes, as far as a valid character reaches: invalid text stays cut).
      size_t start = caret > k_max_shown / 2 ? caret - k_max_shown / 2 : 0;
      size_t end = std::min(source_line.size(), start + k_max_shown);
      for (int moved = 0; moved < 3 && start > 0 && is_continuation_byte(source_line[start]);
           ++moved)
        --start;
      for (int moved = 0;
           moved < 3 && end < source_line.size() && is_continuation_byte(source_line[end]); ++moved)
        ++end;
      shown = source_line.substr(start, end - start);
      if (start > 0) before = "...";
      if (end < source_line.size()) after = "...";
      caret -= start;
    }
    // One pad character per character shown (not per byte), and tabs stay tabs, so that the
    // caret lines up in a terminal.
    std::string pad(before.size(), ' ');
    for (size_t i = 0; i < caret && i < shown.size(); ++i) {
      if (is_continuation_byte(shown[i])) continue;
      pad += shown[i] == '\t' ? '\t' : ' ';
    }
    out += fmt::format("\n  {}{}{}\n  {}^", before, shown, after, pad);
  }
  if (!hint.empty()) out += fmt::format("\nhint: {}", hint);
  return out;
}

}  // namespace lethe::util
