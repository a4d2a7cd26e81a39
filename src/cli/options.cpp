#include "cli/options.hpp"

#include <fmt/format.h>

#include <ctime>

#include "cli/resources.hpp"
#include "util/timestamp.hpp"

namespace lethe::cli {

util::Expected<data::Schema> load_bundled_schema() {
  return data::Schema::load(bundled_schema_path(), "rules/schema.yaml");
}

std::vector<rules::RulePath> rule_paths(const std::vector<std::string>& given) {
  std::vector<rules::RulePath> paths;
  for (const auto& path : given) {
    std::string display = path;
    while (display.size() > 1 && display.back() == '/')
      display.pop_back();
    paths.push_back({path, display});
  }
  if (paths.empty()) paths.push_back({bundled_rules_dir(), "rules"});
  return paths;
}

util::Expected<std::int64_t> parse_as_of(const std::string& text) {
  if (text.empty()) {
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    return now - ((now % 86400) + 86400) % 86400;
  }
  auto seconds = util::parse_iso8601(text, 0);
  if (!seconds) {
    return util::Error{
        fmt::format("--as-of: expected a date such as 2026-11-01 or a date-time such as "
                    "2026-11-01T12:00:00Z, got '{}'",
                    text)};
  }
  return *seconds;
}

}  // namespace lethe::cli
