#include "engine/export_target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <iterator>
#include <map>
#include <set>

#include "engine/row_filters.hpp"
#include "engine/rule_runner.hpp"
#include "engine/store_backend.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

// The fields each present dataset must load: what the rules in force read, and the keys of
// required datasets.
std::map<std::string, std::set<std::string>> fields_to_load(const data::ExportPlan& plan,
                                                            const rules::RuleSet& rules,
                                                            const data::Schema& schema,
                                                            const ScanOptions& options) {
  auto wanted = fields_for_scan(rules, schema, options);
  std::map<std::string, std::set<std::string>> present;
  for (const auto& dataset : plan.datasets) {
    auto it = wanted.find(dataset.spec->name);
    if (it != wanted.end()) present.insert(*it);
  }
  return present;
}

data::LoadOptions load_options_for(const ScanResult& result, const rules::RuleSet& rules,
                                   const data::Schema& schema, const ScanOptions& options) {
  data::LoadOptions load_options;
  load_options.limits = options.limits;
  load_options.fields = fields_to_load(result.plan, rules, schema, options);
  load_options.on_progress = options.on_load_progress;
  for (const auto& rule : rules.rules) {
    if (rule->in_force(options.as_of)) load_options.duplicate_keys.insert(rule->from_dataset);
  }
  load_options.key_set_memory = options.key_set_memory;
  if (options.stored_rows == StoredRows::matchable) {
    RowFilters derived = derive_row_filters(rules, options.as_of);
    load_options.filters = std::move(derived.filters);
    load_options.probes = std::move(derived.probes);
  }
  return load_options;
}

// Whether the load stored `field` of `report`'s dataset.
bool field_loaded(const data::DatasetReport& report, const std::string& field) {
  return std::any_of(report.fields.begin(), report.fields.end(),
                     [&](const data::FieldReport& f) { return f.spec->name == field; });
}

// Indexes the fields that exists() and count() clauses look rows up by, once the data is loaded
// (building an index after the inserts is far cheaper than maintaining it during them). An index
// whose columns begin another one's is left out: the longer one serves its lookups too.
Expected<void> create_join_indexes(data::Store& store, const rules::RuleSet& rules,
                                   const data::LoadReport& load) {
  std::set<std::pair<std::string, std::vector<std::string>>> indexes;
  for (const auto& rule : rules.rules)
    indexes.insert(rule->join_indexes.begin(), rule->join_indexes.end());
  for (auto it = indexes.begin(); it != indexes.end(); ++it) {
    const auto& [dataset, columns] = *it;
    auto next = std::next(it);
    // The set is ordered, so a longer index with the same first columns comes right after.
    bool covered = next != indexes.end() && next->first == dataset &&
                   next->second.size() > columns.size() &&
                   std::equal(columns.begin(), columns.end(), next->second.begin());
    const data::DatasetReport* report = load.find(dataset);
    if (covered || !report) continue;
    if (!std::all_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return field_loaded(*report, c); })) {
      continue;
    }
    std::vector<std::string> quoted;
    for (const auto& column : columns)
      quoted.push_back(util::quote_identifier(column));
    auto ok =
        store.db().exec(fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                                    util::quote_identifier(fmt::format("lethe_index_{}_{}", dataset,
                                                                       util::join(columns, "__"))),
                                    util::quote_identifier(dataset), util::join(quoted, ", ")));
    if (!ok) return ok.error();
  }
  return {};
}

}  // namespace

// The kept store's rule cache: entries read from it, and entries to write back.
class ExportTarget::KeptResults final : public RuleCache {
 public:
  KeptResults(std::map<std::string, CachedRule> entries, const rules::RuleSet& rules,
              std::vector<std::string> signatures)
      : m_entries(std::move(entries)), m_rules(rules), m_signatures(std::move(signatures)) {}

  const CachedRule* find(size_t index) const override {
    auto it = m_entries.find(m_rules.rules[index]->id);
    return it != m_entries.end() && it->second.signature == m_signatures[index] ? &it->second
                                                                                : nullptr;
  }
  void keep(size_t index, std::string encoded) override {
    m_updated[m_rules.rules[index]->id] = {m_signatures[index], std::move(encoded)};
  }
  const std::map<std::string, CachedRule>& updated() const { return m_updated; }

 private:
  std::map<std::string, CachedRule> m_entries;  // rule id -> entry, as read from the store
  const rules::RuleSet& m_rules;
  std::vector<std::string> m_signatures;        // per rule, in rule order
  std::map<std::string, CachedRule> m_updated;  // entries to write back
};

ExportTarget::ExportTarget(std::filesystem::path root, const data::Schema& schema,
                           std::filesystem::path store_path, std::filesystem::path manifest)
    : m_root(std::move(root)),
      m_display(m_root.string()),
      m_schema(schema),
      m_store_path(std::move(store_path)),
      m_manifest(std::move(manifest)) {}

ExportTarget::~ExportTarget() = default;

