#include "data/postgres_source.hpp"

#include <catch2/catch.hpp>

namespace lethe::data {
namespace {

FieldSpec field(FieldType type, std::optional<bool> default_value = std::nullopt) {
  FieldSpec spec;
  spec.name = "f";
  spec.type = type;
  spec.default_value = default_value;
  return spec;
}

std::string convert(const FieldSpec& spec, const std::string& type,
                    std::optional<TimestampFormat> format = std::nullopt) {
  FieldReading reading;
  if (format) reading.formats.push_back(*format);
  return postgres_conversion({&spec, "c", type, std::move(reading)});
}

std::string unreadable(const FieldSpec& spec, const std::string& type) {
  return postgres_unreadable({&spec, "c", type, {}});
}

TEST_CASE("postgres source: native columns need no checks", "[postgres_source]") {
  auto text = field(FieldType::string);
  auto flag = field(FieldType::boolean, false);
  auto time = field(FieldType::timestamp);
  auto number = field(FieldType::integer);
  CHECK(convert(text, "text") == "NULLIF(\"c\", '')");
  CHECK(convert(text, "uuid") == "NULLIF(CAST(\"c\" AS text), '')");
  CHECK(convert(flag, "boolean") == "COALESCE(\"c\", FALSE)");
  CHECK(convert(time, "timestamp with time zone") ==
        "CAST(floor(EXTRACT(EPOCH FROM \"c\")) AS bigint)");
  CHECK(convert(time, "bigint") == "CAST(floor(\"c\") AS bigint)");
  CHECK(convert(number, "integer") == "CAST(\"c\" AS bigint)");
  for (const auto* spec : {&text, &flag, &time, &number})
    CHECK(unreadable(*spec, native_postgres_type(spec->type)) == "FALSE");
}

TEST_CASE("postgres source: text columns are read as the file readers read text",
          "[postgres_source]") {
  auto flag = field(FieldType::boolean, false);
  CHECK(convert(flag, "text") ==
        "(CASE WHEN \"c\" IS NULL OR \"c\" = '' THEN FALSE WHEN lower(\"c\") IN ('true', '1', "
        "'yes', 'y', 't') THEN TRUE WHEN lower(\"c\") IN ('false', '0', 'no', 'n', 'f') THEN "
        "FALSE END)");
  CHECK(unreadable(flag, "character varying") ==
        "COALESCE(\"c\" <> '' AND NOT (lower(\"c\") IN ('true', '1', 'yes', 'y', 't', 'false', "
        "'0', 'no', 'n', 'f')), FALSE)");
  auto time = field(FieldType::timestamp);
  CHECK(convert(time, "bigint", TimestampFormat{TimestampFormat::Kind::epoch_ms, ""}) ==
        "CAST(floor(\"c\" / 1000.0) AS bigint)");
  CHECK(convert(time, "text", TimestampFormat{TimestampFormat::Kind::pattern, "%d/%m/%Y %H:%M"}) ==
        "(CASE WHEN \"c\" <> '' THEN CAST(floor(EXTRACT(EPOCH FROM to_timestamp(\"c\", "
        "'DD\"/\"MM\"/\"YYYY\" \"HH24\":\"MI'))) AS bigint) END)");
}

TEST_CASE(
    "postgres source: a value outside the vocabulary and a row without its key are unreadable",
    "[postgres_source]") {
  auto scope = field(FieldType::string);
  scope.values = {"voice", "it's"};
  CHECK(unreadable(scope, "text") ==
        "COALESCE(\"c\" <> '' AND NOT (\"c\" IN ('voice', 'it''s')), FALSE)");
  auto id = field(FieldType::integer);
  id.key = true;
  CHECK(unreadable(id, "bigint") == "(CAST(\"c\" AS text) IS NULL OR CAST(\"c\" AS text) = '')");
}

TEST_CASE("postgres source: the dataset query", "[postgres_source]") {
  FieldSpec key = field(FieldType::string);
  key.name = "id";
  key.key = true;
  FieldSpec when = field(FieldType::integer);
  when.name = "n";
  std::vector<PostgresColumn> columns{{&key, "ID", "text", {}}, {&when, "N", "text", {}}};
  CHECK(postgres_dataset_query("\"s\".\"t\"", columns) ==
        "SELECT NULLIF(\"ID\", '') AS \"id\",\n"
        "       (CASE WHEN \"N\" ~ '^-?[0-9]{1,18}$' THEN CAST(\"N\" AS bigint) END) AS \"n\",\n"
        "       NULLIF(\"ID\", '') AS _row,\n"
        "       CAST(NULL AS bigint) AS _file,\n"
        "       CAST(NULL AS bigint) AS _line\n"
        "FROM \"s\".\"t\"\n"
        "WHERE NOT ((\"ID\" IS NULL OR \"ID\" = '')\n"
        "  OR COALESCE(\"N\" <> '' AND NOT (\"N\" ~ '^-?[0-9]{1,18}$'), FALSE))");
  CHECK(postgres_with_clause({{"a", "SELECT 1\nFROM x"}, {"b", "SELECT 2"}}, {{"m", "SELECT 3"}}) ==
        "WITH \"a\" AS NOT MATERIALIZED (\n"
        "  SELECT 1\n"
        "  FROM x\n"
        "),\n"
        "\"b\" AS NOT MATERIALIZED (\n"
        "  SELECT 2\n"
        "),\n"
        "\"m\" AS (\n"
        "  SELECT 3\n"
        ")\n");
}

}  // namespace
}  // namespace lethe::data
