#include "report/baseline.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace lethe::report {

using util::Error;
using util::Expected;

Expected<Baseline> read_baseline(const std::filesystem::path& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  if (auto error = parser.load(path.string()).get(report)) {
    return Error{fmt::format("{}: cannot read the baseline report: {}", path.string(),
                             simdjson::error_message(error))};
  }
  simdjson::dom::array findings;
  int64_t version = 0;
  if (report["schema_version"].get(version) || version != 1 || report["findings"].get(findings)) {
    return Error{fmt::format("{}: not a Lethe JSON report (schema_version 1)", path.string())};
  }
  Baseline baseline;
  baseline.path = path.string();
  for (auto finding : findings) {
    std::string_view fingerprint, rule;
    if (finding["fingerprint"].get(fingerprint) || finding["rule"].get(rule)) {
      return Error{fmt::format("{}: finding {} has no fingerprint or rule", path.string(),
                               baseline.rules.size() + 1)};
    }
    baseline.fingerprints.emplace(fingerprint);
    baseline.rules.emplace_back(rule);
  }
  return baseline;
}

namespace {

std::string text_member(simdjson::dom::element object, std::string_view name) {
  std::string_view text;
  return object[name].get(text) ? std::string() : std::string(text);
}

}  // namespace

Expected<std::vector<engine::FixedFinding>> read_fixed(const std::filesystem::path& path,
                                                       const std::set<std::string>& fingerprints) {
  std::vector<engine::FixedFinding> fixed;
  if (fingerprints.empty()) return fixed;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  simdjson::dom::array findings;
  if (parser.load(path.string()).get(report) || report["findings"].get(findings)) {
    return Error{fmt::format("{}: cannot read the baseline report again", path.string())};
  }
  for (auto finding : findings) {
    std::string fingerprint = text_member(finding, "fingerprint");
    if (!fingerprints.count(fingerprint)) continue;
    engine::FixedFinding entry;
    entry.rule = text_member(finding, "rule");
    entry.severity = text_member(finding, "severity");
    entry.title = text_member(finding, "title");
    entry.dataset = text_member(finding, "dataset");
    std::string_view key;
    if (!finding["key"].get(key)) entry.key = std::string(key);
    entry.file = text_member(finding["location"], "file");
    std::int64_t line = 0;
    if (!finding["location"]["line"].get(line)) entry.line = line;
    entry.message = text_member(finding, "message");
    entry.fingerprint = std::move(fingerprint);
    fixed.push_back(std::move(entry));
  }
  return fixed;
}

}  // namespace lethe::report
