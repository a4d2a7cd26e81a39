#include "cli/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "engine/gate.hpp"
#include "engine/target.hpp"
#include "report/baseline.hpp"
#include "util/diagnostic.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

namespace fs = std::filesystem;

// A waiver or baseline entry naming no rule of the pack is a mistake: it would waive or match
// nothing, silently. Checked before --select, which may leave the rule out on purpose.
util::Expected<void> check_rule_ids(const rules::RuleSet& rules,
                                    const std::vector<engine::Waiver>& waivers,
                                    const std::optional<report::Baseline>& baseline) {
  for (const auto& waiver : waivers) {
    std::string what = fmt::format("{}: a waiver", util::format_location(waiver.location));
    if (auto error = rules::unknown_rule(rules, what, waiver.rule)) {
      error->message += "\nhint: a waiver of a rule that is not in the pack waives nothing";
      return *error;
    }
  }
  if (!baseline) return {};
  for (size_t i = 0; i < baseline->rules.size(); ++i) {
    std::string what = fmt::format("{}: finding {}", baseline->path, i + 1);
    if (auto error = rules::unknown_rule(rules, what, baseline->rules[i])) {
      error->message += "\nhint: make the baseline with the rules this scan runs";
      return *error;
    }
  }
  return {};
}

// The gate the settings ask for; unknown dataset names and limits are errors.
util::Expected<engine::Gate> gate_of(const AuditSettings& settings, const data::Schema& schema) {
  engine::Gate gate;
  gate.fail_on =
      settings.fail_on == "never" ? std::nullopt : rules::parse_severity(settings.fail_on);
  gate.new_only = settings.fail_on_new_only;
  gate.fail_on_not_applicable = settings.fail_on_not_applicable;
  auto limit = engine::RejectedRowLimit::parse(settings.max_rejected_rows);
  if (!limit) return limit.error();
  gate.max_rejected_rows = *limit;
  for (const auto& name : settings.required_datasets) {
    if (!schema.find(name)) {
      std::string close = util::closest_match(name, schema.dataset_names());
      return util::Error{fmt::format(
          "--require-dataset {}: no such dataset{}\nhint: `lethe schema` lists the datasets", name,
          close.empty() ? "" : fmt::format("; did you mean '{}'?", close))};
    }
    if (std::find(gate.required_datasets.begin(), gate.required_datasets.end(), name) ==
        gate.required_datasets.end())
      gate.required_datasets.push_back(name);
  }
  return gate;
}

std::string absolute_path(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  return (error ? path : absolute.lexically_normal()).string();
}

// `path` as given and where it is, with its digest (none for a folder).
report::RecordedFile record_file(const std::string& shown, const fs::path& path) {
  report::RecordedFile file{shown, absolute_path(path), ""};
  std::error_code error;
  if (fs::is_regular_file(path, error)) {
    if (auto digest = util::sha256_file(path)) file.sha256 = *digest;
  }
  return file;
}

// What the waivers and the baseline are, read before anything is loaded.
struct Exceptions {
  std::vector<engine::Waiver> waivers;
  std::optional<report::Baseline> baseline;
};

util::Expected<Exceptions> read_exceptions(const AuditSettings& settings) {
  Exceptions exceptions;
  if (!settings.waivers.empty()) {
    // A waiver's date ends where the audit's day does: in the --as-of-timezone.
    auto zone = parse_as_of_timezone(settings.as_of_timezone);
    if (!zone) return zone.error();
    auto read = engine::read_waivers(
        settings.waivers,
        settings.waivers_shown.empty() ? settings.waivers : settings.waivers_shown, *zone);
    if (!read) return read.error();
    exceptions.waivers = std::move(*read);
  }
  if (!settings.baseline.empty()) {
    auto read = report::read_baseline(settings.baseline);
    if (!read) return read.error();
    exceptions.baseline = std::move(*read);
  } else if (settings.fail_on_new_only) {
    return util::Error{"--fail-on-new-only needs --baseline OLD.json"};
  }
  return exceptions;
}

// The rules, checked, with parameters applied and the selection made; `pack_ids` gets every
// rule of the pack before the selection.
util::Expected<rules::RuleSet> select_audited_rules(const AuditSettings& settings,
                                                    const std::vector<rules::RulePath>& paths,
                                                    const data::Schema& schema,
                                                    const Exceptions& exceptions,
                                                    std::vector<std::string>& pack_ids) {
  rules::RuleSet set = rules::load_rules(paths, schema);
  if (!set.errors.empty()) {
    std::string message;
    for (const auto& error : set.errors)
      message += error + "\n";
    return util::Error{message + fmt::format("{} error{} in rules: nothing was audited",
                                             set.errors.size(), set.errors.size() == 1 ? "" : "s")};
  }
  if (auto ok = rules::apply_param_overrides(set, settings.params); !ok) return ok.error();
  if (auto ok = check_rule_ids(set, exceptions.waivers, exceptions.baseline); !ok)
    return ok.error();
  for (const auto& rule : set.rules)
    pack_ids.push_back(rule->id);
  if (auto ok = rules::select_rules(set, settings.select_patterns, settings.exclude_patterns); !ok)
    return ok.error();
  if (set.rules.empty()) return util::Error{"no rule selected: check --select and --exclude"};
  return set;
}

