// Timestamp parsing, formatting and calendar arithmetic. Expected instants were computed
// independently with `date -u -d ... +%s`; values outside date's range use the 400-year cycle
// (146097 days) from a known instant.
#include "util/timestamp.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <limits>
#include <string>

using namespace lethe::util;

namespace {

// Parse results become plain numbers so Catch prints them on failure; no parser can return
// INT64_MIN (it is outside the accepted range), so it stands for nullopt.
constexpr std::int64_t k_rejected = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t k_int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t k_day = 86400;
constexpr std::int64_t k_days_per_400_years = 146097;

std::int64_t iso(std::string_view text, int default_offset_seconds = 0) {
  return parse_iso8601(text, default_offset_seconds).value_or(k_rejected);
}

std::int64_t pattern(std::string_view text, std::string_view format,
                     int default_offset_seconds = 0) {
  return parse_strftime(text, format, default_offset_seconds).value_or(k_rejected);
}

std::int64_t epoch_s(std::string_view text) {
  return parse_epoch(text, EpochUnit::seconds).value_or(k_rejected);
}

std::int64_t epoch_ms(std::string_view text) {
  return parse_epoch(text, EpochUnit::milliseconds).value_or(k_rejected);
}

// Not value_or: that would convert k_rejected to int.
std::int64_t offset(std::string_view text) {
  const std::optional<int> seconds = parse_utc_offset(text);
  return seconds ? *seconds : k_rejected;
}

// "" when the format is accepted.
std::string format_problem(std::string_view format) {
  return check_strftime_format(format).value_or("");
}

}  // namespace

TEST_CASE("days_from_civil counts days from 1970-01-01", "[timestamp]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1970, 1, 2) == 1);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 951868800 / k_day);
  CHECK(days_from_civil(2024, 2, 29) == 1709164800 / k_day);
  CHECK(days_from_civil(0, 1, 1) == -62167219200 / k_day);
  CHECK(days_from_civil(-1, 12, 31) == -62167219200 / k_day - 1);
  CHECK(days_from_civil(2400, 1, 1) - days_from_civil(2000, 1, 1) == k_days_per_400_years);
  CHECK(days_from_civil(-400, 1, 1) == days_from_civil(0, 1, 1) - k_days_per_400_years);
}

TEST_CASE("days_in_month follows the Gregorian leap rule", "[timestamp]") {
  CHECK(days_in_month(2025, 1) == 31);
  CHECK(days_in_month(2025, 2) == 28);
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(1900, 2) == 28);  // divisible by 100, not by 400
  CHECK(days_in_month(2000, 2) == 29);  // divisible by 400
  CHECK(days_in_month(0, 2) == 29);
  CHECK(days_in_month(-4, 2) == 29);
  CHECK(days_in_month(-100, 2) == 28);
  CHECK(days_in_month(2025, 4) == 30);
  CHECK(days_in_month(2025, 6) == 30);
  CHECK(days_in_month(2025, 9) == 30);
  CHECK(days_in_month(2025, 11) == 30);
  CHECK(days_in_month(2025, 12) == 31);
  // Outside the contract, but must not read out of bounds.
  CHECK(days_in_month(2025, 0) == 0);
  CHECK(days_in_month(2025, 13) == 0);
}

TEST_CASE("civil_from_unix and unix_from_civil convert known instants", "[timestamp]") {
  const CivilTime moon = civil_from_unix(-14182940);  // 1969-07-20T20:17:40Z
  CHECK(moon.year == 1969);
  CHECK(moon.month == 7);
  CHECK(moon.day == 20);
  CHECK(moon.hour == 20);
  CHECK(moon.minute == 17);
  CHECK(moon.second == 40);
  CHECK(unix_from_civil(moon) == -14182940);

  const CivilTime before_epoch = civil_from_unix(-1);
  CHECK(before_epoch.year == 1969);
  CHECK(before_epoch.month == 12);
  CHECK(before_epoch.day == 31);
  CHECK(before_epoch.hour == 23);
  CHECK(before_epoch.minute == 59);
  CHECK(before_epoch.second == 59);

  CHECK(unix_from_civil(CivilTime{}) == 0);
  CHECK(unix_from_civil(CivilTime{2025, 5, 1, 12, 0, 0}) == 1746100800);
  CHECK(unix_from_civil(CivilTime{0, 1, 1, 0, 0, 0}) == k_min_timestamp);
  CHECK(unix_from_civil(CivilTime{9999, 12, 31, 23, 59, 59}) == k_max_timestamp);

  // The extremes of int64 still convert (known values: year 292277026596 and -292277022657).
  const CivilTime highest = civil_from_unix(k_int64_max);
  CHECK(highest.year == 292277026596);
  CHECK(highest.month == 12);
  CHECK(highest.day == 4);
  CHECK(highest.hour == 15);
  CHECK(highest.minute == 30);
  CHECK(highest.second == 7);
  const CivilTime lowest = civil_from_unix(k_rejected);
  CHECK(lowest.year == -292277022657);
  CHECK(lowest.month == 1);
  CHECK(lowest.day == 27);
  CHECK(lowest.hour == 8);
  CHECK(lowest.minute == 29);
  CHECK(lowest.second == 52);
}

