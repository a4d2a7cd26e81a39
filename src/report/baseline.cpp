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

}  // namespace lethe::report
