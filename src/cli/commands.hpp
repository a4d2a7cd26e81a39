// The subcommands of `lethe`: each registers its options on the CLI11 app and, once parsed,
// runs and returns an exit code (see exit_codes.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace lethe::cli {

// Runs the selected subcommand after parsing; returns its exit code.
using CommandRunner = std::function<int()>;

// Each adds a subcommand to `app` and stores in `runner` what to run when it is selected.
void add_inspect_command(CLI::App& app, CommandRunner& runner);
void add_schema_command(CLI::App& app, CommandRunner& runner);
void add_rules_command(CLI::App& app, CommandRunner& runner);
void add_scan_command(CLI::App& app, CommandRunner& runner);
void add_test_command(CLI::App& app, CommandRunner& runner);
void add_verify_command(CLI::App& app, CommandRunner& runner);

}  // namespace lethe::cli
