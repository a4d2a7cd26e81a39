#include "util/timestamp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

namespace lethe::util {

namespace {

constexpr std::int64_t k_seconds_per_day = 86400;
constexpr std::int64_t k_seconds_per_hour = 3600;
constexpr std::int64_t k_seconds_per_minute = 60;
// Hinnant's algorithms count in 400-year eras that start on 0000-03-01, so the leap day is the
// last day of each year and of each era.
constexpr std::int64_t k_days_per_era = 146097;
constexpr std::int64_t k_days_from_0000_03_01_to_epoch = 719468;
constexpr int k_max_offset_hours = 14;
// add_months saturates past this year: no int64 second count reaches it (INT64_MAX seconds is
// about year 292277026596), and days_from_civil stays far from overflow below it.
constexpr std::int64_t k_max_add_months_year = 400'000'000'000;
// parse_epoch stops accumulating digits here: anything this large is out of range in both units
// (the largest valid millisecond value is about 2.5e14), and capping keeps the arithmetic exact.
constexpr std::int64_t k_epoch_magnitude_cap = 100'000'000'000'000'000;

constexpr std::array<int, 12> k_days_per_month = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr std::array<std::string_view, 12> k_month_names = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view k_directives = "YymdeHIpMSfbhBzTF%";

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

struct DayAndTime {
  std::int64_t days;
  std::int64_t second_of_day;  // 0..86399
};

// Floor division for a positive divisor, without the `a - (b - 1)` trick that could overflow.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t quotient = a / b;
  if (a % b < 0) --quotient;
  return quotient;
}

// Splits without multiplying back (days * 86400 overflows for INT64_MIN).
DayAndTime split_seconds(UnixSeconds seconds) {
  std::int64_t days = seconds / k_seconds_per_day;
  std::int64_t rest = seconds % k_seconds_per_day;
  if (rest < 0) {
    rest += k_seconds_per_day;
    --days;
  }
  return {days, rest};
}

bool is_leap_year(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// Howard Hinnant's civil_from_days.
CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + k_days_from_0000_03_01_to_epoch;
  const std::int64_t era = floor_div(z, k_days_per_era);
  const std::int64_t day_of_era = z - era * k_days_per_era;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) /
      365;  // [0, 399]
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;              // March = 0
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  // January and February belong to the next civil year in the March-based count.
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool consume(std::string_view text, std::size_t& pos, char expected) {
  if (pos >= text.size() || text[pos] != expected) return false;
  ++pos;
  return true;
}

// Reads exactly `width` digits.
bool read_fixed_digits(std::string_view text, std::size_t& pos, std::size_t width, int& value) {
  if (text.size() - pos < width) return false;
  int result = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) return false;
    result = result * 10 + (c - '0');
  }
  pos += width;
  value = result;
  return true;
}

// Reads 1 to `max_width` digits, as many as there are (strftime fields are greedy).
bool read_up_to_digits(std::string_view text, std::size_t& pos, std::size_t max_width, int& value) {
  std::size_t end = pos;
  int result = 0;
  while (end < text.size() && end - pos < max_width && is_digit(text[end])) {
    result = result * 10 + (text[end] - '0');
    ++end;
  }
  if (end == pos) return false;
  pos = end;
  value = result;
  return true;
}

// Skips one or more digits.
bool skip_digits(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < text.size() && is_digit(text[pos]))
    ++pos;
  return pos > start;
}

// Reads `Z`, `±HH:MM` or `±HHMM`, and `±HH` when `allow_bare_hours` (ISO 8601 and %z leave it out
// because RFC 3339 does).
bool read_offset(std::string_view text, std::size_t& pos, bool allow_bare_hours, int& seconds) {
  if (pos >= text.size()) return false;
  const char sign = text[pos];
  if (sign == 'Z' || sign == 'z') {  // RFC 3339 allows either case
    ++pos;
    seconds = 0;
    return true;
  }
  if (sign != '+' && sign != '-') return false;
  std::size_t cursor = pos + 1;
  int hours = 0;
  int minutes = 0;
  if (!read_fixed_digits(text, cursor, 2, hours)) return false;
  // Minutes follow a colon or come straight after the hours (+0530).
  bool colon = consume(text, cursor, ':');
  if (colon || (cursor < text.size() && is_digit(text[cursor]))) {
    if (!read_fixed_digits(text, cursor, 2, minutes)) return false;
  } else if (!allow_bare_hours) {
    return false;
  }
  const int magnitude = hours * static_cast<int>(k_seconds_per_hour) +
                        minutes * static_cast<int>(k_seconds_per_minute);
  // Real offsets run from -12:00 to +14:00: ±14:00 at most.
  if (minutes > 59 || magnitude > k_max_offset_hours * static_cast<int>(k_seconds_per_hour))
    return false;
  seconds = sign == '-' ? -magnitude : magnitude;
  pos = cursor;
  return true;
}

