// Helpers shared by the subcommands: the schema, rule paths and the --as-of instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/limits.hpp"
#include "data/schema.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"
#include "util/time_zone.hpp"

namespace CLI {
class App;
}

namespace lethe::cli {

// Limits as given, (name, text) in the order given: the config file's, then the command line's.
using LimitSettings = std::vector<std::pair<std::string, std::string>>;

// Adds --max-field-size, --max-record-size, --max-nesting-depth and --max-glob-files to
// `command`; each one given is appended to `given`.
void add_limit_options(CLI::App& command, LimitSettings& given);

// The default limits with `settings` applied in order; errors name the option
// ("--max-field-size: expected a size such as 16MiB or 1048576, got "lots"").
util::Expected<data::Limits> resolve_limits(const LimitSettings& settings);

// The bundled schema (rules/schema.yaml).
util::Expected<data::Schema> load_bundled_schema();

// The bundled schema with what the rule packs at `paths` add (their schema.yaml files).
util::Expected<data::Schema> load_schema(const std::vector<rules::RulePath>& paths);

// `--rules` paths as given, or the bundled rules folder (shown as "rules") when none.
std::vector<rules::RulePath> rule_paths(const std::vector<std::string>& given);

// The audit instant: a date (midnight UTC) or an ISO 8601 date-time; empty: today, 00:00 UTC.
util::Expected<std::int64_t> parse_as_of(const std::string& text, const std::string& zone = {});

// The zone --as-of-timezone names ("" for UTC); the error names the option.
util::Expected<util::TimeZone> parse_as_of_timezone(const std::string& zone);

}  // namespace lethe::cli