TEST_CASE("civil_from_unix walks every day from 0000-01-01 to 9999-12-31", "[timestamp]") {
  // An independent calendar: advance day by day using only days_in_month.
  CivilTime expected{0, 1, 1, 0, 0, 0};
  std::int64_t mismatches = 0;
  std::int64_t days = 0;
  for (UnixSeconds midnight = k_min_timestamp; midnight <= k_max_timestamp;
       midnight += k_day, ++days) {
    // A different time of day each day, so the split into date and time is checked too.
    const std::int64_t second_of_day = (days * 7919) % k_day;
    expected.hour = static_cast<int>(second_of_day / 3600);
    expected.minute = static_cast<int>(second_of_day / 60 % 60);
    expected.second = static_cast<int>(second_of_day % 60);
    const CivilTime civil = civil_from_unix(midnight + second_of_day);
    if (civil.year != expected.year || civil.month != expected.month || civil.day != expected.day ||
        civil.hour != expected.hour || civil.minute != expected.minute ||
        civil.second != expected.second || unix_from_civil(expected) != midnight + second_of_day ||
        days_from_civil(expected.year, expected.month, expected.day) * k_day != midnight) {
      ++mismatches;
    }
    if (++expected.day > days_in_month(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month > 12) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(days == 25 * k_days_per_400_years);  // 10000 years
  CHECK(expected.year == 10000);
}

TEST_CASE("parse_iso8601 reads UTC and offset forms", "[timestamp]") {
  CHECK(iso("2025-05-01T12:00:00Z") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00+02:00") == 1746093600);
  CHECK(iso("2025-05-01T12:00:00-05:30") == 1746120600);
  CHECK(iso("2025-05-01T12:00:00+0200") == 1746093600);
  CHECK(iso("2025-05-01T12:00:00-0530") == 1746120600);
  CHECK(iso("2025-05-01T12:00:00+00:00") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00-00:00") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00+14:00") == 1746100800 - 14 * 3600);
  CHECK(iso("2025-05-01T12:00:00-14:00") == 1746100800 + 14 * 3600);
  CHECK(iso("2025-04-30T17:05:09Z") == 1746032709);
  CHECK(iso("1970-01-01T00:00:00Z") == 0);
  CHECK(iso("2023-11-14T22:13:20Z") == 1700000000);
}

TEST_CASE("parse_iso8601 reads fractions, a space separator and minutes-only times",
          "[timestamp]") {
  CHECK(iso("2025-05-01T12:00:00.123Z") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00.999999999Z") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00.5+02:00") == 1746093600);
  CHECK(iso("2025-05-01T12:00:00.0") == 1746100800);
  CHECK(iso("2025-05-01T12:00:00.123456789012345678901234567890Z") == 1746100800);
  // Truncation keeps the second's own label, even before 1970.
  CHECK(iso("1969-12-31T23:59:59.9Z") == -1);
  CHECK(iso("2025-05-01 12:00:00Z") == 1746100800);
  CHECK(iso("2025-05-01 12:00:00") == 1746100800);
  CHECK(iso("2025-05-01 12:00:00.75-05:30") == 1746120600);
  CHECK(iso("2025-05-01T12:00Z") == 1746100800);
  CHECK(iso("2025-05-01T12:00+02:00") == 1746093600);
  CHECK(iso("2025-05-01 12:00") == 1746100800);
  CHECK(iso("2025-04-30T17:05:09") == 1746032709);
}

TEST_CASE("parse_iso8601 reads a date alone as midnight", "[timestamp]") {
  CHECK(iso("2025-05-01") == 1746057600);
  CHECK(iso("2025-04-30") == 1745971200);
  CHECK(iso("2024-02-29") == 1709164800);
  CHECK(iso("2000-02-29") == 951782400);
  CHECK(iso("1970-01-01") == 0);
}

TEST_CASE("parse_iso8601 applies the default offset only when the text has none", "[timestamp]") {
  CHECK(iso("2025-05-01T12:00:00", 7200) == 1746093600);
  CHECK(iso("2025-05-01T12:00:00", -19800) == 1746120600);
  CHECK(iso("2025-05-01 12:00", 7200) == 1746093600);
  CHECK(iso("2025-05-01", 7200) == 1746057600 - 7200);  // local midnight
  CHECK(iso("2025-05-01T12:00:00Z", 7200) == 1746100800);
  CHECK(iso("2025-05-01T12:00:00+00:00", 7200) == 1746100800);
  CHECK(iso("2025-05-01T12:00:00-05:30", 7200) == 1746120600);
}

TEST_CASE("parse_iso8601 rejects out-of-range fields", "[timestamp]") {
  CHECK(iso("2025-13-01") == k_rejected);
  CHECK(iso("2025-00-10") == k_rejected);
  CHECK(iso("2025-01-00") == k_rejected);
  CHECK(iso("2025-01-32") == k_rejected);
  CHECK(iso("2025-04-31") == k_rejected);
  CHECK(iso("2025-02-30") == k_rejected);
  CHECK(iso("2025-02-29") == k_rejected);
  CHECK(iso("2023-02-29") == k_rejected);
  CHECK(iso("1900-02-29") == k_rejected);
  CHECK(iso("2024-02-29T00:00:00Z") == 1709164800);
  CHECK(iso("2024-02-29T23:59:59Z") == 1709251199);
  CHECK(iso("2024-02-30") == k_rejected);
  CHECK(iso("2025-05-01T24:00:00Z") == k_rejected);
  CHECK(iso("2025-05-01T23:60:00Z") == k_rejected);
  CHECK(iso("2025-05-01T23:59:60Z") == k_rejected);
  CHECK(iso("2025-05-01T23:59:59Z") == 1746143999);
  CHECK(iso("2025-05-01T12:00:00+15:00") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+14:60") == k_rejected);
}

TEST_CASE("parse_iso8601 rejects malformed text", "[timestamp]") {
  CHECK(iso("") == k_rejected);
  CHECK(iso("2025") == k_rejected);
  CHECK(iso("2025-05") == k_rejected);
  CHECK(iso("2025-5-1") == k_rejected);
  CHECK(iso("2025-05-1") == k_rejected);
  CHECK(iso("2025-5-01") == k_rejected);
  CHECK(iso("25-05-01") == k_rejected);
  CHECK(iso("10000-01-01") == k_rejected);
  CHECK(iso("+2025-05-01") == k_rejected);
  CHECK(iso("-0001-01-01") == k_rejected);
  CHECK(iso("2025/05/01") == k_rejected);
  CHECK(iso(" 2025-05-01") == k_rejected);
  CHECK(iso("2025-05-01 ") == k_rejected);
  CHECK(iso("2025-05-01x") == k_rejected);
  CHECK(iso("2025-05-01T") == k_rejected);
  CHECK(iso("2025-05-01T12") == k_rejected);
  CHECK(iso("2025-05-01T12:0") == k_rejected);
  CHECK(iso("2025-05-01T1:00") == k_rejected);
  CHECK(iso("2025-05-01T12:00:0") == k_rejected);
  CHECK(iso("2025-05-01T12:00:") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00.") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00.Z") == k_rejected);
  CHECK(iso("2025-05-01T12:00.5Z") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00,5Z") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00Zjunk") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00Z ") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00 Z") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+02") == k_rejected);  // RFC 3339 needs the minutes
  CHECK(iso("2025-05-01T12:00:00+2:00") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+02:0") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+020") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+02000") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00UTC") == k_rejected);
  CHECK(iso("2025-05-01  12:00:00") == k_rejected);  // exactly one space
  CHECK(iso("2025-05-01\t12:00:00") == k_rejected);
  CHECK(iso("2025-05-01Z") == k_rejected);  // an offset needs a time
  CHECK(iso("2025-05-01+02:00") == k_rejected);
  CHECK(iso("2025-05-01T12:00:00+14:30") == k_rejected);  // beyond +14:00
  CHECK(iso("2025-05-01T12:00:00-14:01") == k_rejected);
  CHECK(iso("20250501") == k_rejected);
  CHECK(iso(std::string_view("2025-05-01T12:00:00Z\0", 21)) == k_rejected);
}

