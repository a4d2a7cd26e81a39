// `lethe verify REPORT.json EXPORT`: does the report still say what an audit of the export says?
// First the digests (the export, the rules, the waivers and the baseline); then, unless
// --digests-only, the recorded audit runs again and its outcomes and findings are compared with
// the report's.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>

#include "cli/audit.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/resources.hpp"
#include "data/export_plan.hpp"
#include "engine/target.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

enum class VerifyDepth {
  rerun,         // digests, then the audit again
  digests_only,  // --digests-only
};

struct VerifyOptions {
  std::string report;
  std::string export_dir;
  bool digests_only = false;
};

// A file recorded with where it was: found where it was, else as given (from here).
struct RecordedPath {
  std::string shown;
  std::string absolute;
  std::string sha256;

  fs::path resolve() const {
    std::error_code error;
    if (!absolute.empty() && fs::exists(absolute, error)) return absolute;
    return shown;
  }
};

struct Recorded {
  std::map<std::string, std::string> inputs;  // path -> sha256
  std::map<std::string, std::string> rules;
  std::set<std::string> datasets;  // datasets the audit loaded
  bool bundled_rules = false;      // rule paths starting with "rules/" are the bundled ones
  data::Limits limits;             // as the audit used them (max_glob_files decides the plan)
  LimitSettings limit_settings;
  // How to run the audit again; false for a report that does not record it (an older lethe's).
  bool rerunnable = false;
  std::vector<RecordedPath> rule_sources;
  std::optional<RecordedPath> waivers, baseline;
  AuditSettings settings;  // all but the export and the rule and exception files
};

using util::Error;

std::string text_of(dom::element element) {
  std::string_view text;
  return element.get(text) ? std::string() : std::string(text);
}

std::vector<std::string> strings_of(dom::element element) {
  std::vector<std::string> out;
  dom::array array;
  if (element.get(array)) return out;
  for (auto item : array)
    out.push_back(text_of(item));
  return out;
}

std::optional<RecordedPath> recorded_path(dom::element element) {
  dom::object object;
  if (element.get(object)) return std::nullopt;
  return RecordedPath{text_of(object["path"]), text_of(object["absolute"]),
                      text_of(object["sha256"])};
}

util::Expected<void> read_digests(dom::object audit, const std::string& path, Recorded& recorded) {
  for (auto [key, out] :
       {std::pair{"inputs", &recorded.inputs}, std::pair{"rules", &recorded.rules}}) {
    dom::array digests;
    if (audit[key].get(digests))
      return Error{fmt::format("{}: the audit trail has no {}", path, key)};
    for (auto digest : digests) {
      std::string_view file, sha;
      if (digest["path"].get(file) || digest["sha256"].get(sha)) {
        return Error{fmt::format("{}: a digest has no path or sha256", path)};
      }
      (*out)[std::string(file)] = std::string(sha);
    }
  }
  return {};
}

util::Expected<void> read_limits(dom::element report, const std::string& path, Recorded& recorded) {
  dom::object limits;
  if (report["limits"].get(limits)) return {};
  for (auto [name, value] : limits) {
    std::uint64_t number = 0;
    std::string option(name);
    std::replace(option.begin(), option.end(), '_', '-');
    if (value.get(number) || !data::set_limit(recorded.limits, option, std::to_string(number))) {
      return Error{fmt::format("{}: limits: bad value for {}", path, name)};
    }
    recorded.limit_settings.emplace_back(option, std::to_string(number));
  }
  return {};
}

// The settings of the recorded audit, from the members the report has about them.
void read_settings(dom::element report, dom::object audit, Recorded& recorded) {
  dom::array sources;
  if (audit["rule_sources"].get(sources)) return;
  for (auto source : sources) {
    if (auto file = recorded_path(source)) recorded.rule_sources.push_back(*file);
  }
  if (audit["params"].error()) return;
  recorded.waivers = recorded_path(audit["waivers"]);
  recorded.baseline = recorded_path(audit["baseline"]);
  AuditSettings& settings = recorded.settings;
  settings.params = strings_of(audit["params"]);
  bool reveal = false;
  if (!audit["reveal_pii"].get(reveal)) settings.reveal_pii = reveal;
  settings.as_of = text_of(report["as_of"]);
  settings.fail_on = text_of(report["fail_on"]);
  for (auto [key, patterns] : {std::pair{"select", &settings.select_patterns},
                               std::pair{"exclude", &settings.exclude_patterns}}) {
    dom::array given;
    if (report["scope"][key].get(given)) continue;
    for (auto pattern : given)
      patterns->push_back({text_of(pattern["pattern"]), text_of(pattern["given_by"])});
  }
  dom::element gate = report["gate"];
  bool flag = false;
  if (!gate["fail_on_new_only"].get(flag)) settings.fail_on_new_only = flag;
  if (!gate["fail_on_not_applicable"].get(flag)) settings.fail_on_not_applicable = flag;
  settings.required_datasets = strings_of(gate["required_datasets"]);
  settings.max_rejected_rows = text_of(gate["max_rejected_rows"]);
  if (settings.max_rejected_rows.empty()) settings.max_rejected_rows = "0";
  settings.manifest = text_of(report["export"]["manifest"]);
  settings.limits = recorded.limit_settings;
  recorded.rerunnable = !recorded.rule_sources.empty();
}

