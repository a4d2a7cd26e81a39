// Helpers shared by the subcommands: the schema, rule paths and the --as-of instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/schema.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::cli {

// The bundled schema (rules/schema.yaml).
util::Expected<data::Schema> load_bundled_schema();

// `--rules` paths as given, or the bundled rules folder (shown as "rules") when none.
std::vector<rules::RulePath> rule_paths(const std::vector<std::string>& given);

// The audit instant: a date (midnight UTC) or an ISO 8601 date-time; empty: today, 00:00 UTC.
util::Expected<std::int64_t> parse_as_of(const std::string& text);

}  // namespace lethe::cli
