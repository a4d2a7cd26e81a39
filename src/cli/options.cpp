#include "cli/options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <ctime>

#include "cli/resources.hpp"
#include "util/timestamp.hpp"

namespace lethe::cli {

void add_limit_options(CLI::App& command, LimitSettings& given) {
  for (const std::string& name : data::limit_names()) {
    command
        .add_option_function<std::string>(
            "--" + name,
            [&given, name](const std::string& text) { given.emplace_back(name, text); },
            data::describe_limit(name))
        ->type_name(name.size() > 5 && name.compare(name.size() - 5, 5, "-size") == 0 ? "SIZE"
                                                                                      : "N")
        ->group("Limits");
  }
}

util::Expected<data::Limits> resolve_limits(const LimitSettings& settings) {
  data::Limits limits;
  for (const auto& [name, text] : settings) {
    if (auto ok = data::set_limit(limits, name, text); !ok) {
      return util::Error{fmt::format("--{}: {}", name, ok.error().message)};
    }
  }
  return limits;
}

util::Expected<data::Schema> load_bundled_schema() {
  return data::Schema::load(bundled_schema_path(), "rules/schema.yaml");
}

util::Expected<data::Schema> load_schema(const std::vector<rules::RulePath>& paths) {
  auto schema = load_bundled_schema();
  if (!schema) return schema.error();
  for (const auto& file : rules::schema_extension_files(paths, bundled_schema_path())) {
    if (auto ok = schema->extend(file.path, file.display); !ok) return ok.error();
  }
  return schema;
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

util::Expected<util::TimeZone> parse_as_of_timezone(const std::string& zone) {
  if (zone.empty()) return util::TimeZone();
  auto parsed = util::TimeZone::parse(zone);
  if (!parsed) return util::Error{"--as-of-timezone: " + parsed.error().message};
  return *parsed;
}

util::Expected<std::int64_t> parse_as_of(const std::string& text, const std::string& zone_text) {
  auto zone = parse_as_of_timezone(zone_text);
  if (!zone) return zone.error();
  if (text.empty()) {
    // Today's midnight in the zone: the start of the auditor's day.
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    std::int64_t wall = now + zone->offset_at(now);
    return zone->from_wall(wall - ((wall % 86400) + 86400) % 86400).instant;
  }
  auto read = util::read_iso8601(text);
  std::optional<std::int64_t> seconds;
  if (read && read->basis == util::TimeBasis::instant) {
    seconds = read->seconds;
  } else if (read) {
    // A date or a time without an offset is the zone's wall time (UTC by default).
    seconds = zone->from_wall(read->seconds).instant;
  }
  if (!seconds || *seconds < util::k_min_timestamp || *seconds > util::k_max_timestamp) {
    return util::Error{
        fmt::format("--as-of: expected a date such as 2026-11-01 or a date-time such as "
                    "2026-11-01T12:00:00Z, got '{}'",
                    text)};
  }
  return *seconds;
}

}  // namespace lethe::cli