TEST_CASE("parse_iso8601 accepts exactly 0000-01-01 .. 9999-12-31 and dates before 1970",
          "[timestamp]") {
  CHECK(iso("0000-01-01") == k_min_timestamp);
  CHECK(iso("0000-01-01T00:00:00Z") == k_min_timestamp);
  CHECK(iso("0000-01-01T00:00:00-00:01") == k_min_timestamp + 60);
  CHECK(iso("0000-01-01T00:00:00+00:01") == k_rejected);  // 1 minute before year 0
  CHECK(iso("0000-01-01", 3600) == k_rejected);
  CHECK(iso("0000-02-29") == k_min_timestamp + 59 * k_day);  // year 0 is a leap year
  CHECK(iso("9999-12-31T23:59:59Z") == k_max_timestamp);
  CHECK(iso("9999-12-31T23:59:59.999Z") == k_max_timestamp);
  CHECK(iso("9999-12-31T23:59:59+00:01") == k_max_timestamp - 60);
  CHECK(iso("9999-12-31T23:59:59-00:01") == k_rejected);
  CHECK(iso("9999-12-31T23:59:59", -1) == k_rejected);
  CHECK(iso("1969-12-31T23:59:59Z") == -1);
  CHECK(iso("1969-07-20T20:17:40Z") == -14182940);
  CHECK(iso("1900-01-01") == -2208988800);
  CHECK(iso("1600-02-29T06:07:08Z") == -11670976372);
  CHECK(iso("1000-06-15T12:00:00Z") == -30595924800);
  CHECK(iso("0001-01-01") == -62135596800);
}

TEST_CASE("parse_strftime reads numeric US and European patterns", "[timestamp]") {
  CHECK(pattern("04/30/2025 17:05:09", "%m/%d/%Y %H:%M:%S") == 1746032709);
  CHECK(pattern("4/30/2025 17:05:09", "%m/%d/%Y %H:%M:%S") == 1746032709);
  CHECK(pattern("4/30/2025 17:5:9", "%m/%d/%Y %H:%M:%S") == 1746032709);
  CHECK(pattern("30.04.25", "%d.%m.%y") == 1745971200);
  CHECK(pattern("1.5.25", "%d.%m.%y") == 1746057600);
  CHECK(pattern("20250430", "%Y%m%d") == 1745971200);  // fields read greedily to full width
  CHECK(pattern("2025-04-30 1705", "%Y-%m-%d %H%M") == 1746032700);
}

