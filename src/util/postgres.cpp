#include "util/postgres.hpp"

#include <fmt/format.h>

namespace lethe::util {

namespace {

// libpq's messages end with a line break and may hold a DETAIL or HINT line after the first.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  if (text.rfind("ERROR:  ", 0) == 0) text.erase(0, 8);
  if (text.rfind("FATAL:  ", 0) == 0) text.erase(0, 8);
  auto end = text.find('\n');
  if (end != std::string::npos) text.erase(end);
  return text.empty() ? std::string("unknown error") : text;
}

}  // namespace

Expected<PgConnection> PgConnection::connect(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  if (!raw) return Error{"out of memory"};
  PgConnection connection(raw);
  if (PQstatus(raw) != CONNECTION_OK) return Error{first_line(PQerrorMessage(raw))};
  return connection;
}

std::string PgConnection::last_error() const {
  return first_line(PQerrorMessage(m_conn.get()));
}

Expected<PgResult> PgConnection::exec(const std::string& sql,
                                      const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params)
    values.push_back(param ? param->c_str() : nullptr);
  PGresult* raw = PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  PgResult result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error{raw ? first_line(PQresultErrorMessage(raw)) : last_error()};
  }
  return result;
}

std::string pg_string_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

Expected<PgReadOnlyTransaction> PgReadOnlyTransaction::begin(PgConnection& connection,
                                                             int timeout_seconds) {
  if (auto ok = connection.exec("BEGIN READ ONLY"); !ok) return ok.error();
  PgReadOnlyTransaction transaction(connection);
  if (timeout_seconds > 0) {
    auto ok = connection.exec(fmt::format("SET LOCAL statement_timeout = '{}s'", timeout_seconds));
    if (!ok) return ok.error();
  }
  return transaction;
}

PgReadOnlyTransaction::PgReadOnlyTransaction(PgReadOnlyTransaction&& other) noexcept
    : m_connection(other.m_connection) {
  other.m_connection = nullptr;
}

PgReadOnlyTransaction::~PgReadOnlyTransaction() {
  if (m_connection) (void)m_connection->exec("ROLLBACK");
}

Expected<void> PgReadOnlyTransaction::commit() {
  auto ok = m_connection->exec("COMMIT");
  m_connection = nullptr;
  if (!ok) return ok.error();
  return {};
}

}  // namespace lethe::util
