#include "util/yaml_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "util/strings.hpp"

namespace lethe::util {

YamlFile::YamlFile(const YAML::Node& root, std::string text, std::string display_path)
    : m_root(root), m_text(std::move(text)), m_display_path(std::move(display_path)) {
  // Offsets, not views: a short text lives inside the string object, which moves with the file.
  size_t start = 0;
  while (start < m_text.size()) {
    size_t end = m_text.find('\n', start);
    size_t stop = end == std::string::npos ? m_text.size() : end;
    size_t length = stop - start;
    if (length > 0 && m_text[stop - 1] == '\r') --length;
    m_lines.emplace_back(start, length);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

Expected<YamlFile> YamlFile::load(const std::filesystem::path& path, std::string display_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot open: {}", display_path, std::strerror(errno))};
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), std::move(display_path));
}

Expected<YamlFile> YamlFile::parse(std::string text, std::string display_path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's marks are 0-based; a mark of -1 means "unknown".
    SourceLocation location{display_path, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                            e.mark.column >= 0 ? e.mark.column + 1 : 0};
    YamlFile partial(YAML::Node(), std::move(text), std::move(display_path));
    // yaml-cpp stops at a fixed depth so that its recursion cannot overflow the stack, and
    // calls that "bad file".
    const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e);
    std::string reason = deep ? "nested too deeply" : e.msg;
    return Error{
        format_diagnostic(location, "invalid YAML: " + reason, partial.line_text(location.line))};
  }
  return YamlFile(root, std::move(text), std::move(display_path));
}

SourceLocation YamlFile::location(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return {m_display_path, 0, 0};
  return {m_display_path, mark.line + 1, mark.column + 1};
}

std::string_view YamlFile::line_text(int line) const {
  if (line <= 0 || static_cast<size_t>(line) > m_lines.size()) return {};
  auto [start, length] = m_lines[static_cast<size_t>(line) - 1];
  return std::string_view(m_text).substr(start, length);
}

Error YamlFile::error_at(const SourceLocation& where, std::string_view message,
                         std::string_view hint) const {
  return Error{format_diagnostic(where, message, line_text(where.line), hint)};
}

Error YamlFile::error_at(const YAML::Node& node, std::string_view message,
                         std::string_view hint) const {
  return error_at(location(node), message, hint);
}

Error YamlFile::error_at(const YAML::Node& node, std::string_view prefix,
                         const Error& error) const {
  constexpr std::string_view k_hint = "\nhint: ";
  std::string_view message = error.message;
  std::string_view hint;
  if (size_t at = message.find(k_hint); at != std::string_view::npos) {
    hint = message.substr(at + k_hint.size());
    message = message.substr(0, at);
  }
  return error_at(node, std::string(prefix) + std::string(message), hint);
}

SourceLocation YamlFile::scalar_location(const YAML::Node& node, size_t offset) const {
  SourceLocation start = location(node);
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.pos < 0 || static_cast<size_t>(mark.pos) >= m_text.size())
    return start;
  const std::string& value = node.Scalar();
  size_t raw = static_cast<size_t>(mark.pos);
  int line = start.line;
  int column = start.column;
  auto step = [&] {
    if (m_text[raw] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++raw;
  };
  char indicator = m_text[raw];
  if (indicator == '|' || indicator == '>') {
    // A block scalar: its value starts on the next line.
    while (raw < m_text.size() && m_text[raw] != '\n')
      step();
  } else if (indicator == '"' || indicator == '\'') {
    step();
  }
  auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  for (size_t i = 0; i < value.size() && i <= offset; ++i) {
    if (is_blank(value[i])) continue;
    while (raw < m_text.size() && is_blank(m_text[raw]))
      step();
    if (raw == m_text.size() || m_text[raw] != value[i]) return start;
    if (i == offset) return {m_display_path, line, column};
    step();
  }
  // The offset is at the end of the value, or on a blank: point just after what was matched.
  return {m_display_path, line, column};
}

Expected<void> YamlFile::check_keys(const YAML::Node& node,
                                    std::initializer_list<std::string_view> allowed,
                                    std::string_view what) const {
  std::vector<std::string> names(allowed.begin(), allowed.end());
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    std::string name = key.IsScalar() ? key.Scalar() : std::string();
    bool known = false;
    for (auto a : allowed)
      known = known || name == a;
    if (known) continue;
    std::string suggestion = closest_match(name, names);
    std::string hint = suggestion.empty() ? fmt::format("{} takes: {}", what, join(names, ", "))
                                          : fmt::format("did you mean '{}'?", suggestion);
    return error_at(key, fmt::format("unknown key '{}' in {}", name, what), hint);
  }
  return {};
}

Expected<void> YamlFile::expect_map(const YAML::Node& node, std::string_view what) const {
  if (node.IsMap()) return {};
  return error_at(node, fmt::format("{} must be a mapping", what));
}

Expected<std::string> YamlFile::scalar(const YAML::Node& node, std::string_view what) const {
  if (node.IsScalar()) return node.Scalar();
  return error_at(node, fmt::format("{} must be a single value", what));
}

Expected<std::vector<std::string>> YamlFile::string_list(const YAML::Node& node,
                                                         std::string_view what) const {
  std::vector<std::string> items;
  if (node.IsScalar()) {
    items.push_back(node.Scalar());
    return items;
  }
  if (!node.IsSequence()) return error_at(node, fmt::format("{} must be a list", what));
  for (const auto& item : node) {
    auto text = scalar(item, fmt::format("an item of {}", what));
    if (!text) return text.error();
    items.push_back(*text);
  }
  return items;
}

}  // namespace lethe::util
