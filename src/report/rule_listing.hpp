// What `lethe rules list` prints: every rule's id, severity, datasets and title.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::report {

// Aligned columns for a terminal: ID, SEVERITY, DATASETS, TITLE.
std::string render_rule_list_text(const rules::RuleSet& set);

// JSON (`"schema_version": 1`): a rules array of {id, severity, title, pack, path, datasets,
// citations}.
std::string render_rule_list_json(const rules::RuleSet& set);

// Markdown, as docs/rules.md: a table of the rules, then a section per rule.
std::string render_rule_list_markdown(const rules::RuleSet& set);

// The formats render_rule_list() takes: text, json, markdown.
const std::vector<std::string>& rule_list_formats();

// The list in `format`; an unknown format is an error.
util::Expected<std::string> render_rule_list(const rules::RuleSet& set, std::string_view format);

}  // namespace lethe::report
