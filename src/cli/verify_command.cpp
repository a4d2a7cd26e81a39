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
#include "rules/rule.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

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
  std::string export_archive_sha256;          // when the export was an archive
  std::string outside_manifest;               // --manifest as given, when it was used
  std::map<std::string, std::string> rules;
  std::set<std::string> datasets;  // datasets the audit loaded, or needed and found absent
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

// Members are read through results, so that a missing one or one of another type reads as empty
// instead of throwing.
using Member = simdjson::simdjson_result<dom::element>;

std::string text_of(Member element) {
  std::string_view text;
  return element.get(text) ? std::string() : std::string(text);
}

std::string text_of(dom::element element) {
  return text_of(Member(dom::element{element}));
}

std::vector<std::string> strings_of(Member element) {
  std::vector<std::string> out;
  dom::array array;
  if (element.get(array)) return out;
  for (auto item : array)
    out.push_back(text_of(item));
  return out;
}

std::optional<RecordedPath> recorded_path(Member element);
std::optional<RecordedPath> recorded_path(dom::element element) {
  return recorded_path(Member(dom::element{element}));
}
std::optional<RecordedPath> recorded_path(Member element) {
  dom::object object;
  if (element.get(object)) return std::nullopt;
  return RecordedPath{text_of(object["path"]), text_of(object["absolute"]),
                      text_of(object["sha256"])};
}

