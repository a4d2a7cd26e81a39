#include "engine/rule_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "engine/scan.hpp"
#include "rules/rule_file.hpp"
#include "rules/rule_set.hpp"
#include "util/strings.hpp"
#include "util/temp_dir.hpp"
#include "util/timestamp.hpp"

namespace lethe::engine {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;
using util::YamlFile;

std::vector<std::string> CaseResult::found_keys() const {
  std::vector<std::string> keys;
  for (const auto& finding : found)
    keys.push_back(finding.key);
  return keys;
}

size_t TestRun::passed() const {
  size_t count = 0;
  for (const auto& file : files) {
    count += static_cast<size_t>(std::count_if(file.cases.begin(), file.cases.end(), [](auto& c) {
      return c.status == CaseStatus::passed;
    }));
  }
  return count;
}

size_t TestRun::failed() const {
  size_t count = 0;
  for (const auto& file : files) {
    if (file.status == FileStatus::untested) ++count;
    count += static_cast<size_t>(std::count_if(file.cases.begin(), file.cases.end(), [](auto& c) {
      return c.status != CaseStatus::passed;
    }));
  }
  return count;
}

bool TestRun::has_errors() const {
  return std::any_of(files.begin(), files.end(), [](const FileRun& file) {
    return file.status == FileStatus::invalid ||
           std::any_of(file.cases.begin(), file.cases.end(),
                       [](const auto& c) { return c.status == CaseStatus::error; });
  });
}

namespace {

// "did you mean 'x'?" when a name close to `name` is among `names`, else "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& names) {
  std::string suggestion = util::closest_match(name, names);
  return suggestion.empty() ? "" : fmt::format("did you mean '{}'?", suggestion);
}

// A hint naming `name`'s likely meaning among `names`, or all of them after `intro`.
std::string hint_among(const std::string& name, const std::vector<std::string>& names,
                       std::string_view intro) {
  std::string suggestion = did_you_mean(name, names);
  if (!suggestion.empty()) return suggestion;
  return names.empty() ? std::string() : fmt::format("{}: {}", intro, util::join(names, ", "));
}

// Every outcome's name, in declaration order.
std::vector<std::string> outcome_names() {
  std::vector<std::string> names;
  for (size_t i = 0; i < k_outcome_count; ++i)
    names.emplace_back(outcome_name(static_cast<Outcome>(i)));
  return names;
}

// The outcome called `name` ("not_in_force"), or nullopt.
std::optional<Outcome> parse_outcome(std::string_view name) {
  for (size_t i = 0; i < k_outcome_count; ++i) {
    if (outcome_name(static_cast<Outcome>(i)) == name) return static_cast<Outcome>(i);
  }
  return std::nullopt;
}

// The text of a parameter's value: a single value, or a list as --param takes it (a,b).
Expected<std::string> param_text(const YamlFile& file, const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  if (!value.IsSequence())
    return file.error_at(value, "a parameter's value must be a single value or a list");
  auto items = file.string_list(value, "a parameter's list");
  if (!items) return items.error();
  return util::join(*items, ",");
}

// `params: {NAME: VALUE or [VALUES]}` as NAME=VALUE overrides, each a parameter of `rule` with a
// value of its type.
Expected<void> read_params(const YamlFile& file, const YAML::Node& params, const rules::Rule& rule,
                           TestCase& test) {
  if (auto ok = file.expect_map(params, "'params'"); !ok) return ok;
  for (const auto& entry : params) {
    std::string name = entry.first.Scalar();
    const rules::Param* param = rule.find_param(name);
    if (!param) {
      std::vector<std::string> names;
      for (const auto& p : rule.params)
        names.push_back(p.name);
      return file.error_at(entry.first, fmt::format("rule {} has no parameter '{}'", rule.id, name),
                           names.empty() ? "it has none" : hint_among(name, names, "it has"));
    }
    auto text = param_text(file, entry.second);
    if (!text) return text.error();
    if (auto value = rules::parse_value_like(param->default_value, *text); !value) {
      return file.error_at(entry.second, fmt::format("parameter {}: ", name), value.error());
    }
    test.params.push_back(name + "=" + *text);
  }
  return {};
}

// One row of `dataset`: field -> value, nulls left out, with where each value is.
Expected<TestRow> read_row(const YamlFile& file, const YAML::Node& row_node,
                           const data::DatasetSpec& dataset) {
  if (!row_node.IsMap()) return file.error_at(row_node, "a row must be a mapping of field: value");
  TestRow row;
  row.location = file.location(row_node);
  for (const auto& field : row_node) {
    std::string name = field.first.Scalar();
    if (!dataset.find(name)) {
      return file.error_at(field.first,
                           fmt::format("unknown field '{}' of dataset {}", name, dataset.name),
                           did_you_mean(name, dataset.field_names()));
    }
    row.fields[name] = file.location(field.second);
    // `~` and `null` are null; they are written as empty values.
    if (field.second.IsNull()) continue;
    if (!field.second.IsScalar())
      return file.error_at(field.second, "a value must be a single value");
    row.values[name] = field.second.Scalar();
  }
  return row;
}

// `data: {DATASET: [ROW, ...]}`, each a dataset the rule reads.
Expected<void> read_data(const YamlFile& file, const YAML::Node& data, const data::Schema& schema,
                         const rules::Rule& rule, TestCase& test) {
  if (auto ok = file.expect_map(data, "'data'"); !ok) return ok;
  for (const auto& entry : data) {
    const std::string& name = entry.first.Scalar();
    const data::DatasetSpec* dataset = schema.find(name);
    if (!dataset) {
      return file.error_at(entry.first, fmt::format("unknown dataset '{}'", name),
                           did_you_mean(name, schema.dataset_names()));
    }
    if (!rule.reads.count(name)) {
      return file.error_at(entry.first, fmt::format("rule {} does not read {}", rule.id, name),
                           fmt::format("it reads {}", util::join(rule.datasets(), ", ")));
    }
    if (!entry.second.IsSequence())
      return file.error_at(entry.second, "a dataset's data must be a list of rows");
    auto& rows = test.data[dataset->name];
    for (const auto& row_node : entry.second) {
      auto row = read_row(file, row_node, *dataset);
      if (!row) return row.error();
      rows.push_back(std::move(*row));
    }
  }
  return {};
}

// `export: PATH`: a fixture export (folder or archive) relative to the test file's folder.
Expected<void> read_export(const YamlFile& file, const fs::path& test_path, const YAML::Node& value,
                           TestCase& test) {
  auto text = file.scalar(value, "'export'");
  if (!text) return text.error();
  fs::path relative(*text);
  test.export_path = test_path.parent_path() / relative;
  test.export_display =
      (fs::path(file.display_path()).parent_path() / relative).lexically_normal().generic_string();
  std::error_code error;
  if (text->empty() || !fs::exists(test.export_path, error)) {
    return file.error_at(value, fmt::format("no export fixture '{}'", *text),
                         "a folder or archive, relative to the test file's folder");
  }
  return {};
}

// The key `name` of mapping `node` (where the key, not its value, is), or a null node.
YAML::Node key_node(const YAML::Node& node, std::string_view name) {
  for (const auto& entry : node) {
    if (entry.first.IsScalar() && entry.first.Scalar() == name) return entry.first;
  }
  return YAML::Node();
}

// The rows the case scans: inline `data`, or a fixture `export`, not both.
Expected<void> read_source(const YamlFile& file, const fs::path& test_path, const YAML::Node& node,
                           const data::Schema& schema, const rules::Rule& rule, TestCase& test) {
  const YAML::Node& data = node["data"];
  const YAML::Node& fixture = node["export"];
  test.data_location = file.location(data ? key_node(node, "data") : node);
  if (data && fixture) {
    return file.error_at(key_node(node, "export"),
                         "a test case takes 'data' or 'export', not both");
  }
  if (fixture) return read_export(file, test_path, fixture, test);
  if (data) return read_data(file, data, schema, rule, test);
  return {};
}

// An `expect` item: a key, or `{key: KEY, message: TEXT}`.
Expected<ExpectedFinding> read_expected(const YamlFile& file, const YAML::Node& item) {
  if (item.IsScalar()) return ExpectedFinding{item.Scalar(), std::nullopt};
  if (!item.IsMap())
    return file.error_at(item, "an item of expect must be a key or {key: KEY, message: TEXT}");
  if (auto ok = file.check_keys(item, {"key", "message"}, "an item of expect"); !ok)
    return ok.error();
  if (!item["key"]) return file.error_at(item, "an item of expect needs 'key'");
  auto key = file.scalar(item["key"], "'key'");
  if (!key) return key.error();
  ExpectedFinding expected{*key, std::nullopt};
  if (const YAML::Node& message = item["message"]) {
    auto text = file.scalar(message, "'message'");
    if (!text) return text.error();
    expected.message = *text;
  }
  return expected;
}

// `expect: [ITEM, ...]`, sorted by key.
Expected<void> read_expect(const YamlFile& file, const YAML::Node& expect, TestCase& test) {
  if (!expect.IsSequence()) return file.error_at(expect, "expect must be a list of keys (or [])");
  for (const auto& item : expect) {
    auto expected = read_expected(file, item);
    if (!expected) return expected.error();
    test.expect.push_back(std::move(*expected));
  }
  std::stable_sort(test.expect.begin(), test.expect.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  return {};
}

// `outcome`, which must agree with `expect`: only a failed rule finds something.
Expected<void> read_outcome(const YamlFile& file, const YAML::Node& node, TestCase& test) {
  const YAML::Node& outcome = node["outcome"];
  const YAML::Node& expect = node["expect"];
  if (!outcome) {
    test.outcome = test.expect.empty() ? Outcome::passed : Outcome::failed;
    return {};
  }
  auto text = file.scalar(outcome, "'outcome'");
  if (!text) return text.error();
  auto parsed = parse_outcome(*text);
  if (!parsed) {
    return file.error_at(outcome, fmt::format("unknown outcome '{}'", *text),
                         hint_among(*text, outcome_names(), "outcomes"));
  }
  test.outcome = *parsed;
  if (test.outcome == Outcome::failed && test.expect.empty()) {
    return file.error_at(expect ? expect : outcome,
                         "a failed rule finds something: list the keys in 'expect'");
  }
  if (test.outcome != Outcome::failed && !test.expect.empty()) {
    return file.error_at(expect, fmt::format("a rule that ends {} finds nothing: 'expect' must be "
                                             "[] or left out",
                                             *text));
  }
  return {};
}

// `expect`, `outcome` and `reason`.
Expected<void> read_expectations(const YamlFile& file, const YAML::Node& node, TestCase& test) {
  const YAML::Node& expect = node["expect"];
  if (!expect && !node["outcome"]) {
    return file.error_at(node,
                         "a test case needs 'expect' (the keys it must find, or []) or 'outcome'");
  }
  if (expect) {
    if (auto ok = read_expect(file, expect, test); !ok) return ok;
  }
  if (auto ok = read_outcome(file, node, test); !ok) return ok;
  if (const YAML::Node& reason = node["reason"]) {
    auto text = file.scalar(reason, "'reason'");
    if (!text) return text.error();
    test.reason = *text;
  }
  return {};
}

// One case of the test file at `test_path`, checked against `rule`.
Expected<TestCase> read_case(const YamlFile& file, const fs::path& test_path,
                             const YAML::Node& node, const data::Schema& schema,
                             const rules::Rule& rule) {
  TestCase test;
  test.line = file.location(node).line;
  if (auto ok = file.expect_map(node, "a test case"); !ok) return ok.error();
  if (auto ok = file.check_keys(
          node, {"name", "as_of", "params", "data", "export", "outcome", "reason", "expect"},
          "a test case");
      !ok) {
    return ok.error();
  }
  for (const char* key : {"name", "as_of"}) {
    if (!node[key]) return file.error_at(node, fmt::format("a test case needs '{}'", key));
  }
  auto name = file.scalar(node["name"], "'name'");
  if (!name) return name.error();
  test.name = *name;
  test.as_of = node["as_of"].Scalar();
  if (!util::parse_iso8601(test.as_of, 0)) {
    return file.error_at(node["as_of"], "as_of must be an ISO 8601 date or date-time");
  }
  if (const YAML::Node& params = node["params"]) {
    if (auto ok = read_params(file, params, rule, test); !ok) return ok.error();
  }
  if (auto ok = read_source(file, test_path, node, schema, rule, test); !ok) return ok.error();
  if (auto ok = read_expectations(file, node, test); !ok) return ok.error();
  return test;
}

// `text` as a quoted CSV field: values may hold commas, quotes and line breaks.
std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The line each inline row starts on in its CSV file, by dataset.
using RowLines = std::map<std::string, std::vector<std::uint64_t>>;

// Writes `rows` of `dataset` as CSV lines after the header, noting the line each starts on (a
// value with line breaks spans several).
std::vector<std::uint64_t> write_rows(std::ostream& out, const data::DatasetSpec& dataset,
                                      const std::vector<TestRow>& rows) {
  std::vector<std::uint64_t> lines;
  std::uint64_t line = 2;
  for (const TestRow& row : rows) {
    lines.push_back(line);
    std::vector<std::string> values;
    for (const auto& field : dataset.fields) {
      auto value = row.values.find(field.name);
      values.push_back(value == row.values.end() ? "" : csv_field(value->second));
    }
    std::string text = util::join(values, ",");
    line += 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
    out << text << "\n";
  }
  return lines;
}

// Writes every dataset the rule reads as `<dataset>.csv` with all canonical fields as columns.
Expected<RowLines> write_export(const fs::path& dir, const rules::Rule& rule, const TestCase& test,
                                const data::Schema& schema) {
  RowLines lines;
  for (const auto& [name, fields] : rule.reads) {
    const data::DatasetSpec* dataset = schema.find(name);
    std::ofstream out(dir / (name + ".csv"), std::ios::binary);
    out << util::join(dataset->field_names(), ",") << "\n";
    if (auto rows = test.data.find(name); rows != test.data.end())
      lines[name] = write_rows(out, *dataset, rows->second);
    out.close();
    if (!out) return Error{fmt::format("cannot write the test data of {}", name)};
  }
  return lines;
}

// Where the test file has what the loader's `diagnostic` about a row of `dataset` is about: the
// value of the field it names (`recorded_at: cannot read ...`), else the row, else `data`.
util::SourceLocation inline_location(const TestCase& test, const RowLines& lines,
                                     const std::string& dataset,
                                     const data::RowDiagnostic& diagnostic) {
  auto rows = test.data.find(dataset);
  auto starts = lines.find(dataset);
  if (rows == test.data.end() || starts == lines.end()) return test.data_location;
  const auto& first_lines = starts->second;
  auto after = std::upper_bound(first_lines.begin(), first_lines.end(), diagnostic.line);
  if (after == first_lines.begin()) return test.data_location;
  const TestRow& row = rows->second[static_cast<size_t>(after - first_lines.begin()) - 1];
  size_t colon = diagnostic.message.find(": ");
  if (colon != std::string::npos) {
    auto field = row.fields.find(diagnostic.message.substr(0, colon));
    if (field != row.fields.end()) return field->second;
  }
  return row.location;
}

// Where a case's rows come from: the inline rows written to a temporary folder, or a fixture.
struct CaseExport {
  std::optional<util::TempDir> dir;  // inline rows only
  fs::path path;
  RowLines lines;
};

Expected<CaseExport> prepare_export(const rules::Rule& rule, const TestCase& test,
                                    const data::Schema& schema) {
  CaseExport source;
  if (!test.export_path.empty()) {
    source.path = test.export_path;
    return source;
  }
  auto dir = util::TempDir::create();
  if (!dir) return dir.error();
  source.path = dir->path();
  source.dir.emplace(std::move(*dir));
  auto lines = write_export(source.path, rule, test, schema);
  if (!lines) return lines.error();
  source.lines = std::move(*lines);
  return source;
}

// `text` without the temporary folder's path, which means nothing to whoever reads it.
std::string without_temp_path(std::string text, const CaseExport& source) {
  if (!source.dir) return text;
  std::string path = source.path.string();
  for (size_t at = text.find(path); at != std::string::npos; at = text.find(path, at)) {
    size_t length = path.size();
    if (at + length < text.size() && text[at + length] == '/') ++length;
    text.erase(at, length);
  }
  return text;
}

// Whether `diagnostic` is the one of a file the loader could not read (to its end), rather than
// of a row: such a file's error is the diagnostic's text.
bool is_file_failure(const data::DatasetReport& dataset, const data::RowDiagnostic& diagnostic) {
  std::string text = diagnostic.text();
  return std::any_of(dataset.files.begin(), dataset.files.end(),
                     [&](const auto& file) { return file.error == text; });
}

// What the loader rejected, at the test file's rows or in the fixture's files.
std::vector<Rejection> rejections(const YamlFile& yaml, const TestCase& test,
                                  const CaseExport& source, const data::LoadReport& load) {
  std::vector<Rejection> rejected;
  for (const auto& dataset : load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics) {
      Rejection rejection;
      rejection.kind =
          is_file_failure(dataset, diagnostic) ? RejectionKind::file : RejectionKind::row;
      if (source.dir) {
        auto where = inline_location(test, source.lines, dataset.spec->name, diagnostic);
        rejection.text = yaml.error_at(where, diagnostic.message).message;
      } else {
        data::RowDiagnostic shown = diagnostic;
        shown.path = test.export_display + "/" + diagnostic.path;
        rejection.text = shown.text();
      }
      rejected.push_back(std::move(rejection));
    }
  }
  return rejected;
}

// A scan's error about the case's export, with the paths it names as the reader knows them: the
// temporary folder of inline rows left out, a fixture folder's own file (`lethe.yaml:5:5: ...`,
// relative to the fixture) shown below the fixture.
std::string scan_error(const std::string& message, const CaseExport& source, const TestCase& test) {
  if (source.dir) return without_temp_path(message, source);
  std::string first = message.substr(0, message.find(':'));
  std::error_code error;
  if (!first.empty() && fs::path(first).is_relative() && fs::is_directory(source.path, error) &&
      fs::exists(source.path / first, error)) {
    return test.export_display + "/" + message;
  }
  return message;
}

// The finding keys and messages of a scan, sorted by key.
std::vector<FoundFinding> found_findings(const ScanResult& scan) {
  std::vector<FoundFinding> found;
  for (const auto& finding : scan.findings)
    found.push_back({finding.key_text(), finding.message});
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  return found;
}

// "failed: R1, R2", "passed": how a scan ended, to compare two of them.
std::string ending(Outcome outcome, const std::vector<std::string>& keys) {
  std::string text(outcome_name(outcome));
  return keys.empty() ? text : text + ": " + util::join(keys, ", ");
}

// The differences of the case's run from what the case expects (the row filters' aside).
void compare(CaseResult& result) {
  const TestCase& test = result.test;
  if (!result.rejected.empty() && test.outcome != Outcome::incomplete)
    result.mismatches.push_back({MismatchKind::rejected, "", "", ""});
  if (result.outcome != test.outcome) {
    result.mismatches.push_back({MismatchKind::outcome, "", std::string(outcome_name(test.outcome)),
                                 std::string(outcome_name(result.outcome))});
  }
  if (test.reason && *test.reason != result.reason)
    result.mismatches.push_back({MismatchKind::reason, "", *test.reason, result.reason});
  std::vector<std::string> expected_keys;
  for (const auto& expected : test.expect)
    expected_keys.push_back(expected.key);
  std::vector<std::string> found_keys = result.found_keys();
  if (expected_keys != found_keys) {
    result.mismatches.push_back(
        {MismatchKind::keys, "", util::join(expected_keys, ", "), util::join(found_keys, ", ")});
  }
  for (const auto& expected : test.expect) {
    if (!expected.message) continue;
    const FoundFinding* first = nullptr;
    bool matched = false;
    for (const auto& found : result.found) {
      if (found.key != expected.key) continue;
      if (!first) first = &found;
      matched = matched || found.message == *expected.message;
    }
    if (first && !matched) {
      result.mismatches.push_back(
          {MismatchKind::message, expected.key, *expected.message, first->message});
    }
  }
}

// Scans the case's rows with a fresh copy of the rule, then again with every row stored, and
// compares what it ends with to what the case expects.
CaseResult run_case(const fs::path& rule_file, const std::string& display, const YamlFile& yaml,
                    const TestCase& test, const data::Schema& schema) {
  CaseResult result;
  result.test = test;
  auto error = [&](std::string problem) {
    result.status = CaseStatus::error;
    result.problem = std::move(problem);
    return result;
  };
  // A fresh copy of the rule for every case, so that parameters do not leak between cases.
  rules::RuleSet set = rules::load_rules({{rule_file, display}}, schema);
  if (!set.errors.empty()) return error(set.errors.front());
  const rules::Rule& rule = *set.rules.front();
  result.rule_id = rule.id;
  std::vector<std::string> overrides;
  for (const auto& param : test.params)
    overrides.push_back(rule.id + "." + param);
  if (auto ok = rules::apply_param_overrides(set, overrides); !ok) return error(ok.error().message);
  auto source = prepare_export(rule, test, schema);
  if (!source) return error(source.error().message);
  ScanOptions options;
  options.as_of = *util::parse_iso8601(test.as_of, 0);
  options.reveal_pii = true;
  auto scan = run_scan(source->path, schema, set, options);
  if (!scan) return error(scan_error(scan.error().message, *source, test));
  result.rejected = rejections(yaml, test, *source, scan->load);
  const RuleResult& outcome = scan->results.front();
  result.outcome = outcome.outcome;
  result.reason = without_temp_path(outcome.reason, *source);
  result.found = found_findings(*scan);
  compare(result);
  // The rows the loader leaves out of the store must never change what a rule finds, nor must
  // where the loader puts the keys of the exists() it answers (in memory, or in a table).
  std::string filtered = ending(result.outcome, result.found_keys());
  std::vector<std::pair<std::string, ScanOptions>> variants;
  variants.emplace_back("every row stored", options);
  variants.back().second.stored_rows = StoredRows::every;
  if (!scan->load.probes.empty()) {
    variants.emplace_back("the keys in the store", options);
    variants.back().second.key_set_memory = 0;
  }
  for (const auto& [name, variant] : variants) {
    auto other = run_scan(source->path, schema, set, variant);
    if (!other) return error(scan_error(other.error().message, *source, test));
    std::vector<std::string> other_keys;
    for (const auto& finding : found_findings(*other))
      other_keys.push_back(finding.key);
    std::string every = ending(other->results.front().outcome, other_keys);
    if (every != filtered) {
      result.mismatches.push_back({MismatchKind::row_filters, name, filtered, every});
      break;
    }
  }
  result.status = result.mismatches.empty() ? CaseStatus::passed : CaseStatus::failed;
  return result;
}

// The rule file's test file beside it, and its cases run.
FileRun run_rule_file(const fs::path& rule_file, const std::string& display,
                      const data::Schema& schema) {
  FileRun run;
  run.rule_file = display;
  fs::path test_file = rule_file;
  test_file.replace_extension(".test.yaml");
  run.test_file = display.substr(0, display.size() - 5) + ".test.yaml";
  rules::RuleSet set = rules::load_rules({{rule_file, display}}, schema);
  if (!set.errors.empty()) {
    run.status = FileStatus::invalid;
    run.error = util::join(set.errors, "\n");
    return run;
  }
  const rules::Rule& rule = *set.rules.front();
  run.rule_id = rule.id;
  std::error_code error;
  if (!fs::exists(test_file, error)) {
    run.status = FileStatus::untested;
    return run;
  }
  auto cases = read_test_file(test_file, run.test_file, schema, rule);
  if (!cases) {
    run.status = FileStatus::invalid;
    run.error = cases.error().message;
    return run;
  }
  for (const auto& test : cases->cases) {
    CaseResult result = run_case(rule_file, display, cases->yaml, test, schema);
    result.rule_id = rule.id;
    result.test_file = run.test_file;
    run.cases.push_back(std::move(result));
  }
  return run;
}

}  // namespace

