// Loading rule packs (folders of rule files), selecting rules and overriding parameters.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/schema.hpp"
#include "rules/rule.hpp"
#include "util/expected.hpp"

namespace lethe::rules {

// A rules file or folder, and the name it is shown under in messages and reports.
struct RulePath {
  std::filesystem::path path;
  std::string display;
};

struct RuleSet {
  std::vector<std::unique_ptr<Rule>> rules;  // sorted by id
  std::vector<std::string> errors;           // one complete message per broken file
  // The rule packs' schema extensions the rules were read against (as displayed, to open).
  std::vector<std::pair<std::string, std::filesystem::path>> schema_files;

  const Rule* find(std::string_view id) const;
};

// The rule files below `path`: the file itself, or every `*.yaml` below a folder except
// `schema.yaml`, `*.test.yaml` and those in an export folder (one with a lethe.yaml, such as a
// rule test's fixture), sorted.
std::vector<std::filesystem::path> list_rule_files(const std::filesystem::path& path);

// The schema extensions of the rule packs at `paths`: every `schema.yaml` below a folder, or
// beside a rule file; sorted by path, each once, and `bundled` (the bundled schema) left out.
std::vector<RulePath> schema_extension_files(const std::vector<RulePath>& paths,
                                             const std::filesystem::path& bundled);

// Reads every rule file of every path. Errors do not stop the others from being read;
// duplicate ids are errors too.
RuleSet load_rules(const std::vector<RulePath>& paths, const data::Schema& schema);

// Applies `ID.NAME=VALUE` overrides; the value is read as the parameter's type.
util::Expected<void> apply_param_overrides(RuleSet& rules,
                                           const std::vector<std::string>& overrides);

// A --select or --exclude glob and where it was given, for messages: "--select", or
// "lethe.config.yaml:3:11: select" for an item of the config file.
struct RulePattern {
  std::string glob;
  std::string origin;
};

// Keeps the rules whose id matches a `select` glob (all when none) and no `exclude` glob. A
// pattern that matches no rule of `rules` is an error, since a typo would silently leave rules
// out (or in): `--select 'copa.*' matches no rule; did you mean 'coppa.*'?`.
util::Expected<void> select_rules(RuleSet& rules, const std::vector<RulePattern>& select,
                                  const std::vector<RulePattern>& exclude);

// Why `id`, which `what` names ("waivers.yaml:4:5: a waiver"), is no rule of `rules`, with a
// did-you-mean or a hint; nullopt when it is one.
std::optional<util::Error> unknown_rule(const RuleSet& rules, std::string_view what,
                                        std::string_view id);

}  // namespace lethe::rules
