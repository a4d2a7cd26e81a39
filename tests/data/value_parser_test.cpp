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

TEST_CASE("a list of formats is tried in order; a date alone is midnight in the zone",
          "[value_parser]") {
  FieldSpec spec = field("recorded_at", FieldType::timestamp);
  FieldReading reading;
  reading.formats = {*TimestampFormat::parse("%m/%d/%Y %I:%M %p"),
                     *TimestampFormat::parse("%m/%d/%Y")};
  reading.timezone = *lethe::util::TimeZone::parse("America/New_York");
  ValueParser parser(spec, reading);
  Cell cell;
  REQUIRE(parser.parse(std::string_view("11/01/2026 01:30 AM"), cell));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-11-01T05:30:00Z");
  REQUIRE(parser.parse(std::string_view("07/04/2026"), cell));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-07-04T04:00:00Z");
  REQUIRE(parser.parse(std::string_view("01/15/2026"), cell));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-01-15T05:00:00Z");
  CHECK_FALSE(parser.parse(std::string_view("2026-01-15"), cell));
  CHECK(parser.error_message("2026-01-15") ==
        "recorded_at: cannot read \"2026-01-15\" as timestamp (format %m/%d/%Y %I:%M %p or "
        "%m/%d/%Y)");
}

TEST_CASE("a zone places wall times; offsets and epochs are instants already", "[value_parser]") {
  FieldSpec spec = field("recorded_at", FieldType::timestamp);
  FieldReading reading;
  reading.timezone = *lethe::util::TimeZone::parse("America/New_York");
  ValueParser parser(spec, reading);
  Cell cell;
  lethe::util::WallTime wall = lethe::util::WallTime::unique;
  REQUIRE(parser.parse(std::string_view("2026-11-01 01:30:00"), cell, &wall));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-11-01T05:30:00Z");
  CHECK(wall == lethe::util::WallTime::repeated);
  REQUIRE(parser.parse(std::string_view("2026-03-08T02:30:00"), cell, &wall));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-03-08T07:30:00Z");
  CHECK(wall == lethe::util::WallTime::skipped);
  REQUIRE(parser.parse(std::string_view("2026-11-01T01:30:00-05:00"), cell, &wall));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-11-01T06:30:00Z");
  CHECK(wall == lethe::util::WallTime::unique);
  REQUIRE(parser.parse(std::string_view("2026-11-01T01:30:00Z"), cell, &wall));
  CHECK(lethe::util::format_iso8601(cell.integer) == "2026-11-01T01:30:00Z");
  reading.formats = {*TimestampFormat::parse("epoch_s")};
  REQUIRE(parser.parse(std::string_view("1793511000"), cell, &wall));
  CHECK(cell.integer == 1793511000);
  CHECK(wall == lethe::util::WallTime::unique);
  // The zone may take a wall time at the range's edge out of it.
  reading.formats.clear();
  CHECK_FALSE(parser.parse(std::string_view("9999-12-31T23:59:59"), cell));
  REQUIRE(parser.parse(std::string_view("9999-12-31T18:59:59"), cell));
  CHECK(cell.integer == lethe::util::k_max_timestamp);
}

TEST_CASE("vendor codes map onto the vocabulary; other values pass through and are checked",
          "[value_parser]") {
  FieldSpec spec = field("scope", FieldType::string);
  spec.values = {"voice", "geolocation", "all"};
  FieldReading reading;
  reading.values = {{"VOICE_HISTORY", "voice"}, {"LOCATION", "geolocation"}};
  ValueParser parser(spec, reading);
  Cell cell;
  REQUIRE(parser.parse(std::string_view("VOICE_HISTORY"), cell));
  CHECK(cell.text == "voice");
  REQUIRE(parser.parse(std::string_view("all"), cell));
  CHECK(cell.text == "all");
  CHECK_FALSE(parser.parse(std::string_view("voice_history"), cell));
  CHECK(parser.error_message("voice_history") ==
        "scope: \"voice_history\" is not one of voice, geolocation, all");
  // A map onto a value the schema does not list is refused, naming both.
  reading.values["ALEXA"] = "alexa";
  CHECK_FALSE(parser.parse(std::string_view("ALEXA"), cell));
  CHECK(parser.error_message("ALEXA") ==
        "scope: \"ALEXA\" (mapped to \"alexa\") is not one of voice, geolocation, all");
  // Codes apply to other types too: the text is mapped, then read.
  FieldSpec flag = field("keep_requested", FieldType::boolean, false);
  FieldReading flags;
  flags.values = {{"KEEP", "true"}, {"DROP", "false"}};
  ValueParser booleans(flag, flags);
  REQUIRE(booleans.parse(std::string_view("KEEP"), cell));
  CHECK(cell.integer == 1);
}

TEST_CASE("null_values are null in every type, before vendor codes", "[value_parser]") {
  FieldReading reading;
  reading.null_values = {"NULL", "\\N", "N/A"};
  reading.values = {{"N/A", "voice"}};
  FieldSpec text = field("scope", FieldType::string);
  FieldSpec when = field("completed_at", FieldType::timestamp);
  FieldSpec flag = field("keep_requested", FieldType::boolean, false);
  Cell cell;
  for (const FieldSpec* spec : {&text, &when}) {
    ValueParser parser(*spec, reading);
    for (const char* token : {"NULL", "\\N", "N/A"}) {
      REQUIRE(parser.parse(std::string_view(token), cell));
      CHECK(cell.kind == Cell::Kind::null);
    }
    // Exactly the token: "null" is another text, which a timestamp cannot read.
    if (spec == &when) CHECK_FALSE(parser.parse(std::string_view("null"), cell));
  }
  ValueParser booleans(flag, reading);
  REQUIRE(booleans.parse(std::string_view("NULL"), cell));
  CHECK(cell.kind == Cell::Kind::integer);
  CHECK(cell.integer == 0);  // a null boolean takes its default, as an empty one does
}
