// A YAML file kept with its text, so that errors about any node can be reported as
// `path:line:col: message` with the source line and a caret.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.hpp"
#include "util/expected.hpp"

namespace lethe::util {

class YamlFile {
 public:
  // Reads and parses `path`; `display_path` is the name used in messages.
  static Expected<YamlFile> load(const std::filesystem::path& path, std::string display_path);
  // Parses `text` that came from `display_path`.
  static Expected<YamlFile> parse(std::string text, std::string display_path);

  const YAML::Node& root() const { return m_root; }
  const std::string& display_path() const { return m_display_path; }

  // Where `node` starts in the file.
  SourceLocation location(const YAML::Node& node) const;
  // The text of 1-based `line`, without its line break ("" when out of range).
  std::string_view line_text(int line) const;

  // Where byte `offset` of scalar `node`'s value is in the file. Works for plain, quoted and
  // block (| and >) scalars by matching the value's non-blank characters against the file text;
  // where escapes make them differ, it falls back to the start of the node.
  SourceLocation scalar_location(const YAML::Node& node, size_t offset) const;

  // An error at `location` in this file, with its source line and a caret.
  Error error_at(const SourceLocation& location, std::string_view message,
                 std::string_view hint = {}) const;

  // An error pointing at `node`, with its source line and a caret.
  Error error_at(const YAML::Node& node, std::string_view message,
                 std::string_view hint = {}) const;

  // An error pointing at `node` from another one's `error` ("MESSAGE\nhint: HINT"), its message
  // after `prefix` ("timezone: ") and its hint kept as the hint.
  Error error_at(const YAML::Node& node, std::string_view prefix, const Error& error) const;

  // Fails at the first key of mapping `node` that is not in `allowed`, with a "did you mean" hint.
  Expected<void> check_keys(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                            std::string_view what) const;

  // Fails unless `node` is a mapping (`what` names it in the message).
  Expected<void> expect_map(const YAML::Node& node, std::string_view what) const;

  // The node's scalar text, or an error when it is not a scalar.
  Expected<std::string> scalar(const YAML::Node& node, std::string_view what) const;

  // A single value or a list of single values, as a list (`what` names it in messages).
  Expected<std::vector<std::string>> string_list(const YAML::Node& node,
                                                 std::string_view what) const;

 private:
  YamlFile(const YAML::Node& root, std::string text, std::string display_path);

  YAML::Node m_root;
  std::string m_text;
  std::vector<std::pair<size_t, size_t>> m_lines;  // offset and length of each line in m_text
  std::string m_display_path;
};

}  // namespace lethe::util
