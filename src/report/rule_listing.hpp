// What `lethe rules list` prints: every rule's id, severity, datasets and title.
#pragma once

#include <string>

#include "report/listing.hpp"
#include "rules/rule_set.hpp"

namespace lethe::report {

// Aligned columns for a terminal: ID, SEVERITY, DATASETS, TITLE.
std::string render_rule_list_text(const rules::RuleSet& set);

// JSON (`"schema_version": 1`): a rules array of {id, severity, title, pack, path, datasets,
// citations}.
std::string render_rule_list_json(const rules::RuleSet& set);

// Markdown, as docs/rules.md: a table of the rules, then a section per rule.
std::string render_rule_list_markdown(const rules::RuleSet& set);

// The list's formats by name: text, json, markdown.
const Listing<rules::RuleSet>& rule_listing();

}  // namespace lethe::report
