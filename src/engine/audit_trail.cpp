#include "engine/audit_trail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

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

namespace {

// The SHA-256 of each of `paths`, hashed on every core, biggest first, each by one thread.
std::vector<util::Expected<std::string>> hash_files(
    const std::vector<std::filesystem::path>& paths) {
  std::vector<std::uintmax_t> sizes;
  for (const auto& path : paths) {
    std::error_code error;
    auto size = std::filesystem::file_size(path, error);
    sizes.push_back(error ? 0 : size);
  }
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  std::vector<util::Expected<std::string>> digests(paths.size(), std::string());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < order.size();)
      digests[order[i]] = util::sha256_file(paths[order[i]]);
  };
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> workers;
  for (size_t i = 1; i < std::min(threads, paths.size()); ++i)
    workers.emplace_back(work);
  work();
  for (auto& worker : workers)
    worker.join();
  return digests;
}

}  // namespace

util::Expected<AuditTrail> compute_audit_trail(const data::ExportPlan& plan,
                                               const std::set<std::string>& loaded,
                                               const rules::RuleSet& rules) {
  AuditTrail trail;
  if (!plan.manifest_path.empty()) {
    auto digest = util::sha256_file(plan.root / plan.manifest_path);
    if (!digest) return digest.error();
    trail.inputs.push_back({plan.manifest_path, *digest});
  }
  // Input files first, then the regular unread files: one pool of hashing threads for both.
  std::vector<std::filesystem::path> paths;
  std::vector<std::string> input_paths;
  for (const auto& dataset : plan.datasets) {
    if (!loaded.count(dataset.spec->name)) continue;
    for (const auto& file : dataset.files) {
      paths.push_back(file.path);
      input_paths.push_back(file.display_path);
    }
  }
  for (const auto& file : plan.unread) {
    if (file.regular) paths.push_back(file.path);
  }
  auto digests = hash_files(paths);
  for (auto& digest : digests) {
    if (!digest) return digest.error();
  }
  for (size_t i = 0; i < input_paths.size(); ++i)
    trail.inputs.push_back({input_paths[i], *digests[i]});
  size_t next = input_paths.size();
  for (const auto& file : plan.unread) {
    trail.unread.push_back({file.display_path, file.size, file.regular ? *digests[next++] : ""});
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
