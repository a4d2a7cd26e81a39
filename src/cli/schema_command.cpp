// `lethe schema`: prints the canonical data model that rules are written against.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/resources.hpp"
#include "data/schema.hpp"
#include "report/schema_listing.hpp"

namespace lethe::cli {

namespace {

int run_schema(const std::string& format) {
  auto schema = data::Schema::load(bundled_schema_path(), bundled_schema_path().string());
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  auto listing = report::schema_listing().render(format, *schema);
  if (!listing) {
    std::cerr << listing.error().message << "\n";
    return k_exit_error;
  }
  std::cout << *listing;
  return k_exit_ok;
}

}  // namespace

void add_schema_command(CLI::App& app, CommandRunner& runner) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* command = app.add_subcommand(
      "schema", "Print the canonical datasets and fields that rules are written against.");
  command->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember(report::schema_listing().names()))
      ->default_val("text");
  command->footer(k_manifest_help);
  command->callback([format, &runner] { runner = [format] { return run_schema(*format); }; });
}

}  // namespace lethe::cli
