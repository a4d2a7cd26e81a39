#include "data/postgres_source.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "util/enum_names.hpp"
#include "util/postgres.hpp"
#include "util/sqlite.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace {

enum class SourceKind { text, integer, numeric, boolean, timestamp, other };

SourceKind kind_of(const std::string& type) {
  if (type == "text" || type == "character varying" || type == "character" || type == "name")
    return SourceKind::text;
  if (type == "smallint" || type == "integer" || type == "bigint") return SourceKind::integer;
  if (type == "numeric" || type == "real" || type == "double precision") return SourceKind::numeric;
  if (type == "boolean") return SourceKind::boolean;
  if (type == "timestamp with time zone" || type == "timestamp without time zone" || type == "date")
    return SourceKind::timestamp;
  return SourceKind::other;
}

// What ValueParser reads as a boolean, in any case.
constexpr const char* k_true_words = "'true', '1', 'yes', 'y', 't'";
constexpr const char* k_false_words = "'false', '0', 'no', 'n', 'f'";
// ISO 8601 as the file readers take it: a date, optionally a time, optionally an offset.
constexpr const char* k_iso8601 =
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?"
    "(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?$'";
// The same with a time and an offset: an instant, which no zone changes.
constexpr const char* k_iso8601_offset =
    "'[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'";
constexpr const char* k_integer = "'^-?[0-9]{1,18}$'";
constexpr const char* k_real = "'^-?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$'";

// A strftime-style pattern as a to_timestamp() template; literal text is quoted.
std::string postgres_template(const std::string& pattern) {
  std::string out, literal;
  auto flush = [&] {
    if (literal.empty()) return;
    out += "\"" + literal + "\"";
    literal.clear();
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      literal += pattern[i] == '"' ? std::string("\\\"") : std::string(1, pattern[i]);
      continue;
    }
    const char* field = nullptr;
    switch (pattern[++i]) {
      case 'Y':
        field = "YYYY";
        break;
      case 'y':
        field = "YY";
        break;
      case 'm':
        field = "MM";
        break;
      case 'd':
        field = "DD";
        break;
      case 'H':
        field = "HH24";
        break;
      case 'I':
        field = "HH12";
        break;
      case 'M':
        field = "MI";
        break;
      case 'S':
        field = "SS";
        break;
      case 'p':
        field = "AM";
        break;
      case 'b':
        field = "Mon";
        break;
      case 'j':
        field = "DDD";
        break;
      default:
        literal += pattern[i];
        continue;
    }
    flush();
    out += field;
  }
  flush();
  return out;
}

// A source column in SQL: the column, its kind, and its text (other types, such as uuid or
// json, are read as their text, like a file's).
struct SourceSql {
  std::string c;
  SourceKind kind;
  std::string text;
};

// A SQL string literal.
std::string literal_of(std::string_view text) {
  return util::pg_string_literal(std::string(text));
}

SourceSql source_sql(const PostgresColumn& column) {
  std::string c = util::quote_identifier(column.column);
  SourceKind kind = kind_of(column.type);
  std::string text = kind == SourceKind::text ? c : fmt::format("CAST({} AS text)", c);
  const FieldReading& reading = column.reading;
  if (reading.null_values.empty() && reading.values.empty()) return {std::move(c), kind, text};
  // As ValueParser: the null tokens first, then the vendor's codes; the result is text.
  if (!reading.null_values.empty()) {
    std::vector<std::string> tokens;
    for (const auto& token : reading.null_values)
      tokens.push_back(literal_of(token));
    text = fmt::format("(CASE WHEN {} IN ({}) THEN NULL ELSE {} END)", text,
                       util::join(tokens, ", "), text);
  }
  if (!reading.values.empty()) {
    std::string cases;
    for (const auto& [code, value] : reading.values)
      cases += fmt::format(" WHEN {} THEN {}", literal_of(code), literal_of(value));
    text = fmt::format("(CASE {}{} ELSE {} END)", text, cases, text);
  }
  return {text, SourceKind::text, text};
}

std::string default_of(const FieldSpec& field) {
  if (!field.default_value) return "CAST(NULL AS boolean)";
  return *field.default_value ? "TRUE" : "FALSE";
}

std::string epoch_of(const std::string& timestamp_sql) {
  return fmt::format("CAST(floor(EXTRACT(EPOCH FROM {})) AS bigint)", timestamp_sql);
}

// `wall` read with the offset in force three hours earlier, before any transition that concerns
// it, in the zone whose SQL literal is `zone_literal`.
std::string instant_with_offset_before(const std::string& wall, const std::string& zone_literal) {
  return fmt::format("(({0} - INTERVAL '3 hours') AT TIME ZONE {1} + INTERVAL '3 hours')", wall,
                     zone_literal);
}

