#include "engine/database_scan.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "data/manifest.hpp"
#include "data/postgres_source.hpp"
#include "engine/audit_trail.hpp"
#include "engine/rule_evaluator.hpp"
#include "rules/postgres_dialect.hpp"
#include "util/postgres.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"
#include "util/yaml_file.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

// Rows fetched from the cursor at a time: memory stays flat however many findings there are.
constexpr int k_fetch_rows = 1000;
constexpr size_t k_max_diagnostics = 100;

// A dataset as the server holds it.
struct DatasetTable {
  const data::DatasetSpec* spec = nullptr;
  std::string table_sql;  // "schema"."name"
  std::string uri;        // URL/schema.name, where findings point
  std::vector<data::PostgresColumn> columns;
  std::string query;  // the dataset as rules read it (data::postgres_dataset_query)
  bool readable = false;
};

std::string quote_qualified(const std::string& table) {
  size_t dot = table.find('.');
  return util::quote_identifier(table.substr(0, dot)) + "." +
         util::quote_identifier(table.substr(dot + 1));
}

// The table's (or view's) columns and their types; empty when there is no such relation.
Expected<std::map<std::string, std::string>> column_types(util::PgConnection& connection,
                                                          const std::string& table_sql) {
  // The catalog, not information_schema: it lists columns whatever the privileges, so that a
  // role without SELECT gets "permission denied" from the query, not "no such column".
  auto result = connection.exec(
      "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
      {table_sql});
  if (!result) return result.error();
  std::map<std::string, std::string> types;
  for (int row = 0; row < result->rows(); ++row)
    types.emplace(std::string(result->text(row, 0)), std::string(result->text(row, 1)));
  return types;
}

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

// Runs statements in one READ ONLY transaction; rolls back unless committed.
class ReadOnlyTransaction {
 public:
  static Expected<ReadOnlyTransaction> begin(util::PgConnection& connection, int timeout_seconds) {
    if (auto ok = connection.exec("BEGIN READ ONLY"); !ok) return ok.error();
    ReadOnlyTransaction transaction(connection);
    if (timeout_seconds > 0) {
      auto ok =
          connection.exec(fmt::format("SET LOCAL statement_timeout = '{}s'", timeout_seconds));
      if (!ok) return ok.error();
    }
    return transaction;
  }
  ReadOnlyTransaction(ReadOnlyTransaction&& other) noexcept : m_connection(other.m_connection) {
    other.m_connection = nullptr;
  }
  ReadOnlyTransaction(const ReadOnlyTransaction&) = delete;
  ReadOnlyTransaction& operator=(const ReadOnlyTransaction&) = delete;
  ReadOnlyTransaction& operator=(ReadOnlyTransaction&&) = delete;
  ~ReadOnlyTransaction() {
    if (m_connection) (void)m_connection->exec("ROLLBACK");
  }
  Expected<void> commit() {
    auto ok = m_connection->exec("COMMIT");
    m_connection = nullptr;
    if (!ok) return ok.error();
    return {};
  }

 private:
  explicit ReadOnlyTransaction(util::PgConnection& connection) : m_connection(&connection) {}
  util::PgConnection* m_connection;
};

// The server as a RuleBackend.
class ServerBackend final : public RuleBackend {
 public:
  ServerBackend(util::PgConnection& connection, const std::map<std::string, DatasetTable>& tables,
                int timeout_seconds)
      : m_connection(connection), m_tables(tables), m_timeout(timeout_seconds) {
    for (const auto& [name, table] : tables) {
      if (table.readable) m_datasets.emplace_back(name, table.query);
    }
  }

  const rules::Dialect& dialect() const override { return rules::postgres_dialect(); }

