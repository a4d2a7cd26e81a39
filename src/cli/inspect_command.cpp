// `lethe inspect EXPORT`: how an export reads, before any rule runs.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/resources.hpp"
#include "data/export_plan.hpp"
#include "data/loader.hpp"
#include "data/schema.hpp"
#include "data/store.hpp"
#include "report/inspect_report.hpp"

namespace lethe::cli {

namespace {

struct InspectOptions {
  std::string export_dir;
  std::string manifest;
  std::string format = "text";
  std::string store;
  std::vector<std::string> rules;
  LimitSettings limits;
};

int run_inspect(const InspectOptions& options) {
  auto schema = load_schema(rule_paths(options.rules));
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  auto limits = resolve_limits(options.limits);
  if (!limits) {
    std::cerr << limits.error().message << "\n";
    return k_exit_error;
  }
  auto plan = data::plan_export(options.export_dir, *schema, {*limits, options.manifest});
  if (!plan) {
    std::cerr << plan.error().message << "\n";
    return k_exit_error;
  }
  auto store = data::Store::create(options.store);
  if (!store) {
    std::cerr << store.error().message << "\n";
    return k_exit_error;
  }
  data::LoadOptions load_options;
  load_options.limits = *limits;
  auto load = data::load_export(*plan, *store, load_options);
  if (!load) {
    std::cerr << "lethe: " << load.error().message << "\n";
    return k_exit_error;
  }
  auto listing = report::inspect_listing().render(options.format, *plan, *load);
  if (!listing) {
    std::cerr << listing.error().message << "\n";
    return k_exit_error;
  }
  std::cout << *listing;
  return load->complete() ? k_exit_ok : k_exit_incomplete;
}

}  // namespace

void add_inspect_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* command = app.add_subcommand(
      "inspect",
      "Load an export and show, per dataset, its files, rows loaded and rejected, "
      "where each canonical field comes from, and timestamp ranges.");
  command->add_option("EXPORT", options->export_dir, "The export: a folder or an archive")
      ->required();
  command->add_option("--manifest", options->manifest,
                      "The auditor's manifest, kept outside the export (its paths are relative to "
                      "the export's root)");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember(report::inspect_listing().names()))
      ->default_val("text");
  add_limit_options(*command, options->limits);
  command->add_option("--store", options->store,
                      "Keep the loaded SQLite store in this file (replaced if it exists)");
  command->footer(std::string("Exit codes: 0 every row loaded; 3 rows or files could not be read; "
                              "2 invalid manifest or export.\n\n") +
                  k_manifest_help);
  command->add_option("--rules", options->rules,
                      "Rule packs whose schema.yaml adds datasets or fields (repeatable)");
  command->callback([options, &runner] { runner = [options] { return run_inspect(*options); }; });
}

}  // namespace lethe::cli
