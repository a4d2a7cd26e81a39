#include "data/value_parser.hpp"

#include <catch2/catch.hpp>

using lethe::data::Cell;
using lethe::data::FieldReading;
using lethe::data::FieldSpec;
using lethe::data::FieldType;
using lethe::data::TimestampFormat;
using lethe::data::ValueParser;

namespace {

FieldSpec field(const char* name, FieldType type, std::optional<bool> default_value = {}) {
  FieldSpec spec;
  spec.name = name;
  spec.type = type;
  spec.default_value = default_value;
  return spec;
}

const FieldReading k_plain{};

// A reading of timestamps in `formats`, tried in order, at a fixed offset.
FieldReading reading(std::initializer_list<const char*> formats, int offset_seconds = 0) {
  FieldReading result;
  for (const char* text : formats)
    result.formats.push_back(*TimestampFormat::parse(text));
  result.timezone = lethe::util::TimeZone::fixed(offset_seconds);
  return result;
}

}  // namespace

TEST_CASE("parse_boolean reads every documented form in any case", "[value_parser]") {
  using lethe::data::parse_boolean;
  for (auto yes : {"true", "TRUE", "True", "1", "yes", "YES", "y", "Y", "t", "T"}) {
    CHECK(parse_boolean(yes) == std::optional<bool>(true));
  }
  for (auto no : {"false", "False", "0", "no", "No", "n", "N", "f", "F"}) {
    CHECK(parse_boolean(no) == std::optional<bool>(false));
  }
  for (auto neither : {"", "2", "maybe", "yess", "on", "off", "-1"}) {
    CHECK_FALSE(parse_boolean(neither).has_value());
  }
}

TEST_CASE("booleans: empty and null take the field's default", "[value_parser]") {
  FieldSpec with_default = field("keep_requested", FieldType::boolean, false);
  ValueParser parser(with_default, k_plain);
  Cell cell;
  REQUIRE(parser.parse(std::string_view(""), cell));
  CHECK(cell.kind == Cell::Kind::integer);
  CHECK(cell.integer == 0);
  REQUIRE(parser.parse(std::nullopt, cell));
  CHECK(cell.integer == 0);
  REQUIRE(parser.parse(std::string_view(" Yes "), cell));
  CHECK(cell.integer == 1);

  FieldSpec without_default = field("flag", FieldType::boolean);
  ValueParser nullable(without_default, k_plain);
  REQUIRE(nullable.parse(std::string_view(""), cell));
  CHECK(cell.kind == Cell::Kind::null);
}

TEST_CASE("strings keep their text, and empty is null", "[value_parser]") {
  FieldSpec spec = field("text", FieldType::string);
  ValueParser parser(spec, k_plain);
  Cell cell;
  REQUIRE(parser.parse(std::string_view("  spaced  "), cell));
  CHECK(cell.kind == Cell::Kind::text);
  CHECK(cell.text == "  spaced  ");
  REQUIRE(parser.parse(std::string_view(""), cell));
  CHECK(cell.kind == Cell::Kind::null);
  REQUIRE(parser.parse(std::nullopt, cell));
  CHECK(cell.kind == Cell::Kind::null);
}

TEST_CASE("integers and reals", "[value_parser]") {
  FieldSpec integer = field("max_age_days", FieldType::integer);
  ValueParser ints(integer, k_plain);
  Cell cell;
  REQUIRE(ints.parse(std::string_view("365"), cell));
  CHECK(cell.integer == 365);
  REQUIRE(ints.parse(std::string_view("+7"), cell));
  CHECK(cell.integer == 7);
  REQUIRE(ints.parse(std::string_view("-3"), cell));
  CHECK(cell.integer == -3);
  CHECK_FALSE(ints.parse(std::string_view("1.5"), cell));
  CHECK_FALSE(ints.parse(std::string_view("12abc"), cell));
  CHECK_FALSE(ints.parse(std::string_view("99999999999999999999"), cell));
  CHECK_FALSE(ints.parse(std::string_view("++1"), cell));
  CHECK(ints.error_message("1.5") == "max_age_days: cannot read \"1.5\" as integer");

  FieldSpec real = field("latitude", FieldType::real);
  ValueParser reals(real, k_plain);
  REQUIRE(reals.parse(std::string_view("47.6062"), cell));
  CHECK(cell.kind == Cell::Kind::real);
  CHECK(cell.real == Approx(47.6062));
  REQUIRE(reals.parse(std::string_view("-1e-3"), cell));
  CHECK(cell.real == Approx(-0.001));
  CHECK_FALSE(reals.parse(std::string_view("north"), cell));
  CHECK_FALSE(reals.parse(std::string_view("nan"), cell));
  CHECK_FALSE(reals.parse(std::string_view("inf"), cell));
  CHECK(reals.error_message("north") == "latitude: cannot read \"north\" as real");
}

TEST_CASE("timestamps in each format, and the diagnostic of a bad one", "[value_parser]") {
  FieldSpec spec = field("last_active_at", FieldType::timestamp);
  Cell cell;

  const FieldReading iso_reading = reading({"iso8601"}, 0);
  ValueParser iso(spec, iso_reading);
  REQUIRE(iso.parse(std::string_view("2025-05-01T12:00:00Z"), cell));
  CHECK(cell.integer == 1746100800);
  REQUIRE(iso.parse(std::string_view("2025-05-01"), cell));
  CHECK(cell.integer == 1746057600);
  CHECK(iso.error_message("soon") ==
        "last_active_at: cannot read \"soon\" as timestamp (format ISO 8601)");

  const FieldReading shifted_reading = reading({"iso8601"}, 2 * 3600);
  ValueParser shifted(spec, shifted_reading);
  REQUIRE(shifted.parse(std::string_view("2025-05-01 12:00:00"), cell));
  CHECK(cell.integer == 1746100800 - 7200);
  REQUIRE(shifted.parse(std::string_view("2025-05-01T12:00:00Z"), cell));
  CHECK(cell.integer == 1746100800);

  const FieldReading seconds_reading = reading({"epoch_s"}, 0);
  ValueParser seconds(spec, seconds_reading);
  REQUIRE(seconds.parse(std::string_view("1746100800"), cell));
  CHECK(cell.integer == 1746100800);

  const FieldReading millis_reading = reading({"epoch_ms"}, 0);
  ValueParser millis(spec, millis_reading);
  REQUIRE(millis.parse(std::string_view("1746100800999"), cell));
  CHECK(cell.integer == 1746100800);

  const FieldReading us_reading = reading({"%m/%d/%Y %H:%M:%S"}, 0);
  ValueParser us(spec, us_reading);
  REQUIRE(us.parse(std::string_view("05/01/2025 12:00:00"), cell));
  CHECK(cell.integer == 1746100800);
  CHECK_FALSE(us.parse(std::string_view("13/45/2020"), cell));
  CHECK(us.error_message("13/45/2020") ==
        "last_active_at: cannot read \"13/45/2020\" as timestamp (format %m/%d/%Y %H:%M:%S)");
}

TEST_CASE("TimestampFormat::parse refuses unknown directives", "[value_parser]") {
  auto bad = TimestampFormat::parse("%Y-%Q");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "unknown directive %Q in format");
  CHECK(TimestampFormat::parse("epoch_s")->describe() == "epoch_s");
  CHECK(TimestampFormat::parse("%d.%m.%Y")->describe() == "%d.%m.%Y");
}