report::Reproduction reproduction_of(const AuditSettings& settings,
                                     const std::vector<rules::RulePath>& paths) {
  report::Reproduction reproduction;
  reproduction.bundled_rules =
      settings.rule_paths ? settings.rule_paths_bundled : settings.rules.empty();
  for (const auto& path : paths) {
    reproduction.rule_sources.push_back(record_file(path.display, path.path));
    // The bundled pack is found where the running lethe has it, on every machine.
    if (reproduction.bundled_rules) reproduction.rule_sources.back().absolute.clear();
  }
  if (!settings.waivers.empty()) {
    reproduction.waivers =
        record_file(settings.waivers_shown.empty() ? settings.waivers : settings.waivers_shown,
                    settings.waivers);
  }
  if (!settings.baseline.empty())
    reproduction.baseline = record_file(settings.baseline, settings.baseline);
  reproduction.reveal_pii = settings.reveal_pii;
  reproduction.as_of_timezone = settings.as_of_timezone;
  return reproduction;
}

}  // namespace

util::Expected<Audit> run_audit(const AuditSettings& settings) {
  auto exceptions = read_exceptions(settings);
  if (!exceptions) return exceptions.error();
  std::vector<rules::RulePath> paths =
      settings.rule_paths ? *settings.rule_paths : rule_paths(settings.rules);
  auto loaded_schema = load_schema(paths);
  if (!loaded_schema) return loaded_schema.error();
  auto schema = std::make_unique<data::Schema>(std::move(*loaded_schema));
  std::vector<std::string> pack_ids;
  auto set = select_audited_rules(settings, paths, *schema, *exceptions, pack_ids);
  if (!set) return set.error();
  auto as_of = parse_as_of(settings.as_of, settings.as_of_timezone);
  if (!as_of) return as_of.error();
  auto limits = resolve_limits(settings.limits);
  if (!limits) return limits.error();
  auto gate = gate_of(settings, *schema);
  if (!gate) return gate.error();

  Progress progress(settings.progress);
  engine::ScanOptions scan_options;
  scan_options.as_of = *as_of;
  scan_options.reveal_pii = settings.reveal_pii;
  scan_options.limits = *limits;
  scan_options.required_datasets.insert(gate->required_datasets.begin(),
                                        gate->required_datasets.end());
  // A store kept for auditors to query holds every row.
  scan_options.stored_rows =
      settings.store.empty() ? engine::StoredRows::matchable : engine::StoredRows::every;
  scan_options.on_load_progress = [&](const data::LoadProgress& p) { progress.on_load(p); };
  scan_options.on_rule = [&](const rules::Rule& rule, size_t i, size_t n) {
    progress.on_rule(rule, i, n);
  };
  auto target = engine::open_target(
      {settings.export_dir, settings.manifest, settings.store, settings.statement_timeout},
      *schema);
  if (!target) return target.error();
  auto result = engine::run_scan(**target, *set, scan_options);
  progress.finish();
  if (!result) return result.error();
  engine::apply_waivers(*result, std::move(exceptions->waivers));
  if (exceptions->baseline) {
    auto gone = engine::apply_baseline(*result, exceptions->baseline->fingerprints);
    auto fixed = report::read_fixed(exceptions->baseline->path, gone);
    if (!fixed) return fixed.error();
    result->fixed = std::move(*fixed);
  }

  Audit audit{std::move(schema), std::move(*set), std::move(*target), std::move(*result), {}};
  report::ScanContext& context = audit.context;
  // A database URL is shown without its user and parameters (it never holds a password).
  context.export_path = audit.target->display();
  for (const auto& path : paths)
    context.rule_sources.push_back(path.display);
  context.reproduction = reproduction_of(settings, paths);
  context.scope = {settings.select_patterns, settings.exclude_patterns, {}, pack_ids.size()};
  for (const auto& id : pack_ids) {
    if (!audit.rules.find(id)) context.scope.left_out.push_back(id);
  }
  if (!settings.as_of_timezone.empty()) {
    auto zone = parse_as_of_timezone(settings.as_of_timezone);
    if (!zone) return zone.error();
    context.as_of_zone = *zone;
  }
  std::error_code error;
  if (fs::path here = fs::current_path(error); !error) context.working_dir = here.string();
  context.gate = *gate;
  context.incomplete_reasons = engine::incomplete_reasons(audit.result, *gate);
  context.exit_code = engine::exit_code(engine::exit_reason(audit.result, *gate));
  return audit;
}

}  // namespace lethe::cli
