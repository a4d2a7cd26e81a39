// A PostgreSQL-compatible server as a RuleBackend: each rule runs in a READ ONLY transaction,
// over the datasets as common table expressions on the server's tables, and its matches come
// back through a server-side cursor in batches, so memory does not grow with their number.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data/postgres_source.hpp"
#include "engine/rule_evaluator.hpp"
#include "util/postgres.hpp"

namespace lethe::engine {

// A dataset as the server holds it.
struct DatasetTable {
  const data::DatasetSpec* spec = nullptr;
  std::string table_sql;  // "schema"."name"
  std::string uri;        // URL/schema.name, where findings point
  std::vector<data::PostgresColumn> columns;
  std::string query;  // the dataset as rules read it (data::postgres_dataset_query)
  bool readable = false;
};

class ServerBackend final : public RuleBackend {
 public:
  // Runs rules on `connection` over the readable `tables` (dataset name -> table); both stay
  // the caller's.
  ServerBackend(util::PgConnection& connection, const std::map<std::string, DatasetTable>& tables,
                int timeout_seconds);

  const rules::Dialect& dialect() const override;
  util::Expected<std::uint64_t> for_each_match(
      const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
      const std::function<util::Expected<void>(Match&&)>& on_match) override;
  Location location(const std::string& dataset, const Match& match) override;
  util::Expected<RelatedRow> related_row(const std::string& dataset,
                                         const rules::Value& id) override;

 private:
  util::PgConnection& m_connection;
  const std::map<std::string, DatasetTable>& m_tables;
  int m_timeout;
  std::vector<std::pair<std::string, std::string>> m_datasets;  // readable ones: name, query
};

}  // namespace lethe::engine
