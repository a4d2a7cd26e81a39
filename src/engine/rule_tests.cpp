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
#include "util/yaml_file.hpp"

namespace lethe::engine {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;
using util::YamlFile;

size_t TestRun::passed() const {
  return static_cast<size_t>(
      std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.passed; }));
}

size_t TestRun::failed() const {
  return cases.size() - passed() + untested.size();
}

namespace {

// "did you mean 'x'?" when a name close to `name` is among `names`, else "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& names) {
  std::string suggestion = util::closest_match(name, names);
  return suggestion.empty() ? "" : fmt::format("did you mean '{}'?", suggestion);
}

// `params: {NAME: VALUE or [VALUES]}` as NAME=VALUE overrides.
Expected<void> read_params(const YamlFile& file, const YAML::Node& params, TestCase& test) {
  if (auto ok = file.expect_map(params, "'params'"); !ok) return ok;
  for (const auto& entry : params) {
    std::string value = entry.second.Scalar();
    if (entry.second.IsSequence()) {
      std::vector<std::string> items;
      for (const auto& item : entry.second)
        items.push_back(item.Scalar());
      value = util::join(items, ",");
    }
    test.params.push_back(entry.first.Scalar() + "=" + value);
  }
  return {};
}

// One row of `dataset`: field -> value, nulls left out.
Expected<TestRow> read_row(const YamlFile& file, const YAML::Node& row_node,
                           const data::DatasetSpec& dataset) {
  if (!row_node.IsMap()) return file.error_at(row_node, "a row must be a mapping of field: value");
  TestRow row;
  for (const auto& field : row_node) {
    std::string name = field.first.Scalar();
    if (!dataset.find(name)) {
      return file.error_at(field.first,
                           fmt::format("unknown field '{}' of dataset {}", name, dataset.name),
                           did_you_mean(name, dataset.field_names()));
    }
    // `~` and `null` are null; they are written as empty values.
    if (field.second.IsNull()) continue;
    if (!field.second.IsScalar())
      return file.error_at(field.second, "a value must be a single value");
    row[name] = field.second.Scalar();
  }
  return row;
}

