// `lethe verify REPORT.json EXPORT`: is the export (and are the rules) still what was audited?
#include <fmt/format.h>
#include <simdjson.h>

#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/resources.hpp"
#include "data/export_plan.hpp"
#include "util/sha256.hpp"

namespace lethe::cli {

namespace {

namespace fs = std::filesystem;

struct VerifyOptions {
  std::string report;
  std::string export_dir;
};

struct Recorded {
  std::map<std::string, std::string> inputs;  // path -> sha256
  std::map<std::string, std::string> rules;
  std::set<std::string> datasets;  // datasets the audit loaded
  bool bundled_rules = false;      // rule paths starting with "rules/" are the bundled ones
  data::Limits limits;             // as the audit used them (max_glob_files decides the plan)
};

util::Expected<Recorded> read_recorded(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  if (auto error = parser.load(path).get(report)) {
    return util::Error{
        fmt::format("{}: cannot read the report: {}", path, simdjson::error_message(error))};
  }
  Recorded recorded;
  simdjson::dom::object audit;
  int64_t version = 0;
  if (report["schema_version"].get(version) || version != 1 || report["audit"].get(audit)) {
    return util::Error{fmt::format("{}: not a Lethe JSON report with an audit trail", path)};
  }
  for (auto [key, out] :
       {std::pair{"inputs", &recorded.inputs}, std::pair{"rules", &recorded.rules}}) {
    simdjson::dom::array digests;
    if (audit[key].get(digests))
      return util::Error{fmt::format("{}: the audit trail has no {}", path, key)};
    for (auto digest : digests) {
      std::string_view file, sha;
      if (digest["path"].get(file) || digest["sha256"].get(sha)) {
        return util::Error{fmt::format("{}: a digest has no path or sha256", path)};
      }
      (*out)[std::string(file)] = std::string(sha);
    }
  }
  simdjson::dom::array datasets;
  if (!report["datasets"].get(datasets)) {
    for (auto dataset : datasets) {
      std::string_view name;
      if (!dataset["name"].get(name)) recorded.datasets.emplace(name);
    }
  }
  simdjson::dom::object limits;
  if (!report["limits"].get(limits)) {
    for (auto [name, value] : limits) {
      std::uint64_t number = 0;
      if (value.get(number) || !data::set_limit(recorded.limits, name, std::to_string(number))) {
        return util::Error{fmt::format("{}: limits: bad value for {}", path, name)};
      }
    }
  }
  simdjson::dom::array sources;
  if (!report["rule_sources"].get(sources)) {
    for (auto source : sources) {
      std::string_view text;
      if (!source.get(text) && text == "rules") recorded.bundled_rules = true;
    }
  }
  return recorded;
}

std::string short_digest(const std::string& sha) {
  return sha.substr(0, 12);
}

int run_verify(const VerifyOptions& options) {
  auto recorded = read_recorded(options.report);
  if (!recorded) {
    std::cerr << recorded.error().message << "\n";
    return k_exit_error;
  }
  std::cout << fmt::format("Verifying {} against {}\n", options.report, options.export_dir);
  int differences = 0;
  auto check = [&](const std::string& shown, const fs::path& file, const std::string& expected) {
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      std::cout << fmt::format("  MISSING  {}\n", shown);
      ++differences;
      return;
    }
    auto actual = util::sha256_file(file);
    if (!actual || *actual != expected) {
      std::cout << fmt::format("  CHANGED  {} (audited {}, now {})\n", shown,
                               short_digest(expected),
                               actual ? short_digest(*actual) : std::string("unreadable"));
      ++differences;
      return;
    }
    std::cout << fmt::format("  OK       {}\n", shown);
  };
  fs::path root = options.export_dir;
  for (const auto& [path, sha] : recorded->inputs)
    check(path, root / path, sha);
  // Files the audited datasets would read now but did not then.
  auto schema = load_bundled_schema();
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  if (auto plan = data::plan_export(root, *schema, {recorded->limits})) {
    for (const auto& dataset : plan->datasets) {
      if (!recorded->datasets.count(dataset.spec->name)) continue;
      for (const auto& file : dataset.files) {
        if (recorded->inputs.count(file.display_path)) continue;
        std::cout << fmt::format("  ADDED    {}\n", file.display_path);
        ++differences;
      }
    }
  } else {
    // Which files were added cannot be told: that is a difference, not a pass.
    std::cout << fmt::format("  UNPLANNED  {}\n", plan.error().message);
    ++differences;
  }
  for (const auto& [path, sha] : recorded->rules) {
    fs::path file = path;
    if (recorded->bundled_rules && path.rfind("rules/", 0) == 0)
      file = bundled_rules_dir() / path.substr(6);
    check(path, file, sha);
  }
  if (differences == 0) {
    std::cout << "The export and the rules are the ones audited.\n";
    return k_exit_ok;
  }
  std::cout << fmt::format("The export or the rules changed since the audit: {} difference{}.\n",
                           differences, differences == 1 ? "" : "s");
  return 1;
}

}  // namespace

void add_verify_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand(
      "verify", "Check that an export and the rules still match the digests of a JSON report.");
  command->add_option("REPORT", options->report, "A JSON report of lethe scan")->required();
  command->add_option("EXPORT", options->export_dir, "The export folder")->required();
  command->footer(
      "Exit codes: 0 unchanged; 1 a file changed, is missing or was added; 2 unreadable report.");
  command->callback([options, &runner] { runner = [options] { return run_verify(*options); }; });
}

}  // namespace lethe::cli
