#include "cli/progress.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace lethe::cli {

void Progress::show(const std::string& line) {
  auto now = std::chrono::steady_clock::now();
  // Redrawing more than ten times a second only costs time.
  if (m_shown && now - m_last < std::chrono::milliseconds(100)) return;
  m_last = now;
  m_shown = true;
  std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
  std::fflush(stderr);
}

void Progress::on_load(const data::LoadProgress& progress) {
  if (!m_enabled) return;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  double rate = seconds > 0 ? static_cast<double>(progress.rows) / seconds : 0;
  int percent = progress.bytes_total
                    ? static_cast<int>(100.0 * static_cast<double>(progress.bytes_done) /
                                       static_cast<double>(progress.bytes_total))
                    : 0;
  show(fmt::format("loading {}: {} rows ({:.0f} rows/s), {}% of the file", progress.dataset,
                   progress.rows, rate, percent));
}

void Progress::on_rule(const rules::Rule& rule, size_t index, size_t count) {
  if (!m_enabled) return;
  show(fmt::format("rule {}/{}: {}", index + 1, count, rule.id));
}

void Progress::finish() {
  if (m_enabled && m_shown) {
    std::fprintf(stderr, "\r\x1b[K");
    std::fflush(stderr);
    m_shown = false;
  }
}

}  // namespace lethe::cli
