#include "engine/scan.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engine/finding_codec.hpp"
#include "engine/row_filters.hpp"
#include "engine/rule_evaluator.hpp"
#include "engine/rule_runner.hpp"
#include "engine/store_reuse.hpp"
#include "rules/sqlite_dialect.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"

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

const RuleResult* ScanResult::result_of(std::string_view rule_id) const {
  for (const auto& result : results) {
    if (result.rule->id == rule_id) return &result;
  }
  return nullptr;
}

namespace {

bool counts(const rules::Rule& rule, const Waiver* waiver, BaselineState baseline,
            const Gate& gate) {
  if (waiver || !gate.fail_on || rule.severity < *gate.fail_on) return false;
  return !gate.new_only || baseline != BaselineState::existing;
}

}  // namespace

bool counts_for_gate(const Finding& finding, const Gate& gate) {
  return counts(*finding.rule, finding.waiver, finding.baseline, gate);
}

bool FindingList::any_counts_for_gate(const Gate& gate) const {
  for (const auto& range : by_rule()) {
    for (size_t i = range.first; i < range.last; ++i) {
      if (counts(*range.rule, waiver(i), baseline(i), gate)) return true;
    }
  }
  return false;
}

int scan_exit_code(const ScanResult& result, const Gate& gate) {
  if (result.incomplete()) return 3;
  bool expired = std::any_of(result.waivers.begin(), result.waivers.end(),
                             [](const Waiver& w) { return w.state == Waiver::State::expired; });
  bool failing = result.findings.any_counts_for_gate(gate);
  return failing || expired ? 1 : 0;
}

void apply_baseline(ScanResult& result, const std::set<std::string>& baseline) {
  result.has_baseline = true;
  for (auto it = result.findings.begin(); it != result.findings.end(); ++it) {
    result.findings.set_baseline(it.index(), baseline.count(it->fingerprint)
                                                 ? BaselineState::existing
                                                 : BaselineState::new_finding);
  }
}

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

namespace {

// The fields each present dataset must load: what the rules in force read.
std::map<std::string, std::set<std::string>> fields_to_load(const data::ExportPlan& plan,
                                                            const rules::RuleSet& rules,
                                                            std::int64_t as_of) {
  auto wanted = fields_read_in_force(rules, as_of);
  std::map<std::string, std::set<std::string>> present;
  for (const auto& dataset : plan.datasets) {
    auto it = wanted.find(dataset.spec->name);
    if (it != wanted.end()) present.insert(*it);
  }
  return present;
}

// Indexes the fields that exists() clauses look rows up by, once the data is loaded (building an
// index after the inserts is far cheaper than maintaining it during them).
Expected<void> create_join_indexes(data::Store& store, const rules::RuleSet& rules,
                                   const data::LoadReport& load) {
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& rule : rules.rules)
    keys.insert(rule->join_keys.begin(), rule->join_keys.end());
  for (const auto& key : keys) {
    const std::string& dataset = key.first;
    const std::string& field = key.second;
    const data::DatasetReport* report = load.find(dataset);
    if (!report) continue;
    bool loaded = std::any_of(report->fields.begin(), report->fields.end(),
                              [&](const data::FieldReport& f) { return f.spec->name == field; });
    if (!loaded) continue;
    auto ok = store.db().exec(
        fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                    util::quote_identifier("lethe_index_" + dataset + "_" + field),
                    util::quote_identifier(dataset), util::quote_identifier(field)));
    if (!ok) return ok.error();
  }
  return {};
}

using FileLocations = std::map<std::int64_t, Location>;  // file id -> path and kind, line unset

Expected<FileLocations> load_file_names(util::SqliteDb& db) {
  auto statement = db.prepare("SELECT file_id, path, format FROM lethe_files");
  if (!statement) return statement.error();
  FileLocations files;
  while (statement->step() == SQLITE_ROW) {
    files[statement->column_int(0)] = {std::string(statement->column_text(1)), 0,
                                       statement->column_text(2) == "sqlite"};
  }
  return files;
}

// Writes the store's signature (unless empty) and the updated cache entries, in one transaction
// with a journal: a run that stops halfway leaves the store as it was.
Expected<void> keep_store(data::Store& store, const std::string& signature,
                          const std::map<std::string, CachedRule>& updated) {
  util::SqliteDb& db = store.db();
  end_rules(db);
  if (auto ok = db.exec("PRAGMA journal_mode=DELETE; BEGIN"); !ok) return ok;
  if (!signature.empty()) {
    if (auto ok = store.set_signature(signature); !ok) return ok;
  }
  // A cache that cannot be written only costs the next run time.
  (void)write_rule_cache(db, updated);
  return db.exec("COMMIT");
}

// The store as a RuleBackend: one read-only SQLite connection, rows by rowid, locations by file
// and line (or rowid).
class StoreBackend final : public RuleBackend {
 public:
  StoreBackend(const ScanResult& result, const FileLocations& files, util::SqliteDb& db)
      : m_result(result), m_files(files), m_db(db) {}

  const rules::Dialect& dialect() const override { return rules::sqlite_dialect(); }

