// Time zones at their transitions, to the second, in both directions, in zones north and south
// of the equator, with daylight time after the last transition a TZif file lists (from its
// POSIX rule), and the names parse() accepts and refuses. Expected instants are written with
// the offset the zone has then, which `TZ=ZONE date -d` confirms.
#include "util/time_zone.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace lethe::util;

namespace {

// The instant of an ISO 8601 text with its offset.
UnixSeconds at(std::string_view text) {
  auto seconds = parse_iso8601(text, 0);
  REQUIRE(seconds);
  return *seconds;
}

TimeZone zone(std::string_view name) {
  auto parsed = TimeZone::parse(name);
  REQUIRE(parsed);
  return *parsed;
}

// `wall` (ISO 8601 without an offset) placed in `zone`, as `INSTANT KIND` for whole-line checks.
std::string placed(const TimeZone& zone, std::string_view wall) {
  auto read = read_iso8601(wall);
  REQUIRE(read);
  REQUIRE(read->basis == TimeBasis::wall);
  ZonedInstant instant = zone.from_wall(read->seconds);
  const char* kind = instant.wall == WallTime::unique     ? "unique"
                     : instant.wall == WallTime::repeated ? "repeated"
                                                          : "skipped";
  return format_iso8601(instant.instant) + " " + kind;
}

std::string parse_error(std::string_view name) {
  auto parsed = TimeZone::parse(name);
  REQUIRE_FALSE(parsed);
  return parsed.error().message;
}

}  // namespace

TEST_CASE("New York's spring gap reads with the offset before it", "[time_zone]") {
  // 2026-03-08 02:00 EST becomes 03:00 EDT.
  const TimeZone new_york = zone("America/New_York");
  CHECK(placed(new_york, "2026-03-08T01:59:59") == "2026-03-08T06:59:59Z unique");
  CHECK(placed(new_york, "2026-03-08T02:00:00") == "2026-03-08T07:00:00Z skipped");
  // 02:30 is 03:30 daylight time.
  CHECK(placed(new_york, "2026-03-08T02:30:00") == "2026-03-08T07:30:00Z skipped");
  CHECK(at("2026-03-08T03:30:00-04:00") == at("2026-03-08T07:30:00Z"));
  CHECK(placed(new_york, "2026-03-08T02:59:59") == "2026-03-08T07:59:59Z skipped");
  CHECK(placed(new_york, "2026-03-08T03:00:00") == "2026-03-08T07:00:00Z unique");
}

TEST_CASE("New York's autumn hour reads as the earlier instant", "[time_zone]") {
  // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:00..01:59:59 happens twice.
  const TimeZone new_york = zone("America/New_York");
  CHECK(placed(new_york, "2026-11-01T00:59:59") == "2026-11-01T04:59:59Z unique");
  CHECK(placed(new_york, "2026-11-01T01:00:00") == "2026-11-01T05:00:00Z repeated");
  CHECK(placed(new_york, "2026-11-01T01:30:00") == "2026-11-01T05:30:00Z repeated");
  CHECK(placed(new_york, "2026-11-01T01:59:59") == "2026-11-01T05:59:59Z repeated");
  CHECK(placed(new_york, "2026-11-01T02:00:00") == "2026-11-01T07:00:00Z unique");
  CHECK(new_york.offset_at(at("2026-11-01T05:59:59Z")) == -4 * 3600);
  CHECK(new_york.offset_at(at("2026-11-01T06:00:00Z")) == -5 * 3600);
}

TEST_CASE("Berlin changes an hour later in the night, on other dates", "[time_zone]") {
  const TimeZone berlin = zone("Europe/Berlin");
  // 2026-03-29 02:00 CET becomes 03:00 CEST.
  CHECK(placed(berlin, "2026-03-29T01:59:59") == "2026-03-29T00:59:59Z unique");
  CHECK(placed(berlin, "2026-03-29T02:30:00") == "2026-03-29T01:30:00Z skipped");
  CHECK(placed(berlin, "2026-03-29T03:00:00") == "2026-03-29T01:00:00Z unique");
  // 2026-10-25 03:00 CEST becomes 02:00 CET.
  CHECK(placed(berlin, "2026-10-25T01:59:59") == "2026-10-24T23:59:59Z unique");
  CHECK(placed(berlin, "2026-10-25T02:00:00") == "2026-10-25T00:00:00Z repeated");
  CHECK(placed(berlin, "2026-10-25T02:59:59") == "2026-10-25T00:59:59Z repeated");
  CHECK(placed(berlin, "2026-10-25T03:00:00") == "2026-10-25T02:00:00Z unique");
  // On New York's dates Berlin has no transition.
  CHECK(placed(berlin, "2026-03-08T02:30:00") == "2026-03-08T01:30:00Z unique");
  CHECK(placed(berlin, "2026-11-01T01:30:00") == "2026-11-01T00:30:00Z unique");
}

TEST_CASE("Sydney goes back in April and forward in October", "[time_zone]") {
  const TimeZone sydney = zone("Australia/Sydney");
  // 2026-04-05 03:00 AEDT (+11) becomes 02:00 AEST (+10).
  CHECK(placed(sydney, "2026-04-05T01:59:59") == "2026-04-04T14:59:59Z unique");
  CHECK(placed(sydney, "2026-04-05T02:00:00") == "2026-04-04T15:00:00Z repeated");
  CHECK(placed(sydney, "2026-04-05T02:59:59") == "2026-04-04T15:59:59Z repeated");
  CHECK(placed(sydney, "2026-04-05T03:00:00") == "2026-04-04T17:00:00Z unique");
  // 2026-10-04 02:00 AEST becomes 03:00 AEDT.
  CHECK(placed(sydney, "2026-10-04T01:59:59") == "2026-10-03T15:59:59Z unique");
  CHECK(placed(sydney, "2026-10-04T02:30:00") == "2026-10-03T16:30:00Z skipped");
  CHECK(placed(sydney, "2026-10-04T03:00:00") == "2026-10-03T16:00:00Z unique");
  // Summer is January.
  CHECK(sydney.offset_at(at("2026-01-15T00:00:00Z")) == 11 * 3600);
  CHECK(sydney.offset_at(at("2026-07-15T00:00:00Z")) == 10 * 3600);
}