  Expected<std::uint64_t> for_each_match(
      const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
      const std::function<Expected<void>(Match&&)>& on_match) override {
    int width = compiled.first_related_column() + static_cast<int>(compiled.related.size());
    std::vector<std::string> names;
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
    auto transaction = ReadOnlyTransaction::begin(m_connection, m_timeout);
    if (!transaction) return transaction.error();
    if (auto ok = m_connection.exec(sql, params); !ok) return ok.error();
    std::uint64_t count = 0;
    for (;;) {
      auto batch =
          m_connection.exec(fmt::format("FETCH FORWARD {} FROM lethe_cursor", k_fetch_rows));
      if (!batch) return batch.error();
      for (int row = 0; row < batch->rows(); ++row) {
        Match match;
        int key = rules::CompiledRule::k_key_column;
        if (!batch->is_null(row, key)) match.key = std::string(batch->text(row, key));
        for (size_t i = 0; i < evidence_types.size(); ++i) {
          int column = rules::CompiledRule::k_first_evidence_column + static_cast<int>(i);
          match.evidence.push_back(
              batch->is_null(row, column)
                  ? rules::Value()
                  : value_from_text(batch->text(row, column), evidence_types[i]));
        }
        for (size_t i = 0; i < compiled.related.size(); ++i) {
          int column = compiled.first_related_column() + static_cast<int>(i);
          if (batch->is_null(row, column)) {
            match.related.push_back(std::nullopt);
          } else {
            match.related.push_back(rules::Value::of_string(std::string(batch->text(row, column))));
          }
        }
        ++count;
        if (auto ok = on_match(std::move(match)); !ok) return ok.error();
      }
      if (batch->rows() < k_fetch_rows) break;
    }
    if (auto ok = m_connection.exec("CLOSE lethe_cursor"); !ok) return ok.error();
    if (auto ok = transaction->commit(); !ok) return ok.error();
    return count;
  }

  Location location(const std::string& dataset, const Match&) override {
    return {m_tables.at(dataset).uri, 0, false};
  }

  Expected<RelatedRow> related_row(const std::string& dataset, const rules::Value& id) override {
    RelatedRow row;
    row.dataset = dataset;
    row.key = id.text;
    row.location = {m_tables.at(dataset).uri, 0, false};
    return row;
  }

 private:
  util::PgConnection& m_connection;
  const std::map<std::string, DatasetTable>& m_tables;
  int m_timeout;
  std::vector<std::pair<std::string, std::string>> m_datasets;  // readable ones: name, query
};

// Counts the dataset's rows, readable and not, lists the first unreadable ones, and finds keys
// on more than one row.
Expected<void> survey(util::PgConnection& connection, const DatasetTable& table,
                      int timeout_seconds, data::DatasetReport& report) {
  std::vector<std::string> unreadable;
  std::vector<const data::PostgresColumn*> checked;
  for (const auto& column : table.columns) {
    std::string refused = data::postgres_unreadable(column);
    if (refused == "FALSE") continue;
    unreadable.push_back(refused);
    checked.push_back(&column);
  }
  std::string any_unreadable = unreadable.empty()
                                   ? std::string("FALSE")
                                   : fmt::format("({})", util::join(unreadable, " OR "));
  auto transaction = ReadOnlyTransaction::begin(connection, timeout_seconds);
  if (!transaction) return transaction.error();
  auto counts = connection.exec(fmt::format("SELECT count(*), count(*) FILTER (WHERE {}) FROM {}",
                                            any_unreadable, table.table_sql));
  if (!counts) return counts.error();
  std::uint64_t total = std::strtoull(std::string(counts->text(0, 0)).c_str(), nullptr, 10);
  std::uint64_t rejected = std::strtoull(std::string(counts->text(0, 1)).c_str(), nullptr, 10);
  report.rows_loaded = total - rejected;
  report.rows_rejected = rejected;
  report.files[0].rows_loaded = report.rows_loaded;
  report.files[0].rows_rejected = rejected;
  if (rejected > 0) {
    const data::PostgresColumn* key = nullptr;
    for (const auto& column : table.columns) {
      if (column.field->key) key = &column;
    }
    std::vector<std::string> select{
        key && !key->column.empty()
            ? fmt::format("CAST({} AS text)", util::quote_identifier(key->column))
            : std::string("NULL")};
    for (size_t i = 0; i < checked.size(); ++i) {
      select.push_back(fmt::format("CASE WHEN {} THEN CAST({} AS text) END", unreadable[i],
                                   util::quote_identifier(checked[i]->column)));
    }
    auto rows =
        connection.exec(fmt::format("SELECT {} FROM {} WHERE {} LIMIT {}", util::join(select, ", "),
                                    table.table_sql, any_unreadable, k_max_diagnostics));
    if (!rows) return rows.error();
    for (int row = 0; row < rows->rows(); ++row) {
      for (size_t i = 0; i < checked.size(); ++i) {
        if (rows->is_null(row, static_cast<int>(i) + 1)) continue;
        report.diagnostics.push_back(
            {table.uri, 0,
             fmt::format("key {}: {}: cannot read {} as {}",
                         rows->is_null(row, 0) ? "null" : std::string(rows->text(row, 0)),
                         checked[i]->field->name,
                         util::quote_for_message(rows->text(row, static_cast<int>(i) + 1)),
                         data::field_type_name(checked[i]->field->type))});
        break;
      }
    }
  }
  std::string key_name = util::quote_identifier(table.spec->key().name);
  auto duplicated = connection.exec(fmt::format(
      "SELECT {0} FROM ({1}) AS d WHERE {0} IS NOT NULL GROUP BY {0} HAVING count(*) > 1", key_name,
      table.query));
  if (!duplicated) return duplicated.error();
  for (int row = 0; row < duplicated->rows(); ++row)
    report.duplicated_keys.emplace(duplicated->text(row, 0));
  return transaction->commit();
}

}  // namespace