util::Expected<Recorded> read_recorded(dom::element report, const std::string& path) {
  Recorded recorded;
  dom::object audit;
  int64_t version = 0;
  if (report["schema_version"].get(version) || version != 1 || report["audit"].get(audit)) {
    return Error{fmt::format("{}: not a Lethe JSON report with an audit trail", path)};
  }
  if (auto ok = read_digests(audit, path, recorded); !ok) return ok.error();
  dom::array datasets;
  if (!report["datasets"].get(datasets)) {
    for (auto dataset : datasets) {
      std::string_view name;
      if (!dataset["name"].get(name)) recorded.datasets.emplace(name);
    }
  }
  if (auto ok = read_limits(report, path, recorded); !ok) return ok.error();
  for (const auto& source : strings_of(report["rule_sources"])) {
    if (source == "rules") recorded.bundled_rules = true;
  }
  bool bundled = false;
  if (!audit["bundled_rules"].get(bundled)) recorded.bundled_rules = bundled;
  read_settings(report, audit, recorded);
  return recorded;
}

std::string short_digest(const std::string& sha) {
  return sha.substr(0, 12);
}

// Prints one line per difference and counts them.
class Differences {
 public:
  void add(std::string_view tag, const std::string& what) {
    std::cout << fmt::format("  {:<8} {}\n", tag, what);
    ++m_count;
  }
  static void same(const std::string& what) {
    std::cout << fmt::format("  {:<8} {}\n", "OK", what);
  }
  int count() const { return m_count; }

 private:
  int m_count = 0;
};

void check_file(Differences& differences, const std::string& shown, const fs::path& file,
                const std::string& expected) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    differences.add("MISSING", shown);
    return;
  }
  auto actual = util::sha256_file(file);
  if (!actual || *actual != expected) {
    differences.add("CHANGED", fmt::format("{} (audited {}, now {})", shown, short_digest(expected),
                                           actual ? short_digest(*actual) : "unreadable"));
    return;
  }
  Differences::same(shown);
}

// Where rule file `path` (as the report shows it) is now: under the source it came from.
fs::path rule_file(const Recorded& recorded, const std::string& path) {
  if (recorded.bundled_rules && path.rfind("rules/", 0) == 0) {
    return bundled_rules_dir() / path.substr(6);
  }
  for (const auto& source : recorded.rule_sources) {
    if (path == source.shown) return source.resolve();
    if (path.rfind(source.shown + "/", 0) == 0) {
      return source.resolve() / path.substr(source.shown.size() + 1);
    }
  }
  return path;
}

// The files the audited datasets would read now but did not then.
util::Expected<void> check_added_files(Differences& differences, const Recorded& recorded,
                                       const fs::path& root) {
  auto schema = load_bundled_schema();
  if (!schema) return schema.error();
  auto plan = data::plan_export(root, *schema, {recorded.limits});
  if (!plan) {
    // Which files were added cannot be told: that is a difference, not a pass.
    differences.add("UNPLANNED", plan.error().message);
    return {};
  }
  for (const auto& dataset : plan->datasets) {
    if (!recorded.datasets.count(dataset.spec->name)) continue;
    for (const auto& file : dataset.files) {
      if (!recorded.inputs.count(file.display_path)) differences.add("ADDED", file.display_path);
    }
  }
  return {};
}

