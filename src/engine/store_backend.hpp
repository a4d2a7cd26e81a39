// The store as a RuleBackend: compiled rules run on a read-only SQLite connection, rows are
// identified by rowid, and locations by file and line (or rowid, for a SQLite file).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "data/export_plan.hpp"
#include "data/store.hpp"
#include "engine/rule_evaluator.hpp"
#include "util/sqlite.hpp"

namespace lethe::engine {

using FileLocations = std::map<std::int64_t, Location>;  // file id -> path and kind, line unset

// Where each file of the store came from.
util::Expected<FileLocations> load_file_locations(data::Store& store);

class StoreBackend final : public RuleBackend {
 public:
  // Runs rules on `db`, which the caller keeps open.
  StoreBackend(const data::ExportPlan& plan, std::shared_ptr<const FileLocations> files,
               util::SqliteDb& db);
  // Runs rules on a connection of its own.
  StoreBackend(const data::ExportPlan& plan, std::shared_ptr<const FileLocations> files,
               util::SqliteDb&& db);

  const rules::Dialect& dialect() const override;
  util::Expected<std::uint64_t> for_each_match(
      const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
      const std::function<util::Expected<void>(Match&&)>& on_match) override;
  Location location(const std::string& dataset, const Match& match) override;
  util::Expected<RelatedRow> related_row(const std::string& dataset,
                                         const rules::Value& id) override;

 private:
  Location location_of(std::int64_t file_id, std::int64_t line) const;

  const data::ExportPlan& m_plan;
  std::shared_ptr<const FileLocations> m_files;
  std::optional<util::SqliteDb> m_own;  // a connection of its own, if it has one
  util::SqliteDb& m_db;
  std::map<std::string, util::SqliteStatement> m_related_statements;
};

}  // namespace lethe::engine
