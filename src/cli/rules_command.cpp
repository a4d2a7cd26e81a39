// `lethe rules validate|list|explain`: checking, listing and explaining rules.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "data/postgres_source.hpp"
#include "report/rule_listing.hpp"
#include "rules/postgres_dialect.hpp"
#include "rules/rule_set.hpp"
#include "rules/sql_emitter.hpp"
#include "rules/sqlite_dialect.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::cli {

namespace {

struct RulesOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string id;
  std::vector<std::string> params;
  std::string as_of;
  std::string dialect = "sqlite";
};

// The schema and the rules read against it (rules point into the schema).
struct LoadedRules {
  std::unique_ptr<data::Schema> schema;
  rules::RuleSet set;
};

// Loads the schema and rules; prints every error and returns nullopt when there is any.
std::optional<LoadedRules> load_or_report(const std::vector<std::string>& paths) {
  auto schema = load_schema(rule_paths(paths));
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return std::nullopt;
  }
  LoadedRules loaded{std::make_unique<data::Schema>(std::move(*schema)), {}};
  loaded.set = rules::load_rules(rule_paths(paths), *loaded.schema);
  if (loaded.set.errors.empty()) return loaded;
  for (const auto& error : loaded.set.errors)
    std::cerr << error << "\n";
  std::cerr << fmt::format("{} error{} in rules\n", loaded.set.errors.size(),
                           loaded.set.errors.size() == 1 ? "" : "s");
  return std::nullopt;
}

int run_validate(const RulesOptions& options) {
  auto loaded = load_or_report(options.paths);
  if (!loaded) return k_exit_error;
  rules::RuleSet* set = &loaded->set;
  std::cout << fmt::format("{} rule{} valid\n", set->rules.size(),
                           set->rules.size() == 1 ? "" : "s");
  return k_exit_ok;
}

int run_list(const RulesOptions& options) {
  auto loaded = load_or_report(options.paths);
  if (!loaded) return k_exit_error;
  auto listing = report::rule_listing().render(options.format, loaded->set);
  if (!listing) {
    std::cerr << listing.error().message << "\n";
    return k_exit_error;
  }
  std::cout << *listing;
  return k_exit_ok;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  for (auto line : util::split(util::trim(text), '\n'))
    out += prefix + std::string(line) + "\n";
  return out;
}

int run_explain(const RulesOptions& options) {
  auto loaded = load_or_report(options.paths);
  if (!loaded) return k_exit_error;
  rules::RuleSet* set = &loaded->set;
  auto as_of = parse_as_of(options.as_of);
  if (!as_of) {
    std::cerr << as_of.error().message << "\n";
    return k_exit_error;
  }
  if (auto ok = rules::apply_param_overrides(*set, options.params); !ok) {
    std::cerr << ok.error().message << "\n";
    return k_exit_error;
  }
  const rules::Rule* rule = set->find(options.id);
  if (!rule) {
    std::vector<std::string> ids;
    for (const auto& r : set->rules)
      ids.push_back(r->id);
    std::string suggestion = util::closest_match(options.id, ids);
    std::cerr << fmt::format(
        "no rule '{}'{}\n", options.id,
        suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion));
    return k_exit_error;
  }
  std::string out = fmt::format("{} ({})\n{}\nFile: {}\n", rule->id,
                                rules::severity_name(rule->severity), rule->title, rule->path);
  if (!rule->description.empty()) out += "\nDescription:\n" + indent(rule->description, "  ");
  if (!rule->remediation.empty()) out += "\nRemediation:\n" + indent(rule->remediation, "  ");
  if (!rule->citations.empty()) {
    out += "\nCitations:\n";
    for (const auto& citation : rule->citations)
      out += "  - " + citation + "\n";
  }
  if (rule->applies_from) {
    out += fmt::format("\nIn force from: {}\n", util::format_iso8601(*rule->applies_from));
  }
  if (!rule->params.empty()) {
    out += "\nParameters:\n";
    for (const auto& param : rule->params) {
      out += fmt::format("  {} = {}", param.name, param.value.to_source());
      if (param.overridden)
        out += fmt::format("  (overridden; default {})", param.default_value.to_source());
      out += "\n";
    }
  }
  out += "\nReads:\n";
  for (const auto& dataset : rule->datasets()) {
    const auto& fields = rule->reads.at(dataset);
    out += fmt::format("  {}: {}\n", dataset,
                       util::join(std::vector<std::string>(fields.begin(), fields.end()), ", "));
  }
  out += fmt::format("\nWhere:\n{}", indent(rule->where_text, "  "));
  out += fmt::format("\nAs of: {}\n", util::format_iso8601(*as_of));
  const rules::Dialect& dialect =
      options.dialect == "postgresql"
          ? static_cast<const rules::Dialect&>(rules::postgres_dialect())
          : rules::sqlite_dialect();
  auto compiled = rules::compile_rule(*rule, *as_of, dialect);
  std::string sql = compiled.sql;
  if (options.dialect == "postgresql") {
    // Each dataset read from the table named after it, its columns of their native types.
    std::vector<std::pair<std::string, std::string>> queries;
    for (const auto& dataset : rule->datasets()) {
      queries.emplace_back(dataset,
                           data::postgres_native_dataset_query(*loaded->schema->find(dataset)));
    }
    sql = data::postgres_with_clause(queries, compiled.common_tables) + sql;
  }
  out += fmt::format("\nSQL ({}):\n{}", dialect.name(), indent(sql, "  "));
  if (!compiled.bindings.empty()) {
    out += "\nBound parameters:\n";
    for (size_t i = 0; i < compiled.bindings.size(); ++i) {
      const rules::Binding& binding = compiled.bindings[i];
      out += fmt::format("  {} = {}  -- {}\n",
                         dialect.placeholder(static_cast<int>(i) + 1, binding.value.type),
                         binding.value.to_source(), binding.source);
    }
  }
  std::cout << out;
  return k_exit_ok;
}

}  // namespace

