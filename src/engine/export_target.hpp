// An export folder as a scan target: planned from its manifest or file names, loaded into a
// SQLite store (temporary, or kept and reused while its inputs are unchanged), indexed for the
// rules' joins; rules run through the store (engine/store_backend.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "data/store.hpp"
#include "engine/target.hpp"

namespace lethe::engine {

class ExportTarget final : public Target {
 public:
  // The export at `root` (a folder or an archive); `store_path` empty: a temporary store;
  // `manifest` empty: the export's own lethe.yaml, if any.
  ExportTarget(std::filesystem::path root, const data::Schema& schema,
               std::filesystem::path store_path, std::filesystem::path manifest = {});
  ~ExportTarget() override;

  TargetKind kind() const override { return TargetKind::export_folder; }
  const std::string& display() const override { return m_display; }
  util::Expected<void> prepare(const rules::RuleSet& rules, const ScanOptions& options,
                               ScanResult& result) override;
  util::Expected<std::vector<std::unique_ptr<RuleBackend>>> backends(const ScanResult& result,
                                                                     size_t wanted) override;
  RuleCache* cache() override;
  std::string rules_phase(size_t threads, size_t cached) const override;
  util::Expected<void> finish(ScanResult& result) override;

 private:
  class KeptResults;

  // Reuses a kept store whose signature matches, or loads the export into a new store.
  util::Expected<void> load(const rules::RuleSet& rules, ScanResult& result,
                            const data::LoadOptions& load_options);

  std::filesystem::path m_root;
  std::string m_display;
  const data::Schema& m_schema;
  std::filesystem::path m_store_path;
  std::filesystem::path m_manifest;
  std::optional<data::Store> m_store;
  enum class StoreOrigin { loaded, reused };  // reused: a kept store matched, nothing loaded
  StoreOrigin m_origin = StoreOrigin::loaded;
  std::string m_signature;  // of a kept store
  std::unique_ptr<KeptResults> m_cache;
};

}  // namespace lethe::engine
