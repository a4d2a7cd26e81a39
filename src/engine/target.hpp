// What `lethe scan` audits: an export folder or a live database, each a Target chosen by the
// scheme of its location from one table (open_target). A target plans and loads (or surveys)
// what the rules read, hands out the backends rules run through, and keeps what it keeps.
// Adding a kind of target: a class here and a row in target.cpp's table.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/schema.hpp"
#include "engine/rule_evaluator.hpp"
#include "engine/scan.hpp"
#include "engine/store_reuse.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

// Results of an earlier run kept for reuse, by rule index (a kept store's cache).
class RuleCache {
 public:
  virtual ~RuleCache() = default;
  // The kept result of rule `index` when it is still valid for the rule, else null.
  virtual const CachedRule* find(size_t index) const = 0;
  // Keeps rule `index`'s fresh result (encode_rule_result) for the next run.
  virtual void keep(size_t index, std::string encoded) = 0;
};

class Target {
 public:
  virtual ~Target() = default;

  virtual TargetKind kind() const = 0;
  // The target as reports show it: the export folder as given, or the database URL without
  // user, password and parameters.
  virtual const std::string& display() const = 0;
  // Plans the target and loads (an export) or surveys (a database) what `rules` read: fills
  // `result`'s plan, load report, audit trail and timings.
  virtual util::Expected<void> prepare(const rules::RuleSet& rules, const ScanOptions& options,
                                       ScanResult& result) = 0;
  // Up to `wanted` backends, each for one thread; at least one. Call after prepare.
  virtual util::Expected<std::vector<std::unique_ptr<RuleBackend>>> backends(
      const ScanResult& result, size_t wanted) = 0;
  // The results kept from an earlier run, when the target keeps them; null otherwise.
  virtual RuleCache* cache() { return nullptr; }
  // The --timings line of the rule phase.
  virtual std::string rules_phase(size_t threads, size_t cached) const = 0;
  // Called once every rule has run: keeps what the target keeps.
  virtual util::Expected<void> finish(ScanResult& result) = 0;
};

// What the command line says about the target.
struct TargetRequest {
  std::string location;               // an export folder, or a database URL
  std::filesystem::path manifest;     // --manifest: a database's datasets to tables; an export's
                                      // descriptor kept outside it
  std::filesystem::path store;        // --store: keep an export's store there
  int statement_timeout_seconds = 0;  // a database: per rule; 0: the server's own setting
};

// The target for `request.location`: a database by URL scheme (postgresql://, postgres://),
// else an export folder. Fails when an option does not apply to that kind of target or the
// location is unusable as given (a password in a database URL).
util::Expected<std::unique_ptr<Target>> open_target(const TargetRequest& request,
                                                    const data::Schema& schema);

// Whether `location` names a database (a scheme of open_target's table) rather than a folder.
bool is_database_url(const std::string& location);

}  // namespace lethe::engine
