// A one-line progress display on standard error, for terminals.
#pragma once

#include <chrono>
#include <string>

#include "data/loader.hpp"
#include "rules/rule.hpp"

namespace lethe::cli {

class Progress {
 public:
  explicit Progress(bool enabled) : m_enabled(enabled) {}
  ~Progress() { finish(); }

  void on_load(const data::LoadProgress& progress);
  void on_rule(const rules::Rule& rule, size_t index, size_t count);
  // Clears the line.
  void finish();

 private:
  void show(const std::string& line);

  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

}  // namespace lethe::cli