// Validates every field, applies the offset (local = UTC + offset) and checks the range shared by
// all parsers. Years are 0..9999 here because every parser reads at most four year digits.
std::optional<UnixSeconds> checked_instant(const CivilTime& civil, int offset_seconds) {
  if (civil.month < 1 || civil.month > 12) return std::nullopt;
  if (civil.day < 1 || civil.day > days_in_month(civil.year, civil.month)) return std::nullopt;
  if (civil.hour < 0 || civil.hour > 23) return std::nullopt;
  if (civil.minute < 0 || civil.minute > 59) return std::nullopt;
  if (civil.second < 0 || civil.second > 59) return std::nullopt;  // no leap seconds
  const UnixSeconds instant = unix_from_civil(civil) - offset_seconds;
  if (instant < k_min_timestamp || instant > k_max_timestamp) return std::nullopt;
  return instant;
}

// Checks `civil` and applies its offset when the text had one; without, its fields read as UTC
// are the wall time.
std::optional<ReadTimestamp> checked_read(const CivilTime& civil, std::optional<int> offset) {
  auto seconds = checked_instant(civil, offset.value_or(0));
  if (!seconds) return std::nullopt;
  return ReadTimestamp{*seconds, offset ? TimeBasis::instant : TimeBasis::wall};
}

// `read` with a wall time placed at `offset_seconds`, within the range of every parser.
std::optional<UnixSeconds> placed(std::optional<ReadTimestamp> read, int offset_seconds) {
  if (!read) return std::nullopt;
  if (read->basis == TimeBasis::instant) return read->seconds;
  const UnixSeconds instant = read->seconds - offset_seconds;
  if (instant < k_min_timestamp || instant > k_max_timestamp) return std::nullopt;
  return instant;
}

// What a strftime pattern has read so far; CivilTime's defaults are the documented 1970-01-01.
struct StrftimeFields {
  CivilTime civil;
  int hour12 = 0;
  bool has_hour12 = false;
  bool has_meridiem = false;
  bool pm = false;
  std::optional<int> offset;
};

// Matches a month name (or its first three letters) ignoring case; returns 1..12 or 0.
int read_month_name(std::string_view text, std::size_t& pos, bool abbreviated) {
  for (std::size_t index = 0; index < k_month_names.size(); ++index) {
    const std::string_view name =
        abbreviated ? k_month_names[index].substr(0, 3) : k_month_names[index];
    if (text.size() - pos < name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = lower_ascii(text[pos + i]) == name[i];
    }
    if (same) {
      pos += name.size();
      return static_cast<int>(index) + 1;
    }
  }
  return 0;
}

bool match_format(std::string_view text, std::size_t& pos, std::string_view format,
                  StrftimeFields& fields);

