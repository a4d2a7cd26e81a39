// Diagnostics in the `path:line:col: message` form, with the source line and a caret.
#pragma once

#include <string>
#include <string_view>

namespace lethe::util {

// A place in a text file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string path;
  int line = 0;
  int column = 0;
};

// "path:line:col" (or "path:line", or "path" when line/column are unknown).
std::string format_location(const SourceLocation& location);

// "path:line:col: message", then, when `source_line` is given, the line and a caret under the
// column, then "hint: ..." when a hint is given. No trailing newline.
std::string format_diagnostic(const SourceLocation& location, std::string_view message,
                              std::string_view source_line = {}, std::string_view hint = {});

}  // namespace lethe::util
