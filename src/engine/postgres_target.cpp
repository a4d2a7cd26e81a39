#include "engine/postgres_target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "data/value_parser.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"
#include "util/yaml_file.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

constexpr size_t k_max_diagnostics = 100;

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

std::uint64_t count_of(std::string_view text) {
  return std::strtoull(std::string(text).c_str(), nullptr, 10);
}

// The columns whose values the server cannot convert to their field's type, with the SQL
// condition that tells such a value.
struct UnreadableChecks {
  std::vector<std::string> conditions;
  std::vector<const data::PostgresColumn*> columns;

  // True for a row with any unreadable value.
  std::string any() const {
    return conditions.empty() ? std::string("FALSE")
                              : fmt::format("({})", util::join(conditions, " OR "));
  }
};

UnreadableChecks unreadable_checks(const DatasetTable& table) {
  UnreadableChecks checks;
  for (const auto& column : table.columns) {
    std::string refused = data::postgres_unreadable(column);
    if (refused == "FALSE") continue;
    checks.conditions.push_back(refused);
    checks.columns.push_back(&column);
  }
  return checks;
}

// A field read as it is: no vendor codes, no null tokens.
const data::FieldReading k_plain_reading{};

// Why a value was refused, from its marked text ('n', or 'v' and the value), as a file's row
// diagnostic says it.
std::string refusal(const data::FieldSpec& field, std::string_view marked) {
  std::string_view value = marked.substr(std::min<size_t>(1, marked.size()));
  if (field.key && (marked == "n" || value.empty())) {
    return fmt::format("{}: {}; every row needs its key", field.name,
                       marked == "n" ? "missing or null" : "empty");
  }
  if (field.type == data::FieldType::string)
    return data::ValueParser(field, k_plain_reading).error_message(value);
  return fmt::format("{}: cannot read {} as {}", field.name, util::quote_for_message(value),
                     data::field_type_name(field.type));
}

// Lists the first unreadable rows, by key, each with its first unreadable value.
Expected<void> list_unreadable_rows(util::PgConnection& connection, const DatasetTable& table,
                                    const UnreadableChecks& checks, data::DatasetReport& report) {
  const data::PostgresColumn* key = nullptr;
  for (const auto& column : table.columns) {
    if (column.field->key) key = &column;
  }
  std::vector<std::string> select{
      key && !key->column.empty()
          ? fmt::format("CAST({} AS text)", util::quote_identifier(key->column))
          : std::string("NULL")};
  // Each refused value as 'v' and its text, or 'n' for a null (a row without its key).
  for (size_t i = 0; i < checks.columns.size(); ++i) {
    select.push_back(fmt::format("CASE WHEN {} THEN COALESCE('v' || CAST({} AS text), 'n') END",
                                 checks.conditions[i],
                                 util::quote_identifier(checks.columns[i]->column)));
  }
  auto rows =
      connection.exec(fmt::format("SELECT {} FROM {} WHERE {} LIMIT {}", util::join(select, ", "),
                                  table.table_sql, checks.any(), k_max_diagnostics));
  if (!rows) return rows.error();
  for (int row = 0; row < rows->rows(); ++row) {
    for (size_t i = 0; i < checks.columns.size(); ++i) {
      int column = static_cast<int>(i) + 1;
      if (rows->is_null(row, column)) continue;
      std::string key_text = rows->is_null(row, 0) ? "null" : std::string(rows->text(row, 0));
      report.diagnostics.push_back(
          {table.uri, 0,
           fmt::format("key {}: {}", key_text,
                       refusal(*checks.columns[i]->field, rows->text(row, column)))});
      break;
    }
  }
  return {};
}