bool match_directive(std::string_view text, std::size_t& pos, char directive,
                     StrftimeFields& fields) {
  CivilTime& civil = fields.civil;
  switch (directive) {
    case 'Y': {
      int year = 0;
      if (!read_up_to_digits(text, pos, 4, year)) return false;
      civil.year = year;
      return true;
    }
    case 'y': {
      int year = 0;
      if (!read_up_to_digits(text, pos, 2, year)) return false;
      civil.year = year >= 69 ? 1900 + year : 2000 + year;  // the POSIX pivot
      return true;
    }
    case 'm':
      return read_up_to_digits(text, pos, 2, civil.month);
    case 'd':
      return read_up_to_digits(text, pos, 2, civil.day);
    case 'e':
      // strftime pads %e with a space (" 5"), so accept the padding it writes.
      consume(text, pos, ' ');
      return read_up_to_digits(text, pos, 2, civil.day);
    case 'H':
      return read_up_to_digits(text, pos, 2, civil.hour);
    case 'I':
      fields.has_hour12 = true;
      return read_up_to_digits(text, pos, 2, fields.hour12);
    case 'p': {
      if (text.size() - pos < 2 || lower_ascii(text[pos + 1]) != 'm') return false;
      const char first = lower_ascii(text[pos]);
      if (first != 'a' && first != 'p') return false;
      fields.has_meridiem = true;
      fields.pm = first == 'p';
      pos += 2;
      return true;
    }
    case 'M':
      return read_up_to_digits(text, pos, 2, civil.minute);
    case 'S':
      return read_up_to_digits(text, pos, 2, civil.second);
    case 'f':
      return skip_digits(text, pos);
    case 'b':
    case 'h':
    case 'B': {
      const int month = read_month_name(text, pos, directive != 'B');
      if (month == 0) return false;
      civil.month = month;
      return true;
    }
    case 'z': {
      int offset = 0;
      if (!read_offset(text, pos, false, offset)) return false;
      fields.offset = offset;
      return true;
    }
    case 'T':
      return match_format(text, pos, "%H:%M:%S", fields);
    case 'F':
      return match_format(text, pos, "%Y-%m-%d", fields);
    case '%':
      return consume(text, pos, '%');
    default:
      return false;
  }
}

bool match_format(std::string_view text, std::size_t& pos, std::string_view format,
                  StrftimeFields& fields) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char f = format[i];
    if (f == ' ') {
      // Exports pad columns inconsistently, so one format space stands for a run of spaces.
      if (!consume(text, pos, ' ')) return false;
      while (consume(text, pos, ' ')) {
      }
    } else if (f != '%') {
      if (!consume(text, pos, f)) return false;
    } else {
      if (++i == format.size()) return false;
      if (!match_directive(text, pos, format[i], fields)) return false;
    }
  }
  return true;
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  // Howard Hinnant's days_from_civil, with years starting in March.
  const std::int64_t march_year = month <= 2 ? year - 1 : year;
  const std::int64_t era = floor_div(march_year, 400);
  const std::int64_t year_of_era = march_year - era * 400;               // [0, 399]
  const std::int64_t shifted_month = month > 2 ? month - 3 : month + 9;  // March = 0
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * k_days_per_era + day_of_era - k_days_from_0000_03_01_to_epoch;
}

CivilTime civil_from_unix(UnixSeconds seconds) {
  const DayAndTime split = split_seconds(seconds);
  const CivilDate date = civil_from_days(split.days);
  CivilTime civil;
  civil.year = date.year;
  civil.month = date.month;
  civil.day = date.day;
  civil.hour = static_cast<int>(split.second_of_day / k_seconds_per_hour);
  civil.minute = static_cast<int>(split.second_of_day % k_seconds_per_hour / k_seconds_per_minute);
  civil.second = static_cast<int>(split.second_of_day % k_seconds_per_minute);
  return civil;
}

UnixSeconds unix_from_civil(const CivilTime& civil) {
  return days_from_civil(civil.year, civil.month, civil.day) * k_seconds_per_day +
         civil.hour * k_seconds_per_hour + civil.minute * k_seconds_per_minute + civil.second;
}

int days_in_month(std::int64_t year, int month) {
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return k_days_per_month[static_cast<std::size_t>(month - 1)];
}

