// Phase timings for `--timings`: a list of named wall-clock durations, in the order measured.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace lethe::util {

class PhaseTimer {
 public:
  // Ends the current phase (started at construction or by the previous mark) as `name`.
  void mark(std::string name) {
    auto now = std::chrono::steady_clock::now();
    m_phases.emplace_back(std::move(name), std::chrono::duration<double>(now - m_last).count());
    m_last = now;
  }

  // Adds the phases of `other` after these (for nested steps measured elsewhere).
  void append(const PhaseTimer& other) {
    m_phases.insert(m_phases.end(), other.m_phases.begin(), other.m_phases.end());
  }

  // Restarts the current phase now (time since the last mark is not counted).
  void restart() { m_last = std::chrono::steady_clock::now(); }

  // (name, seconds) in the order marked.
  const std::vector<std::pair<std::string, double>>& phases() const { return m_phases; }

 private:
  std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> m_phases;
};

}  // namespace lethe::util
