// Reading one rule file (YAML) into a checked Rule.
#pragma once

#include <string>

#include "data/schema.hpp"
#include "rules/rule.hpp"
#include "util/expected.hpp"
#include "util/yaml_file.hpp"

namespace lethe::rules {

// Reads, parses and type-checks the rule in `file`. The first error is returned as
// `file:line:col: message` with the source line, a caret and a hint where one helps.
util::Expected<Rule> read_rule(const util::YamlFile& file, const data::Schema& schema,
                               std::string pack);

// The value of a parameter as written in YAML, with its type inferred: true/false are booleans,
// whole numbers integers, decimals reals, ISO 8601 dates and date-times timestamps, anything else
// (or anything quoted that is not a date) a string; a sequence is a list of one of those types.
util::Expected<Value> read_param_value(const util::YamlFile& file, const YAML::Node& node);

// Parses `text` as a value of the same type as `like` (for --param overrides); lists are
// comma-separated.
util::Expected<Value> parse_value_like(const Value& like, std::string_view text);

}  // namespace lethe::rules
