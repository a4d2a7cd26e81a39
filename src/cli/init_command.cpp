// `lethe init EXPORT`: a starter manifest for an export lethe has never seen, written outside it.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "data/export_sample.hpp"
#include "data/export_tree.hpp"
#include "engine/manifest_guess.hpp"
#include "report/manifest_text.hpp"
#include "util/expected.hpp"

namespace lethe::cli {

namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string export_dir;
  std::string output;
  bool force = false;
  std::size_t sample_rows = 200;
  std::vector<std::string> rules;
  LimitSettings limits;
};

// Whether `path` is `root` or below it, both resolved as far as they exist.
bool is_within(const fs::path& root, const fs::path& path) {
  std::error_code error;
  fs::path resolved_root = fs::weakly_canonical(fs::absolute(root, error), error);
  fs::path resolved = fs::weakly_canonical(fs::absolute(path, error), error);
  auto [root_end, unused] =
      std::mismatch(resolved_root.begin(), resolved_root.end(), resolved.begin(), resolved.end());
  return root_end == resolved_root.end();
}

// Why the manifest cannot go to `options.output`, or nothing: never into the delivered export,
// never over an existing file without --force.
util::Expected<void> check_output(const InitOptions& options) {
  if (options.output.empty()) return {};
  if (is_within(options.export_dir, options.output)) {
    return util::Error{fmt::format(
        "lethe init: {} is inside the export {}, which stays as it was delivered\nhint: write the "
        "manifest outside it and pass it with --manifest",
        options.output, options.export_dir)};
  }
  std::error_code error;
  if (fs::exists(fs::symlink_status(options.output, error)) && !options.force)
    return util::Error{fmt::format("{}: exists; --force replaces it", options.output)};
  return {};
}

// The export's name for the manifest: its folder's or archive's file name, without an archive
// extension.
std::string export_name(const std::string& export_dir) {
  fs::path path = fs::path(export_dir).lexically_normal();
  std::string name = (path.has_filename() ? path : path.parent_path()).filename().string();
  for (std::string_view extension :
       {".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz", ".zip", ".tar"}) {
    if (name.size() > extension.size() && name.ends_with(extension)) {
      name.resize(name.size() - extension.size());
      break;
    }
  }
  return name.empty() || name == "." || name == ".." ? "export" : name;
}

util::Expected<void> write_output(const std::string& output, const std::string& text) {
  if (output.empty()) {
    std::cout << text;
    return {};
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return util::Error{fmt::format("{}: cannot write", output)};
  return {};
}

int run_init(const InitOptions& options) {
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
  if (auto ok = check_output(options); !ok) {
    std::cerr << ok.error().message << "\n";
    return k_exit_error;
  }
  auto tree = data::ExportTree::open(options.export_dir, *limits);
  if (!tree) {
    std::cerr << tree.error().message << "\n";
    return k_exit_error;
  }
  auto tables = data::sample_export(**tree, {*limits, options.sample_rows});
  auto guess = engine::guess_manifest(*schema, tables);
  std::string text =
      report::render_manifest(guess, {export_name(options.export_dir), options.sample_rows});
  if (auto ok = write_output(options.output, text); !ok) {
    std::cerr << ok.error().message << "\n";
    return k_exit_error;
  }
  return k_exit_ok;
}

}  // namespace

void add_init_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand(
      "init",
      "Propose a starter manifest for an export: a dataset for each file, a column for each "
      "canonical field, and a TODO comment for every decision left to you.");
  command->add_option("EXPORT", options->export_dir, "The export: a folder or an archive")
      ->required();
  command->add_option("-o,--output", options->output,
                      "Write the manifest to FILE (outside the export) instead of standard output");
  command->add_flag("--force", options->force, "Replace the --output file if it exists");
  command
      ->add_option("--sample-rows", options->sample_rows,
                   "Rows read from the start of each file to guess from")
      ->check(CLI::PositiveNumber)
      ->default_val(200);
  command->add_option("--rules", options->rules,
                      "Rule packs whose schema.yaml adds datasets or fields (repeatable)");
  add_limit_options(*command, options->limits);
  command->footer(
      "The export is only read, never changed. Every proposal is a guess from names and the\n"
      "sampled values: review it, then check it with `lethe inspect EXPORT --manifest FILE`.\n\n"
      "Exit codes: 0 the manifest was written; 2 usage error, --output inside the export or\n"
      "existing (without --force), or an export that cannot be read.");
  command->callback([options, &runner] { runner = [options] { return run_init(*options); }; });
}

}  // namespace lethe::cli