util::Expected<void> check_digests(Differences& differences, const Recorded& recorded,
                                   const std::string& export_dir) {
  fs::path root = export_dir;
  bool database = engine::is_database_url(export_dir);
  if (!database) {
    for (const auto& [path, sha] : recorded.inputs)
      check_file(differences, path, root / path, sha);
    if (auto ok = check_added_files(differences, recorded, root); !ok) return ok;
  }
  for (const auto& [path, sha] : recorded.rules)
    check_file(differences, path, rule_file(recorded, path), sha);
  for (const auto* file : {&recorded.waivers, &recorded.baseline}) {
    if (*file) check_file(differences, (*file)->shown, (*file)->resolve(), (*file)->sha256);
  }
  return {};
}

// The rule's outcome and finding count, as a report shows them.
std::map<std::string, std::string> outcomes_of(dom::element report) {
  std::map<std::string, std::string> outcomes;
  dom::array rules;
  if (report["rules"].get(rules)) return outcomes;
  for (auto rule : rules) {
    std::uint64_t findings = 0;
    if (rule["findings"].get(findings)) findings = 0;
    outcomes[text_of(rule["id"])] = fmt::format("{} ({})", text_of(rule["outcome"]),
                                                util::count_noun(findings, "finding", "findings"));
  }
  return outcomes;
}

struct ShownFinding {
  std::string label;                           // "RULE key KEY (fingerprint 1a2b3c4d5e6f)"
  std::map<std::string, std::string> members;  // name -> minified JSON
};

std::map<std::string, ShownFinding> findings_of(dom::element report) {
  std::map<std::string, ShownFinding> findings;
  dom::array array;
  if (report["findings"].get(array)) return findings;
  for (auto finding : array) {
    dom::object object;
    if (finding.get(object)) continue;
    std::string fingerprint = text_of(object["fingerprint"]);
    ShownFinding& shown = findings[fingerprint];
    shown.label =
        fmt::format("{} key {} (fingerprint {})", text_of(object["rule"]),
                    util::quote_for_message(text_of(object["key"])), short_digest(fingerprint));
    for (auto [name, value] : object)
      shown.members[std::string(name)] = simdjson::minify(value);
  }
  return findings;
}

// The names of the members whose values differ.
std::string changed_members(const ShownFinding& reported, const ShownFinding& audited) {
  std::set<std::string> names;
  for (const auto& [name, value] : reported.members) {
    auto other = audited.members.find(name);
    if (other == audited.members.end() || other->second != value) names.insert(name);
  }
  for (const auto& [name, value] : audited.members) {
    if (!reported.members.count(name)) names.insert(name);
  }
  return util::join({names.begin(), names.end()}, ", ");
}

void compare_outcomes(Differences& differences, dom::element reported, dom::element audited) {
  auto before = outcomes_of(reported);
  auto now = outcomes_of(audited);
  for (const auto& [id, outcome] : now) {
    auto shown = before.find(id);
    if (shown == before.end()) {
      differences.add("REMOVED", fmt::format("rule {}: {} now, not in the report", id, outcome));
    } else if (shown->second != outcome) {
      differences.add("CHANGED",
                      fmt::format("rule {}: {} in the report, {} now", id, shown->second, outcome));
    }
  }
  for (const auto& [id, outcome] : before) {
    if (!now.count(id)) {
      differences.add("ADDED", fmt::format("rule {}: {} in the report, not run now", id, outcome));
    }
  }
}

void compare_findings(Differences& differences, dom::element reported, dom::element audited) {
  auto before = findings_of(reported);
  auto now = findings_of(audited);
  for (const auto& [fingerprint, finding] : now) {
    auto shown = before.find(fingerprint);
    if (shown == before.end()) {
      differences.add("REMOVED",
                      fmt::format("finding {}: found now, not in the report", finding.label));
    } else if (shown->second.members != finding.members) {
      std::string names = changed_members(shown->second, finding);
      differences.add("CHANGED",
                      fmt::format("finding {}: {} {}", finding.label, names,
                                  names.find(',') == std::string::npos ? "differs" : "differ"));
    }
  }
  for (const auto& [fingerprint, finding] : before) {
    if (!now.count(fingerprint)) {
      differences.add("ADDED",
                      fmt::format("finding {}: in the report, not found now", finding.label));
    }
  }
}

void compare_verdicts(Differences& differences, dom::element reported, dom::element audited) {
  auto verdict = [](dom::element report) {
    std::int64_t exit_code = -1;
    if (report["summary"]["exit_code"].get(exit_code)) exit_code = -1;
    return fmt::format("{} (exit {})", text_of(report["summary"]["verdict"]), exit_code);
  };
  std::string before = verdict(reported);
  std::string now = verdict(audited);
  if (before != now) {
    differences.add("CHANGED", fmt::format("verdict: {} in the report, {} now", before, now));
  }
}

