#include "util/time_zone.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "util/strings.hpp"

namespace lethe::util {

namespace {

constexpr std::int64_t k_day_length = 86400;
constexpr int k_hour_length = 3600;
// A day either side of a wall time, as instants, lies outside any transition that concerns it:
// offsets stay within ±16 h, and zones do not change their clocks twice within two days.
constexpr std::int64_t k_wall_window = k_day_length;
// A zone's file is far smaller (New York's is 3.5 KB); a bigger one is not a TZif file.
constexpr std::uintmax_t k_max_zone_file = 1 << 20;

}  // namespace

// The parts of a POSIX TZ rule; named, since ZoneRules (declared in the header) holds one.
namespace posix_tz {

// The date a POSIX TZ rule changes clocks on, in one of its three forms.
struct PosixDate {
  enum class Kind {
    julian,     // Jn: day 1..365, February 29 never counted
    day,        // n: day 0..365, February 29 counted in leap years
    month_week  // Mm.w.d: day d (0 = Sunday) of week w (5 = the last) of month m
  };
  Kind kind = Kind::month_week;
  int month = 3, week = 2, weekday = 0;  // month_week
  int number = 0;                        // julian, day
};

struct PosixChange {
  PosixDate date;
  int time = 2 * k_hour_length;  // local time of day, -167 h .. 167 h (RFC 8536 §3.3.1)
};

// A POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0`, offsets east of UTC (POSIX counts west).
struct PosixZone {
  int standard = 0;
  std::optional<int> daylight;  // when the zone has daylight saving time
  PosixChange start, end;       // into daylight time (wall time in standard time), and out
};

}  // namespace posix_tz

using posix_tz::PosixChange;
using posix_tz::PosixDate;
using posix_tz::PosixZone;

// A zone from its TZif file: the transitions it lists and the rule after them.
struct ZoneRules {
  std::vector<std::int64_t> transitions;  // instants, ascending
  std::vector<int> offsets;               // in force from each transition on
  int initial = 0;                        // before the first transition
  std::optional<PosixZone> footer;        // after the last transition

  int offset_at(UnixSeconds instant) const;
};

namespace {

// ---- POSIX TZ strings ----------------------------------------------------------------------

class PosixReader {
 public:
  explicit PosixReader(std::string_view text) : m_text(text) {}

  std::optional<PosixZone> read() {
    PosixZone zone;
    if (!name()) return std::nullopt;
    auto standard = offset();
    if (!standard) return std::nullopt;
    zone.standard = -*standard;
    if (at_end()) return zone;
    if (!name()) return std::nullopt;
    zone.daylight = zone.standard + k_hour_length;
    if (!at_end() && peek() != ',') {
      auto daylight = offset();
      if (!daylight) return std::nullopt;
      zone.daylight = -*daylight;
    }
    // Without rules POSIX leaves the dates to the system; tzcode takes the US rules.
    zone.start.date = {PosixDate::Kind::month_week, 3, 2, 0, 0};
    zone.end.date = {PosixDate::Kind::month_week, 11, 1, 0, 0};
    if (at_end()) return zone;
    if (!consume(',') || !change(zone.start) || !consume(',') || !change(zone.end) || !at_end())
      return std::nullopt;
    return zone;
  }

