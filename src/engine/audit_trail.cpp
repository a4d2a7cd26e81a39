#include "engine/audit_trail.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/scan.hpp"
#include "rules/rule_set.hpp"
#include "util/sha256.hpp"

namespace lethe::engine {

std::string canonical_params(const rules::RuleSet& rules) {
  std::vector<std::string> lines;
  for (const auto& rule : rules.rules) {
    for (const auto& param : rule->params) {
      lines.push_back(fmt::format("{}.{}={}", rule->id, param.name, param.value.to_source()));
    }
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines)
    out += line + "\n";
  return out;
}

util::Expected<AuditTrail> compute_audit_trail(const data::ExportPlan& plan,
                                               const std::set<std::string>& loaded,
                                               const rules::RuleSet& rules) {
  AuditTrail trail;
  if (!plan.manifest_path.empty()) {
    auto digest = util::sha256_file(plan.root / plan.manifest_path);
    if (!digest) return digest.error();
    trail.inputs.push_back({plan.manifest_path, *digest});
  }
  for (const auto& dataset : plan.datasets) {
    if (!loaded.count(dataset.spec->name)) continue;
    for (const auto& file : dataset.files) {
      auto digest = util::sha256_file(file.path);
      if (!digest) return digest.error();
      trail.inputs.push_back({file.display_path, *digest});
    }
  }
  std::sort(trail.inputs.begin(), trail.inputs.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  for (const auto& rule : rules.rules) {
    auto digest = util::sha256_file(rule->source_path);
    if (!digest) return digest.error();
    trail.rules.push_back({rule->path, *digest});
  }
  std::sort(trail.rules.begin(), trail.rules.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  trail.params = canonical_params(rules);
  trail.params_sha256 = util::sha256_hex(trail.params);
  return trail;
}

}  // namespace lethe::engine