// Runs the recorded audit on `export_dir` and compares its JSON report with `reported`.
void rerun(Differences& differences, const Recorded& recorded, dom::element reported,
           const std::string& export_dir) {
  AuditSettings settings = recorded.settings;
  settings.export_dir = export_dir;
  if (!engine::is_database_url(export_dir)) settings.manifest.clear();  // found in the folder
  std::vector<rules::RulePath> paths;
  for (const auto& source : recorded.rule_sources) {
    bool bundled = recorded.bundled_rules && paths.empty();
    paths.push_back({bundled ? bundled_rules_dir() : source.resolve(), source.shown});
  }
  settings.rule_paths = std::move(paths);
  if (recorded.waivers) {
    settings.waivers = recorded.waivers->resolve().string();
    settings.waivers_shown = recorded.waivers->shown;
  }
  if (recorded.baseline) settings.baseline = recorded.baseline->resolve().string();
  std::cout << fmt::format("Running the audit again (as of {}):\n", settings.as_of);
  auto audit = run_audit(settings);
  if (!audit) {
    differences.add("NOT RUN", audit.error().message);
    return;
  }
  std::string json = report::render_json(audit->result, audit->context);
  dom::parser parser;
  dom::element audited;
  if (auto error = parser.parse(json).get(audited)) {
    differences.add("NOT RUN", simdjson::error_message(error));
    return;
  }
  int before = differences.count();
  compare_outcomes(differences, reported, audited);
  compare_findings(differences, reported, audited);
  compare_verdicts(differences, reported, audited);
  if (differences.count() == before) {
    std::cout << fmt::format("  {:<8} {} rules, {}, verdict {}\n", "OK",
                             outcomes_of(audited).size(),
                             util::count_noun(findings_of(audited).size(), "finding", "findings"),
                             text_of(audited["summary"]["verdict"]));
  }
}

int run_verify(const VerifyOptions& options) {
  dom::parser parser;
  dom::element report;
  if (auto error = parser.load(options.report).get(report)) {
    std::cerr << fmt::format("{}: cannot read the report: {}\n", options.report,
                             simdjson::error_message(error));
    return k_exit_error;
  }
  auto recorded = read_recorded(report, options.report);
  if (!recorded) {
    std::cerr << recorded.error().message << "\n";
    return k_exit_error;
  }
  VerifyDepth depth = options.digests_only ? VerifyDepth::digests_only : VerifyDepth::rerun;
  if (depth == VerifyDepth::rerun && !recorded->rerunnable) {
    std::cerr << fmt::format(
        "{}: the report does not record how to run its audit again (it was made by an older "
        "lethe)\nhint: `lethe verify --digests-only` checks its digests\n",
        options.report);
    return k_exit_error;
  }
  std::cout << fmt::format("Verifying {} against {}\n", options.report, options.export_dir);
  Differences differences;
  if (auto ok = check_digests(differences, *recorded, options.export_dir); !ok) {
    std::cerr << ok.error().message << "\n";
    return k_exit_error;
  }
  if (depth == VerifyDepth::digests_only) {
    if (differences.count() == 0) {
      std::cout << "The export and the rules are the ones audited.\n";
      return k_exit_ok;
    }
    std::cout << fmt::format("The export or the rules changed since the audit: {}.\n",
                             util::count_noun(differences.count(), "difference", "differences"));
    return 1;
  }
  rerun(differences, *recorded, report, options.export_dir);
  if (differences.count() == 0) {
    std::cout << "The report is what an audit of the export says.\n";
    return k_exit_ok;
  }
  std::cout << fmt::format("The report is not what an audit of the export says: {}.\n",
                           util::count_noun(differences.count(), "difference", "differences"));
  return 1;
}

}  // namespace

void add_verify_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Run the audit a JSON report records again and check that the report says what it says.");
  command->add_option("REPORT", options->report, "A JSON report of lethe scan")->required();
  command->add_option("EXPORT", options->export_dir, "The export folder (or database URL)")
      ->required();
  command->add_flag(
      "--digests-only", options->digests_only,
      "Only check the digests of the export, the rules, the waivers and the baseline");
  command->footer(
      "Exit codes: 0 the report is reproduced; 1 a file changed, is missing or was added, or an "
      "outcome, a finding or the verdict differs; 2 unreadable report.");
  command->callback([options, &runner] { runner = [options] { return run_verify(*options); }; });
}

}  // namespace lethe::cli
