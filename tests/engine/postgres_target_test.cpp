#include "engine/postgres_target.hpp"

#include <catch2/catch.hpp>

namespace lethe::engine {
namespace {

TEST_CASE("database URLs: shown without user and parameters, never with a password", "[database]") {
  CHECK(is_database_url("postgresql://db/x"));
  CHECK(is_database_url("postgres://db/x"));
  CHECK_FALSE(is_database_url("exports/postgresql"));
  CHECK(*database_display_url("postgresql://auditor@db.example:5432/telemetry?sslmode=require") ==
        "postgresql://db.example:5432/telemetry");
  CHECK(*database_display_url("postgres://db.example/telemetry") ==
        "postgres://db.example/telemetry");
  const std::string refused =
      "the database URL holds a password\nhint: leave it out of the command line (and so of "
      "logs and reports): set PGPASSWORD or put it in ~/.pgpass";
  CHECK(database_display_url("postgresql://auditor:s3cret@db/telemetry").error().message ==
        refused);
  CHECK(database_display_url("postgresql://db/telemetry?user=a&password=s3cret").error().message ==
        refused);
}

}  // namespace
}  // namespace lethe::engine
