#include "rules/rule_set.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <functional>
#include <system_error>

#include "rules/checker.hpp"
#include "rules/rule_file.hpp"
#include "util/strings.hpp"
#include "util/yaml_file.hpp"

namespace lethe::rules {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;

const Rule* RuleSet::find(std::string_view id) const {
  for (const auto& rule : rules) {
    if (rule->id == id) return rule.get();
  }
  return nullptr;
}

namespace {

bool is_rule_file(const fs::path& path) {
  std::string name = path.filename().string();
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".yaml") && !ends_with(".test.yaml") && name != "schema.yaml";
}

}  // namespace

namespace {

// Whether `folder` is an export (it has a lethe.yaml manifest), such as a rule test's fixture:
// a rule pack never has a manifest, and an export's YAML files are no rules.
bool is_export_folder(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / "lethe.yaml", error);
}

// The regular files below `root` for which `wanted` holds, export folders left out, sorted.
std::vector<fs::path> files_below(const fs::path& root,
                                  const std::function<bool(const fs::path&)>& wanted) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_directory(error) && is_export_folder(it->path())) {
      it.disable_recursion_pending();
    } else if (it->is_regular_file(error) && wanted(it->path())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<fs::path> list_rule_files(const fs::path& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return {path};
  std::vector<fs::path> files = files_below(path, is_rule_file);
  return files;
}

std::vector<RulePath> schema_extension_files(const std::vector<RulePath>& paths,
                                             const fs::path& bundled) {
  std::vector<RulePath> files;
  auto add = [&](const fs::path& file, std::string display) {
    std::error_code error;
    if (!fs::is_regular_file(file, error) || fs::equivalent(file, bundled, error)) return;
    for (const auto& known : files) {
      if (fs::equivalent(known.path, file, error)) return;
    }
    files.push_back({file, std::move(display)});
  };
  for (const auto& root : paths) {
    std::error_code error;
    if (!fs::is_directory(root.path, error)) {
      add(root.path.parent_path() / "schema.yaml",
          (fs::path(root.display).parent_path() / "schema.yaml").generic_string());
      continue;
    }
    auto is_schema = [](const fs::path& file) { return file.filename() == "schema.yaml"; };
    for (const auto& file : files_below(root.path, is_schema)) {
      add(file, root.display + "/" + fs::relative(file, root.path).generic_string());
    }
  }
  return files;
}

RuleSet load_rules(const std::vector<RulePath>& paths, const data::Schema& schema) {
  RuleSet set;
  set.schema_files = schema.extensions();
  for (const auto& root : paths) {
    std::error_code error;
    if (!fs::exists(root.path, error)) {
      set.errors.push_back(fmt::format("{}: no such file or folder", root.display));
      continue;
    }
    bool is_folder = fs::is_directory(root.path, error);
    for (const auto& file : list_rule_files(root.path)) {
      std::string relative =
          is_folder ? fs::relative(file, root.path).generic_string() : file.filename().string();
      std::string display = is_folder ? root.display + "/" + relative : root.display;
      std::string pack = is_folder ? fs::path(relative).parent_path().generic_string()
                                   : file.parent_path().filename().string();
      auto yaml = util::YamlFile::load(file, display);
      if (!yaml) {
        set.errors.push_back(yaml.error().message);
        continue;
      }
      auto rule = read_rule(*yaml, schema, pack);
      if (!rule) {
        set.errors.push_back(rule.error().message);
        continue;
      }
      rule->source_path = file;
      if (const Rule* earlier = set.find(rule->id)) {
        set.errors.push_back(
            yaml->error_at(yaml->root()["id"], fmt::format("duplicate rule id '{}' (also in {})",
                                                           rule->id, earlier->path))
                .message);
        continue;
      }
      set.rules.push_back(std::make_unique<Rule>(std::move(*rule)));
    }
  }
  std::sort(set.rules.begin(), set.rules.end(),
            [](const auto& a, const auto& b) { return a->id < b->id; });
  return set;
}

Expected<void> apply_param_overrides(RuleSet& rules, const std::vector<std::string>& overrides) {
  for (const auto& text : overrides) {
    size_t equals = text.find('=');
    size_t dot = text.rfind('.', equals);
    if (equals == std::string::npos || dot == std::string::npos || dot == 0) {
      return Error{fmt::format("--param {}: expected ID.NAME=VALUE", text)};
    }
    std::string id = text.substr(0, dot);
    std::string name = text.substr(dot + 1, equals - dot - 1);
    std::string value_text = text.substr(equals + 1);
    Rule* rule = nullptr;
    std::vector<std::string> ids;
    for (auto& candidate : rules.rules) {
      ids.push_back(candidate->id);
      if (candidate->id == id) rule = candidate.get();
    }
    if (!rule) {
      std::string suggestion = util::closest_match(id, ids);
      return Error{
          fmt::format("--param {}: no rule '{}'{}", text, id,
                      suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion))};
    }
    Param* param = rule->find_param(name);
    if (!param) {
      std::vector<std::string> names;
      for (const auto& p : rule->params)
        names.push_back(p.name);
      return Error{
          fmt::format("--param {}: rule {} has no parameter '{}' ({})", text, id, name,
                      names.empty() ? "it has none" : "it has " + util::join(names, ", "))};
    }
    auto value = parse_value_like(param->default_value, value_text);
    if (!value) return Error{fmt::format("--param {}: {}", text, value.error().message)};
    param->value = std::move(*value);
    param->overridden = true;
    if (auto error = check_patterns(*rule)) {
      return Error{fmt::format("--param {}: {}", text, error->message)};
    }
  }
  return {};
}

