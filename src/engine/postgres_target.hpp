// A live PostgreSQL-compatible database as a scan target: the rules are compiled to the
// engine's SQL and run inside it, on its own tables, through a manifest that maps datasets to
// tables; nothing is copied out but the findings (engine/server_backend.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "data/manifest.hpp"
#include "engine/server_backend.hpp"
#include "engine/target.hpp"
#include "util/postgres.hpp"

namespace lethe::engine {

// `url` without its user, password and parameters ("postgresql://db.example:5432/telemetry"),
// as reports show it. Fails when the URL holds a password: passwords come from PGPASSWORD or
// ~/.pgpass, never from the command line.
util::Expected<std::string> database_display_url(const std::string& url);

class PostgresTarget final : public Target {
 public:
  // The database at `request.location` through `request.manifest`; fails as open_target says.
  static util::Expected<std::unique_ptr<Target>> open(const TargetRequest& request,
                                                      const data::Schema& schema);

  TargetKind kind() const override { return TargetKind::database; }
  const std::string& display() const override { return m_display; }
  // Connects, and counts each dataset's rows, the unreadable ones and duplicated keys.
  util::Expected<void> prepare(const rules::RuleSet& rules, const ScanOptions& options,
                               ScanResult& result) override;
  // One backend: rules run one after the other on the connection.
  util::Expected<std::vector<std::unique_ptr<RuleBackend>>> backends(const ScanResult& result,
                                                                     size_t wanted) override;
  std::string rules_phase(size_t threads, size_t cached) const override;
  util::Expected<void> finish(ScanResult& result) override;

 private:
  PostgresTarget(const TargetRequest& request, std::string display, const data::Schema& schema)
      : m_request(request), m_display(std::move(display)), m_schema(schema) {}

  // Sets the session's time zone (UTC) and work_mem.
  util::Expected<void> set_up_session();
  // The dataset's table, its columns as the server has them, and whether the role may read it.
  DatasetTable describe_table(const data::DatasetSpec& spec, const data::DatasetSource& source,
                              std::string& unreadable_reason);
  // Plans the dataset and, when a rule reads it, surveys its table into the load report.
  void add_dataset(const data::DatasetSpec& spec, const data::DatasetSource& source,
                   const std::map<std::string, std::set<std::string>>& read, ScanResult& result);

  TargetRequest m_request;
  std::string m_display;
  const data::Schema& m_schema;
  std::optional<util::PgConnection> m_connection;
  util::TimeZone m_zone;  // the manifest's
  std::map<std::string, DatasetTable> m_tables;
};

}  // namespace lethe::engine
