#include "engine/server_backend.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "rules/postgres_dialect.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

// Rows fetched from the cursor at a time: memory stays flat however many findings there are.
constexpr int k_fetch_rows = 1000;

rules::Value value_from_text(std::string_view text, rules::ValueType type) {
  switch (type) {
    case rules::ValueType::integer:
    case rules::ValueType::timestamp: {
      std::int64_t number = 0;
      std::from_chars(text.data(), text.data() + text.size(), number);
      return type == rules::ValueType::integer ? rules::Value::of_integer(number)
                                               : rules::Value::of_timestamp(number);
    }
    case rules::ValueType::boolean:
      return rules::Value::of_boolean(text == "t" || text == "true");
    case rules::ValueType::real:
      return rules::Value::of_real(std::strtod(std::string(text).c_str(), nullptr));
    default:
      return rules::Value::of_string(std::string(text));
  }
}

// Row `row` of a fetched batch as a match: key, evidence (typed) and related keys.
Match match_from_row(const util::PgResult& batch, int row, const rules::CompiledRule& compiled,
                     const std::vector<rules::ValueType>& evidence_types) {
  Match match;
  int key = rules::CompiledRule::k_key_column;
  if (!batch.is_null(row, key)) match.key = std::string(batch.text(row, key));
  for (size_t i = 0; i < evidence_types.size(); ++i) {
    int column = rules::CompiledRule::k_first_evidence_column + static_cast<int>(i);
    match.evidence.push_back(batch.is_null(row, column)
                                 ? rules::Value()
                                 : value_from_text(batch.text(row, column), evidence_types[i]));
  }
  for (size_t i = 0; i < compiled.related.size(); ++i) {
    int column = compiled.related_column(i);
    std::vector<rules::Value> values;
    if (batch.is_null(row, column)) {
      match.related.push_back(std::nullopt);
    } else {
      match.related.push_back(rules::Value::of_string(std::string(batch.text(row, column))));
      for (const auto* field : compiled.related[i].fields) {
        ++column;
        values.push_back(
            batch.is_null(row, column)
                ? rules::Value()
                : value_from_text(batch.text(row, column), rules::value_type_of(field->type)));
      }
    }
    match.related_values.push_back(std::move(values));
  }
  return match;
}

}  // namespace

ServerBackend::ServerBackend(util::PgConnection& connection,
                             const std::map<std::string, DatasetTable>& tables, int timeout_seconds)
    : m_connection(connection), m_tables(tables), m_timeout(timeout_seconds) {
  for (const auto& [name, table] : tables) {
    if (table.readable) m_datasets.emplace_back(name, table.query);
  }
}

const rules::Dialect& ServerBackend::dialect() const {
  return rules::postgres_dialect();
}

Expected<std::uint64_t> ServerBackend::for_each_match(
    const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
    const std::function<Expected<void>(Match&&)>& on_match) {
  int width = compiled.column_count();
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(width));
  for (int i = 0; i < width; ++i)
    names.push_back(fmt::format("c{}", i));
  // Keys in byte order, as SQLite orders them, so that reports list findings alike.
  std::string with = m_datasets.empty() && compiled.common_tables.empty()
                         ? std::string()
                         : data::postgres_with_clause(m_datasets, compiled.common_tables);
  std::string sql = fmt::format(
      "DECLARE lethe_cursor NO SCROLL CURSOR FOR\n{}SELECT * FROM (\n{}\n) AS m({})\n"
      "ORDER BY c{} COLLATE \"C\" NULLS FIRST",
      with, compiled.sql, util::join(names, ", "), rules::CompiledRule::k_key_column);
  std::vector<std::optional<std::string>> params;
  for (const auto& binding : compiled.bindings)
    params.push_back(rules::postgres_parameter_text(binding.value));
  auto transaction = util::PgReadOnlyTransaction::begin(m_connection, m_timeout);
  if (!transaction) return transaction.error();
  if (auto ok = m_connection.exec(sql, params); !ok) return ok.error();
  std::uint64_t count = 0;
  for (;;) {
    auto batch = m_connection.exec(fmt::format("FETCH FORWARD {} FROM lethe_cursor", k_fetch_rows));
    if (!batch) return batch.error();
    for (int row = 0; row < batch->rows(); ++row) {
      ++count;
      if (auto ok = on_match(match_from_row(*batch, row, compiled, evidence_types)); !ok)
        return ok.error();
    }
    if (batch->rows() < k_fetch_rows) break;
  }
  if (auto ok = m_connection.exec("CLOSE lethe_cursor"); !ok) return ok.error();
  if (auto ok = transaction->commit(); !ok) return ok.error();
  return count;
}

Location ServerBackend::location(const std::string& dataset, const Match&) {
  return {m_tables.at(dataset).uri, 0, LocationKind::key, {}};
}

Expected<RelatedRow> ServerBackend::related_row(const std::string& dataset,
                                                const rules::Value& id) {
  RelatedRow row;
  row.dataset = dataset;
  row.key = id.text;
  row.location = {m_tables.at(dataset).uri, 0, LocationKind::key, {}};
  return row;
}

}  // namespace lethe::engine
