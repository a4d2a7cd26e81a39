// `lethe scan EXPORT`: the audit.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "cli/audit.hpp"
#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "engine/gate.hpp"
#include "engine/scan.hpp"
#include "engine/target.hpp"
#include "report/baseline.hpp"
#include "report/formats.hpp"
#include "report/scan_report.hpp"
#include "util/strings.hpp"

namespace lethe::cli {

namespace {

struct ScanCliOptions {
  AuditSettings audit;  // the command line's, then the config file's
  std::vector<std::string> select;
  std::vector<std::string> exclude;
  std::string format = "text";
  std::string output;
  size_t max_per_rule = 20;
  size_t sarif_max_results = 5000;
  std::string color = "auto";
  bool verbose = false;
  bool progress = false;
  bool no_progress = false;
  bool timings = false;
  std::vector<std::string> reports;                 // FORMAT=PATH, as given
  std::map<std::string, std::string> report_files;  // format -> path, config and command line
  std::string config;
  report::Engagement engagement;  // the config file's `report:`
  // The options given on the command line, by name ("--rules"): they win over the config file.
  std::set<std::string> given;
};

// `value` from the config file unless the command line gave option `name`.
template <typename T>
void take_unless_given(const ScanCliOptions& options, const char* name, T& value,
                       const T& from_config) {
  if (!options.given.count(name)) value = from_config;
}
template <typename T>
void take_unless_given(const ScanCliOptions& options, const char* name, T& value,
                       const std::optional<T>& from_config) {
  if (from_config) take_unless_given(options, name, value, *from_config);
}

// The --report entries (FORMAT=PATH) over the config file's reports.
util::Expected<std::map<std::string, std::string>> report_files(
    const std::map<std::string, std::string>& from_config, const std::vector<std::string>& given) {
  std::map<std::string, std::string> reports = from_config;
  for (const auto& entry : given) {
    size_t equals = entry.find('=');
    std::string format = equals == std::string::npos ? entry : entry.substr(0, equals);
    if (equals == std::string::npos || equals + 1 == entry.size() ||
        !report::is_report_format(format)) {
      return util::Error{fmt::format("--report {}: expected FORMAT=PATH with FORMAT one of {}",
                                     entry, util::join(report::report_formats(), ", "))};
    }
    reports[format] = entry.substr(equals + 1);
  }
  return reports;
}

// Fills what the command line left out from the config file.
util::Expected<void> merge_config(ScanCliOptions& options) {
  auto config = find_config(options.config);
  if (!config) return config.error();
  take_unless_given(options, "--rules", options.audit.rules, config->rules);
  for (auto [name, given, patterns, from_config] :
       {std::tuple{"--select", &options.select, &options.audit.select_patterns, &config->select},
        std::tuple{"--exclude", &options.exclude, &options.audit.exclude_patterns,
                   &config->exclude}}) {
    if (!options.given.count(name)) {
      *patterns = *from_config;
      continue;
    }
    for (const auto& glob : *given)
      patterns->push_back({glob, name});
  }
  // Config parameters first, so that --param overrides them.
  std::vector<std::string> params = config->params;
  params.insert(params.end(), options.audit.params.begin(), options.audit.params.end());
  options.audit.params = std::move(params);
  take_unless_given(options, "--fail-on", options.audit.fail_on, config->fail_on);
  take_unless_given(options, "--as-of-timezone", options.audit.as_of_timezone,
                    config->as_of_timezone);
  take_unless_given(options, "--fail-on-new-only", options.audit.fail_on_new_only,
                    config->fail_on_new_only);
  take_unless_given(options, "--require-dataset", options.audit.required_datasets,
                    config->required_datasets);
  take_unless_given(options, "--fail-on-not-applicable", options.audit.fail_on_not_applicable,
                    config->fail_on_not_applicable);
  take_unless_given(options, "--max-rejected-rows", options.audit.max_rejected_rows,
                    config->max_rejected_rows);
  take_unless_given(options, "--waivers", options.audit.waivers, config->waivers);
  take_unless_given(options, "--baseline", options.audit.baseline, config->baseline);
  // Config limits first, so that the command line's win.
  LimitSettings limits = config->limits;
  limits.insert(limits.end(), options.audit.limits.begin(), options.audit.limits.end());
  options.audit.limits = std::move(limits);
  auto reports = report_files(config->reports, options.reports);
  if (!reports) return reports.error();
  options.report_files = std::move(*reports);
  options.engagement = config->engagement;
  return {};
}

util::Expected<void> write_report_file(const std::string& path, const std::string& format,
                                       const engine::ScanResult& result,
                                       const report::ScanContext& context) {
  std::ofstream out(path, std::ios::binary);
  if (auto ok = report::write_report(format, result, context, out); !ok) return ok;
  out.close();
  if (!out) return util::Error{fmt::format("{}: cannot write the report", path)};
  return {};
}

int fail(const std::string& message) {
  std::cerr << message << "\n";
  return k_exit_error;
}

// `--timings`: one line per phase, then the total, then what was stored of each dataset.
void print_timings(const engine::ScanResult& result) {
  const util::PhaseTimer& timings = result.timings;
  double total = 0;
  for (const auto& phase : timings.phases()) {
    std::cerr << fmt::format("{:>9.3f} s  {}{}\n", phase.seconds, phase.detail ? "  " : "",
                             phase.name);
    if (!phase.detail) total += phase.seconds;
  }
  std::cerr << fmt::format("{:>9.3f} s  total\n", total);
  for (const auto& dataset : result.load.datasets) {
    if (result.target ==
        engine::TargetKind::database) {  // nothing is stored: the rules ran where the rows are
      std::cerr << fmt::format("{:>11} rows read in the database  {}\n", dataset.rows_loaded,
                               dataset.spec->name);
      continue;
    }
    std::cerr << fmt::format("{:>11} of {:>11} rows stored  {}{}{}\n",
                             dataset.rows_loaded - dataset.rows_filtered, dataset.rows_loaded,
                             dataset.spec->name, dataset.filter.empty() ? "" : ": ",
                             dataset.filter);
  }
}

// Columns of the text on stdout: $COLUMNS when set (as for ls; 0 never wraps), else the
// terminal's, else 80.
size_t text_width(bool to_terminal) {
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    char* end = nullptr;
    unsigned long n = std::strtoul(columns, &end, 10);
    if (*end == '\0' && (n == 0 || n >= 40)) return n;
  }
  winsize size{};
  if (to_terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40)
    return size.ws_col;
  return 80;
}

int run_scan_command(ScanCliOptions options) {
  if (auto ok = merge_config(options); !ok) return fail(ok.error().message);
  options.audit.progress = !options.no_progress && (options.progress || ::isatty(STDERR_FILENO));
  auto audit = run_audit(options.audit);
  if (!audit) return fail(audit.error().message);
  const engine::ScanResult* result = &audit->result;
  report::ScanContext& context = audit->context;
  context.max_per_rule = options.max_per_rule;
  context.engagement = options.engagement;
  context.sarif_max_results = options.sarif_max_results;
  for (const auto& [format, path] : options.report_files) {
    if (format == "json" && context.full_report.empty()) context.full_report = path;
  }
  if (options.format == "json" && !options.output.empty()) context.full_report = options.output;
  bool to_terminal = options.output.empty() && ::isatty(STDOUT_FILENO);
  context.color = options.color == "always" ||
                  (options.color == "auto" && to_terminal && !std::getenv("NO_COLOR"));
  // Text on stdout fits the terminal ($COLUMNS when set; 80 columns when there is none) and
  // counts the digests unless --verbose; a text file is 80 columns wide and lists them.
  context.text_width = text_width(to_terminal);
  context.digests = options.output.empty() && !options.verbose
                        ? report::ScanContext::Digests::counted
                        : report::ScanContext::Digests::listed;
  for (const auto& [format, path] : options.report_files) {
    report::ScanContext file_context = context;
    file_context.color = false;
    file_context.text_width = 80;
    file_context.digests = report::ScanContext::Digests::listed;
    if (auto ok = write_report_file(path, format, *result, file_context); !ok) {
      return fail(ok.error().message);
    }
  }
  if (options.output.empty()) {
    if (auto ok = report::write_report(options.format, *result, context, std::cout); !ok)
      return fail(ok.error().message);
  } else if (auto ok = write_report_file(options.output, options.format, *result, context); !ok) {
    return fail(ok.error().message);
  }
  audit->result.timings.mark("reports");
  if (options.timings) print_timings(*result);
  return context.exit_code;
}

}  // namespace