namespace {

bool matches(const std::string& glob, const std::string& id) {
  return fnmatch(glob.c_str(), id.c_str(), 0) == 0;
}

// The error for `option`'s pattern `glob` that matches no rule: with a hint when a rule id or a
// `PREFIX.*` of one is close to it.
util::Error unmatched_pattern(const RulePattern& pattern, const RuleSet& rules) {
  const std::string& glob = pattern.glob;
  std::vector<std::string> candidates;
  for (const auto& rule : rules.rules) {
    candidates.push_back(rule->id);
    if (size_t dot = rule->id.find('.'); dot != std::string::npos) {
      candidates.push_back(rule->id.substr(0, dot + 1) + "*");
    }
  }
  std::string message = fmt::format("{} '{}' matches no rule", pattern.origin, glob);
  if (std::string close = util::closest_match(glob, candidates); !close.empty()) {
    message += fmt::format("; did you mean '{}'?", close);
  } else {
    message += "\nhint: `lethe rules list` lists the rule ids";
  }
  return util::Error{message};
}

}  // namespace

std::optional<util::Error> unknown_rule(const RuleSet& rules, std::string_view what,
                                        std::string_view id) {
  if (rules.find(id)) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& rule : rules.rules)
    ids.push_back(rule->id);
  std::string message = fmt::format("{} names rule '{}', which is not in the rule pack", what, id);
  if (std::string close = util::closest_match(id, ids); !close.empty()) {
    message += fmt::format("; did you mean '{}'?", close);
  } else {
    message += "\nhint: `lethe rules list` lists the rule ids";
  }
  return util::Error{message};
}

util::Expected<void> select_rules(RuleSet& rules, const std::vector<RulePattern>& select,
                                  const std::vector<RulePattern>& exclude) {
  for (const auto* patterns : {&select, &exclude}) {
    for (const auto& pattern : *patterns) {
      bool used = std::any_of(rules.rules.begin(), rules.rules.end(),
                              [&](const auto& rule) { return matches(pattern.glob, rule->id); });
      if (!used) return unmatched_pattern(pattern, rules);
    }
  }
  auto matches_any = [](const std::string& id, const std::vector<RulePattern>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const RulePattern& pattern) { return matches(pattern.glob, id); });
  };
  std::erase_if(rules.rules, [&](const auto& rule) {
    return (!select.empty() && !matches_any(rule->id, select)) || matches_any(rule->id, exclude);
  });
  return {};
}

}  // namespace lethe::rules
