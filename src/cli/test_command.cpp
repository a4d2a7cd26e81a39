// `lethe test [PATH...]`: runs the test cases beside each rule, reported as text or JUnit XML
// (docs/rule-tests.md).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "engine/rule_tests.hpp"
#include "util/strings.hpp"
#include "util/xml.hpp"

namespace lethe::cli {

namespace {

using engine::CaseResult;
using engine::CaseStatus;
using engine::FileRun;
using engine::FileStatus;
using engine::Mismatch;
using engine::MismatchKind;
using engine::RejectionKind;
using util::xml_escape;

// What `lethe test` was given.
struct TestOptions {
  std::vector<std::string> paths;
  bool verbose = false;
  std::string format = "text";
  std::string output;  // the report's file; empty: stdout
};

// Keys joined with ", " as a result line shows them: "(none)" for no key.
std::string keys(const std::string& joined) {
  return joined.empty() ? "(none)" : joined;
}

// `text`'s lines after the first, each indented by two more spaces, so that a diagnostic's
// source line and caret stay lined up under a prefixed first line.
std::string indent_rest(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

// The name of a kind of difference, as a JUnit failure's type.
std::string_view mismatch_name(MismatchKind kind) {
  switch (kind) {
    case MismatchKind::rejected:
      return "rejected";
    case MismatchKind::outcome:
      return "outcome";
    case MismatchKind::reason:
      return "reason";
    case MismatchKind::keys:
      return "keys";
    case MismatchKind::message:
      return "message";
    case MismatchKind::row_filters:
      return "row_filters";
  }
  return "?";
}

// The lines that show how `mismatch` differs from the case, each indented by two spaces.
std::string mismatch_lines(const CaseResult& result, const Mismatch& mismatch) {
  switch (mismatch.kind) {
    case MismatchKind::rejected: {
      std::string out;
      for (const auto& rejection : result.rejected) {
        out += fmt::format(
            "  {}: {}\n", rejection.kind == RejectionKind::row ? "rejected row" : "unreadable file",
            indent_rest(rejection.text));
      }
      return out;
    }
    case MismatchKind::outcome: {
      bool show_reason = !result.reason.empty() && !result.test.reason;
      return fmt::format("  expected outcome: {}\n  outcome:          {}{}\n", mismatch.expected,
                         mismatch.found, show_reason ? " (" + result.reason + ")" : "");
    }
    case MismatchKind::reason:
      return fmt::format("  expected reason: {}\n  reason:          {}\n", mismatch.expected,
                         mismatch.found);
    case MismatchKind::keys:
      return fmt::format("  expected: {}\n  found:    {}\n", keys(mismatch.expected),
                         keys(mismatch.found));
    case MismatchKind::message: {
      std::string label = fmt::format("message of {}:", mismatch.key);
      return fmt::format("  expected {} {}\n  {:<{}} {}\n", label, mismatch.expected, label,
                         label.size() + 9, mismatch.found);
    }
    case MismatchKind::row_filters:
      // `key` names the other way of storing: "every row stored", "the keys in the store".
      return fmt::format("  with the row filters: {}\n  with {}: {}\n", mismatch.expected,
                         mismatch.key, mismatch.found);
  }
  return {};
}

// "2 rows rejected, 1 file unreadable".
std::string rejected_summary(const std::vector<engine::Rejection>& rejected) {
  auto rows =
      static_cast<std::uint64_t>(std::count_if(rejected.begin(), rejected.end(), [](const auto& r) {
        return r.kind == RejectionKind::row;
      }));
  std::uint64_t files = rejected.size() - rows;
  std::vector<std::string> parts;
  if (rows > 0) parts.push_back(util::count_noun(rows, "row rejected", "rows rejected"));
  if (files > 0) parts.push_back(util::count_noun(files, "file unreadable", "files unreadable"));
  return util::join(parts, ", ");
}

// One line for a JUnit failure's message attribute.
std::string mismatch_summary(const CaseResult& result, const Mismatch& mismatch) {
  switch (mismatch.kind) {
    case MismatchKind::rejected:
      return rejected_summary(result.rejected);
    case MismatchKind::outcome:
      return fmt::format("outcome {}, expected {}", mismatch.found, mismatch.expected);
    case MismatchKind::reason:
      return "another reason";
    case MismatchKind::keys:
      return fmt::format("found {}, expected {}", keys(mismatch.found), keys(mismatch.expected));
    case MismatchKind::message:
      return fmt::format("another message of {}", mismatch.key);
    case MismatchKind::row_filters:
      return "the row filters change the findings";
  }
  return {};
}

// "FILE:LINE: RULE: NAME": where the case is and what it is called.
std::string case_where(const CaseResult& result) {
  return fmt::format("{}:{}: {}: {}", result.test_file, result.test.line, result.rule_id,
                     result.test.name);
}

// What the text format prints for a case that did not pass: a FAIL (or ERROR) line, then why.
std::string case_block(const CaseResult& result) {
  if (result.status == CaseStatus::error) {
    return fmt::format("ERROR {}\n  {}\n", case_where(result), indent_rest(result.problem));
  }
  std::string out = fmt::format("FAIL {}\n", case_where(result));
  for (const auto& mismatch : result.mismatches)
    out += mismatch_lines(result, mismatch);
  return out;
}

// The line the text format prints for a rule without a test file.
std::string untested_block(const FileRun& file) {
  return fmt::format("FAIL {}: no test file beside the rule\n", file.rule_file);
}

// Which cases the text format lists: those that did not pass, or every one (-v).
enum class Listed { failing, every };

// The text format: a block per case that did not pass (and an ok line per passing case with
// Listed::every), the untested rules, then `N passed, N failed`.
std::string render_text(const engine::TestRun& run, Listed listed) {
  std::string out;
  for (const auto& file : run.files) {
    for (const auto& result : file.cases) {
      if (result.status != CaseStatus::passed) {
        out += case_block(result);
      } else if (listed == Listed::every) {
        out += fmt::format("ok   {}\n", case_where(result));
      }
    }
  }
  for (const auto& file : run.files) {
    if (file.status == FileStatus::untested) out += untested_block(file);
  }
  out += fmt::format("{} passed, {} failed\n", run.passed(), run.failed());
  return out;
}

// `text` up to its first line break.
std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// A case's testcase: empty when it passed, with a failure or an error holding its text block.
std::string junit_case(const CaseResult& result) {
  std::string out =
      fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                  xml_escape(result.rule_id), xml_escape(result.test.name),
                  xml_escape(result.test_file), result.test.line);
  if (result.status == CaseStatus::passed) return out + "/>\n";
  if (result.status == CaseStatus::error) {
    return out + fmt::format(
                     ">\n      <error message=\"{}\" type=\"error\">{}</error>\n    </testcase>\n",
                     xml_escape(first_line(result.problem)), xml_escape(case_block(result)));
  }
  std::vector<std::string> summaries, kinds;
  for (const auto& mismatch : result.mismatches) {
    summaries.push_back(mismatch_summary(result, mismatch));
    kinds.emplace_back(mismatch_name(mismatch.kind));
  }
  return out +
         fmt::format(">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                     xml_escape(util::join(summaries, "; ")), xml_escape(util::join(kinds, ", ")),
                     xml_escape(case_block(result)));
}

// A testcase for what is not a case: an untested rule (a failure) or an invalid file (an error).
std::string junit_file_case(const FileRun& file) {
  std::string classname = file.rule_id.empty() ? file.rule_file : file.rule_id;
  if (file.status == FileStatus::untested) {
    return fmt::format(
        "    <testcase classname=\"{}\" name=\"no test file\" file=\"{}\">\n"
        "      <failure message=\"no test file beside the rule\" type=\"untested\">{}</failure>\n"
        "    </testcase>\n",
        xml_escape(classname), xml_escape(file.rule_file), xml_escape(untested_block(file)));
  }
  return fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n"
      "      <error message=\"{}\" type=\"invalid\">{}</error>\n    </testcase>\n",
      xml_escape(classname), xml_escape(file.test_file), xml_escape(file.test_file),
      xml_escape(first_line(file.error)), xml_escape(file.error + "\n"));
}

// The counts of a testsuite's attributes.
struct Counts {
  size_t tests = 0;
  size_t failures = 0;
  size_t errors = 0;
};

// The counts of the testsuite of `file`.
Counts count(const FileRun& file) {
  if (file.status == FileStatus::untested) return {1, 1, 0};
  if (file.status == FileStatus::invalid) return {1, 0, 1};
  Counts counts{file.cases.size(), 0, 0};
  for (const auto& result : file.cases) {
    if (result.status == CaseStatus::failed) ++counts.failures;
    if (result.status == CaseStatus::error) ++counts.errors;
  }
  return counts;
}

// The JUnit XML document: a testsuite per test file, a testcase per case. Nothing in it depends
// on when or where it ran.
std::string render_junit(const engine::TestRun& run) {
  Counts total;
  std::string suites;
  for (const auto& file : run.files) {
    Counts counts = count(file);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                          xml_escape(file.test_file), counts.tests, counts.failures, counts.errors);
    if (file.status != FileStatus::tested) suites += junit_file_case(file);
    for (const auto& result : file.cases)
      suites += junit_case(result);
    suites += "  </testsuite>\n";
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"lethe test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}"
      "</testsuites>\n",
      total.tests, total.failures, total.errors, suites);
}