// Counts the dataset's rows, readable and not, lists the first unreadable ones, and finds keys
// on more than one row.
// Warns, as a file scan does, of the readable rows whose wall time occurs twice or not at all in
// its column's zone (without a line: a table has none).
Expected<void> count_wall_times(util::PgConnection& connection, const DatasetTable& table,
                                const UnreadableChecks& checks, data::DatasetReport& report) {
  for (const auto& column : table.columns) {
    auto wall = data::postgres_wall_time(column);
    if (!wall) continue;
    const util::TimeZone& zone = column.reading.timezone;
    auto counts = connection.exec(fmt::format("SELECT {} FROM {} WHERE NOT {}",
                                              data::postgres_wall_time_counts(*wall, zone),
                                              table.table_sql, checks.any()));
    if (!counts) return counts.error();
    for (auto [index, kind] :
         {std::pair{0, util::WallTime::repeated}, std::pair{1, util::WallTime::skipped}}) {
      std::uint64_t count = count_of(counts->text(0, index));
      if (count == 0) continue;
      report.files[0].warnings.push_back(
          data::wall_time_warning(column.field->name, zone.name(), kind, count, std::nullopt));
    }
  }
  return {};
}

Expected<void> survey(util::PgConnection& connection, const DatasetTable& table,
                      int timeout_seconds, data::DatasetReport& report) {
  UnreadableChecks checks = unreadable_checks(table);
  auto transaction = util::PgReadOnlyTransaction::begin(connection, timeout_seconds);
  if (!transaction) return transaction.error();
  auto counts = connection.exec(fmt::format("SELECT count(*), count(*) FILTER (WHERE {}) FROM {}",
                                            checks.any(), table.table_sql));
  if (!counts) return counts.error();
  std::uint64_t total = count_of(counts->text(0, 0));
  std::uint64_t rejected = count_of(counts->text(0, 1));
  report.rows_loaded = total - rejected;
  report.rows_rejected = rejected;
  report.files[0].rows_loaded = report.rows_loaded;
  report.files[0].rows_rejected = rejected;
  if (rejected > 0) {
    if (auto ok = list_unreadable_rows(connection, table, checks, report); !ok) return ok;
  }
  if (auto ok = count_wall_times(connection, table, checks, report); !ok) return ok;
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

Expected<std::unique_ptr<Target>> PostgresTarget::open(const TargetRequest& request,
                                                       const data::Schema& schema) {
  if (!request.store.empty()) {
    return Error{"--store applies to an export folder; a database scan copies no rows"};
  }
  auto display = database_display_url(request.location);
  if (!display) return display.error();
  if (request.manifest.empty()) {
    return Error{
        fmt::format("{}: a database scan needs --manifest FILE (datasets to tables)", *display)};
  }
  return std::unique_ptr<Target>(new PostgresTarget(request, std::move(*display), schema));
}

Expected<void> PostgresTarget::set_up_session() {
  // The conversions place wall times in their zones themselves (data/postgres_source.cpp), as
  // the file readers do; the session's zone only decides how the server prints instants.
  if (auto ok = m_connection->exec("SET TIME ZONE 'UTC'"); !ok) return ok.error();
  // Hash joins and hashed subqueries (see rules::Dialect::exists_as_in) run in memory only when
  // they fit in work_mem, and the default 4 MB makes the planner scan a subquery once per row
  // instead: at least 256 MB for this session; a role's higher setting stays.
  if (auto ok = m_connection->exec(
          "SELECT set_config('work_mem', '256MB', false) "
          "WHERE pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('256MB')");
      !ok) {
    return ok.error();
  }
  return {};
}

DatasetTable PostgresTarget::describe_table(const data::DatasetSpec& spec,
                                            const data::DatasetSource& source,
                                            std::string& unreadable_reason) {
  DatasetTable table;
  table.spec = &spec;
  table.table_sql = quote_qualified(source.table);
  table.uri = m_display + "/" + source.table;
  // A table the role may not see is unreadable like a missing one, not the end of the audit.
  auto types = column_types(*m_connection, table.table_sql);
  if (!types) {
    unreadable_reason = types.error().message;
    types = std::map<std::string, std::string>{};
  } else if (types->empty()) {
    unreadable_reason = fmt::format("no table or view {}", source.table);
  }
  table.readable = unreadable_reason.empty();
  for (auto& planned : data::plan_fields(spec, &source, m_zone)) {
    auto type = types->find(planned.column);
    bool present = type != types->end();
    table.columns.push_back({planned.spec, present ? planned.column : "",
                             present ? type->second : "", std::move(planned.reading)});
  }
  table.query = data::postgres_dataset_query(table.table_sql, table.columns);
  return table;
}

Expected<void> PostgresTarget::prepare(const rules::RuleSet& rules, const ScanOptions& options,
                                       ScanResult& result) {
  auto file = util::YamlFile::load(m_request.manifest, m_request.manifest.string());
  if (!file) return file.error();
  auto manifest = data::read_manifest(*file, m_schema, data::ManifestTarget::database);
  if (!manifest) return manifest.error();
  auto connection = util::PgConnection::connect(m_request.location);
  if (!connection) {
    return Error{fmt::format("{}: cannot connect: {}", m_display, connection.error().message)};
  }
  m_connection.emplace(std::move(*connection));
  if (auto ok = set_up_session(); !ok) return ok;
  m_zone = manifest->timezone;
  for (const auto& source : manifest->datasets) {
    for (const auto& mapping : source.columns) {
      // One conversion per column on the server: a list of formats is for files.
      if (mapping.formats.size() > 1) {
        return Error{fmt::format("{}: {}: a database column takes one format, not a list",
                                 m_request.manifest.string(), mapping.field)};
      }
    }
  }

  data::ExportPlan& plan = result.plan;
  plan.root = m_request.manifest.parent_path();
  plan.manifest_path = m_request.manifest.filename().string();
  plan.manifest_file = m_request.manifest;
  plan.name = manifest->name;
  plan.timezone = m_zone;
  auto read = fields_for_scan(rules, m_schema, options);
  for (const auto& spec : m_schema.datasets()) {
    const data::DatasetSource* source = nullptr;
    for (const auto& candidate : manifest->datasets) {
      if (candidate.dataset == spec.name) source = &candidate;
    }
    if (!source) {
      plan.absent.push_back(spec.name);
      result.load.absent.push_back(spec.name);
      continue;
    }
    add_dataset(spec, *source, read, result);
  }
  result.timings.mark("survey the tables");
  auto audit = compute_audit_trail(plan, {}, rules);
  if (!audit) return audit.error();
  result.audit = std::move(*audit);
  return {};
}

void PostgresTarget::add_dataset(const data::DatasetSpec& spec, const data::DatasetSource& source,
                                 const std::map<std::string, std::set<std::string>>& read,
                                 ScanResult& result) {
  std::string unreadable_reason;
  DatasetTable table = describe_table(spec, source, unreadable_reason);
  data::PlannedSource store;
  store.table = source.table;
  store.fields = data::plan_fields(spec, &source, m_zone);
  data::DatasetReport report;
  report.spec = &spec;
  report.files.push_back({table.uri, "postgresql", 0, 0, {}, {}, {}});
  auto wanted = read.find(spec.name);
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const data::FieldSpec& field = spec.fields[i];
    const data::PostgresColumn& column = table.columns[i];
    if (wanted != read.end() && wanted->second.count(field.name)) {
      data::FieldReport reported;
      reported.spec = &field;
      reported.source = store.fields.back().column;
      if (field.type == data::FieldType::timestamp) {
        reported.format = column.reading.describe_formats();
        if (!(column.reading.timezone == util::TimeZone()))
          reported.timezone = column.reading.timezone.name();
      }
      reported.present = !column.column.empty();
      report.fields.push_back(std::move(reported));
    }
  }
  result.plan.datasets.push_back({&spec, {std::move(store)}});
  if (wanted != read.end()) {
    if (!table.readable) {
      report.files[0].error = unreadable_reason;
    } else if (auto ok = survey(*m_connection, table, m_request.statement_timeout_seconds, report);
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
  m_tables.emplace(spec.name, std::move(table));
}

Expected<std::vector<std::unique_ptr<RuleBackend>>> PostgresTarget::backends(const ScanResult&,
                                                                             size_t) {
  std::vector<std::unique_ptr<RuleBackend>> backends;
  backends.push_back(std::make_unique<ServerBackend>(*m_connection, m_tables,
                                                     m_request.statement_timeout_seconds));
  return backends;
}

std::string PostgresTarget::rules_phase(size_t, size_t) const {
  return "rules (in the database)";
}

Expected<void> PostgresTarget::finish(ScanResult&) {
  return {};
}

}  // namespace lethe::engine
