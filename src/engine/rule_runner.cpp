#include "engine/rule_runner.hpp"

#include <fmt/format.h>

#include "rules/sqlite_dialect.hpp"

namespace lethe::engine {

using rules::Value;
using rules::ValueType;
using util::Error;
using util::Expected;

namespace {

Value read_value(const util::SqliteStatement& statement, int column, ValueType type) {
  if (statement.column_is_null(column)) return Value();
  switch (type) {
    case ValueType::integer:
      return Value::of_integer(statement.column_int(column));
    case ValueType::boolean:
      return Value::of_boolean(statement.column_int(column) != 0);
    case ValueType::timestamp:
      return Value::of_timestamp(statement.column_int(column));
    case ValueType::real:
      return Value::of_real(statement.column_real(column));
    default:
      return Value::of_string(std::string(statement.column_text(column)));
  }
}

}  // namespace

namespace {

int read_only_authorizer(void*, int action, const char*, const char*, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    default:
      return SQLITE_DENY;
  }
}

}  // namespace

Expected<void> prepare_store_for_rules(util::SqliteDb& db) {
  if (auto ok = rules::register_sqlite_functions(db.get()); !ok) return ok;
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_set_authorizer(db.get(), read_only_authorizer, nullptr);
  return {};
}

void end_rules(util::SqliteDb& db) {
  sqlite3_set_authorizer(db.get(), nullptr, nullptr);
}

namespace {

Match read_match(const util::SqliteStatement* statement, const rules::CompiledRule& compiled,
                 const std::vector<ValueType>& evidence_types);

}  // namespace

Expected<std::vector<Match>> run_rule(util::SqliteDb& db, const rules::CompiledRule& compiled,
                                      const std::vector<ValueType>& evidence_types) {
  std::vector<Match> matches;
  auto count = for_each_match(db, compiled, evidence_types, [&](Match&& match) -> Expected<void> {
    matches.push_back(std::move(match));
    return {};
  });
  if (!count) return count.error();
  return matches;
}

Expected<std::uint64_t> for_each_match(util::SqliteDb& db, const rules::CompiledRule& compiled,
                                       const std::vector<ValueType>& evidence_types,
                                       const std::function<Expected<void>(Match&&)>& on_match) {
  // Columns 4, 2 and 3 are the key, _file and _line (CompiledRule's k_*_column, 1-based).
  auto statement = db.prepare(fmt::format(
      "SELECT * FROM ({}) ORDER BY {}, {}, {}", compiled.sql, rules::CompiledRule::k_key_column + 1,
      rules::CompiledRule::k_file_column + 1, rules::CompiledRule::k_line_column + 1));
  if (!statement) return statement.error();
  for (size_t i = 0; i < compiled.bindings.size(); ++i) {
    rules::bind_sqlite_value(*statement, static_cast<int>(i) + 1, compiled.bindings[i].value);
  }
  std::uint64_t count = 0;
  int rc;
  while ((rc = statement->step()) == SQLITE_ROW) {
    ++count;
    if (auto ok = on_match(read_match(&*statement, compiled, evidence_types)); !ok) {
      return ok.error();
    }
  }
  if (rc != SQLITE_DONE) return Error{db.last_error()};
  return count;
}

namespace {

Match read_match(const util::SqliteStatement* statement, const rules::CompiledRule& compiled,
                 const std::vector<ValueType>& evidence_types) {
  Match match;
  match.file_id = statement->column_int(rules::CompiledRule::k_file_column);
  match.line = statement->column_int(rules::CompiledRule::k_line_column);
  if (!statement->column_is_null(rules::CompiledRule::k_key_column)) {
    match.key = std::string(statement->column_text(rules::CompiledRule::k_key_column));
  }
  for (size_t i = 0; i < compiled.evidence_fields.size(); ++i) {
    int column = rules::CompiledRule::k_first_evidence_column + static_cast<int>(i);
    match.evidence.push_back(read_value(*statement, column, evidence_types[i]));
  }
  for (size_t i = 0; i < compiled.related.size(); ++i) {
    int column = compiled.related_column(i);
    std::vector<Value> values;
    if (statement->column_is_null(column)) {
      match.related.push_back(std::nullopt);
    } else {
      match.related.push_back(Value::of_integer(statement->column_int(column)));
      for (const auto* field : compiled.related[i].fields) {
        values.push_back(read_value(*statement, ++column, rules::value_type_of(field->type)));
      }
    }
    match.related_values.push_back(std::move(values));
  }
  return match;
}

}  // namespace

}  // namespace lethe::engine