bool is_database_url(const std::string& target) {
  return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

Expected<std::string> database_display_url(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return Error{fmt::format("{}: not a URL", url)};
  std::string rest = url.substr(scheme_end + 3);
  std::string query;
  if (size_t question = rest.find('?'); question != std::string::npos) {
    query = rest.substr(question + 1);
    rest.erase(question);
  }
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  size_t at = authority.rfind('@');
  std::string user = at == std::string::npos ? "" : authority.substr(0, at);
  bool has_password = user.find(':') != std::string::npos;
  for (auto parameter : util::split(query, '&')) {
    if (parameter.substr(0, 9) == "password=") has_password = true;
  }
  if (has_password) {
    return Error{
        "the database URL holds a password\n"
        "hint: leave it out of the command line (and so of logs and reports): set PGPASSWORD or "
        "put it in ~/.pgpass"};
  }
  std::string host = at == std::string::npos ? authority : authority.substr(at + 1);
  return url.substr(0, scheme_end) + "://" + host + path;
}

Expected<ScanResult> run_database_scan(const DatabaseScanOptions& database,
                                       const data::Schema& schema, const rules::RuleSet& rules,
                                       const ScanOptions& options) {
  auto display = database_display_url(database.url);
  if (!display) return display.error();
  if (database.manifest.empty()) {
    return Error{
        fmt::format("{}: a database scan needs --manifest FILE (datasets to tables)", *display)};
  }
  auto file = util::YamlFile::load(database.manifest, database.manifest.string());
  if (!file) return file.error();
  auto manifest = data::read_manifest(*file, schema, data::ManifestTarget::database);
  if (!manifest) return manifest.error();

  ScanResult result;
  result.as_of = options.as_of;
  result.limits = options.limits;
  util::PhaseTimer& timings = result.timings;
  auto connection = util::PgConnection::connect(database.url);
  if (!connection) {
    return Error{fmt::format("{}: cannot connect: {}", *display, connection.error().message)};
  }
  // Text timestamps without an offset are in the manifest's `timezone` (UTC by default), as in
  // a file export; the session's zone is what the server reads them in.
  int offset = manifest->timezone_offset_seconds;
  std::string zone =
      offset == 0 ? std::string("'UTC'")
                  : fmt::format("INTERVAL '{}{:02}:{:02}' HOUR TO MINUTE", offset < 0 ? '-' : '+',
                                std::abs(offset) / 3600, std::abs(offset) % 3600 / 60);
  if (auto ok = connection->exec("SET TIME ZONE " + zone); !ok) return ok.error();
  // Hash joins and hashed subqueries (see rules::Dialect::exists_as_in) run in memory only when
  // they fit in work_mem, and the default 4 MB makes the planner scan a subquery once per row
  // instead: at least 256 MB for this session; a role's higher setting stays.
  if (auto ok = connection->exec(
          "SELECT set_config('work_mem', '256MB', false) "
          "WHERE pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('256MB')");
      !ok) {
    return ok.error();
  }

  data::ExportPlan& plan = result.plan;
  plan.root = database.manifest.parent_path();
  plan.manifest_path = database.manifest.filename().string();
  plan.name = manifest->name;
  auto read = fields_read_in_force(rules, options.as_of);
  std::map<std::string, DatasetTable> tables;
  for (const auto& spec : schema.datasets()) {
    const data::DatasetSource* source = nullptr;
    for (const auto& candidate : manifest->datasets) {
      if (candidate.dataset == spec.name) source = &candidate;
    }
    if (!source) {
      plan.absent.push_back(spec.name);
      result.load.absent.push_back(spec.name);
      continue;
    }
    DatasetTable table;
    table.spec = &spec;
    table.table_sql = quote_qualified(source->table);
    table.uri = *display + "/" + source->table;
    // A table the role may not see is unreadable like a missing one, not the end of the audit.
    auto types = column_types(*connection, table.table_sql);
    std::string unreadable_reason;
    if (!types) {
      unreadable_reason = types.error().message;
      types = std::map<std::string, std::string>{};
    } else if (types->empty()) {
      unreadable_reason = fmt::format("no table or view {}", source->table);
    }
    table.readable = unreadable_reason.empty();
    data::PlannedDataset planned;
    planned.spec = &spec;
    planned.table = source->table;
    planned.files.push_back({"", table.uri, data::FileFormat::postgresql});
    data::DatasetReport report;
    report.spec = &spec;
    report.files.push_back({table.uri, data::FileFormat::postgresql, 0, 0, {}});
    for (const auto& field : spec.fields) {
      std::string column = field.name;
      std::optional<data::TimestampFormat> format;
      for (const auto& mapping : source->columns) {
        if (mapping.field == field.name) {
          column = mapping.column;
          format = mapping.format;
        }
      }
      auto type = types->find(column);
      bool present = type != types->end();
      table.columns.push_back({&field, present ? column : "", present ? type->second : "", format});
      planned.fields.push_back({&field, column, format.value_or(data::TimestampFormat{})});
      auto wanted = read.find(spec.name);
      if (wanted != read.end() && wanted->second.count(field.name)) {
        report.fields.push_back({&field, column,
                                 field.type == data::FieldType::timestamp
                                     ? format.value_or(data::TimestampFormat{}).describe()
                                     : "",
                                 present, std::nullopt, std::nullopt});
      }
    }
    table.query = data::postgres_dataset_query(table.table_sql, table.columns);
    plan.datasets.push_back(std::move(planned));
    if (read.count(spec.name)) {
      if (!table.readable) {
        report.files[0].error = unreadable_reason;
      } else if (auto ok = survey(*connection, table, database.statement_timeout_seconds, report);
                 !ok) {
        report.files[0].error = ok.error().message;
        table.readable = false;
      }
      if (!report.files[0].error.empty()) {
        report.files_failed = 1;
        report.diagnostics.push_back({table.uri, 0, report.files[0].error});
        for (auto& field : report.fields)
          field.present = false;
      }
      result.load.datasets.push_back(std::move(report));
    }
    tables.emplace(spec.name, std::move(table));
  }
  timings.mark("survey the tables");

  auto audit = compute_audit_trail(plan, {}, rules);
  if (!audit) return audit.error();
  result.audit = std::move(*audit);

  ServerBackend backend(*connection, tables, database.statement_timeout_seconds);
  RuleEvaluator evaluator(options, result, backend);
  std::vector<double> seconds;
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const rules::Rule& rule = *rules.rules[i];
    if (options.on_rule) options.on_rule(rule, i, rules.rules.size());
    FindingSink sink(result.findings, rule, result.load, nullptr);
    auto started = std::chrono::steady_clock::now();
    result.results.push_back(evaluator.evaluate(rule, sink));
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  result.findings.finish();
  timings.mark("rules (in the database)");
  for (size_t i = 0; i < seconds.size(); ++i)
    timings.detail("rule " + rules.rules[i]->id, seconds[i]);
  return result;
}

}  // namespace lethe::engine