void add_scan_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<ScanCliOptions>();
  CLI::App* command = app.add_subcommand(
      "scan", "Audit an export: load what the rules read, run every rule, report the violations.");
  command
      ->add_option("EXPORT", options->audit.export_dir,
                   "The export: a folder, an archive (zip, tar, tar.gz, ...), or a database: "
                   "postgresql://USER@HOST:PORT/DB?sslmode=... "
                   "(password from PGPASSWORD or ~/.pgpass)")
      ->required();
  command->add_option(
      "--manifest", options->audit.manifest,
      "The manifest (lethe.yaml) to use: for a database, its datasets' tables; for an export, "
      "the auditor's own, kept outside the delivered folder or archive (its paths "
      "are relative to the export's root)");
  command
      ->add_option("--statement-timeout", options->audit.statement_timeout,
                   "With a database: seconds each rule's query may run (0: the server's setting)")
      ->check(CLI::NonNegativeNumber);
  CLI::Option* rules = command->add_option(
      "--rules", options->audit.rules,
      "Rule files or folders (default: the bundled rules/); a pack's schema.yaml "
      "adds datasets and fields");
  CLI::Option* select =
      command->add_option("--select", options->select, "Run only rules whose id matches this glob");
  CLI::Option* exclude =
      command->add_option("--exclude", options->exclude, "Skip rules whose id matches this glob");
  command->add_option(
      "--as-of", options->audit.as_of,
      "Audit instant: a date (00:00 in --as-of-timezone) or an ISO 8601 date-time (default: "
      "today)");
  CLI::Option* as_of_timezone =
      command->add_option("--as-of-timezone", options->audit.as_of_timezone,
                          "Zone of an --as-of without an offset and of waiver dates: an IANA name "
                          "(America/Los_Angeles) or an offset (default: UTC)");
  command->add_option("--param", options->audit.params, "Override a rule parameter: ID.NAME=VALUE");
  command->add_option("--format", options->format, "Report format on stdout")
      ->check(CLI::IsMember(report::report_formats()))
      ->default_val("text");
  command->add_option("--report", options->reports,
                      "Also write a report: FORMAT=PATH (repeatable; formats: " +
                          util::join(report::report_formats(), ", ") + ")");
  command->add_option("-o,--output", options->output, "Write the report to FILE instead of stdout");
  command
      ->add_option("--color", options->color,
                   "Colours in the text report: auto (on a terminal, unless NO_COLOR is set), "
                   "always (CI logs that show them), never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val("auto");
  CLI::Option* fail_on =
      command
          ->add_option("--fail-on", options->audit.fail_on,
                       "Lowest severity that fails the run (exit 1), or never")
          ->check(CLI::IsMember({"info", "low", "medium", "high", "critical", "never"}))
          ->default_val("low");
  command->add_option("--store", options->audit.store,
                      "Keep the SQLite store (every row) in FILE; reused while the inputs match");
  command->add_flag("--reveal-pii", options->audit.reveal_pii,
                    "Show fields marked pii instead of ***");
  command
      ->add_option("--max-per-rule", options->max_per_rule,
                   "Findings shown per rule in text (default 20)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--sarif-max-results", options->sarif_max_results,
                   "SARIF: results written at most, those not waived and most severe first; the "
                   "rest are counted in the run (default 5000, what GitHub code scanning shows; "
                   "0: every finding)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("-v,--verbose", options->verbose,
                    "Text on stdout: list every input's SHA-256 (a text file always does)");
  command->add_flag("--progress", options->progress,
                    "Show progress on stderr even when not a terminal");
  command->add_flag("--no-progress", options->no_progress, "Never show progress");
  command->add_flag("--timings", options->timings,
                    "Print the wall time of each phase to stderr (never in reports)");
  CLI::Option* waivers =
      command->add_option("--waivers", options->audit.waivers,
                          "Waivers file (YAML): exceptions with reason, approver and expiry");
  CLI::Option* baseline =
      command->add_option("--baseline", options->audit.baseline,
                          "A previous JSON report: mark findings new or existing");
  CLI::Option* new_only = command->add_flag("--fail-on-new-only", options->audit.fail_on_new_only,
                                            "Only findings not in the baseline fail the run");
  command->add_option("--config", options->config,
                      "Config file (default: lethe.config.yaml in the current folder, if any)");
  CLI::Option* require = command->add_option(
      "--require-dataset", options->audit.required_datasets,
      "A dataset that must be in the export with rows, else the audit is incomplete (exit 3; "
      "repeatable)");
  CLI::Option* not_applicable = command->add_flag(
      "--fail-on-not-applicable", options->audit.fail_on_not_applicable,
      "A rule not applicable (a dataset it needs is absent) leaves the audit incomplete (exit 3)");
  CLI::Option* max_rejected = command->add_option(
      "--max-rejected-rows", options->audit.max_rejected_rows,
      "Rejected rows accepted without exit 3: N, or P% of the rows read (default 0); they are "
      "still listed and counted");
  add_limit_options(*command, options->audit.limits);
  command->footer(
      "Exit codes:\n"
      "  0  the audit completed and no finding is at or above --fail-on\n"
      "  1  findings at or above --fail-on (default low; info never fails; never: always 0), not\n"
      "     waived (and new, with --fail-on-new-only); or an expired waiver\n"
      "  2  usage error, invalid rules or invalid manifest: nothing was audited\n"
      "  3  the audit is incomplete (wins over 1): a file unreadable, rows rejected (beyond\n"
      "     --max-rejected-rows), a rule in error, a required dataset absent or empty, or (with\n"
      "     --fail-on-not-applicable) a rule not applicable\n\n" +
      std::string(k_manifest_help));
  command->callback([=, &runner] {
    for (const CLI::Option* option : {rules, select, exclude, fail_on, as_of_timezone, waivers,
                                      baseline, new_only, require, not_applicable, max_rejected}) {
      if (option->count() > 0) options->given.insert(option->get_name());
    }
    runner = [options] { return run_scan_command(*options); };
  });
}

}  // namespace lethe::cli