// The instant of wall time `wall` (a timestamp without time zone) in `zone`, as the file readers
// place it (util::TimeZone::from_wall): the earlier instant of a repeated wall time, the offset
// before a gap. The server reads a gap the same way but a repeated time as the later instant, so
// the wall time three hours earlier (before any transition that concerns it) gives the offset
// before; it is the answer when it reads back as `wall`, and otherwise the server's is.
std::string instant_of_wall(const std::string& wall, const util::TimeZone& zone) {
  if (zone.is_fixed()) {
    const int offset = zone.offset_at(0);
    return fmt::format("({} AT TIME ZONE INTERVAL '{}{:02}:{:02}')", wall, offset < 0 ? '-' : '+',
                       std::abs(offset) / 3600, std::abs(offset) % 3600 / 60);
  }
  const std::string name = util::pg_string_literal(zone.name());
  const std::string before = instant_with_offset_before(wall, name);
  return fmt::format(
      "(CASE WHEN ({0} AT TIME ZONE {1}) = {2} THEN {0} ELSE {2} AT TIME ZONE {1} END)", before,
      name, wall);
}

bool is_utc(const util::TimeZone& zone) {
  return zone.is_fixed() && zone.offset_at(0) == 0;
}

// The first of a column's formats, ISO 8601 when it names none.
TimestampFormat first_format(const PostgresColumn& column) {
  return column.reading.formats.empty() ? TimestampFormat{} : column.reading.formats.front();
}

// Whether a pattern reads an offset itself (%z), so that no zone applies to it.
bool pattern_has_offset(const std::string& pattern) {
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    if (pattern[i + 1] == 'z') return true;
    ++i;
  }
  return false;
}

}  // namespace

std::string native_postgres_type(FieldType type) {
  static constexpr auto k_native_types = std::to_array<util::EnumName<FieldType>>({
      {FieldType::string, "text"},
      {FieldType::integer, "bigint"},
      {FieldType::real, "double precision"},
      {FieldType::boolean, "boolean"},
      {FieldType::timestamp, "timestamp with time zone"},
  });
  return std::string(util::enum_name(k_native_types, type, "text"));
}

std::string postgres_conversion(const PostgresColumn& column) {
  const FieldSpec& field = *column.field;
  if (column.column.empty()) {
    return fmt::format("CAST(NULL AS {})", field.type == FieldType::timestamp
                                               ? std::string("bigint")
                                               : native_postgres_type(field.type));
  }
  // References, not structured bindings, which a lambda cannot capture in clang 14.
  const SourceSql source = source_sql(column);
  const std::string& c = source.c;
  const SourceKind kind = source.kind;
  const std::string& text = source.text;
  switch (field.type) {
    case FieldType::string:
      return fmt::format("NULLIF({}, '')", text);
    case FieldType::integer:
      if (kind == SourceKind::integer) return fmt::format("CAST({} AS bigint)", c);
      return fmt::format("(CASE WHEN {0} ~ {1} THEN CAST({0} AS bigint) END)", text, k_integer);
    case FieldType::real:
      if (kind == SourceKind::integer || kind == SourceKind::numeric)
        return fmt::format("CAST({} AS double precision)", c);
      return fmt::format("(CASE WHEN {0} ~ {1} THEN CAST({0} AS double precision) END)", text,
                         k_real);
    case FieldType::boolean:
      if (kind == SourceKind::boolean) return fmt::format("COALESCE({}, {})", c, default_of(field));
      if (kind == SourceKind::integer) {
        return fmt::format(
            "(CASE WHEN {0} IS NULL THEN {1} WHEN {0} = 1 THEN TRUE WHEN {0} = 0 "
            "THEN FALSE END)",
            c, default_of(field));
      }
      return fmt::format(
          "(CASE WHEN {0} IS NULL OR {0} = '' THEN {1} WHEN lower({0}) IN ({2}) THEN TRUE "
          "WHEN lower({0}) IN ({3}) THEN FALSE END)",
          text, default_of(field), k_true_words, k_false_words);
    case FieldType::timestamp: {
      const TimestampFormat format = first_format(column);
      const util::TimeZone& zone = column.reading.timezone;
      if (kind == SourceKind::timestamp) {
        if (column.type == "timestamp with time zone" || is_utc(zone)) return epoch_of(c);
        return epoch_of(instant_of_wall(fmt::format("CAST({} AS timestamp)", c), zone));
      }
      if (kind == SourceKind::integer || kind == SourceKind::numeric) {
        if (format.kind == TimestampFormat::Kind::epoch_ms)
          return fmt::format("CAST(floor({} / 1000.0) AS bigint)", c);
        return fmt::format("CAST(floor({}) AS bigint)", c);
      }
      switch (format.kind) {
        case TimestampFormat::Kind::epoch_s:
          return fmt::format("(CASE WHEN {0} ~ {1} THEN CAST({0} AS bigint) END)", text, k_integer);
        case TimestampFormat::Kind::epoch_ms:
          return fmt::format(
              "(CASE WHEN {0} ~ {1} THEN CAST(floor(CAST({0} AS bigint) / 1000.0) "
              "AS bigint) END)",
              text, k_integer);
        case TimestampFormat::Kind::pattern: {
          // The session is in UTC: without %z, to_timestamp() reads the wall time as UTC.
          std::string read =
              fmt::format("to_timestamp({}, {})", text,
                          util::pg_string_literal(postgres_template(format.pattern)));
          if (!pattern_has_offset(format.pattern) && !is_utc(zone))
            read = instant_of_wall(fmt::format("({} AT TIME ZONE 'UTC')", read), zone);
          return fmt::format("(CASE WHEN {0} <> '' THEN {1} END)", text, epoch_of(read));
        }
        case TimestampFormat::Kind::iso8601:
          break;
      }
      // In the UTC session the server reads a wall time as UTC already.
      if (is_utc(zone)) {
        return fmt::format("(CASE WHEN {0} ~ {1} THEN {2} END)", text, k_iso8601,
                           epoch_of(fmt::format("CAST({} AS timestamp with time zone)", text)));
      }
      return fmt::format(
          "(CASE WHEN {0} ~ {1} THEN (CASE WHEN {0} ~ {2} THEN {3} ELSE {4} END) END)", text,
          k_iso8601, k_iso8601_offset,
          epoch_of(fmt::format("CAST({} AS timestamp with time zone)", text)),
          epoch_of(instant_of_wall(fmt::format("CAST({} AS timestamp)", text), zone)));
    }
  }
  return "NULL";
}

