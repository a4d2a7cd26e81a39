#include "engine/scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/export_target.hpp"
#include "engine/rule_evaluator.hpp"
#include "engine/store_reuse.hpp"
#include "engine/target.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

bool ScanResult::incomplete() const {
  if (!load.complete()) return true;
  return std::any_of(results.begin(), results.end(),
                     [](const RuleResult& r) { return r.outcome == Outcome::error; });
}

std::vector<std::string> ScanResult::unread_datasets() const {
  std::vector<std::string> unread;
  for (const auto& dataset : plan.datasets) {
    if (!load.find(dataset.spec->name)) unread.push_back(dataset.spec->name);
  }
  return unread;
}

std::map<std::string, std::set<std::string>> fields_for_scan(const rules::RuleSet& rules,
                                                             const data::Schema& schema,
                                                             const ScanOptions& options) {
  auto fields = fields_read_in_force(rules, options.as_of);
  for (const auto& name : options.required_datasets) {
    if (const data::DatasetSpec* spec = schema.find(name)) fields[name].insert(spec->key().name);
  }
  return fields;
}

const RuleResult* ScanResult::result_of(std::string_view rule_id) const {
  for (const auto& result : results) {
    if (result.rule->id == rule_id) return &result;
  }
  return nullptr;
}

std::set<std::string> apply_baseline(ScanResult& result, const std::set<std::string>& baseline) {
  result.has_baseline = true;
  std::set<std::string> fixed = baseline;
  for (auto it = result.findings.begin(); it != result.findings.end(); ++it) {
    bool existing = baseline.count(it->fingerprint) > 0;
    if (existing) fixed.erase(it->fingerprint);
    result.findings.set_baseline(it.index(),
                                 existing ? BaselineState::existing : BaselineState::new_finding);
  }
  return fixed;
}

namespace {

// The order rules start in: those over the biggest datasets first, so that threads finish
// together; rules answered from the cache cost nothing.
std::vector<size_t> start_order(const rules::RuleSet& rules, const ScanResult& result,
                                const RuleCache* cache) {
  auto rows_of = [&](size_t index) -> std::uint64_t {
    if (cache && cache->find(index)) return 0;
    const data::DatasetReport* report = result.load.find(rules.rules[index]->from_dataset);
    return report ? report->rows_loaded - report->rows_filtered : 0;
  };
  std::vector<size_t> order(rules.rules.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rows_of(a) > rows_of(b); });
  return order;
}

// Runs the rules on one thread per backend and gathers outcomes and findings in rule order,
// whatever order they finish in. Rules the target's cache holds take their results from it.
class RuleRun {
 public:
  RuleRun(const rules::RuleSet& rules, const ScanOptions& options, ScanResult& result,
          RuleCache* cache)
      : m_rules(rules),
        m_options(options),
        m_result(result),
        m_cache(cache),
        m_order(start_order(rules, result, cache)),
        m_outcomes(rules.rules.size()),
        m_encoded(rules.rules.size()),
        m_seconds(rules.rules.size()),
        m_reused(rules.rules.size()) {}

  // Runs every rule; `backends` has one entry per thread.
  Expected<void> run(std::vector<std::unique_ptr<RuleBackend>>& backends) {
    std::vector<std::thread> workers;
    for (size_t i = 1; i < backends.size(); ++i)
      workers.emplace_back([this, &backends, i] { work(*backends[i]); });
    work(*backends.front());
    for (auto& worker : workers)
      worker.join();
    if (m_failure) return *m_failure;
    return {};
  }

  // Hands the outcomes to the result and the fresh encodings to the cache; `phase` names the
  // rule phase in the timings.
  void finish(const std::string& phase) {
    m_result.timings.mark(phase);
    for (size_t i = 0; i < m_rules.rules.size(); ++i) {
      m_result.timings.detail(
          fmt::format("rule {}{}", m_rules.rules[i]->id, m_reused[i] ? " (cached)" : ""),
          m_seconds[i]);
      if (m_cache && !m_encoded[i].empty()) m_cache->keep(i, std::move(m_encoded[i]));
    }
    m_result.results = std::move(m_outcomes);
  }