 private:
  bool at_end() const { return m_pos == m_text.size(); }
  char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
  bool consume(char c) {
    if (peek() != c) return false;
    ++m_pos;
    return true;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  // `EST`, or `<-03>` quoted.
  bool name() {
    if (consume('<')) {
      while (!at_end() && peek() != '>')
        ++m_pos;
      return consume('>');
    }
    std::size_t start = m_pos;
    while (is_alpha(peek()))
      ++m_pos;
    return m_pos - start >= 3;
  }

  std::optional<int> number(int max) {
    if (!is_digit(peek())) return std::nullopt;
    int value = 0;
    while (is_digit(peek())) {
      value = value * 10 + (m_text[m_pos++] - '0');
      if (value > max) return std::nullopt;
    }
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to `max_hours`.
  std::optional<int> offset(int max_hours = 24) {
    int sign = 1;
    if (consume('-')) {
      sign = -1;
    } else {
      consume('+');
    }
    auto hours = number(max_hours);
    if (!hours) return std::nullopt;
    int seconds = *hours * k_hour_length;
    for (int unit : {60, 1}) {
      if (!consume(':')) break;
      auto part = number(59);
      if (!part) return std::nullopt;
      seconds += *part * unit;
    }
    return sign * seconds;
  }

  bool change(PosixChange& out) {
    PosixDate& date = out.date;
    if (consume('J')) {
      auto day = number(365);
      if (!day || *day < 1) return false;
      date = {PosixDate::Kind::julian, 0, 0, 0, *day};
    } else if (consume('M')) {
      auto month = number(12);
      if (!month || *month < 1 || !consume('.')) return false;
      auto week = number(5);
      if (!week || *week < 1 || !consume('.')) return false;
      auto weekday = number(6);
      if (!weekday) return false;
      date = {PosixDate::Kind::month_week, *month, *week, *weekday, 0};
    } else {
      auto day = number(365);
      if (!day) return false;
      date = {PosixDate::Kind::day, 0, 0, 0, *day};
    }
    if (consume('/')) {
      auto time = offset(167);
      if (!time) return false;
      out.time = *time;
    }
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

bool is_leap(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// 0 = Sunday, for a count of days since 1970-01-01 (a Thursday).
int weekday_of(std::int64_t days) {
  std::int64_t weekday = (days + 4) % 7;
  return static_cast<int>(weekday < 0 ? weekday + 7 : weekday);
}

// Days since 1970-01-01 of `date` in `year`.
std::int64_t day_of(const PosixDate& date, std::int64_t year) {
  const std::int64_t january_first = days_from_civil(year, 1, 1);
  switch (date.kind) {
    case PosixDate::Kind::julian:
      return january_first + date.number - 1 + (is_leap(year) && date.number >= 60 ? 1 : 0);
    case PosixDate::Kind::day:
      return january_first + date.number;
    case PosixDate::Kind::month_week:
      break;
  }
  const std::int64_t first = days_from_civil(year, date.month, 1);
  std::int64_t day =
      first + (date.weekday - weekday_of(first) + 7) % 7 + std::int64_t{7} * (date.week - 1);
  while (day - first >= days_in_month(year, date.month))
    day -= 7;
  return day;
}

int posix_offset_at(const PosixZone& zone, UnixSeconds instant) {
  if (!zone.daylight) return zone.standard;
  const std::int64_t year = civil_from_unix(instant + zone.standard).year;
  // The start is written in standard time, the end in daylight time.
  const UnixSeconds start =
      day_of(zone.start.date, year) * k_day_length + zone.start.time - zone.standard;
  const UnixSeconds end =
      day_of(zone.end.date, year) * k_day_length + zone.end.time - *zone.daylight;
  const bool daylight =
      start < end ? instant >= start && instant < end : instant < end || instant >= start;
  return daylight ? *zone.daylight : zone.standard;
}

// ---- TZif files ----------------------------------------------------------------------------

class TzifReader {
 public:
  explicit TzifReader(std::string_view bytes) : m_bytes(bytes) {}

  std::optional<ZoneRules> read() {
    auto header = read_header();
    if (!header) return std::nullopt;
    if (header->version >= '2') {
      // The version 1 block has 32-bit times only; version 2 repeats it all with 64 bits.
      if (!skip(block_size(*header, 4))) return std::nullopt;
      header = read_header();
      if (!header) return std::nullopt;
      return read_block(*header, 8, true);
    }
    return read_block(*header, 4, false);
  }

 private:
  struct Header {
    char version = 0;
    std::uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
  };

  static std::uint64_t block_size(const Header& h, std::uint64_t time_size) {
    return h.time * time_size + h.time + h.type * 6ULL + h.chars + h.leap * (time_size + 4) +
           h.isstd + h.isut;
  }

  bool skip(std::uint64_t count) {
    if (count > m_bytes.size() - m_pos) return false;
    m_pos += count;
    return true;
  }

  std::optional<std::uint64_t> big_endian(std::size_t size) {
    if (size > m_bytes.size() - m_pos) return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i)
      value = value << 8 | static_cast<unsigned char>(m_bytes[m_pos++]);
    return value;
  }

  std::optional<std::int64_t> signed_value(std::size_t size) {
    auto value = big_endian(size);
    if (!value) return std::nullopt;
    if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(*value));
    return static_cast<std::int64_t>(*value);
  }

  std::optional<Header> read_header() {
    if (m_bytes.size() - m_pos < 44 || m_bytes.substr(m_pos, 4) != "TZif") return std::nullopt;
    Header header;
    header.version = m_bytes[m_pos + 4];
    m_pos += 20;
    for (std::uint32_t* count :
         {&header.isut, &header.isstd, &header.leap, &header.time, &header.type, &header.chars}) {
      *count = static_cast<std::uint32_t>(*big_endian(4));
    }
    if (header.type == 0) return std::nullopt;
    return header;
  }

  std::optional<ZoneRules> read_block(const Header& header, std::size_t time_size,
                                      bool has_footer) {
    ZoneRules rules;
    for (std::uint32_t i = 0; i < header.time; ++i) {
      auto time = signed_value(time_size);
      if (!time || (!rules.transitions.empty() && *time <= rules.transitions.back()))
        return std::nullopt;
      rules.transitions.push_back(*time);
    }
    std::vector<std::uint8_t> indexes;
    for (std::uint32_t i = 0; i < header.time; ++i) {
      auto index = big_endian(1);
      if (!index || *index >= header.type) return std::nullopt;
      indexes.push_back(static_cast<std::uint8_t>(*index));
    }
    std::vector<int> type_offsets;
    for (std::uint32_t i = 0; i < header.type; ++i) {
      auto offset = signed_value(4);
      if (!offset || !skip(2)) return std::nullopt;  // is-DST flag and abbreviation index
      type_offsets.push_back(static_cast<int>(*offset));
    }
    for (auto index : indexes)
      rules.offsets.push_back(type_offsets[index]);
    rules.initial = type_offsets[0];
    // Abbreviations, leap seconds (instants here count no leap seconds) and the flags.
    if (!skip(header.chars + header.leap * (time_size + 4ULL) + header.isstd + header.isut))
      return std::nullopt;
    if (has_footer) {
      std::string_view rest = m_bytes.substr(m_pos);
      if (rest.size() < 2 || rest.front() != '\n') return std::nullopt;
      std::string_view text = rest.substr(1, rest.find('\n', 1) - 1);
      if (!text.empty()) {
        rules.footer = PosixReader(text).read();
        if (!rules.footer) return std::nullopt;
      }
    }
    return rules;
  }

  std::string_view m_bytes;
  std::size_t m_pos = 0;
};

// ---- The database --------------------------------------------------------------------------

// What an IANA name may hold: no `.`, so no `..` and no file of the database's own (zone.tab).
bool plausible_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// The zones of the database: files whose every path segment starts in upper case (which leaves
// out posixrules, localtime and the tables), outside posix/ and right/ (copies of the others).
std::vector<std::string> zone_names() {
  std::vector<std::string> names;
  std::error_code error;
  const std::filesystem::path root = tz_database_dir();
  for (std::filesystem::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    std::string name = it->path().lexically_relative(root).generic_string();
    if (name == "posix" || name == "right") {
      it.disable_recursion_pending();
      continue;
    }
    bool upper = true;
    for (auto segment : split(name, '/'))
      upper = upper && !segment.empty() && segment[0] >= 'A' && segment[0] <= 'Z';
    if (upper && plausible_zone_name(name) && it->is_regular_file(error)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string unknown_zone(std::string_view name) {
  std::string message = fmt::format("unknown time zone {}", quote_for_message(name));
  auto names = zone_names();
  std::string likely;
  for (const auto& candidate : names) {
    if (iequals(candidate, name)) likely = candidate;
  }
  if (likely.empty()) likely = closest_match(name, names);
  if (!likely.empty()) return message + fmt::format(" (did you mean \"{}\"?)", likely);
  return message + "\nhint: an IANA name such as America/New_York, or an offset such as +02:00";
}

Expected<std::shared_ptr<const ZoneRules>> load_zone(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ZoneRules>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const std::filesystem::path path = std::filesystem::path(tz_database_dir()) / name;
  std::error_code error;
  if (!std::filesystem::is_directory(tz_database_dir(), error)) {
    return Error{fmt::format("time zone {}: no tz database in {}\nhint: install tzdata",
                             quote_for_message(name), tz_database_dir())};
  }
  const auto size = std::filesystem::file_size(path, error);
  if (error || !std::filesystem::is_regular_file(path, error) || size > k_max_zone_file)
    return Error{unknown_zone(name)};
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rules = TzifReader(bytes).read();
  if (!rules) {
    // A file of the database that is not a zone (or a damaged one) names no zone either.
    return Error{unknown_zone(name)};
  }
  auto shared = std::make_shared<const ZoneRules>(std::move(*rules));
  cache.emplace(name, shared);
  return shared;
}

}  // namespace

int ZoneRules::offset_at(UnixSeconds instant) const {
  if (transitions.empty() || instant < transitions.front()) {
    if (transitions.empty() && footer) return posix_offset_at(*footer, instant);
    return initial;
  }
  if (instant >= transitions.back() && footer) return posix_offset_at(*footer, instant);
  auto after = std::upper_bound(transitions.begin(), transitions.end(), instant);
  return offsets[static_cast<std::size_t>(after - transitions.begin() - 1)];
}

TimeZone::TimeZone() = default;

TimeZone TimeZone::fixed(int offset_seconds) {
  TimeZone zone;
  zone.m_offset = offset_seconds;
  if (offset_seconds != 0) {
    const int magnitude = std::abs(offset_seconds);
    zone.m_name = fmt::format("{}{:02}:{:02}", offset_seconds < 0 ? '-' : '+',
                              magnitude / k_hour_length, magnitude % k_hour_length / 60);
  }
  return zone;
}

Expected<TimeZone> TimeZone::parse(std::string_view text) {
  if (text == "UTC" || text == "Z") return TimeZone();
  if (!text.empty() && (text[0] == '+' || text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))) {
    auto offset = parse_utc_offset(text);
    if (!offset) {
      return Error{
          fmt::format("{} is no UTC offset (write +HH:MM, from -14:00 to +14:00) or time zone name",
                      quote_for_message(text))};
    }
    TimeZone zone = fixed(*offset);
    zone.m_name = std::string(text);
    return zone;
  }
  const std::string name(text);
  if (!plausible_zone_name(name)) return Error{unknown_zone(name)};
  auto rules = load_zone(name);
  if (!rules) return rules.error();
  TimeZone zone;
  zone.m_rules = std::move(*rules);
  zone.m_name = name;
  return zone;
}

int TimeZone::offset_at(UnixSeconds instant) const {
  return m_rules ? m_rules->offset_at(instant) : m_offset;
}

ZonedInstant TimeZone::from_wall(UnixSeconds wall) const {
  if (!m_rules) return {wall - m_offset, WallTime::unique};
  const int before = m_rules->offset_at(wall - k_wall_window);
  const int after = m_rules->offset_at(wall + k_wall_window);
  auto fits = [&](int offset) { return m_rules->offset_at(wall - offset) == offset; };
  if (before == after && fits(before)) return {wall - before, WallTime::unique};
  // Near a transition: each offset that reads back as itself is one reading of the wall time.
  std::optional<UnixSeconds> earliest, latest;
  for (int offset : {before, after, m_rules->offset_at(wall - before)}) {
    if (!fits(offset)) continue;
    const UnixSeconds instant = wall - offset;
    earliest = std::min(earliest.value_or(instant), instant);
    latest = std::max(latest.value_or(instant), instant);
  }
  if (!earliest) return {wall - before, WallTime::skipped};
  return {*earliest, *earliest == *latest ? WallTime::unique : WallTime::repeated};
}

std::string tz_database_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

std::string tz_database_version() {
  std::ifstream in(std::filesystem::path(tz_database_dir()) / "tzdata.zi");
  std::string line;
  if (!std::getline(in, line)) return {};
  constexpr std::string_view k_prefix = "# version ";
  if (line.rfind(k_prefix, 0) != 0) return {};
  return std::string(trim(std::string_view(line).substr(k_prefix.size())));
}

}  // namespace lethe::util