namespace {

// A SQL string literal: 'text', quotes doubled.
std::string text_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// True for a value of `column` that is there (not null, not empty) but is no value of its
// field: not of its type, or outside its vocabulary; "FALSE" when every value is one.
std::string refused_value(const PostgresColumn& column) {
  const FieldSpec& field = *column.field;
  // References, not structured bindings, which a lambda cannot capture in clang 14.
  const SourceSql source = source_sql(column);
  const std::string& c = source.c;
  const SourceKind kind = source.kind;
  const std::string& text = source.text;
  // A value is unreadable when it is there (not null, not empty) and converts to null.
  auto refused = [&](const std::string& accepted) {
    return fmt::format("COALESCE({0} <> '' AND NOT ({1}), FALSE)", text, accepted);
  };
  switch (field.type) {
    case FieldType::string: {
      if (field.values.empty()) return "FALSE";
      std::vector<std::string> literals;
      for (const auto& value : field.values)
        literals.push_back(text_literal(value));
      return refused(fmt::format("{} IN ({})", text, util::join(literals, ", ")));
    }
    case FieldType::integer:
      if (kind == SourceKind::integer) return "FALSE";
      return refused(fmt::format("{} ~ {}", text, k_integer));
    case FieldType::real:
      if (kind == SourceKind::integer || kind == SourceKind::numeric) return "FALSE";
      return refused(fmt::format("{} ~ {}", text, k_real));
    case FieldType::boolean:
      if (kind == SourceKind::boolean) return "FALSE";
      if (kind == SourceKind::integer) return fmt::format("COALESCE({} NOT IN (0, 1), FALSE)", c);
      return refused(fmt::format("lower({}) IN ({}, {})", text, k_true_words, k_false_words));
    case FieldType::timestamp: {
      if (kind == SourceKind::timestamp || kind == SourceKind::integer ||
          kind == SourceKind::numeric)
        return "FALSE";
      const TimestampFormat format = first_format(column);
      switch (format.kind) {
        case TimestampFormat::Kind::epoch_s:
        case TimestampFormat::Kind::epoch_ms:
          return refused(fmt::format("{} ~ {}", text, k_integer));
        case TimestampFormat::Kind::pattern:
          return "FALSE";  // to_timestamp() itself refuses what does not fit
        case TimestampFormat::Kind::iso8601:
          return refused(fmt::format("{} ~ {}", text, k_iso8601));
      }
    }
  }
  return "FALSE";
}

}  // namespace

