#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/resources.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

namespace fs = std::filesystem;

// The long option names of `command` ("--select"), help included.
std::vector<std::string> long_options(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames())
      names.push_back("--" + name);
  }
  return names;
}

// A clearer message than CLI11's for a mistyped command or option, with a did-you-mean;
// nullopt when the arguments hold neither.
// The names of `app`'s subcommands, in the order they were added.
std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// `lethe` or `lethe rules` without the command they need: which ones there are.
std::string missing_command(const std::string& path, const CLI::App& app) {
  return fmt::format("{}: a command is needed: {}\nhint: `{} --help` says what each does", path,
                     util::join(subcommand_names(app), ", "), path);
}

std::optional<std::string> mistyped_argument(const CLI::App& app, int argc, char** argv) {
  if (argc < 2) return missing_command("lethe", app);
  if (argv[1][0] == '-') return std::nullopt;
  std::string name = argv[1];
  std::vector<std::string> commands = subcommand_names(app);
  const CLI::App* command = nullptr;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) command = sub;
  }
  if (!command) {
    std::string close = util::closest_match(name, commands);
    return fmt::format("lethe: unknown command '{}'{}\nhint: `lethe --help` lists the commands",
                       name, close.empty() ? "" : fmt::format("; did you mean '{}'?", close));
  }
  // Down the nested commands named (`rules explain`): options of each level are known.
  std::string path = name;
  auto known = long_options(*command);
  bool needs_command = !subcommand_names(*command).empty();
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.starts_with("--")) {
      if (!needs_command) continue;
      const CLI::App* found = nullptr;
      for (const CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() == arg) found = sub;
      }
      if (!found) {
        std::string close = util::closest_match(std::string(arg), subcommand_names(*command));
        return fmt::format(
            "lethe {}: unknown command '{}'{}\nhint: `lethe {} --help` lists the commands", path,
            arg, close.empty() ? "" : fmt::format("; did you mean '{}'?", close), path);
      }
      command = found;
      path += " " + found->get_name();
      auto more = long_options(*found);
      known.insert(known.end(), more.begin(), more.end());
      needs_command = !subcommand_names(*found).empty();
      continue;
    }
    std::string option(arg.substr(0, arg.find('=')));
    if (std::find(known.begin(), known.end(), option) != known.end()) continue;
    std::string close = util::closest_match(option, known);
    return fmt::format("lethe {}: unknown option '{}'{}\nhint: `lethe {} --help` lists the options",
                       path, option,
                       close.empty() ? "" : fmt::format("; did you mean '{}'?", close), path);
  }
  if (needs_command) return missing_command("lethe " + path, *command);
  return std::nullopt;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app(
      "Lethe audits exported smart-home data against privacy obligations (COPPA, the "
      "Amazon/Alexa and Ring orders) and reports every violation with its evidence.",
      "lethe");
  app.set_version_flag("--version", [] {
    fs::path rules = bundled_rules_dir();
    PackDigest pack = rule_pack_digest(rules);
    return fmt::format("lethe {}\nrules: {} ({} rule files, sha256 {})", LETHE_VERSION,
                       rules.string(), pack.rule_files, pack.sha256);
  });
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 completed, nothing at or above --fail-on; 1 findings at or above --fail-on\n"
      "(not waived) or an expired waiver; 2 usage error, invalid rules, manifest, waivers or\n"
      "config (nothing audited); 3 audit incomplete (a file unreadable, rows rejected, a rule\n"
      "that could not run, or a coverage gate; wins over 1). See `lethe COMMAND --help`.");
  CommandRunner runner;
  add_init_command(app, runner);
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
    if (auto message = mistyped_argument(app, argc, argv)) {
      std::cerr << *message << "\n";
      return k_exit_error;
    }
    app.exit(e);
    return k_exit_error;
  }
  return runner ? runner() : k_exit_error;
}

}  // namespace lethe::cli
