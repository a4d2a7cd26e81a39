// Phase timings for `--timings`: a list of named wall-clock durations, in the order measured.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lethe::util {

class PhaseTimer {
 public:
  // Ends the current phase (started at construction or by the previous mark) as `name`.
  void mark(std::string name) {
    auto now = std::chrono::steady_clock::now();
    m_phases.push_back(
        {std::move(name), std::chrono::duration<double>(now - m_last).count(), false});
    m_last = now;
  }

  // Records a part of the last phase (e.g. one of several steps run in parallel): shown
  // indented, not added to the total.
  void detail(std::string name, double seconds) {
    m_phases.push_back({std::move(name), seconds, true});
  }

  struct Phase {
    std::string name;
    double seconds = 0;
    bool detail = false;
  };
  // In the order marked.
  const std::vector<Phase>& phases() const { return m_phases; }

 private:
  std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
  std::vector<Phase> m_phases;
};

}  // namespace lethe::util
