#include "engine/audit_trail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
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

// One digest to compute: the bytes as stored, and, when `content` is set, the decompressed ones.
struct HashJob {
  std::uint64_t size = 0;  // for the order of work
  std::function<util::Expected<std::unique_ptr<util::ByteSource>>()> stored;
  std::function<util::Expected<std::unique_ptr<util::ByteSource>>()> content;
};

util::Expected<std::string> hash_source(
    const std::function<util::Expected<std::unique_ptr<util::ByteSource>>()>& open,
    const std::string& name) {
  auto bytes = open();
  if (!bytes) return util::Error{fmt::format("{}: {}", name, bytes.error().message)};
  auto digest = util::sha256_source(**bytes);
  if (!digest) return util::Error{fmt::format("{}: {}", name, digest.error().message)};
  return digest;
}

// The digests of `jobs` (named `names`), hashed on every core, biggest first, each by one thread.
util::Expected<std::vector<FileDigest>> hash_all(const std::vector<HashJob>& jobs,
                                                 const std::vector<std::string>& names) {
  std::vector<size_t> order(jobs.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return jobs[a].size > jobs[b].size; });
  std::vector<FileDigest> digests(jobs.size());
  std::vector<std::string> errors(jobs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < order.size();) {
      size_t job = order[i];
      digests[job].path = names[job];
      auto stored = hash_source(jobs[job].stored, names[job]);
      if (!stored) {
        errors[job] = stored.error().message;
        continue;
      }
      digests[job].sha256 = *stored;
      if (!jobs[job].content) continue;
      // Content that cannot be decompressed has no digest: the load reports the file unreadable.
      auto content = hash_source(jobs[job].content, names[job]);
      if (content) digests[job].uncompressed_sha256 = *content;
    }
  };
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> workers;
  for (size_t i = 1; i < std::min(threads, jobs.size()); ++i)
    workers.emplace_back(work);
  work();
  for (auto& worker : workers)
    worker.join();
  for (const auto& error : errors) {
    if (!error.empty()) return util::Error{error};
  }
  return digests;
}

// The job that digests export file `path` of `tree`: its stored bytes, and its content too when
// it is compressed.
HashJob file_job(const data::ExportTree& tree, const std::string& path, bool with_content) {
  HashJob job;
  const data::TreeEntry* entry = tree.find(path);
  job.size = entry ? entry->size : 0;
  job.stored = [&tree, path] { return tree.open_stored(path); };
  if (with_content && entry && entry->compression != util::Compression::none) {
    job.content = [&tree, path] { return tree.open_content(path); };
  }
  return job;
}

// The archives (by index) that hold the files of `paths`, outermost included.
std::set<size_t> archives_holding(const data::ExportTree& tree,
                                  const std::vector<std::string>& paths) {
  std::set<size_t> archives;
  for (const auto& path : paths) {
    const data::TreeEntry* entry = tree.find(path);
    for (int index = entry ? entry->archive : -1; index >= 0;
         index = tree.archives()[static_cast<size_t>(index)].parent)
      archives.insert(static_cast<size_t>(index));
  }
  return archives;
}

util::Expected<void> digest_export(const data::ExportPlan& plan,
                                   const std::set<std::string>& loaded, AuditTrail& trail) {
  const data::ExportTree& tree = *plan.tree;
  std::vector<HashJob> jobs;
  std::vector<std::string> names;
  std::vector<std::string> input_paths;
  if (!plan.manifest_path.empty() && plan.manifest_file.empty())
    input_paths.push_back(plan.manifest_path);
  for (const auto& dataset : plan.datasets) {
    if (!loaded.count(dataset.spec->name)) continue;
    for (const auto& source : dataset.sources) {
      for (const auto& file : source.files)
        input_paths.push_back(file.display_path);
    }
  }
  for (const auto& path : input_paths) {
    jobs.push_back(file_job(tree, path, true));
    names.push_back(path);
  }
  std::set<size_t> holding = archives_holding(tree, input_paths);
  std::vector<size_t> archives(holding.begin(), holding.end());
  for (size_t index : archives) {
    const data::TreeArchive& archive = tree.archives()[index];
    HashJob job;
    job.stored = [&tree, index] { return tree.open_archive_bytes(index); };
    jobs.push_back(std::move(job));
    names.push_back(archive.path.empty() ? plan.root.string() : archive.path);
  }
  size_t inputs = jobs.size();
  for (const auto& file : plan.unread) {
    if (file.regular) {
      jobs.push_back(file_job(tree, file.display_path, false));
      names.push_back(file.display_path);
    }
  }
  auto digests = hash_all(jobs, names);
  if (!digests) return digests.error();
  for (size_t i = 0; i < inputs; ++i) {
    bool root_archive =
        i >= input_paths.size() && tree.archives()[archives[i - input_paths.size()]].path.empty();
    if (root_archive) {
      trail.export_archive = (*digests)[i];
    } else {
      trail.inputs.push_back((*digests)[i]);
    }
  }
  size_t next = inputs;
  for (const auto& file : plan.unread) {
    trail.unread.push_back(
        {file.display_path, file.size, file.regular ? (*digests)[next++].sha256 : ""});
  }
  return {};
}

}  // namespace

util::Expected<AuditTrail> compute_audit_trail(const data::ExportPlan& plan,
                                               const std::set<std::string>& loaded,
                                               const rules::RuleSet& rules) {
  AuditTrail trail;
  if (!plan.manifest_file.empty()) {
    auto digest = util::sha256_file(plan.manifest_file);
    if (!digest) return digest.error();
    trail.inputs.push_back({plan.manifest_path, *digest, ""});
  }
  if (plan.tree) {
    if (auto ok = digest_export(plan, loaded, trail); !ok) return ok.error();
  }
  std::sort(trail.inputs.begin(), trail.inputs.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  for (const auto& rule : rules.rules) {
    auto digest = util::sha256_file(rule->source_path);
    if (!digest) return digest.error();
    trail.rules.push_back({rule->path, *digest, ""});
  }
  // A pack's schema.yaml decides what its rules read: it is part of the rules audited.
  for (const auto& [display, path] : rules.schema_files) {
    auto digest = util::sha256_file(path);
    if (!digest) return digest.error();
    trail.rules.push_back({display, *digest, ""});
  }
  std::sort(trail.rules.begin(), trail.rules.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  trail.params = canonical_params(rules);
  trail.params_sha256 = util::sha256_hex(trail.params);
  return trail;
}

}  // namespace lethe::engine