Expected<TestFile> read_test_file(const fs::path& path, const std::string& display_path,
                                  const data::Schema& schema, const rules::Rule& rule) {
  auto file = YamlFile::load(path, display_path);
  if (!file) return file.error();
  const YAML::Node& root = file->root();
  if (!root.IsSequence()) return file->error_at(root, "a test file must be a list of cases");
  std::vector<TestCase> cases;
  for (const auto& node : root) {
    auto test = read_case(*file, path, node, schema, rule);
    if (!test) return test.error();
    cases.push_back(std::move(*test));
  }
  return TestFile{std::move(*file), std::move(cases)};
}

TestRun run_rule_tests(const std::vector<std::pair<fs::path, std::string>>& paths,
                       const data::Schema& schema) {
  TestRun run;
  for (const auto& [root, root_display] : paths) {
    std::error_code error;
    if (!fs::exists(root, error)) {
      FileRun missing;
      missing.rule_file = root_display;
      missing.test_file = root_display;
      missing.status = FileStatus::invalid;
      missing.error = fmt::format("{}: no such file or folder", root_display);
      run.files.push_back(std::move(missing));
      continue;
    }
    bool is_folder = fs::is_directory(root, error);
    for (const auto& rule_file : rules::list_rule_files(root)) {
      std::string display =
          is_folder ? root_display + "/" + fs::relative(rule_file, root).generic_string()
                    : root_display;
      run.files.push_back(run_rule_file(rule_file, display, schema));
    }
  }
  return run;
}

}  // namespace lethe::engine