  Expected<std::uint64_t> for_each_match(
      const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
      const std::function<Expected<void>(Match&&)>& on_match) override {
    return engine::for_each_match(m_db, compiled, evidence_types, on_match);
  }

  Location location(const std::string&, const Match& match) override {
    return location_of(match.file_id, match.line);
  }

  Expected<RelatedRow> related_row(const std::string& dataset, const rules::Value& id) override {
    const data::DatasetSpec* spec = nullptr;
    for (const auto& planned : m_result.plan.datasets) {
      if (planned.spec->name == dataset) spec = planned.spec;
    }
    auto& statement = m_related_statements[dataset];
    if (!statement.get()) {
      auto prepared = m_db.prepare(fmt::format("SELECT {}, _file, _line FROM {} WHERE rowid = ?1",
                                               util::quote_identifier(spec->key().name),
                                               util::quote_identifier(dataset)));
      if (!prepared) return prepared.error();
      statement = std::move(*prepared);
    }
    statement.reset();
    statement.bind_int(1, id.integer);
    if (statement.step() != SQLITE_ROW) return Error{m_db.last_error()};
    RelatedRow row;
    row.dataset = dataset;
    if (!statement.column_is_null(0)) row.key = std::string(statement.column_text(0));
    row.location = location_of(statement.column_int(1), statement.column_int(2));
    return row;
  }

 private:
  Location location_of(std::int64_t file_id, std::int64_t line) const {
    auto it = m_files.find(file_id);
    Location location = it == m_files.end() ? Location{} : it->second;
    location.line = line;
    return location;
  }

  const ScanResult& m_result;
  const FileLocations& m_files;
  util::SqliteDb& m_db;
  std::map<std::string, util::SqliteStatement> m_related_statements;
};

// The kept store's rule cache: entries read from it, and entries to write back.
struct RuleCache {
  std::map<std::string, CachedRule> entries;  // rule id -> entry, as read from the store
  std::vector<std::string> signatures;        // per rule, in rule order
  std::map<std::string, CachedRule> updated;  // entries to write back
};

// Runs every rule, on as many threads as there are cores (each with its own read-only connection
// to the store), and gathers outcomes and findings in rule order, whatever order they finish in.
// With a cache, rules whose signature matches take their results from it instead.
Expected<void> run_rules(const rules::RuleSet& rules, const ScanOptions& options,
                         ScanResult& result, data::Store& store, RuleCache* cache) {
  auto files = load_file_names(store.db());
  if (!files) return files.error();
  size_t count = rules.rules.size();
  auto cached = [&](size_t index) -> const CachedRule* {
    if (!cache) return nullptr;
    auto it = cache->entries.find(rules.rules[index]->id);
    return it != cache->entries.end() && it->second.signature == cache->signatures[index]
               ? &it->second
               : nullptr;
  };
  // The rules over the biggest datasets start first, so that threads finish together.
  auto rows_of = [&](size_t index) -> std::uint64_t {
    if (cached(index)) return 0;
    const data::DatasetReport* report = result.load.find(rules.rules[index]->from_dataset);
    return report ? report->rows_loaded - report->rows_filtered : 0;
  };
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rows_of(a) > rows_of(b); });
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  threads = std::min(threads, count);
  std::vector<util::SqliteDb> readers;
  for (size_t i = 1; i < threads; ++i) {
    auto reader = store.open_reader();
    if (!reader) return reader.error();
    if (auto ok = prepare_store_for_rules(*reader); !ok) return ok.error();
    readers.push_back(std::move(*reader));
  }
  std::vector<RuleResult> outcomes(count);
  std::vector<std::string> encoded(count);
  std::vector<double> seconds(count);
  std::vector<char> reused(count);  // not vector<bool>: threads set neighbouring entries
  std::atomic<size_t> next{0};
  std::mutex progress;
  std::optional<util::Error> failure;
  auto work = [&](util::SqliteDb& db) {
    StoreBackend backend(result, *files, db);
    RuleEvaluator evaluator(options, result, backend);
    for (size_t i; (i = next++) < count;) {
      size_t index = order[i];
      const rules::Rule& rule = *rules.rules[index];
      if (options.on_rule) {
        std::lock_guard<std::mutex> lock(progress);
        options.on_rule(rule, i, count);
      }
      auto started = std::chrono::steady_clock::now();
      const CachedRule* entry = cached(index);
      std::string encoded_findings;
      std::vector<std::uint64_t> ends;
      reused[index] =
          entry && split_rule_result(entry->result, rule, outcomes[index], encoded_findings, ends);
      if (reused[index]) {
        if (auto ok = result.findings.append_encoded(rule, encoded_findings, ends); !ok) {
          std::lock_guard<std::mutex> lock(progress);
          if (!failure) failure = ok.error();
        }
      } else {
        EncodedFindings for_cache;
        FindingSink sink(result.findings, rule, result.load, cache ? &for_cache : nullptr);
        outcomes[index] = evaluator.evaluate(rule, sink);
        bool ran = outcomes[index].outcome == Outcome::passed ||
                   outcomes[index].outcome == Outcome::failed;
        if (cache && ran) encoded[index] = encode_rule_result(outcomes[index], for_cache);
      }
      seconds[index] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
  };
  std::vector<std::thread> workers;
  for (auto& reader : readers)
    workers.emplace_back(work, std::ref(reader));
  work(store.db());
  for (auto& worker : workers)
    worker.join();
  size_t reused_count = static_cast<size_t>(std::count(reused.begin(), reused.end(), char{1}));
  result.timings.mark(fmt::format("rules ({} thread{}, {} from the store's cache)", threads,
                                  threads == 1 ? "" : "s", reused_count));
  for (size_t i = 0; i < count; ++i) {
    result.timings.detail(
        fmt::format("rule {}{}", rules.rules[i]->id, reused[i] ? " (cached)" : ""), seconds[i]);
    if (cache && !encoded[i].empty()) {
      cache->updated[rules.rules[i]->id] = {cache->signatures[i], std::move(encoded[i])};
    }
  }
  result.results = std::move(outcomes);
  if (failure) return *failure;
  result.findings.finish();
  return {};
}

}  // namespace