Expected<void> ExportTarget::prepare(const rules::RuleSet& rules, const ScanOptions& options,
                                     ScanResult& result) {
  auto plan = data::plan_export(m_root, m_schema, {options.limits, m_manifest});
  if (!plan) return plan.error();
  result.plan = std::move(*plan);
  data::LoadOptions load_options = load_options_for(result, rules, m_schema, options);
  result.timings.mark("plan");
  if (auto ok = load(rules, result, load_options); !ok) return ok;
  if (auto ok = create_join_indexes(*m_store, rules, result.load); !ok) return ok.error();
  // Other threads read the store through connections of their own (backends).
  if (auto ok = m_store->share(); !ok) return ok.error();
  if (!m_store_path.empty()) {
    std::map<std::string, CachedRule> entries;
    if (m_origin == StoreOrigin::reused) {
      auto read = data::Store::read_rule_cache(m_store->db());
      if (read) entries = std::move(*read);  // an unreadable cache is recomputed
    }
    std::vector<std::string> signatures;
    for (const auto& rule : rules.rules) {
      signatures.push_back(
          rule_signature(m_signature, *rule, result.audit, options.as_of, options.reveal_pii));
    }
    m_cache = std::make_unique<KeptResults>(std::move(entries), rules, std::move(signatures));
  }
  if (auto ok = prepare_store_for_rules(m_store->db()); !ok) return ok.error();
  result.timings.mark("index");
  return {};
}

Expected<void> ExportTarget::load(const rules::RuleSet& rules, ScanResult& result,
                                  const data::LoadOptions& load_options) {
  std::set<std::string> loaded_datasets;
  for (const auto& [dataset, fields] : *load_options.fields)
    loaded_datasets.insert(dataset);
  // A store kept by an earlier run is reused when it was loaded from the same inputs.
  std::optional<Expected<AuditTrail>> audit;
  if (!m_store_path.empty()) {
    auto existing = data::Store::open_existing(m_store_path);
    if (!existing) return existing.error();
    if (*existing) {
      audit = compute_audit_trail(result.plan, loaded_datasets, rules);
      if (!*audit) return audit->error();
      m_signature = store_signature(result.plan, load_options, **audit);
      if ((*existing)->signature() == m_signature) {
        m_store.emplace(std::move(**existing));
        m_origin = StoreOrigin::reused;
      }
    }
  }
  if (m_origin == StoreOrigin::reused) {
    auto load = data::read_load_report(result.plan, *m_store, load_options);
    if (!load) return load.error();
    result.load = std::move(*load);
    result.timings.mark("store reused (digests match)");
  } else {
    auto created = data::Store::create(m_store_path);
    if (!created) return created.error();
    m_store.emplace(std::move(*created));
    // The digests are computed on another core while the export loads: both only read files.
    std::future<Expected<AuditTrail>> digests;
    if (!audit) {
      digests = std::async(std::launch::async, [&] {
        return compute_audit_trail(result.plan, loaded_datasets, rules);
      });
    }
    auto load = data::load_export(result.plan, *m_store, load_options);
    if (digests.valid()) audit = digests.get();
    result.timings.mark("load (and digests)");
    if (!load) return load.error();
    result.load = std::move(*load);
  }
  if (!*audit) return audit->error();
  result.audit = std::move(**audit);
  if (!m_store_path.empty() && m_signature.empty())
    m_signature = store_signature(result.plan, load_options, result.audit);
  return {};
}

Expected<std::vector<std::unique_ptr<RuleBackend>>> ExportTarget::backends(const ScanResult& result,
                                                                           size_t wanted) {
  auto read = load_file_locations(*m_store);
  if (!read) return read.error();
  auto files = std::make_shared<const FileLocations>(std::move(*read));
  std::vector<std::unique_ptr<RuleBackend>> backends;
  backends.push_back(std::make_unique<StoreBackend>(result.plan, files, m_store->db()));
  for (size_t i = 1; i < wanted; ++i) {
    auto reader = m_store->open_reader();
    if (!reader) return reader.error();
    if (auto ok = prepare_store_for_rules(*reader); !ok) return ok.error();
    backends.push_back(std::make_unique<StoreBackend>(result.plan, files, std::move(*reader)));
  }
  return backends;
}

RuleCache* ExportTarget::cache() {
  return m_cache.get();
}

std::string ExportTarget::rules_phase(size_t threads, size_t cached) const {
  return fmt::format("rules ({} thread{}, {} from the store's cache)", threads,
                     threads == 1 ? "" : "s", cached);
}

Expected<void> ExportTarget::finish(ScanResult& result) {
  if (m_store_path.empty()) return {};
  // The store is complete: record what it was loaded from, and the rules' results, in one
  // transaction with a journal: a run that stops halfway leaves the store as it was.
  util::SqliteDb& db = m_store->db();
  end_rules(db);
  if (auto ok = db.exec("PRAGMA journal_mode=DELETE; BEGIN"); !ok) return ok;
  if (m_origin == StoreOrigin::loaded) {
    if (auto ok = m_store->set_signature(m_signature); !ok) return ok;
  }
  // A cache that cannot be written only costs the next run time.
  (void)data::Store::write_rule_cache(db, m_cache->updated());
  if (auto ok = db.exec("COMMIT"); !ok) return ok;
  result.timings.mark("store kept");
  return {};
}

}  // namespace lethe::engine
