// Auditing a live PostgreSQL-compatible database: the rules are compiled to the engine's SQL and
// run inside it, on its own tables, through a manifest that maps datasets to tables; nothing is
// copied out but the findings.
#pragma once

#include <filesystem>
#include <string>

#include "data/schema.hpp"
#include "engine/scan.hpp"
#include "rules/rule_set.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

// Whether `target` names a database (postgresql:// or postgres://) rather than an export folder.
bool is_database_url(const std::string& target);

// `url` without its user, password and parameters ("postgresql://db.example:5432/telemetry"),
// as reports show it. Fails when the URL holds a password: passwords come from PGPASSWORD or
// ~/.pgpass, never from the command line.
util::Expected<std::string> database_display_url(const std::string& url);

struct DatabaseScanOptions {
  std::string url;                    // postgresql://USER@HOST:PORT/DB?sslmode=...
  std::filesystem::path manifest;     // datasets to tables (data::ManifestTarget::database)
  int statement_timeout_seconds = 0;  // per rule; 0: the server's own setting
};

// Scans the database: each rule in a READ ONLY transaction, its findings fetched through a
// server-side cursor in batches, so memory does not grow with their number. Findings point to
// `URL/schema.table` and the row's key. Errors are those that stop the audit before it starts
// (the URL, the manifest, the connection).
util::Expected<ScanResult> run_database_scan(const DatabaseScanOptions& database,
                                             const data::Schema& schema,
                                             const rules::RuleSet& rules,
                                             const ScanOptions& options);

}  // namespace lethe::engine