std::string postgres_unreadable(const PostgresColumn& column) {
  if (column.column.empty()) return "FALSE";
  std::string refused = refused_value(column);
  if (!column.field->key) return refused;
  // A row without its key is unreadable, as in a file.
  std::string text = source_sql(column).text;
  std::string keyless = fmt::format("{0} IS NULL OR {0} = ''", text);
  return refused == "FALSE" ? "(" + keyless + ")" : fmt::format("({} OR {})", keyless, refused);
}

std::optional<std::string> postgres_wall_time(const PostgresColumn& column) {
  const FieldSpec& field = *column.field;
  if (field.type != FieldType::timestamp || column.column.empty() ||
      column.reading.timezone.is_fixed()) {
    return std::nullopt;
  }
  const SourceSql source = source_sql(column);
  if (source.kind == SourceKind::timestamp) {
    if (column.type == "timestamp with time zone") return std::nullopt;
    return fmt::format("CAST({} AS timestamp)", source.c);
  }
  if (source.kind != SourceKind::text) return std::nullopt;
  const TimestampFormat format = first_format(column);
  const std::string& text = source.text;
  switch (format.kind) {
    case TimestampFormat::Kind::epoch_s:
    case TimestampFormat::Kind::epoch_ms:
      return std::nullopt;
    case TimestampFormat::Kind::pattern:
      if (pattern_has_offset(format.pattern)) return std::nullopt;
      return fmt::format(
          "(CASE WHEN {0} <> '' THEN (to_timestamp({0}, {1}) AT TIME ZONE 'UTC') END)", text,
          util::pg_string_literal(postgres_template(format.pattern)));
    case TimestampFormat::Kind::iso8601:
      break;
  }
  return fmt::format("(CASE WHEN {0} ~ {1} AND NOT {0} ~ {2} THEN CAST({0} AS timestamp) END)",
                     text, k_iso8601, k_iso8601_offset);
}

std::string postgres_wall_time_counts(const std::string& wall, const util::TimeZone& zone) {
  const std::string name = util::pg_string_literal(zone.name());
  // The reading with the offset before; the server's own takes the later one.
  const std::string before = instant_with_offset_before(wall, name);
  return fmt::format(
      "count(*) FILTER (WHERE ({0} AT TIME ZONE {1}) = {2} AND {0} <> ({2} AT TIME ZONE {1})), "
      "count(*) FILTER (WHERE (({2} AT TIME ZONE {1}) AT TIME ZONE {1}) <> {2})",
      before, name, wall);
}

std::string postgres_dataset_query(const std::string& table_sql,
                                   const std::vector<PostgresColumn>& columns) {
  std::vector<std::string> select, unreadable;
  std::string key = "CAST(NULL AS text)";
  for (const auto& column : columns) {
    std::string converted = postgres_conversion(column);
    select.push_back(
        fmt::format("{} AS {}", converted, util::quote_identifier(column.field->name)));
    if (column.field->key) key = converted;
    std::string refused = postgres_unreadable(column);
    if (refused != "FALSE") unreadable.push_back(refused);
  }
  select.push_back(key + " AS _row");
  select.push_back("CAST(NULL AS bigint) AS _file");
  select.push_back("CAST(NULL AS bigint) AS _line");
  std::string sql = fmt::format("SELECT {}\nFROM {}", util::join(select, ",\n       "), table_sql);
  if (!unreadable.empty())
    sql += fmt::format("\nWHERE NOT ({})", util::join(unreadable, "\n  OR "));
  return sql;
}

std::string postgres_native_dataset_query(const DatasetSpec& dataset) {
  std::vector<PostgresColumn> columns;
  for (const auto& field : dataset.fields)
    columns.push_back({&field, field.name, native_postgres_type(field.type), {}});
  return postgres_dataset_query("\"public\"." + util::quote_identifier(dataset.name), columns);
}

std::string postgres_with_clause(const std::vector<std::pair<std::string, std::string>>& datasets,
                                 const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> parts;
  auto add = [&](const std::string& name, const std::string& query, const char* materialized) {
    std::string indented = "  " + query;
    for (size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 1))
      indented.insert(at + 1, "  ");
    parts.push_back(
        fmt::format("{} AS {}(\n{}\n)", util::quote_identifier(name), materialized, indented));
  };
  for (const auto& [name, query] : datasets)
    add(name, query, "NOT MATERIALIZED ");
  for (const auto& [name, query] : extra)
    add(name, query, "");
  return "WITH " + util::join(parts, ",\n") + "\n";
}

}  // namespace lethe::data