// Writes `text` to `path`, replacing it; fails when it cannot be written completely.
util::Expected<void> write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return util::Error{fmt::format("{}: cannot write the report", path)};
  return {};
}

// The report on stdout or in --output; with a JUnit file, the terminal still gets the text.
util::Expected<void> write_reports(const TestOptions& options, const engine::TestRun& run) {
  std::string text = render_text(run, options.verbose ? Listed::every : Listed::failing);
  std::string report = options.format == "junit" ? render_junit(run) : text;
  if (options.output.empty()) {
    std::cout << report;
    return {};
  }
  if (auto ok = write_file(options.output, report); !ok) return ok;
  if (options.format != "text") std::cout << text;
  return {};
}

// Runs the tests, writes the report, and returns the exit code.
int run_tests(const TestOptions& options) {
  // A pack's schema.yaml adds the datasets its rules and tests name.
  auto schema = load_schema(rule_paths(options.paths));
  if (!schema) {
    std::cerr << schema.error().message << "\n";
    return k_exit_error;
  }
  std::vector<std::pair<std::filesystem::path, std::string>> paths;
  for (const auto& path : rule_paths(options.paths))
    paths.emplace_back(path.path, path.display);
  engine::TestRun run = engine::run_rule_tests(paths, *schema);
  for (const auto& file : run.files) {
    if (file.status == FileStatus::invalid) std::cerr << file.error << "\n";
  }
  if (auto ok = write_reports(options, run); !ok) {
    std::cerr << ok.error().message << "\n";
    return k_exit_error;
  }
  if (run.has_errors()) return k_exit_error;
  return run.failed() > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

void add_test_command(CLI::App& app, CommandRunner& runner) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand(
      "test",
      "Run the test cases beside each rule (X.test.yaml next to X.yaml) on their inline data or "
      "fixture exports.");
  command->add_option("PATH", options->paths,
                      "Rule files or folders (default: the bundled rules/)");
  command->add_flag("-v,--verbose", options->verbose, "List passing cases too");
  command->add_option("--format", options->format, "Report format: text or junit (JUnit XML)")
      ->check(CLI::IsMember({"text", "junit"}))
      ->default_val("text");
  command->add_option("-o,--output", options->output,
                      "Write the report to FILE instead of stdout (a JUnit report: the text "
                      "still goes to stdout)");
  command->footer(
      "Exit codes: 0 every case passed; 1 a case failed or a rule has no tests; "
      "2 invalid rules or test files, or a case that could not run.");
  command->callback([options, &runner] { runner = [options] { return run_tests(*options); }; });
}

}  // namespace lethe::cli
