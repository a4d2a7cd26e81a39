// Timestamps as whole seconds since 1970-01-01T00:00:00Z (UTC, proleptic Gregorian calendar):
// parsing the forms exports use, formatting, and calendar arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lethe::util {

using UnixSeconds = std::int64_t;

// The range every parser accepts: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
constexpr UnixSeconds k_min_timestamp = -62167219200;
constexpr UnixSeconds k_max_timestamp = 253402300799;

struct CivilTime {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date (any year; month 1..12, day 1..31).
std::int64_t days_from_civil(std::int64_t year, int month, int day);

// The calendar date and time (UTC) of `seconds`.
CivilTime civil_from_unix(UnixSeconds seconds);

// The instant of a calendar date and time (UTC); no range check.
UnixSeconds unix_from_civil(const CivilTime& civil);

// Days in `month` (1..12) of `year`.
int days_in_month(std::int64_t year, int month);

// Parses ISO 8601 / RFC 3339: `YYYY-MM-DD`, optionally followed by `T` or one space and
// `HH:MM[:SS[.fraction]]` (`T` or `t`, as RFC 3339 allows), optionally followed by `Z` (or
// `z`), `±HH:MM` or `±HHMM` (at most ±14:00). A date alone is
// midnight. Without an offset, `default_offset_seconds` applies (local = UTC + offset).
// Fractions are truncated to the second. Returns nullopt when the text is not such a
// timestamp, a field is out of range (month 13, day 30 in February, hour 24, second 60), or
// the instant is outside [k_min_timestamp, k_max_timestamp].
std::optional<UnixSeconds> parse_iso8601(std::string_view text, int default_offset_seconds);

// Whether a timestamp's text gave its instant (an offset, or `Z`) or only a wall time.
enum class TimeBasis { instant, wall };

// A timestamp as its text has it: an instant, or a wall time written as if it were UTC (its
// civil fields read with offset 0), for a time zone to place (TimeZone::from_wall).
struct ReadTimestamp {
  UnixSeconds seconds = 0;
  TimeBasis basis = TimeBasis::instant;
};

// As parse_iso8601, leaving a text without an offset a wall time; the range applies to it.
std::optional<ReadTimestamp> read_iso8601(std::string_view text);

// Why parse_iso8601 refused `text`, when a field is out of range: "a leap second (:60) is not a
// time lethe can compare", "hour 24 is no time of day (write 00:00 of the next day)", "the
// offset +15:00 is beyond ±14:00", "2025-02 has no day 30"; "" when the shape itself is wrong.
std::string iso8601_refusal(std::string_view text);

// Parses `text` against a strftime-style `format`. Directives: %Y (4 digits), %y (2 digits,
// 69..99 -> 19xx, else 20xx), %m, %d, %e (1-2 digits), %H, %I with %p (AM/PM, any case), %M,
// %S, %f (fraction digits, ignored), %b/%h (English month abbreviation, any case), %B (full
// English month name), %z (`Z`, ±HH:MM or ±HHMM), %T (= %H:%M:%S), %F (= %Y-%m-%d), %%.
// Numeric directives accept 1 to their full width in digits (%m reads "5" and "05").
// Any other character must match itself; a space in the format matches one or more spaces.
// The whole text must be consumed. Missing fields default to 1970-01-01 00:00:00; without %z
// the `default_offset_seconds` applies. Same range rules as parse_iso8601.
std::optional<UnixSeconds> parse_strftime(std::string_view text, std::string_view format,
                                          int default_offset_seconds);

// As parse_strftime, leaving a text without %z a wall time; the range applies to it.
std::optional<ReadTimestamp> read_strftime(std::string_view text, std::string_view format);

// Checks that `format` uses only the directives above; on failure returns a message such as
// "unknown directive %Q in format".
std::optional<std::string> check_strftime_format(std::string_view format);

enum class EpochUnit { seconds, milliseconds };

// Parses an epoch number: an optional sign and digits, optionally a fraction (`1700000000.5`);
// the fraction is truncated toward negative infinity to whole seconds. Surrounding spaces are
// not allowed. Returns nullopt outside [k_min_timestamp, k_max_timestamp] or on overflow.
std::optional<UnixSeconds> parse_epoch(std::string_view text, EpochUnit unit);

// Parses a UTC offset: `Z`, `+HH:MM`, `-HH:MM`, `+HHMM`, `-HHMM`, `+HH`; hours 0..14 and
// minutes 0..59. Returns seconds east of UTC.
std::optional<int> parse_utc_offset(std::string_view text);

// `2025-05-01T12:00:00Z`; years outside 0..9999 are written with a sign and at least 4 digits.
std::string format_iso8601(UnixSeconds seconds);

// Adds calendar months in UTC, keeping the time of day and the day of month, clamped to the
// last day of the resulting month (2026-03-31 minus 1 month = 2026-02-28).
UnixSeconds add_months(UnixSeconds seconds, std::int64_t months);

}  // namespace lethe::util
