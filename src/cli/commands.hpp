// The subcommands of `lethe`: each registers its options on the CLI11 app and, once parsed,
// runs and returns an exit code (see exit_codes.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace lethe::cli {

// Runs the selected subcommand after parsing; returns its exit code.
using CommandRunner = std::function<int()>;

// Each adds a subcommand to `app` and stores in `runner` what to run when it is selected.
void add_init_command(CLI::App& app, CommandRunner& runner);
void add_inspect_command(CLI::App& app, CommandRunner& runner);
void add_schema_command(CLI::App& app, CommandRunner& runner);
void add_rules_command(CLI::App& app, CommandRunner& runner);
void add_scan_command(CLI::App& app, CommandRunner& runner);
void add_test_command(CLI::App& app, CommandRunner& runner);
void add_verify_command(CLI::App& app, CommandRunner& runner);

// The keys of a manifest (lethe.yaml), for the help of the commands that read one.
inline constexpr const char* k_manifest_help =
    "Manifest (lethe.yaml at the export's root, or --manifest FILE):\n"
    "  version: 1, name, timezone (IANA name or +HH:MM; default UTC), datasets:\n"
    "  DATASET: files (paths or globs, also inside archives), format "
    "(csv|tsv|ndjson|json|sqlite),\n"
    "    table (sqlite), timezone, delimiter, quote, encoding (utf-8|utf-16|windows-1252|\n"
    "    iso-8859-1), header (false: columns are positions), null_values (texts meaning null),\n"
    "    columns: {FIELD: COLUMN, or {column, format (one or a list), timezone, values (codes)}},\n"
    "    sources: [{name, files, format, table, columns, timezone, dialect keys}, ...]\n"
    "  A repeated wall time reads as the earlier instant, one in a spring gap with the offset\n"
    "  before it; each is a warning. See `lethe schema` for the datasets and fields.";

}  // namespace lethe::cli