TEST_CASE("parse_strftime pivots %y at 69", "[timestamp]") {
  CHECK(pattern("01.01.69", "%d.%m.%y") == -31536000);   // 1969
  CHECK(pattern("01.01.70", "%d.%m.%y") == 0);           // 1970
  CHECK(pattern("31.12.68", "%d.%m.%y") == 3124137600);  // 2068
  CHECK(pattern("01.01.00", "%d.%m.%y") == 946684800);   // 2000
  CHECK(pattern("01.01.99", "%d.%m.%y") == 915148800);   // 1999
  CHECK(pattern("01.01.5", "%d.%m.%y") == 1104537600);   // 2005
  CHECK(pattern("01.01.100", "%d.%m.%y") == k_rejected);
}

TEST_CASE("parse_strftime reads 12-hour clocks with %I and %p", "[timestamp]") {
  const std::string_view format = "%b %d %Y %I:%M %p";
  CHECK(pattern("Mar 05 2024 09:15 PM", format) == 1709673300);
  CHECK(pattern("Mar 05 2024 09:15 AM", format) == 1709673300 - 12 * 3600);
  CHECK(pattern("Mar 5 2024 9:15 pm", format) == 1709673300);
  CHECK(pattern("mar 05 2024 09:15 Pm", format) == 1709673300);
  CHECK(pattern("MAR 05 2024 09:15 pM", format) == 1709673300);
  CHECK(pattern("Mar 05 2024 12:15 AM", format) == 1709597700);  // just after midnight
  CHECK(pattern("Mar 05 2024 12:15 PM", format) == 1709640900);  // just after noon
  CHECK(pattern("Mar 05 2024 11:59 PM", format) == 1709683140);
  CHECK(pattern("Mar 05 2024 01:00 AM", format) == 1709600400);
  CHECK(pattern("Mar 05 2024 00:15 AM", format) == k_rejected);
  CHECK(pattern("Mar 05 2024 13:15 PM", format) == k_rejected);
  CHECK(pattern("Mar 05 2024 09:15 XM", format) == k_rejected);
  CHECK(pattern("Mar 05 2024 09:15 P", format) == k_rejected);
  CHECK(pattern("Mar 05 2024 09:15 P.M.", format) == k_rejected);
  CHECK(pattern("Mar 05 2024 09:15", format) == k_rejected);
  // %I and %p only make sense together.
  CHECK(pattern("09:15", "%I:%M") == k_rejected);
  CHECK(pattern("09:15 PM", "%H:%M %p") == k_rejected);
}