TEST_CASE("After the transitions a file lists, its POSIX rule goes on", "[time_zone]") {
  const TimeZone new_york = zone("America/New_York");
  // Debian's files list transitions to 2037; 2040 and 2100 come from EST5EDT,M3.2.0,M11.1.0.
  CHECK(new_york.offset_at(at("2040-07-01T12:00:00Z")) == -4 * 3600);
  CHECK(new_york.offset_at(at("2040-12-01T12:00:00Z")) == -5 * 3600);
  CHECK(placed(new_york, "2040-03-11T02:30:00") == "2040-03-11T07:30:00Z skipped");
  CHECK(placed(new_york, "2040-11-04T01:30:00") == "2040-11-04T05:30:00Z repeated");
  CHECK(placed(new_york, "2100-07-01T12:00:00") == "2100-07-01T16:00:00Z unique");
  const TimeZone sydney = zone("Australia/Sydney");
  CHECK(sydney.offset_at(at("2045-01-15T00:00:00Z")) == 11 * 3600);
  CHECK(placed(sydney, "2045-10-01T02:30:00") == "2045-09-30T16:30:00Z skipped");
}

TEST_CASE("Dublin's winter time is its daylight-saving rule's negative hour", "[time_zone]") {
  // IST-1GMT0,M10.5.0,M3.5.0/1: standard time is summer (+01:00), GMT the winter.
  const TimeZone dublin = zone("Europe/Dublin");
  CHECK(dublin.offset_at(at("2026-07-01T00:00:00Z")) == 3600);
  CHECK(dublin.offset_at(at("2026-12-01T00:00:00Z")) == 0);
  CHECK(dublin.offset_at(at("2041-07-01T00:00:00Z")) == 3600);
  CHECK(dublin.offset_at(at("2041-12-01T00:00:00Z")) == 0);
  CHECK(placed(dublin, "2026-10-25T01:30:00") == "2026-10-25T00:30:00Z repeated");
}

TEST_CASE("Fixed offsets and UTC place every wall time once", "[time_zone]") {
  CHECK(placed(TimeZone(), "2026-03-08T02:30:00") == "2026-03-08T02:30:00Z unique");
  CHECK(placed(zone("UTC"), "2026-03-08T02:30:00") == "2026-03-08T02:30:00Z unique");
  CHECK(placed(zone("+05:30"), "2026-03-08T02:30:00") == "2026-03-07T21:00:00Z unique");
  CHECK(placed(zone("-0800"), "2026-03-08T02:30:00") == "2026-03-08T10:30:00Z unique");
  CHECK(zone("-0800").name() == "-0800");
  CHECK(TimeZone::fixed(-5 * 3600).name() == "-05:00");
  CHECK(TimeZone().name() == "UTC");
  CHECK(zone("Asia/Tokyo").offset_at(at("2026-07-01T00:00:00Z")) == 9 * 3600);
  CHECK(zone("Etc/UTC").offset_at(at("2026-07-01T00:00:00Z")) == 0);
  CHECK(zone("UTC").is_fixed());
  CHECK_FALSE(zone("Europe/Berlin").is_fixed());
}

TEST_CASE("TimeZone::parse names what it cannot read", "[time_zone]") {
  CHECK(parse_error("Europe/Berln") ==
        "unknown time zone \"Europe/Berln\" (did you mean \"Europe/Berlin\"?)");
  CHECK(parse_error("america/new_york") ==
        "unknown time zone \"america/new_york\" (did you mean \"America/New_York\"?)");
  const std::string hint =
      "\nhint: an IANA name such as America/New_York, or an offset such as +02:00";
  CHECK(parse_error("Mars/Olympus_Mons") == "unknown time zone \"Mars/Olympus_Mons\"" + hint);
  // Nothing outside the database is opened, and its own files are no zones.
  CHECK(parse_error("../../etc/passwd") == "unknown time zone \"../../etc/passwd\"" + hint);
  CHECK(parse_error("/etc/localtime") == "unknown time zone \"/etc/localtime\"" + hint);
  CHECK(parse_error("zone.tab") == "unknown time zone \"zone.tab\"" + hint);
  CHECK(parse_error("") == "unknown time zone \"\"" + hint);
  CHECK(parse_error("+15:00") ==
        "\"+15:00\" is no UTC offset (write +HH:MM, from -14:00 to +14:00) or time zone name");
}

TEST_CASE("TimeZone::parse says when there is no tz database", "[time_zone]") {
  const char* before = std::getenv("TZDIR");
  const std::string saved = before ? before : "";
  ::setenv("TZDIR", "/nonexistent/zoneinfo", 1);
  auto parsed = TimeZone::parse("Pacific/Chatham");
  if (saved.empty()) {
    ::unsetenv("TZDIR");
  } else {
    ::setenv("TZDIR", saved.c_str(), 1);
  }
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().message ==
        "time zone \"Pacific/Chatham\": no tz database in /nonexistent/zoneinfo\n"
        "hint: install tzdata");
}

TEST_CASE("tz_database_version names the tzdata release", "[time_zone]") {
  const std::string version = tz_database_version();
  REQUIRE(version.size() == 5);
  CHECK(version.substr(0, 2) == "20");
  CHECK(version[4] >= 'a');
  CHECK(version[4] <= 'z');
}
