// `lethe schema`: prints the canonical data model that rules are written against.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "data/schema.hpp"
#include "report/schema_listing.hpp"

namespace lethe::cli {

namespace {

struct SchemaOptions {
  std::string format = "text";
  std::vector<std::string> rules;
};

int run_schema(const SchemaOptions& options) {
  auto schema = load_schema(rule_paths(options.rules));
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  auto listing = report::schema_listing().render(options.format, *schema);
  if (!listing) {
    std::cerr << listing.error().message << "\n";
    return k_exit_error;
  }
  std::cout << *listing;
  return k_exit_ok;
}

}  // namespace

void add_schema_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* command = app.add_subcommand(
      "schema", "Print the canonical datasets and fields that rules are written against.");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember(report::schema_listing().names()))
      ->default_val("text");
  command->add_option("--rules", options->rules,
                      "Rule packs whose schema.yaml extends the schema (repeatable)");
  command->footer("Exit codes: 0 listed; 2 a pack's schema.yaml is invalid.\n\n" +
                  std::string(k_manifest_help));
  command->callback([options, &runner] { runner = [options] { return run_schema(*options); }; });
}

}  // namespace lethe::cli