TEST_CASE("parse_strftime reads English month names in any case", "[timestamp]") {
  constexpr std::array<std::string_view, 12> abbreviations = {
      "Jan", "feb", "MAR", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  constexpr std::array<std::string_view, 12> names = {
      "January", "FEBRUARY", "march",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  for (int month = 1; month <= 12; ++month) {
    const std::int64_t expected = days_from_civil(2025, month, 1) * k_day;
    const std::string abbreviation(abbreviations[static_cast<std::size_t>(month - 1)]);
    const std::string name(names[static_cast<std::size_t>(month - 1)]);
    INFO("month " << month);
    CHECK(pattern(abbreviation + " 2025", "%b %Y") == expected);
    CHECK(pattern(abbreviation + " 2025", "%h %Y") == expected);
    CHECK(pattern(name + " 2025", "%B %Y") == expected);
  }
  CHECK(pattern("September 7, 2025", "%B %d, %Y") == 1757203200);
  CHECK(pattern("Sept 7, 2025", "%B %d, %Y") == k_rejected);
  CHECK(pattern("Sep 7, 2025", "%B %d, %Y") == k_rejected);
  CHECK(pattern("September 7, 2025", "%b %d, %Y") == k_rejected);  // "Sep" then "tember"
  CHECK(pattern("Mai 7, 2025", "%b %d, %Y") == k_rejected);
  CHECK(pattern("Ma 7, 2025", "%b %d, %Y") == k_rejected);
}

TEST_CASE("parse_strftime reads %e with or without space padding", "[timestamp]") {
  CHECK(pattern("Mar 5 2024", "%b %e %Y") == 1709596800);
  CHECK(pattern("Mar  5 2024", "%b %e %Y") == 1709596800);
  CHECK(pattern("Mar 05 2024", "%b %e %Y") == 1709596800);
  CHECK(pattern(" 5/03/2024", "%e/%m/%Y") == 1709596800);
  CHECK(pattern("5/03/2024", "%e/%m/%Y") == 1709596800);
  CHECK(pattern("  5/03/2024", "%e/%m/%Y") == k_rejected);
}

TEST_CASE("parse_strftime reads %f, %z, %T, %F and %%", "[timestamp]") {
  CHECK(pattern("2025-04-30 17:05:09.123456", "%Y-%m-%d %H:%M:%S.%f") == 1746032709);
  CHECK(pattern("2025-04-30 17:05:09.9", "%F %T.%f") == 1746032709);
  CHECK(pattern("2025-04-30 17:05:09.", "%F %T.%f") == k_rejected);
  CHECK(pattern("2025-04-30 17:05:09.x", "%F %T.%f") == k_rejected);
  CHECK(pattern("2025-05-01T12:00:00", "%FT%T") == 1746100800);
  CHECK(pattern("2025-05-01 12:00:00 +02:00", "%F %T %z") == 1746093600);
  CHECK(pattern("2025-05-01 12:00:00 +0200", "%F %T %z") == 1746093600);
  CHECK(pattern("2025-05-01 12:00:00 -05:30", "%F %T %z") == 1746120600);
  CHECK(pattern("2025-05-01 12:00:00 Z", "%F %T %z") == 1746100800);
  CHECK(pattern("2025-05-01T12:00:00Z", "%FT%T%z") == 1746100800);
  CHECK(pattern("2025-05-01 12:00:00 +02", "%F %T %z") == k_rejected);
  CHECK(pattern("2025-05-01 12:00:00 +15:00", "%F %T %z") == k_rejected);
  CHECK(pattern("2025-05-01 12:00:00 UTC", "%F %T %z") == k_rejected);
  CHECK(pattern("2025-05-01 12:00:00 +02:00", "%F %T %z", -19800) == 1746093600);
  CHECK(pattern("2025%05", "%Y%%%m") == 1746057600);
  CHECK(pattern("100% 2025", "100%% %Y") == 1735689600);
  CHECK(pattern("2025-05", "%Y%%%m") == k_rejected);
}

TEST_CASE("parse_strftime defaults missing fields to 1970-01-01 00:00:00", "[timestamp]") {
  CHECK(pattern("2025", "%Y") == 1735689600);
  CHECK(pattern("12:30", "%H:%M") == 45000);
  CHECK(pattern("05", "%m") == days_from_civil(1970, 5, 1) * k_day);
  CHECK(pattern("", "") == 0);
  CHECK(pattern("x", "") == k_rejected);
  CHECK(pattern("", "%Y") == k_rejected);
  CHECK(pattern("2025", "%Y", 7200) == 1735689600 - 7200);
  CHECK(pattern("04/30/2025 17:05:09", "%m/%d/%Y %H:%M:%S", -19800) == 1746032709 + 19800);
}

TEST_CASE("parse_strftime matches literals exactly and spaces as runs", "[timestamp]") {
  const std::string_view format = "%d %m %Y";
  CHECK(pattern("30 04 2025", format) == 1745971200);
  CHECK(pattern("30   04  2025", format) == 1745971200);
  CHECK(pattern("30042025", format) == k_rejected);  // a format space needs at least one space
  CHECK(pattern("30\t04 2025", format) == k_rejected);
  CHECK(pattern(" 30 04 2025", format) == k_rejected);
  CHECK(pattern("30 04 2025 ", format) == k_rejected);
  CHECK(pattern("04-30-2025", "%m/%d/%Y") == k_rejected);
  CHECK(pattern("04/30/2025x", "%m/%d/%Y") == k_rejected);
  CHECK(pattern("04/30/20255", "%m/%d/%Y") == k_rejected);  // %Y reads at most 4 digits
  CHECK(pattern("04/30/", "%m/%d/%Y") == k_rejected);
  CHECK(pattern("04/30", "%m/%d/%Y") == k_rejected);
  CHECK(pattern("at 2025", "at %Y") == 1735689600);
  CHECK(pattern("At 2025", "at %Y") == k_rejected);
  CHECK(pattern("-5/30/2025", "%m/%d/%Y") == k_rejected);
  CHECK(pattern("+5/30/2025", "%m/%d/%Y") == k_rejected);
}

TEST_CASE("parse_strftime rejects out-of-range fields and instants", "[timestamp]") {
  const std::string_view format = "%m/%d/%Y %H:%M:%S";
  CHECK(pattern("02/29/2024 00:00:00", format) == 1709164800);
  CHECK(pattern("02/29/2023 00:00:00", format) == k_rejected);
  CHECK(pattern("02/30/2024 00:00:00", format) == k_rejected);
  CHECK(pattern("04/31/2025 00:00:00", format) == k_rejected);
  CHECK(pattern("13/01/2025 00:00:00", format) == k_rejected);
  CHECK(pattern("00/01/2025 00:00:00", format) == k_rejected);
  CHECK(pattern("01/00/2025 00:00:00", format) == k_rejected);
  CHECK(pattern("01/01/2025 24:00:00", format) == k_rejected);
  CHECK(pattern("01/01/2025 23:60:00", format) == k_rejected);
  CHECK(pattern("01/01/2025 23:59:60", format) == k_rejected);
  // The day is checked after the month and year are known, whatever the field order.
  CHECK(pattern("29.02.2024", "%d.%m.%Y") == 1709164800);
  CHECK(pattern("29.02.2023", "%d.%m.%Y") == k_rejected);
  CHECK(pattern("0000-01-01 00:00:00", "%F %T") == k_min_timestamp);
  CHECK(pattern("0-1-1", "%Y-%m-%d") == k_min_timestamp);
  CHECK(pattern("0000-01-01 00:00:00 +00:01", "%F %T %z") == k_rejected);
  CHECK(pattern("9999-12-31 23:59:59", "%F %T") == k_max_timestamp);
  CHECK(pattern("9999-12-31 23:59:59 -00:01", "%F %T %z") == k_rejected);
  CHECK(pattern("9999-12-31 23:59:59", "%F %T", -1) == k_rejected);
  CHECK(pattern("1969-07-20 20:17:40", "%F %T") == -14182940);
}

TEST_CASE("parse_strftime rejects formats that check_strftime_format rejects", "[timestamp]") {
  CHECK(pattern("2025", "%Q") == k_rejected);
  CHECK(pattern("2025%", "%Y%") == k_rejected);
  CHECK(pattern("2025", "%Y%") == k_rejected);
  CHECK(pattern("", "%") == k_rejected);
  CHECK(pattern("%", "%") == k_rejected);
}

TEST_CASE("check_strftime_format accepts the documented directives", "[timestamp]") {
  CHECK(format_problem("%Y-%m-%d") == "");
  CHECK(format_problem("%m/%d/%Y %H:%M:%S") == "");
  CHECK(format_problem("%b %d %Y %I:%M %p") == "");
  CHECK(format_problem("%e %B %y %h %T.%f%z") == "");
  CHECK(format_problem("%FT%T") == "");
  CHECK(format_problem("100%% %Y") == "");
  CHECK(format_problem("%%I") == "");  // a literal "%I", not the 12-hour directive
  CHECK(format_problem("no directives") == "");
  CHECK(format_problem("") == "");
}

TEST_CASE("check_strftime_format explains what is wrong", "[timestamp]") {
  CHECK(format_problem("%Q") == "unknown directive %Q in format");
  CHECK(format_problem("%Y-%m-%d %k") == "unknown directive %k in format");
  CHECK(format_problem("%Y %j") == "unknown directive %j in format");
  CHECK(format_problem("%%%Q") == "unknown directive %Q in format");
  CHECK(format_problem("%é") == "unknown directive %é in format");
  CHECK(format_problem("%Y%") == "format ends with a lone %");
  CHECK(format_problem("%") == "format ends with a lone %");
  CHECK(format_problem("%H:%I") == "%I needs %p (AM/PM) in format");
  CHECK(format_problem("%I:%M") == "%I needs %p (AM/PM) in format");
  CHECK(format_problem("%H:%M %p") == "%p needs %I in format");
}

TEST_CASE("parse_epoch reads whole and fractional seconds", "[timestamp]") {
  CHECK(epoch_s("1700000000") == 1700000000);
  CHECK(epoch_s("+1700000000") == 1700000000);
  CHECK(epoch_s("0") == 0);
  CHECK(epoch_s("-0") == 0);
  CHECK(epoch_s("-1") == -1);
  CHECK(epoch_s("-14182940") == -14182940);
  CHECK(epoch_s("0001700000000") == 1700000000);
  CHECK(epoch_s("000000000000000000000000001700000000") == 1700000000);
  // Fractions round toward negative infinity.
  CHECK(epoch_s("1700000000.5") == 1700000000);
  CHECK(epoch_s("1700000000.999999") == 1700000000);
  CHECK(epoch_s("1700000000.000") == 1700000000);
  CHECK(epoch_s("-1.5") == -2);
  CHECK(epoch_s("-0.5") == -1);
  CHECK(epoch_s("-0.0") == 0);
  CHECK(epoch_s("-1.0") == -1);
  CHECK(epoch_s("-1.000000000000000000000000001") == -2);
  CHECK(epoch_s("-14182940.25") == -14182941);
}

TEST_CASE("parse_epoch reads milliseconds", "[timestamp]") {
  CHECK(epoch_ms("1700000000000") == 1700000000);
  CHECK(epoch_ms("1700000000999") == 1700000000);
  CHECK(epoch_ms("1700000000000.5") == 1700000000);
  CHECK(epoch_ms("1746100800000") == 1746100800);
  CHECK(epoch_ms("999") == 0);
  CHECK(epoch_ms("0") == 0);
  CHECK(epoch_ms("-0") == 0);
  CHECK(epoch_ms("-1") == -1);
  CHECK(epoch_ms("-999") == -1);
  CHECK(epoch_ms("-1000") == -1);
  CHECK(epoch_ms("-1000.0") == -1);
  CHECK(epoch_ms("-1000.5") == -2);
  CHECK(epoch_ms("-1001") == -2);
  CHECK(epoch_ms("-14182940000") == -14182940);
  CHECK(epoch_ms("-14182939999") == -14182940);
}

TEST_CASE("parse_epoch enforces the range and survives overflow", "[timestamp]") {
  CHECK(epoch_s("253402300799") == k_max_timestamp);
  CHECK(epoch_s("253402300799.999") == k_max_timestamp);
  CHECK(epoch_s("253402300800") == k_rejected);
  CHECK(epoch_s("-62167219200") == k_min_timestamp);
  CHECK(epoch_s("-62167219200.5") == k_rejected);
  CHECK(epoch_s("-62167219201") == k_rejected);
  CHECK(epoch_ms("253402300799999") == k_max_timestamp);
  CHECK(epoch_ms("253402300800000") == k_rejected);
  CHECK(epoch_ms("-62167219200000") == k_min_timestamp);
  CHECK(epoch_ms("-62167219200001") == k_rejected);
  CHECK(epoch_s("99999999999999999999") == k_rejected);
  CHECK(epoch_s("-99999999999999999999") == k_rejected);
  CHECK(epoch_s("9223372036854775807") == k_rejected);
  CHECK(epoch_s("9223372036854775808") == k_rejected);
  CHECK(epoch_s("-9223372036854775808") == k_rejected);
  CHECK(epoch_ms("99999999999999999999") == k_rejected);
  CHECK(epoch_ms("-99999999999999999999.5") == k_rejected);
  CHECK(epoch_s(std::string(1000, '9')) == k_rejected);
}

TEST_CASE("parse_epoch rejects anything but a signed decimal number", "[timestamp]") {
  for (std::string_view text :
       {"",    "+",    "-",     ".",   "1.",  ".5", "-.5", "1e9",   "1E9",         " 1",  "1 ",
        "1,5", "0x10", "1.2.3", "--1", "+-1", "1-", "abc", "1_000", "1700000000Z", "NaN", "inf"}) {
    INFO("text: \"" << text << "\"");
    CHECK(epoch_s(text) == k_rejected);
    CHECK(epoch_ms(text) == k_rejected);
  }
}

TEST_CASE("parse_utc_offset reads Z, ±HH:MM, ±HHMM and ±HH", "[timestamp]") {
  CHECK(offset("Z") == 0);
  CHECK(offset("+00:00") == 0);
  CHECK(offset("-00:00") == 0);
  CHECK(offset("+02:00") == 7200);
  CHECK(offset("-05:30") == -19800);
  CHECK(offset("+0530") == 19800);
  CHECK(offset("-0530") == -19800);
  CHECK(offset("+05") == 18000);
  CHECK(offset("-08") == -28800);
  CHECK(offset("+14:00") == 50400);
  CHECK(offset("-14:00") == -50400);
  CHECK(offset("+09:45") == 35100);
}

TEST_CASE("parse_utc_offset rejects other text", "[timestamp]") {
  for (std::string_view text :
       {"+15:00",  "-15:00",  "+14:60", "+00:60", "UTC",     "GMT",     "GMT+2",
        "",        "+14:01",  "+",      "-",      "+2",      "+2:00",   "+02:0",
        "+020",    "+02000",  "02:00",  "0200",   " +02:00", "+02:00 ", "+02:00Z",
        "+-02:00", "++02:00", "+02:",   "+0200x", "Z0",      "+ab:cd",  "\u221205:00"}) {
    INFO("text: \"" << text << "\"");
    CHECK(offset(text) == k_rejected);
  }
}

TEST_CASE("format_iso8601 writes UTC with a Z", "[timestamp]") {
  CHECK(format_iso8601(1746100800) == "2025-05-01T12:00:00Z");
  CHECK(format_iso8601(1746032709) == "2025-04-30T17:05:09Z");
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso8601(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_iso8601(-14182940) == "1969-07-20T20:17:40Z");
  CHECK(format_iso8601(1709164800) == "2024-02-29T00:00:00Z");
  CHECK(format_iso8601(-62135596800) == "0001-01-01T00:00:00Z");
  CHECK(format_iso8601(k_min_timestamp) == "0000-01-01T00:00:00Z");
  CHECK(format_iso8601(k_max_timestamp) == "9999-12-31T23:59:59Z");
}

TEST_CASE("format_iso8601 writes years outside 0..9999 with a sign", "[timestamp]") {
  const std::int64_t k_400_years = k_days_per_400_years * k_day;
  CHECK(format_iso8601(k_min_timestamp - 1) == "-0001-12-31T23:59:59Z");
  CHECK(format_iso8601(k_max_timestamp + 1) == "+10000-01-01T00:00:00Z");
  CHECK(format_iso8601(k_min_timestamp - 25 * k_400_years) == "-10000-01-01T00:00:00Z");
  CHECK(format_iso8601(k_min_timestamp - 1 * k_400_years) == "-0400-01-01T00:00:00Z");
  CHECK(format_iso8601(946684800 + 25 * k_400_years) == "+12000-01-01T00:00:00Z");
  CHECK(format_iso8601(k_int64_max) == "+292277026596-12-04T15:30:07Z");
  CHECK(format_iso8601(k_rejected) == "-292277022657-01-27T08:29:52Z");
}

TEST_CASE("format_iso8601 and parse_iso8601 round-trip", "[timestamp]") {
  for (std::string_view text :
       {"2025-05-01T12:00:00Z", "1969-07-20T20:17:40Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2024-02-29T23:59:59Z", "1600-02-29T06:07:08Z"}) {
    const std::int64_t seconds = iso(text);
    CHECK(format_iso8601(seconds) == text);
  }
  // A sweep across the whole range; the odd step lands on ever-changing times of day.
  std::int64_t mismatches = 0;
  std::int64_t checked = 0;
  for (UnixSeconds seconds = k_min_timestamp; seconds <= k_max_timestamp; seconds += 635567) {
    ++checked;
    if (iso(format_iso8601(seconds)) != seconds) ++mismatches;
  }
  CHECK(checked > 400000);
  CHECK(mismatches == 0);
  CHECK(iso(format_iso8601(k_max_timestamp)) == k_max_timestamp);
}

TEST_CASE("add_months clamps to the end of shorter months", "[timestamp]") {
  CHECK(add_months(1774944550, -1) == 1772266150);  // 2026-03-31T08:09:10 -> 2026-02-28
  CHECK(add_months(1711929599, -1) == 1709251199);  // 2024-03-31T23:59:59 -> 2024-02-29
  CHECK(add_months(1709210096, 12) == 1740746096);  // 2024-02-29T12:34:56 -> 2025-02-28
  CHECK(add_months(1706695200, 1) == 1709200800);   // 2024-01-31T10:00 -> 2024-02-29
  CHECK(add_months(1738281600, 1) == 1740700800);   // 2025-01-31 -> 2025-02-28
  CHECK(add_months(917744523, -11) == 888627723);   // 1999-01-31T01:02:03 -> 1998-02-28
  // Clamping is per call: two single months differ from one step of two.
  CHECK(add_months(add_months(1706695200, 1), 1) == 1711706400);  // 2024-03-29T10:00
  CHECK(add_months(1706695200, 2) == 1711879200);                 // 2024-03-31T10:00
}

TEST_CASE("add_months crosses year boundaries and keeps the time of day", "[timestamp]") {
  CHECK(add_months(1755237600, -18) == 1707976800);  // 2025-08-15T06:00 -> 2024-02-15T06:00
  CHECK(add_months(1751263200, -18) == 1703916000);  // 2025-06-30T06:00 -> 2023-12-30T06:00
  CHECK(add_months(1704002400, 18) == 1751263200);   // 2023-12-31T06:00 -> 2025-06-30T06:00
  CHECK(add_months(1736899200, 1) == 1739577600);    // 2025-01-15 -> 2025-02-15
  CHECK(add_months(1766646489, 1) == 1769324889);
  CHECK(add_months(1766646489, -12) == 1735110489);
  CHECK(add_months(1746100800, 0) == 1746100800);
  // Before 1970, where the seconds are negative.
  CHECK(add_months(-14182940, 6) == 1714660);  // 1969-07-20T20:17:40 -> 1970-01-20T20:17:40
  CHECK(add_months(0, -1) == -2678400);        // 1970-01-01 -> 1969-12-01
  CHECK(add_months(-1, 1) == 2678399);
  CHECK(add_months(-1, -1) == -2678401);
}

TEST_CASE("add_months handles large month counts", "[timestamp]") {
  const std::int64_t k_400_years = k_days_per_400_years * k_day;
  CHECK(add_months(951782400, 1200) == 4107456000);                      // 2000-02-29 -> 2100-02-28
  CHECK(add_months(951782400, 12000) == 32508691200);                    // 2000-02-29 -> 3000-02-28
  CHECK(add_months(951782400, 4800) == 951782400 + k_400_years);         // 2400-02-29 exists
  CHECK(add_months(951782400, -24000) == k_min_timestamp + 59 * k_day);  // 0000-02-29
  CHECK(add_months(946684800, -1200000) == 946684800 - 250 * k_400_years);  // -98000-01-01
  CHECK(add_months(946684800, 240000) == 946684800 + 50 * k_400_years);     // 22000-01-01
  CHECK(add_months(k_max_timestamp, -(9999 * 12 + 11)) == -62164540801);
}

TEST_CASE("add_months saturates instead of overflowing int64", "[timestamp]") {
  const std::int64_t k_int64_min = std::numeric_limits<std::int64_t>::min();
  CHECK(add_months(k_int64_max, 0) == k_int64_max);
  CHECK(add_months(k_int64_min, 0) == k_int64_min);
  CHECK(add_months(k_int64_min + 1, 0) == k_int64_min + 1);
  CHECK(add_months(k_int64_min + 12345, 0) == k_int64_min + 12345);
  CHECK(add_months(k_int64_max, -1) == k_int64_max - 30 * k_day);  // Dec 4 -> Nov 4
  CHECK(add_months(k_int64_min, 1) == k_int64_min + 31 * k_day);   // Jan 27 -> Feb 27
  CHECK(add_months(k_int64_max, 1) == k_int64_max);
  CHECK(add_months(k_int64_min, -1) == k_int64_min);
  CHECK(add_months(k_max_timestamp, k_int64_max) == k_int64_max);
  CHECK(add_months(k_min_timestamp, k_int64_min) == k_int64_min);
  CHECK(add_months(0, k_int64_max / 2) == k_int64_max);
  CHECK(add_months(0, k_int64_min / 2) == k_int64_min);
}

TEST_CASE("RFC 3339 lower-case t and z are read as T and Z", "[timestamp]") {
  auto upper = lethe::util::parse_iso8601("2025-05-01T12:00:00Z", 0);
  REQUIRE(upper);
  CHECK(lethe::util::parse_iso8601("2025-05-01t12:00:00z", 0) == upper);
  CHECK(lethe::util::parse_iso8601("2025-05-01t14:00:00+02:00", 0) == upper);
  CHECK(lethe::util::parse_iso8601("2025-05-01T12:00:00+14:00", 0) == *upper - 14 * 3600);
}

TEST_CASE("a refused ISO 8601 timestamp says why", "[timestamp]") {
  using lethe::util::iso8601_refusal;
  CHECK(iso8601_refusal("2016-12-31T23:59:60Z") ==
        "a leap second (:60) is not a time lethe can compare");
  CHECK(iso8601_refusal("2025-05-01T24:00:00Z") ==
        "hour 24 is no time of day (write 00:00 of the next day)");
  CHECK(iso8601_refusal("2025-05-01T12:00:00+15:00") == "the offset +15:00 is beyond ±14:00");
  CHECK(iso8601_refusal("2025-05-01T12:00:00-14:30") == "the offset -14:30 is beyond ±14:00");
  CHECK(iso8601_refusal("2025-02-29") == "2025-02 has no day 29");
  CHECK(iso8601_refusal("2025-13-01") == "there is no month 13");
  CHECK(iso8601_refusal("2025-05-01T12:61") == "there is no minute 61");
  // No reason when the shape is wrong, or the timestamp is fine.
  CHECK(iso8601_refusal("last tuesday").empty());
  CHECK(iso8601_refusal("2025-05-01T12:00:00Q").empty());
  CHECK(iso8601_refusal("2024-02-29T12:00:00Z").empty());
}