// `data: {DATASET: [ROW, ...]}`.
Expected<void> read_data(const YamlFile& file, const YAML::Node& data, const data::Schema& schema,
                         TestCase& test) {
  if (auto ok = file.expect_map(data, "'data'"); !ok) return ok;
  for (const auto& entry : data) {
    const data::DatasetSpec* dataset = schema.find(entry.first.Scalar());
    if (!dataset) {
      return file.error_at(entry.first, fmt::format("unknown dataset '{}'", entry.first.Scalar()),
                           did_you_mean(entry.first.Scalar(), schema.dataset_names()));
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

Expected<TestCase> read_case(const YamlFile& file, const YAML::Node& node,
                             const data::Schema& schema) {
  TestCase test;
  test.line = file.location(node).line;
  if (auto ok = file.expect_map(node, "a test case"); !ok) return ok.error();
  if (auto ok = file.check_keys(node, {"name", "as_of", "params", "data", "expect"}, "a test case");
      !ok) {
    return ok.error();
  }
  for (const char* key : {"name", "as_of", "expect"}) {
    if (!node[key]) return file.error_at(node, fmt::format("a test case needs '{}'", key));
  }
  test.name = node["name"].Scalar();
  test.as_of = node["as_of"].Scalar();
  if (!util::parse_iso8601(test.as_of, 0)) {
    return file.error_at(node["as_of"], "as_of must be an ISO 8601 date or date-time");
  }
  if (const YAML::Node& params = node["params"]) {
    if (auto ok = read_params(file, params, test); !ok) return ok.error();
  }
  if (const YAML::Node& data = node["data"]) {
    if (auto ok = read_data(file, data, schema, test); !ok) return ok.error();
  }
  const YAML::Node& expect = node["expect"];
  if (!expect.IsSequence()) return file.error_at(expect, "expect must be a list of keys (or [])");
  for (const auto& key : expect)
    test.expect.push_back(key.Scalar());
  std::sort(test.expect.begin(), test.expect.end());
  return test;
}

std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Writes every dataset the rule reads as `<dataset>.csv` with all canonical fields as columns.
Expected<void> write_export(const fs::path& dir, const rules::Rule& rule, const TestCase& test,
                            const data::Schema& schema) {
  for (const auto& [name, rows] : test.data) {
    if (!rule.reads.count(name)) {
      return Error{fmt::format("the rule does not read {}", name)};
    }
  }
  for (const auto& [name, fields] : rule.reads) {
    const data::DatasetSpec* dataset = schema.find(name);
    std::ofstream out(dir / (name + ".csv"), std::ios::binary);
    out << util::join(dataset->field_names(), ",") << "\n";
    auto it = test.data.find(name);
    if (it == test.data.end()) continue;
    for (const auto& row : it->second) {
      std::vector<std::string> values;
      for (const auto& field : dataset->fields) {
        auto value = row.find(field.name);
        values.push_back(value == row.end() ? "" : csv_field(value->second));
      }
      out << util::join(values, ",") << "\n";
    }
    if (!out) return Error{fmt::format("cannot write the test data of {}", name)};
  }
  return {};
}

CaseResult run_case(const fs::path& rule_file, const std::string& display, const TestCase& test,
                    const data::Schema& schema) {
  CaseResult result;
  result.test = test;
  auto fail = [&](std::string problem) {
    result.problem = std::move(problem);
    return result;
  };
  // A fresh copy of the rule for every case, so that parameters do not leak between cases.
  rules::RuleSet set = rules::load_rules({{rule_file, display}}, schema);
  if (!set.errors.empty()) return fail(set.errors.front());
  const rules::Rule& rule = *set.rules.front();
  result.rule_id = rule.id;
  std::vector<std::string> overrides;
  for (const auto& param : test.params)
    overrides.push_back(rule.id + "." + param);
  if (auto ok = rules::apply_param_overrides(set, overrides); !ok) return fail(ok.error().message);
  auto dir = util::TempDir::create();
  if (!dir) return fail(dir.error().message);
  if (auto ok = write_export(dir->path(), rule, test, schema); !ok) return fail(ok.error().message);
  ScanOptions options;
  options.as_of = *util::parse_iso8601(test.as_of, 0);
  options.reveal_pii = true;
  auto scan = run_scan(dir->path(), schema, set, options);
  if (!scan) return fail(scan.error().message);
  for (const auto& dataset : scan->load.datasets) {
    if (!dataset.diagnostics.empty())
      return fail("test data rejected: " + dataset.diagnostics.front().text());
  }
  const RuleResult& outcome = scan->results.front();
  if (outcome.outcome != Outcome::passed && outcome.outcome != Outcome::failed) {
    return fail(fmt::format("the rule ended {}{}", outcome_name(outcome.outcome),
                            outcome.reason.empty() ? "" : ": " + outcome.reason));
  }
  for (const auto& finding : scan->findings)
    result.found.push_back(finding.key_text());
  std::sort(result.found.begin(), result.found.end());
  // The rows the loader leaves out of the store must never change what a rule finds.
  options.stored_rows = StoredRows::every;
  auto unfiltered = run_scan(dir->path(), schema, set, options);
  if (!unfiltered) return fail(unfiltered.error().message);
  std::vector<std::string> found_unfiltered;
  for (const auto& finding : unfiltered->findings)
    found_unfiltered.push_back(finding.key_text());
  std::sort(found_unfiltered.begin(), found_unfiltered.end());
  if (found_unfiltered != result.found) {
    return fail(fmt::format("with every row stored the rule finds [{}], not [{}]",
                            util::join(found_unfiltered, ", "), util::join(result.found, ", ")));
  }
  result.passed = result.found == test.expect;
  return result;
}

}  // namespace

Expected<std::vector<TestCase>> read_test_file(const fs::path& path,
                                               const std::string& display_path,
                                               const data::Schema& schema) {
  auto file = YamlFile::load(path, display_path);
  if (!file) return file.error();
  const YAML::Node& root = file->root();
  if (!root.IsSequence()) return file->error_at(root, "a test file must be a list of cases");
  std::vector<TestCase> cases;
  for (const auto& node : root) {
    auto test = read_case(*file, node, schema);
    if (!test) return test.error();
    cases.push_back(std::move(*test));
  }
  return cases;
}

TestRun run_rule_tests(const std::vector<std::pair<fs::path, std::string>>& paths,
                       const data::Schema& schema) {
  TestRun run;
  for (const auto& [root, root_display] : paths) {
    std::error_code error;
    if (!fs::exists(root, error)) {
      run.errors.push_back(fmt::format("{}: no such file or folder", root_display));
      continue;
    }
    bool is_folder = fs::is_directory(root, error);
    for (const auto& rule_file : rules::list_rule_files(root)) {
      std::string display =
          is_folder ? root_display + "/" + fs::relative(rule_file, root).generic_string()
                    : root_display;
      fs::path test_file = rule_file;
      test_file.replace_extension(".test.yaml");
      std::string test_display = display.substr(0, display.size() - 5) + ".test.yaml";
      if (!fs::exists(test_file, error)) {
        run.untested.push_back(display);
        continue;
      }
      auto cases = read_test_file(test_file, test_display, schema);
      if (!cases) {
        run.errors.push_back(cases.error().message);
        continue;
      }
      for (const auto& test : *cases) {
        CaseResult result = run_case(rule_file, display, test, schema);
        result.test_file = test_display;
        run.cases.push_back(std::move(result));
      }
    }
  }
  return run;
}

}  // namespace lethe::engine