  size_t reused() const {
    return static_cast<size_t>(std::count(m_reused.begin(), m_reused.end(), char{1}));
  }

 private:
  void work(RuleBackend& backend) {
    RuleEvaluator evaluator({m_options.as_of, m_options.reveal_pii, &m_result.load}, backend);
    size_t count = m_rules.rules.size();
    for (;;) {
      size_t i = 0;
      if (m_options.on_rule) {
        // Taken under the lock, so that rules are shown in the order they are taken.
        std::lock_guard<std::mutex> lock(m_mutex);
        if ((i = m_next++) >= count) break;
        m_options.on_rule(*m_rules.rules[m_order[i]], i, count);
      } else if ((i = m_next++) >= count) {
        break;
      }
      size_t index = m_order[i];
      const rules::Rule& rule = *m_rules.rules[index];
      auto started = std::chrono::steady_clock::now();
      if (!reuse(index, rule)) evaluate(index, rule, evaluator);
      m_seconds[index] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
  }

  // Takes rule `index`'s result from the cache; false when it has none.
  bool reuse(size_t index, const rules::Rule& rule) {
    const CachedRule* entry = m_cache ? m_cache->find(index) : nullptr;
    std::string encoded;
    std::vector<std::uint64_t> ends;
    if (!entry || !split_rule_result(entry->result, rule, m_outcomes[index], encoded, ends))
      return false;
    m_reused[index] = 1;
    if (auto ok = m_result.findings.append_encoded(rule, encoded, ends); !ok) fail(ok.error());
    return true;
  }

  void evaluate(size_t index, const rules::Rule& rule, RuleEvaluator& evaluator) {
    EncodedFindings for_cache;
    FindingSink sink(m_result.findings, rule, m_result.load, m_cache ? &for_cache : nullptr);
    m_outcomes[index] = evaluator.evaluate(rule, sink);
    Outcome outcome = m_outcomes[index].outcome;
    bool ran =
        outcome == Outcome::passed || outcome == Outcome::failed || outcome == Outcome::incomplete;
    if (m_cache && ran) m_encoded[index] = encode_rule_result(m_outcomes[index], for_cache);
  }

  void fail(const Error& error) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_failure) m_failure = error;
  }

  const rules::RuleSet& m_rules;
  const ScanOptions& m_options;
  ScanResult& m_result;
  RuleCache* m_cache;
  std::vector<size_t> m_order;
  std::vector<RuleResult> m_outcomes;
  std::vector<std::string> m_encoded;  // per rule, for the cache
  std::vector<double> m_seconds;
  std::vector<char> m_reused;  // not vector<bool>: threads set neighbouring entries
  std::atomic<size_t> m_next{0};
  std::mutex m_mutex;  // progress callbacks and m_failure
  std::optional<Error> m_failure;
};

}  // namespace

Expected<ScanResult> run_scan(Target& target, const rules::RuleSet& rules,
                              const ScanOptions& options) {
  ScanResult result;
  result.target = target.kind();
  result.as_of = options.as_of;
  result.limits = options.limits;
  if (auto ok = target.prepare(rules, options, result); !ok) return ok.error();
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  auto backends =
      target.backends(result, std::max<size_t>(1, std::min(threads, rules.rules.size())));
  if (!backends) return backends.error();
  RuleRun run(rules, options, result, target.cache());
  if (auto ok = run.run(*backends); !ok) return ok.error();
  run.finish(target.rules_phase(backends->size(), run.reused()));
  result.findings.finish();
  backends->clear();  // their connections end before the target keeps what it keeps
  if (auto ok = target.finish(result); !ok) return ok.error();
  return result;
}

Expected<ScanResult> run_scan(const std::filesystem::path& export_dir, const data::Schema& schema,
                              const rules::RuleSet& rules, const ScanOptions& options) {
  ExportTarget target(export_dir, schema, {});
  return run_scan(target, rules, options);
}

}  // namespace lethe::engine