std::optional<ReadTimestamp> read_iso8601(std::string_view text) {
  std::size_t pos = 0;
  CivilTime civil;
  int year = 0;
  if (!read_fixed_digits(text, pos, 4, year) || !consume(text, pos, '-') ||
      !read_fixed_digits(text, pos, 2, civil.month) || !consume(text, pos, '-') ||
      !read_fixed_digits(text, pos, 2, civil.day)) {
    return std::nullopt;
  }
  civil.year = year;
  std::optional<int> offset;
  if (pos < text.size()) {
    // A date alone has no offset: "2025-05-01Z" and "2025-05-01+02:00" are rejected.
    if (!consume(text, pos, 'T') && !consume(text, pos, 't') && !consume(text, pos, ' '))
      return std::nullopt;
    if (!read_fixed_digits(text, pos, 2, civil.hour) || !consume(text, pos, ':') ||
        !read_fixed_digits(text, pos, 2, civil.minute)) {
      return std::nullopt;
    }
    if (consume(text, pos, ':')) {
      if (!read_fixed_digits(text, pos, 2, civil.second)) return std::nullopt;
      if (consume(text, pos, '.') && !skip_digits(text, pos)) return std::nullopt;
    }
    if (pos < text.size()) {
      int seconds = 0;
      if (!read_offset(text, pos, false, seconds) || pos != text.size()) return std::nullopt;
      offset = seconds;
    }
  }
  return checked_read(civil, offset);
}

std::optional<UnixSeconds> parse_iso8601(std::string_view text, int default_offset_seconds) {
  return placed(read_iso8601(text), default_offset_seconds);
}

std::string iso8601_refusal(std::string_view text) {
  // The same shape as parse_iso8601 reads, with each field's range left to the checks below.
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_fixed_digits(text, pos, 4, year) || !consume(text, pos, '-') ||
      !read_fixed_digits(text, pos, 2, month) || !consume(text, pos, '-') ||
      !read_fixed_digits(text, pos, 2, day)) {
    return {};
  }
  std::string_view offset_text;
  if (pos < text.size()) {
    if (!consume(text, pos, 'T') && !consume(text, pos, 't') && !consume(text, pos, ' ')) return {};
    if (!read_fixed_digits(text, pos, 2, hour) || !consume(text, pos, ':') ||
        !read_fixed_digits(text, pos, 2, minute)) {
      return {};
    }
    if (consume(text, pos, ':')) {
      if (!read_fixed_digits(text, pos, 2, second)) return {};
      if (consume(text, pos, '.') && !skip_digits(text, pos)) return {};
    }
    offset_text = text.substr(pos);
  }
  if (month < 1 || month > 12) return fmt::format("there is no month {}", month);
  if (day < 1 || day > days_in_month(year, month))
    return fmt::format("{:04}-{:02} has no day {}", year, month, day);
  if (hour == 24) return "hour 24 is no time of day (write 00:00 of the next day)";
  if (hour > 24) return fmt::format("there is no hour {}", hour);
  if (minute > 59) return fmt::format("there is no minute {}", minute);
  if (second == 60) return "a leap second (:60) is not a time lethe can compare";
  if (second > 60) return fmt::format("there is no second {}", second);
  if (!offset_text.empty()) {
    std::size_t at = 0;
    int offset = 0;
    if (read_offset(offset_text, at, false, offset) && at == offset_text.size()) return {};
    if ((offset_text[0] == '+' || offset_text[0] == '-') && offset_text.size() >= 3 &&
        is_digit(offset_text[1]) && is_digit(offset_text[2])) {
      return fmt::format("the offset {} is beyond ±14:00", offset_text);
    }
  }
  return {};
}

std::optional<ReadTimestamp> read_strftime(std::string_view text, std::string_view format) {
  StrftimeFields fields;
  std::size_t pos = 0;
  if (!match_format(text, pos, format, fields) || pos != text.size()) return std::nullopt;
  // Same rule as check_strftime_format: a 12-hour clock needs its AM/PM and vice versa.
  if (fields.has_hour12 != fields.has_meridiem) return std::nullopt;
  if (fields.has_hour12) {
    if (fields.hour12 < 1 || fields.hour12 > 12) return std::nullopt;
    fields.civil.hour = fields.hour12 % 12 + (fields.pm ? 12 : 0);  // 12 AM = 0, 12 PM = 12
  }
  return checked_read(fields.civil, fields.offset);
}

std::optional<UnixSeconds> parse_strftime(std::string_view text, std::string_view format,
                                          int default_offset_seconds) {
  return placed(read_strftime(text, format), default_offset_seconds);
}

