#include "engine/store_backend.hpp"

#include <fmt/format.h>

#include "engine/rule_runner.hpp"
#include "rules/sqlite_dialect.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

Expected<FileLocations> load_file_locations(data::Store& store) {
  auto stored = store.read_files();
  if (!stored) return stored.error();
  FileLocations files;
  for (const auto& file : *stored) {
    // A SQLite file has no lines: its rows are located by rowid.
    bool sqlite = file.format == data::FileFormat::sqlite;
    files[file.id] = {file.path, 0, sqlite ? LocationKind::rowid : LocationKind::line, file.source};
  }
  return files;
}

StoreBackend::StoreBackend(const data::ExportPlan& plan, std::shared_ptr<const FileLocations> files,
                           util::SqliteDb& db)
    : m_plan(plan), m_files(std::move(files)), m_db(db) {}

StoreBackend::StoreBackend(const data::ExportPlan& plan, std::shared_ptr<const FileLocations> files,
                           util::SqliteDb&& db)
    : m_plan(plan), m_files(std::move(files)), m_own(std::move(db)), m_db(*m_own) {}

const rules::Dialect& StoreBackend::dialect() const {
  return rules::sqlite_dialect();
}

Expected<std::uint64_t> StoreBackend::for_each_match(
    const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
    const std::function<Expected<void>(Match&&)>& on_match) {
  return engine::for_each_match(m_db, compiled, evidence_types, on_match);
}

Location StoreBackend::location(const std::string&, const Match& match) {
  return location_of(match.file_id, match.line);
}

Expected<RelatedRow> StoreBackend::related_row(const std::string& dataset, const rules::Value& id) {
  auto& statement = m_related_statements[dataset];
  if (!statement.get()) {
    const data::DatasetSpec* spec = nullptr;
    for (const auto& planned : m_plan.datasets) {
      if (planned.spec->name == dataset) spec = planned.spec;
    }
    if (!spec) return Error{fmt::format("no dataset {} in the store", dataset)};
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

Location StoreBackend::location_of(std::int64_t file_id, std::int64_t line) const {
  auto it = m_files->find(file_id);
  Location location = it == m_files->end() ? Location{} : it->second;
  location.line = line;
  return location;
}

}  // namespace lethe::engine