util::Expected<void> read_digests(dom::object audit, const std::string& path, Recorded& recorded) {
  recorded.export_archive_sha256 = text_of(audit["export_archive"]["sha256"]);
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
  settings.as_of_timezone = text_of(audit["as_of_timezone"]);
  settings.as_of = text_of(report["as_of"]);
  settings.fail_on = text_of(report["fail_on"]);
  for (auto [key, patterns] : {std::pair{"select", &settings.select_patterns},
                               std::pair{"exclude", &settings.exclude_patterns}}) {
    dom::array given;
    if (report["scope"][key].get(given)) continue;
    for (auto pattern : given)
      patterns->push_back({text_of(pattern["pattern"]), text_of(pattern["given_by"])});
  }
  Member gate = report["gate"];
  bool flag = false;
  if (!gate["fail_on_new_only"].get(flag)) settings.fail_on_new_only = flag;
  if (!gate["fail_on_not_applicable"].get(flag)) settings.fail_on_not_applicable = flag;
  settings.required_datasets = strings_of(gate["required_datasets"]);
  settings.max_rejected_rows = text_of(gate["max_rejected_rows"]);
  if (settings.max_rejected_rows.empty()) settings.max_rejected_rows = "0";
  settings.manifest = text_of(report["export"]["manifest"]);
  bool outside = false;
  if (!report["export"]["manifest_outside"].get(outside) && outside) {
    recorded.outside_manifest = settings.manifest;
  }
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
  // A dataset absent then and present now changes what the rules find.
  for (const auto& name : strings_of(report["absent_datasets"]))
    recorded.datasets.insert(name);
  if (auto ok = read_limits(report, path, recorded); !ok) return ok.error();
  // What the re-run cannot do without: never a default in their place.
  std::string as_of = text_of(report["as_of"]);
  std::string fail_on = text_of(report["fail_on"]);
  if (!util::parse_iso8601(as_of, 0)) {
    return Error{fmt::format("{}: as_of: expected an ISO 8601 date-time, got {}", path,
                             as_of.empty() ? "none" : util::quote_for_message(as_of))};
  }
  if (fail_on != "never" && !rules::parse_severity(fail_on)) {
    return Error{fmt::format("{}: fail_on: expected a severity or never, got {}", path,
                             fail_on.empty() ? "none" : util::quote_for_message(fail_on))};
  }
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

// The rule paths of the recorded audit, to read again.
std::vector<rules::RulePath> recorded_rule_paths(const Recorded& recorded) {
  std::vector<rules::RulePath> paths;
  for (const auto& source : recorded.rule_sources) {
    bool bundled = recorded.bundled_rules && paths.empty();
    paths.push_back({bundled ? bundled_rules_dir() : source.resolve(), source.shown});
  }
  return paths;
}

// The files the audited datasets would read now but did not then.
util::Expected<void> check_added_files(Differences& differences, const Recorded& recorded,
                                       const fs::path& root) {
  // The schema the audit read the export with: the rule packs' additions included.
  auto schema = load_schema(recorded_rule_paths(recorded));
  if (!schema) return schema.error();
  auto plan = data::plan_export(root, *schema, {recorded.limits, recorded.outside_manifest});
  if (!plan) {
    // Which files were added cannot be told: that is a difference, not a pass.
    differences.add("UNPLANNED", plan.error().message);
    return {};
  }
  for (const auto& dataset : plan->datasets) {
    if (!recorded.datasets.count(dataset.spec->name)) continue;
    for (const auto& source : dataset.sources) {
      for (const auto& file : source.files) {
        if (!recorded.inputs.count(file.display_path)) differences.add("ADDED", file.display_path);
      }
    }
  }
  return {};
}

// Compares export file `path` (as stored in `tree`) with its recorded digest.
void check_export_file(Differences& differences, const data::ExportTree& tree,
                       const std::string& path, const std::string& expected) {
  const data::TreeEntry* entry = tree.find(path);
  std::error_code error;
  bool present = entry ? entry->kind == data::EntryKind::file
                       : tree.on_disk(path) && fs::is_regular_file(tree.root() / path, error);
  if (!present) {
    differences.add("MISSING", path);
    return;
  }
  auto bytes = tree.open_stored(path);
  auto actual = bytes ? util::sha256_source(**bytes) : util::Expected<std::string>(bytes.error());
  if (!actual || *actual != expected) {
    differences.add("CHANGED", fmt::format("{} (audited {}, now {})", path, short_digest(expected),
                                           actual ? short_digest(*actual) : "unreadable"));
    return;
  }
  Differences::same(path);
}

// Compares the export's files (and the export, when it is an archive) with their digests.
util::Expected<void> check_export(Differences& differences, const Recorded& recorded,
                                  const fs::path& root) {
  auto tree = data::ExportTree::open(root, recorded.limits);
  if (!tree) {
    differences.add("UNREADABLE", tree.error().message);
    return {};
  }
  if (!recorded.export_archive_sha256.empty()) {
    check_file(differences, root.string(), root, recorded.export_archive_sha256);
  }
  for (const auto& [path, sha] : recorded.inputs) {
    if (path == recorded.outside_manifest) {
      check_file(differences, path, path, sha);
    } else {
      check_export_file(differences, **tree, path, sha);
    }
  }
  return check_added_files(differences, recorded, root);
}

util::Expected<void> check_digests(Differences& differences, const Recorded& recorded,
                                   const std::string& export_dir) {
  fs::path root = export_dir;
  bool database = engine::is_database_url(export_dir);
  if (!database) {
    if (auto ok = check_export(differences, recorded, root); !ok) return ok;
  }
  for (const auto& [path, sha] : recorded.rules)
    check_file(differences, path, rule_file(recorded, path), sha);
  for (const auto* file : {&recorded.waivers, &recorded.baseline}) {
    if (*file) check_file(differences, (*file)->shown, (*file)->resolve(), (*file)->sha256);
  }
  return {};
}

// A member as minified JSON; "" when it is missing.
std::string minified(Member member) {
  dom::element element;
  return member.get(element) ? std::string() : simdjson::minify(element);
}

// An object's members as minified JSON, by name.
using Members = std::map<std::string, std::string>;

Members members_of(dom::object object) {
  Members members;
  for (auto [name, value] : object)
    members[std::string(name)] = simdjson::minify(value);
  return members;
}

// The names of the members whose values differ, leaving out `ignored`.
std::string changed_members(const Members& reported, const Members& audited,
                            const std::set<std::string>& ignored = {}) {
  std::set<std::string> names;
  for (const auto& [name, value] : reported) {
    auto other = audited.find(name);
    if (other == audited.end() || other->second != value) names.insert(name);
  }
  for (const auto& [name, value] : audited) {
    if (!reported.count(name)) names.insert(name);
  }
  for (const auto& name : ignored)
    names.erase(name);
  return util::join({names.begin(), names.end()}, ", ");
}

std::string differ(const std::string& names) {
  return names + (names.find(',') == std::string::npos ? " differs" : " differ");
}

// The entries of array `key` of a report, keyed by member `id`; `odd` counts the entries that
// are not objects or repeat an id (a report lists each once).
struct Keyed {
  std::map<std::string, Members> entries;
  std::map<std::string, std::string> labels;  // how a line names an entry
  std::size_t odd = 0;
};

Keyed keyed(dom::element report, const char* key, const char* id) {
  Keyed out;
  dom::array array;
  if (report[key].get(array)) return out;
  for (auto entry : array) {
    dom::object object;
    std::string name;
    if (entry.get(object) || (name = text_of(object[id])).empty() || out.entries.count(name)) {
      ++out.odd;
      continue;
    }
    out.entries[name] = members_of(object);
  }
  return out;
}

std::string outcome_text(const Members& rule) {
  auto text = [&](const char* name) {
    auto found = rule.find(name);
    return found == rule.end() ? std::string("?") : found->second;
  };
  std::string outcome = text("outcome");
  if (outcome.size() >= 2 && outcome.front() == '"')
    outcome = outcome.substr(1, outcome.size() - 2);
  std::uint64_t findings = 0;
  auto count = text("findings");
  if (!count.empty() && std::all_of(count.begin(), count.end(), ::isdigit))
    findings = std::stoull(count);
  return fmt::format("{} ({})", outcome, util::count_noun(findings, "finding", "findings"));
}

void compare_rules(Differences& differences, dom::element reported, dom::element audited) {
  Keyed before = keyed(reported, "rules", "id");
  Keyed now = keyed(audited, "rules", "id");
  for (const auto& [id, rule] : now.entries) {
    auto shown = before.entries.find(id);
    if (shown == before.entries.end()) {
      differences.add("REMOVED",
                      fmt::format("rule {}: {} now, not in the report", id, outcome_text(rule)));
    } else if (outcome_text(shown->second) != outcome_text(rule)) {
      differences.add("CHANGED", fmt::format("rule {}: {} in the report, {} now", id,
                                             outcome_text(shown->second), outcome_text(rule)));
    } else if (shown->second != rule) {
      differences.add("CHANGED",
                      fmt::format("rule {}: {}", id, differ(changed_members(shown->second, rule))));
    }
  }
  for (const auto& [id, rule] : before.entries) {
    if (!now.entries.count(id)) {
      differences.add(
          "ADDED", fmt::format("rule {}: {} in the report, not run now", id, outcome_text(rule)));
    }
  }
  if (before.odd > 0) {
    differences.add("ADDED", fmt::format("rules: {} that are not objects or repeat an id",
                                         util::count_noun(before.odd, "entry", "entries")));
  }
}

std::string finding_label(const std::string& fingerprint, const Members& finding) {
  auto text = [&](const char* name) {
    auto found = finding.find(name);
    if (found == finding.end()) return std::string("?");
    std::string value = found->second;  // minified JSON: a string keeps its quotes
    return value.size() >= 2 && value.front() == '"' ? value.substr(1, value.size() - 2) : value;
  };
  return fmt::format("{} key {} (fingerprint {})", text("rule"),
                     util::quote_for_message(text("key")), short_digest(fingerprint));
}

void compare_findings(Differences& differences, dom::element reported, dom::element audited) {
  Keyed before = keyed(reported, "findings", "fingerprint");
  Keyed now = keyed(audited, "findings", "fingerprint");
  for (const auto& [fingerprint, finding] : now.entries) {
    auto shown = before.entries.find(fingerprint);
    std::string label = finding_label(fingerprint, finding);
    if (shown == before.entries.end()) {
      differences.add("REMOVED", fmt::format("finding {}: found now, not in the report", label));
    } else if (shown->second != finding) {
      differences.add("CHANGED", fmt::format("finding {}: {}", label,
                                             differ(changed_members(shown->second, finding))));
    }
  }
  for (const auto& [fingerprint, finding] : before.entries) {
    if (!now.entries.count(fingerprint)) {
      differences.add("ADDED", fmt::format("finding {}: in the report, not found now",
                                           finding_label(fingerprint, finding)));
    }
  }
  if (before.odd > 0) {
    differences.add("ADDED",
                    fmt::format("findings: {} that are not objects or repeat a fingerprint",
                                util::count_noun(before.odd, "entry", "entries")));
  }
}

// The other members a re-run must give alike: the counts, the coverage, the gate and the trail
// (not where the export or the rule files were, which a verify from elsewhere changes).
void compare_sections(Differences& differences, dom::element reported, dom::element audited) {
  for (const char* section :
       {"as_of", "fail_on", "gate", "limits", "scope", "datasets", "unread_datasets",
        "absent_datasets", "unread_files", "diagnostics", "waivers"}) {
    if (minified(reported[section]) != minified(audited[section])) {
      differences.add("CHANGED", fmt::format("{}: differs", section));
    }
  }
  for (auto [section, ignored] :
       {std::pair{"summary", std::set<std::string>{"verdict", "exit_code"}},
        std::pair{"audit", std::set<std::string>{"rule_sources", "waivers", "baseline"}}}) {
    dom::object before, now;
    if (reported[section].get(before) || audited[section].get(now)) {
      differences.add("CHANGED", fmt::format("{}: missing from the report", section));
      continue;
    }
    std::string names = changed_members(members_of(before), members_of(now), ignored);
    if (!names.empty()) differences.add("CHANGED", fmt::format("{}: {}", section, differ(names)));
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
  // An export's own lethe.yaml is found in it again.
  if (!engine::is_database_url(export_dir)) settings.manifest = recorded.outside_manifest;
  settings.rule_paths = recorded_rule_paths(recorded);
  settings.rule_paths_bundled = recorded.bundled_rules;
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
  compare_rules(differences, reported, audited);
  compare_findings(differences, reported, audited);
  compare_sections(differences, reported, audited);
  compare_verdicts(differences, reported, audited);
  if (differences.count() == before) {
    std::cout << fmt::format(
        "  {:<8} {} rules, {}, verdict {}\n", "OK", keyed(audited, "rules", "id").entries.size(),
        util::count_noun(keyed(audited, "findings", "fingerprint").entries.size(), "finding",
                         "findings"),
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
  command
      ->add_option("EXPORT", options->export_dir,
                   "The export: a folder, an archive, or a database URL")
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