void add_rules_command(CLI::App& app, CommandRunner& runner) {
  CLI::App* rules = app.add_subcommand("rules", "Validate, list and explain rules.");
  rules->require_subcommand(1);
  rules->footer(
      "Exit codes: 0 done; 2 invalid rules, an unknown rule id, or an invalid --param or --as-of "
      "(nothing shown). See `lethe rules COMMAND --help`.");

  auto validate = std::make_shared<RulesOptions>();
  CLI::App* validate_command = rules->add_subcommand(
      "validate", "Parse and type-check rules (default: the bundled rules/). Exit 2 on any error.");
  validate_command->add_option("PATH", validate->paths, "Rule files or folders");
  validate_command->footer(
      "Exit codes: 0 every rule is valid; 2 a rule or pack schema is invalid (each error with its "
      "file, line and column).");
  validate_command->callback(
      [validate, &runner] { runner = [validate] { return run_validate(*validate); }; });

  auto list = std::make_shared<RulesOptions>();
  CLI::App* list_command =
      rules->add_subcommand("list", "List rules: id, severity, datasets, title.");
  list_command->add_option("--rules", list->paths,
                           "Rule files or folders (default: bundled rules/)");
  list_command->add_option("--format", list->format, "Output format")
      ->check(CLI::IsMember(report::rule_listing().names()))
      ->default_val("text");
  list_command->footer("Exit codes: 0 listed; 2 a rule or pack schema is invalid.");
  list_command->callback([list, &runner] { runner = [list] { return run_list(*list); }; });

  auto explain = std::make_shared<RulesOptions>();
  CLI::App* explain_command = rules->add_subcommand(
      "explain", "Show a rule: description, citations, parameters, what it reads, compiled SQL.");
  explain_command->add_option("ID", explain->id, "Rule id")->required();
  explain_command->add_option("--rules", explain->paths,
                              "Rule files or folders (default: bundled rules/)");
  explain_command->add_option("--param", explain->params, "Override a parameter: ID.NAME=VALUE");
  explain_command->add_option("--as-of", explain->as_of,
                              "Audit instant (default: today, 00:00 UTC)");
  explain_command
      ->add_option("--dialect", explain->dialect,
                   "SQL to show: sqlite (the store's) or postgresql (over tables public.DATASET "
                   "with columns of the fields' native types)")
      ->check(CLI::IsMember({"sqlite", "postgresql"}))
      ->capture_default_str();
  explain_command->footer(
      "Exit codes: 0 shown; 2 an unknown rule id, an invalid rule, --param or --as-of.");
  explain_command->callback(
      [explain, &runner] { runner = [explain] { return run_explain(*explain); }; });
}

}  // namespace lethe::cli
