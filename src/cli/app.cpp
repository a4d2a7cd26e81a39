#include <fmt/format.h>

#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/resources.hpp"

namespace lethe::cli {

int run(int argc, char** argv) {
  CLI::App app(
      "Lethe audits exported smart-home data against privacy obligations (COPPA, the "
      "Amazon/Alexa and Ring orders) and reports every violation with its evidence.",
      "lethe");
  app.set_version_flag("--version", [] {
    return fmt::format("lethe {}\nrules: {}", LETHE_VERSION, bundled_rules_dir().string());
  });
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 completed, nothing at or above --fail-on; 1 findings at or above --fail-on\n"
      "(not waived) or an expired waiver; 2 usage error, invalid rules, manifest, waivers or\n"
      "config (nothing audited); 3 audit incomplete (rows rejected or a rule could not run;\n"
      "wins over 1). See `lethe COMMAND --help`.");
  CommandRunner runner;
  add_inspect_command(app, runner);
  add_schema_command(app, runner);
  add_scan_command(app, runner);
  add_rules_command(app, runner);
  add_test_command(app, runner);
  add_verify_command(app, runner);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return k_exit_error;
  }
  return runner ? runner() : k_exit_error;
}

}  // namespace lethe::cli
