#include "util/diagnostic.hpp"

#include <fmt/format.h>

namespace lethe::util {

std::string format_location(const SourceLocation& location) {
  if (location.line <= 0) return location.path;
  if (location.column <= 0) return fmt::format("{}:{}", location.path, location.line);
  return fmt::format("{}:{}:{}", location.path, location.line, location.column);
}

std::string format_diagnostic(const SourceLocation& location, std::string_view message,
                              std::string_view source_line, std::string_view hint) {
  std::string out = fmt::format("{}: {}", format_location(location), message);
  if (!source_line.empty() && location.column > 0) {
    // Tabs stay tabs under the caret so that it lines up in a terminal.
    std::string pad;
    for (size_t i = 0; i + 1 < static_cast<size_t>(location.column) && i < source_line.size();
         ++i) {
      pad += source_line[i] == '\t' ? '\t' : ' ';
    }
    out += fmt::format("\n  {}\n  {}^", source_line, pad);
  }
  if (!hint.empty()) out += fmt::format("\nhint: {}", hint);
  return out;
}

}  // namespace lethe::util