Expected<ScanResult> run_scan(const std::filesystem::path& export_dir, const data::Schema& schema,
                              const rules::RuleSet& rules, const ScanOptions& options) {
  ScanResult result;
  result.as_of = options.as_of;
  result.limits = options.limits;
  util::PhaseTimer& timings = result.timings;
  auto plan = data::plan_export(export_dir, schema, {options.limits});
  if (!plan) return plan.error();
  result.plan = std::move(*plan);
  data::LoadOptions load_options;
  load_options.limits = options.limits;
  load_options.fields = fields_to_load(result.plan, rules, options.as_of);
  load_options.on_progress = options.on_load_progress;
  for (const auto& rule : rules.rules) {
    if (rule->in_force(options.as_of)) load_options.duplicate_keys.insert(rule->from_dataset);
  }
  if (options.filter_rows) load_options.filters = derive_row_filters(rules, options.as_of);
  std::set<std::string> loaded_datasets;
  for (const auto& [dataset, fields] : *load_options.fields)
    loaded_datasets.insert(dataset);
  timings.mark("plan");

  // A store kept by an earlier run is reused when it was loaded from the same inputs.
  bool kept = !options.store_path.empty();
  std::optional<data::Store> store;
  std::optional<Expected<AuditTrail>> audit;
  std::string signature;
  if (kept) {
    auto existing = data::Store::open_existing(options.store_path);
    if (!existing) return existing.error();
    if (*existing) {
      audit = compute_audit_trail(result.plan, loaded_datasets, rules);
      if (!*audit) return audit->error();
      signature = store_signature(result.plan, load_options, **audit);
      if ((*existing)->signature() == signature) store.emplace(std::move(**existing));
    }
  }
  bool reused = store.has_value();
  if (reused) {
    auto load = data::read_load_report(result.plan, *store, load_options);
    if (!load) return load.error();
    result.load = std::move(*load);
    timings.mark("store reused (digests match)");
  } else {
    auto created = data::Store::create(options.store_path);
    if (!created) return created.error();
    store.emplace(std::move(*created));
    // The digests are computed on another core while the export loads: both only read files.
    std::future<Expected<AuditTrail>> digests;
    if (!audit) {
      digests = std::async(std::launch::async, [&] {
        return compute_audit_trail(result.plan, loaded_datasets, rules);
      });
    }
    auto load = data::load_export(result.plan, *store, load_options);
    if (digests.valid()) audit = digests.get();
    timings.mark("load (and digests)");
    if (!load) return load.error();
    result.load = std::move(*load);
  }
  if (!*audit) return audit->error();
  result.audit = std::move(**audit);
  if (kept && signature.empty())
    signature = store_signature(result.plan, load_options, result.audit);
  if (auto ok = create_join_indexes(*store, rules, result.load); !ok) return ok.error();
  // Other threads read the store through connections of their own (run_rules).
  if (auto ok = store->share(); !ok) return ok.error();
  std::optional<RuleCache> cache;
  if (kept) {
    cache.emplace();
    if (reused) {
      auto entries = read_rule_cache(store->db());
      if (entries) cache->entries = std::move(*entries);  // an unreadable cache is recomputed
    }
    for (const auto& rule : rules.rules) {
      cache->signatures.push_back(
          rule_signature(signature, *rule, result.audit, options.as_of, options.reveal_pii));
    }
  }
  if (auto ok = prepare_store_for_rules(store->db()); !ok) return ok.error();
  timings.mark("index");
  if (auto ok = run_rules(rules, options, result, *store, cache ? &*cache : nullptr); !ok) {
    return ok.error();
  }
  if (kept) {
    // The store is complete: record what it was loaded from, and the rules' results.
    if (auto ok = keep_store(*store, reused ? "" : signature, cache->updated); !ok) {
      return ok.error();
    }
    timings.mark("store kept");
  }
  return result;
}

}  // namespace lethe::engine
