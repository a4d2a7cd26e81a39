#include "report/baseline.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace lethe::report {

using util::Error;
using util::Expected;

Expected<std::set<std::string>> read_baseline(const std::filesystem::path& path) {
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
  std::set<std::string> fingerprints;
  for (auto finding : findings) {
    std::string_view fingerprint;
    if (finding["fingerprint"].get(fingerprint)) {
      return Error{fmt::format("{}: a finding has no fingerprint", path.string())};
    }
    fingerprints.emplace(fingerprint);
  }
  return fingerprints;
}

}  // namespace lethe::report
