#include "rules/postgres_dialect.hpp"

#include <catch2/catch.hpp>

namespace lethe::rules {
namespace {

TEST_CASE("postgresql: every placeholder carries its type", "[postgresql]") {
  const Dialect& dialect = postgres_dialect();
  CHECK(dialect.placeholder(1, ValueType::string) == "$1::text");
  CHECK(dialect.placeholder(2, ValueType::integer) == "$2::bigint");
  CHECK(dialect.placeholder(3, ValueType::timestamp) == "$3::bigint");
  CHECK(dialect.placeholder(4, ValueType::real) == "$4::double precision");
  CHECK(dialect.placeholder(5, ValueType::boolean) == "$5::boolean");
  CHECK(dialect.identifier("we\"ird") == "\"we\"\"ird\"");
  CHECK(dialect.row_id("\"a\"") == "\"a\"._row");
  CHECK(dialect.boolean_constant(true) == "TRUE");
}

TEST_CASE("postgresql: month arithmetic on the UTC calendar, null beyond 20,000 years",
          "[postgresql]") {
  CHECK(postgres_dialect().add_months("a.t", "$1::bigint") ==
        "(CASE WHEN abs($1::bigint) <= 240000 THEN CAST(EXTRACT(EPOCH FROM TIMESTAMP "
        "'1970-01-01' + make_interval(secs => a.t) + make_interval(months => CAST($1::bigint AS "
        "integer))) AS bigint) END)");
  CHECK(postgres_dialect().add_seconds("a.t", "$2::bigint") == "(a.t + $2::bigint)");
}

TEST_CASE("postgresql: parameters are sent as text", "[postgresql]") {
  CHECK(postgres_parameter_text(Value::of_string("A'1")) == "A'1");
  CHECK(postgres_parameter_text(Value::of_integer(-5)) == "-5");
  CHECK(postgres_parameter_text(Value::of_timestamp(1793491200)) == "1793491200");
  CHECK(postgres_parameter_text(Value::of_boolean(true)) == "t");
  CHECK(postgres_parameter_text(Value::of_boolean(false)) == "f");
  CHECK(postgres_parameter_text(Value::of_real(0.1)) == "0.10000000000000001");
  CHECK_FALSE(postgres_parameter_text(Value()).has_value());
}

}  // namespace
}  // namespace lethe::rules
