// `lethe test [PATH...]`: runs the test cases beside each rule.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "engine/rule_tests.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

struct TestOptions {
  std::vector<std::string> paths;
  bool verbose = false;
};

std::string keys(const std::vector<std::string>& list) {
  return list.empty() ? "(none)" : util::join(list, ", ");
}

int run_tests(const TestOptions& options) {
  auto schema = load_bundled_schema();
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  std::vector<std::pair<std::filesystem::path, std::string>> paths;
  for (const auto& path : rule_paths(options.paths))
    paths.emplace_back(path.path, path.display);
  engine::TestRun run = engine::run_rule_tests(paths, *schema);
  std::string out;
  for (const auto& error : run.errors)
    std::cerr << error << "\n";
  for (const auto& result : run.cases) {
    std::string where = fmt::format("{}:{}", result.test_file, result.test.line);
    if (result.passed) {
      if (options.verbose)
        out += fmt::format("ok   {}: {}: {}\n", where, result.rule_id, result.test.name);
      continue;
    }
    out += fmt::format("FAIL {}: {}: {}\n", where, result.rule_id, result.test.name);
    if (!result.problem.empty()) {
      out += fmt::format("  {}\n", result.problem);
      continue;
    }
    out += fmt::format("  expected: {}\n  found:    {}\n", keys(result.test.expect),
                       keys(result.found));
  }
  for (const auto& rule : run.untested) {
    out += fmt::format("FAIL {}: no test file beside the rule\n", rule);
  }
  out += fmt::format("{} passed, {} failed\n", run.passed(), run.failed());
  std::cout << out;
  if (!run.errors.empty()) return k_exit_error;
  return run.failed() > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

void add_test_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand(
      "test",
      "Run the test cases beside each rule (X.test.yaml next to X.yaml) on their inline data.");
  command->add_option("PATH", options->paths,
                      "Rule files or folders (default: the bundled rules/)");
  command->add_flag("-v,--verbose", options->verbose, "List passing cases too");
  command->footer(
      "Exit codes: 0 every case passed; 1 a case failed or a rule has no tests; "
      "2 invalid rules or test files.");
  command->callback([options, &runner] { runner = [options] { return run_tests(*options); }; });
}

}  // namespace lethe::cli
