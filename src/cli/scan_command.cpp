// `lethe scan EXPORT`: the audit.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "engine/scan.hpp"
#include "report/scan_report.hpp"

namespace lethe::cli {

namespace {

struct ScanCliOptions {
  std::string export_dir;
  std::vector<std::string> rules;
  std::vector<std::string> select;
  std::vector<std::string> exclude;
  std::string as_of;
  std::vector<std::string> params;
  std::string format = "text";
  std::string output;
  std::string fail_on = "low";
  std::string store;
  bool reveal_pii = false;
  size_t max_per_rule = 20;
  bool progress = false;
  bool no_progress = false;
};

int fail(const std::string& message) {
  std::cerr << message << "\n";
  return k_exit_error;
}

int run_scan_command(const ScanCliOptions& options) {
  auto schema = load_bundled_schema();
  if (!schema) return fail(schema.error().message);
  auto paths = rule_paths(options.rules);
  rules::RuleSet set = rules::load_rules(paths, *schema);
  if (!set.errors.empty()) {
    for (const auto& error : set.errors) std::cerr << error << "\n";
    return fail(fmt::format("{} error{} in rules: nothing was audited", set.errors.size(),
                            set.errors.size() == 1 ? "" : "s"));
  }
  if (auto ok = rules::apply_param_overrides(set, options.params); !ok) return fail(ok.error().message);
  rules::select_rules(set, options.select, options.exclude);
  if (set.rules.empty()) return fail("no rule selected: check --select and --exclude");
  auto as_of = parse_as_of(options.as_of);
  if (!as_of) return fail(as_of.error().message);
  std::optional<rules::Severity> fail_on;
  if (options.fail_on != "never") fail_on = rules::parse_severity(options.fail_on);

  bool progress_enabled = !options.no_progress && (options.progress || ::isatty(STDERR_FILENO));
  Progress progress(progress_enabled);
  engine::ScanOptions scan_options;
  scan_options.as_of = *as_of;
  scan_options.reveal_pii = options.reveal_pii;
  scan_options.store_path = options.store;
  scan_options.on_load_progress = [&](const data::LoadProgress& p) { progress.on_load(p); };
  scan_options.on_rule = [&](const rules::Rule& rule, size_t i, size_t n) { progress.on_rule(rule, i, n); };
  auto result = engine::run_scan(options.export_dir, *schema, set, scan_options);
  progress.finish();
  if (!result) return fail(result.error().message);

  report::ScanContext context;
  context.export_path = options.export_dir;
  for (const auto& path : paths) context.rule_sources.push_back(path.display);
  context.fail_on = fail_on;
  context.exit_code = engine::scan_exit_code(*result, fail_on);
  context.max_per_rule = options.max_per_rule;
  bool to_terminal = options.output.empty() && ::isatty(STDOUT_FILENO);
  context.color = to_terminal && !std::getenv("NO_COLOR");
  std::string text = options.format == "json" ? report::render_json(*result, context)
                                              : report::render_text(*result, context);
  if (options.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream out(options.output, std::ios::binary);
    out << text;
    if (!out) return fail(fmt::format("{}: cannot write the report", options.output));
  }
  return context.exit_code;
}

}  // namespace

void add_scan_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<ScanCliOptions>();
  CLI::App* command = app.add_subcommand(
      "scan", "Audit an export: load what the rules read, run every rule, report the violations.");
  command->add_option("EXPORT", options->export_dir, "The export folder")->required();
  command->add_option("--rules", options->rules, "Rule files or folders (default: the bundled rules/)");
  command->add_option("--select", options->select, "Run only rules whose id matches this glob");
  command->add_option("--exclude", options->exclude, "Skip rules whose id matches this glob");
  command->add_option("--as-of", options->as_of,
                      "Audit instant: a date (00:00 UTC) or an ISO 8601 date-time (default: today)");
  command->add_option("--param", options->params, "Override a rule parameter: ID.NAME=VALUE");
  command->add_option("--format", options->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
  command->add_option("--output", options->output, "Write the report to FILE instead of stdout");
  command->add_option("--fail-on", options->fail_on,
                      "Lowest severity that fails the run (exit 1), or never")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical", "never"}))
      ->default_val("low");
  command->add_option("--store", options->store, "Keep the SQLite store in FILE");
  command->add_flag("--reveal-pii", options->reveal_pii, "Show fields marked pii instead of ***");
  command->add_option("--max-per-rule", options->max_per_rule, "Findings shown per rule in text (default 20)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--progress", options->progress, "Show progress on stderr even when not a terminal");
  command->add_flag("--no-progress", options->no_progress, "Never show progress");
  command->footer(
      "Exit codes:\n"
      "  0  the audit completed and no finding is at or above --fail-on\n"
      "  1  findings at or above --fail-on (default low; info never fails; never: always 0)\n"
      "  2  usage error, invalid rules or invalid manifest: nothing was audited\n"
      "  3  the audit is incomplete: rows were rejected or a rule ended in error (wins over 1)");
  command->callback([options, &runner] { runner = [options] { return run_scan_command(*options); }; });
}

}  // namespace lethe::cli
