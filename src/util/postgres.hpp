// RAII wrappers over libpq: a connection to a PostgreSQL-compatible server and query results.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::util {

// The rows of one query, as text.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : m_result(result, &PQclear) {}

  int rows() const { return PQntuples(m_result.get()); }
  int columns() const { return PQnfields(m_result.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(m_result.get(), row, column) != 0; }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
  }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> m_result;
};

class PgConnection {
 public:
  // Connects with a libpq connection string or URI (the password comes from PGPASSWORD or
  // ~/.pgpass, as libpq finds it). Fails with the server's or libpq's first line of reason.
  static Expected<PgConnection> connect(const std::string& conninfo);

  // Runs `sql` with text parameters ($1, $2, ...; nullopt is NULL). Fails with the server's
  // message, without the "ERROR:" prefix.
  Expected<PgResult> exec(const std::string& sql,
                          const std::vector<std::optional<std::string>>& params = {});

  // The server's version number, e.g. 150018.
  int server_version() const { return PQserverVersion(m_conn.get()); }

 private:
  explicit PgConnection(PGconn* conn) : m_conn(conn, &PQfinish) {}
  std::string last_error() const;

  std::unique_ptr<PGconn, void (*)(PGconn*)> m_conn;
};

// Statements in one READ ONLY transaction (with a statement timeout, if given), rolled back
// unless committed: whatever the statements are, they cannot write.
class PgReadOnlyTransaction {
 public:
  // Begins the transaction; `timeout_seconds` 0 keeps the server's statement_timeout.
  static Expected<PgReadOnlyTransaction> begin(PgConnection& connection, int timeout_seconds);
  PgReadOnlyTransaction(PgReadOnlyTransaction&& other) noexcept;
  PgReadOnlyTransaction(const PgReadOnlyTransaction&) = delete;
  PgReadOnlyTransaction& operator=(const PgReadOnlyTransaction&) = delete;
  PgReadOnlyTransaction& operator=(PgReadOnlyTransaction&&) = delete;
  ~PgReadOnlyTransaction();
  // Commits; the transaction is over either way.
  Expected<void> commit();

 private:
  explicit PgReadOnlyTransaction(PgConnection& connection) : m_connection(&connection) {}
  PgConnection* m_connection;
};

// `text` as a PostgreSQL string literal ('it''s'), for the few statements that take no
// parameters (SET LOCAL).
std::string pg_string_literal(std::string_view text);

}  // namespace lethe::util