std::optional<std::string> check_strftime_format(std::string_view format) {
  bool has_hour12 = false;
  bool has_meridiem = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (++i == format.size()) return std::string("format ends with a lone %");
    const char directive = format[i];
    if (k_directives.find(directive) == std::string_view::npos) {
      // Quote the whole UTF-8 character, not just its first byte.
      std::size_t length = 1;
      while (i + length < format.size() &&
             (static_cast<unsigned char>(format[i + length]) & 0xC0) == 0x80) {
        ++length;
      }
      return fmt::format("unknown directive %{} in format", format.substr(i, length));
    }
    has_hour12 = has_hour12 || directive == 'I';
    has_meridiem = has_meridiem || directive == 'p';
  }
  if (has_hour12 && !has_meridiem) return std::string("%I needs %p (AM/PM) in format");
  if (has_meridiem && !has_hour12) return std::string("%p needs %I in format");
  return std::nullopt;
}

std::optional<UnixSeconds> parse_epoch(std::string_view text, EpochUnit unit) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  const std::size_t digits_start = pos;
  std::int64_t magnitude = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    if (magnitude < k_epoch_magnitude_cap) magnitude = magnitude * 10 + (text[pos] - '0');
  }
  if (pos == digits_start) return std::nullopt;
  bool has_fraction = false;  // only whether the fraction is nonzero matters for flooring
  if (consume(text, pos, '.')) {
    const std::size_t fraction_start = pos;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      has_fraction = has_fraction || text[pos] != '0';
    }
    if (pos == fraction_start) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  // Floor of ±(magnitude + fraction) / divisor, computed on the magnitude to stay in integers.
  const std::int64_t divisor = unit == EpochUnit::milliseconds ? 1000 : 1;
  std::int64_t seconds = magnitude / divisor;
  if (negative) {
    seconds = -seconds;
    if (magnitude % divisor != 0 || has_fraction) --seconds;
  }
  if (seconds < k_min_timestamp || seconds > k_max_timestamp) return std::nullopt;
  return seconds;
}

std::optional<int> parse_utc_offset(std::string_view text) {
  std::size_t pos = 0;
  int seconds = 0;
  if (!read_offset(text, pos, true, seconds) || pos != text.size()) return std::nullopt;
  return seconds;
}

std::string format_iso8601(UnixSeconds seconds) {
  const CivilTime civil = civil_from_unix(seconds);
  // ISO 8601's expanded form: a sign and at least four digits outside 0000..9999.
  if (civil.year >= 0 && civil.year <= 9999) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", civil.year, civil.month, civil.day,
                       civil.hour, civil.minute, civil.second);
  }
  return fmt::format("{:+05}-{:02}-{:02}T{:02}:{:02}:{:02}Z", civil.year, civil.month, civil.day,
                     civil.hour, civil.minute, civil.second);
}

UnixSeconds add_months(UnixSeconds seconds, std::int64_t months) {
  constexpr UnixSeconds k_lowest = std::numeric_limits<UnixSeconds>::min();
  constexpr UnixSeconds k_highest = std::numeric_limits<UnixSeconds>::max();
  // The header promises no range, and SQL can hand any int64 here, so results that do not fit
  // saturate instead of overflowing.
  const DayAndTime split = split_seconds(seconds);
  const CivilDate date = civil_from_days(split.days);
  std::int64_t month_index = date.year * 12 + (date.month - 1);  // |year| < 3e11: fits
  if (__builtin_add_overflow(month_index, months, &month_index)) {
    return months < 0 ? k_lowest : k_highest;
  }
  const std::int64_t year = floor_div(month_index, 12);
  if (year > k_max_add_months_year) return k_highest;
  if (year < -k_max_add_months_year) return k_lowest;
  const int month = static_cast<int>(month_index - year * 12) + 1;
  const int day = std::min(date.day, days_in_month(year, month));
  std::int64_t days = days_from_civil(year, month, day);
  std::int64_t time_of_day = split.second_of_day;
  // Before the epoch, borrow a day so `days * 86400` does not overflow when the sum would fit.
  if (days < 0 && time_of_day > 0) {
    ++days;
    time_of_day -= k_seconds_per_day;
  }
  UnixSeconds result = 0;
  if (__builtin_mul_overflow(days, k_seconds_per_day, &result) ||
      __builtin_add_overflow(result, time_of_day, &result)) {
    return days < 0 ? k_lowest : k_highest;
  }
  return result;
}

}  // namespace lethe::util
