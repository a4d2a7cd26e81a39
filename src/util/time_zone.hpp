// Time zones: a fixed UTC offset, or an IANA zone read from the system's tz database (TZif files,
// RFC 8536, under $TZDIR or /usr/share/zoneinfo), including the POSIX TZ rule at the end of each
// file that gives the zone's offsets after its last listed transition (2037 in Debian's files).
// Wall times are placed as java.time and Python's zoneinfo (fold=0) place them: a wall time that
// occurs twice reads as the earlier instant, one that does not occur reads with the offset in
// force before the gap.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/expected.hpp"
#include "util/timestamp.hpp"

namespace lethe::util {

// How a wall time maps onto instants in a zone.
enum class WallTime {
  unique,    // once: the ordinary case
  repeated,  // twice, when clocks go back (the autumn hour): read as the earlier instant
  skipped,   // never, when clocks go forward (the spring gap): read with the offset before it
};

struct ZonedInstant {
  UnixSeconds instant = 0;
  WallTime wall = WallTime::unique;
};

struct ZoneRules;

// A value type: copies share the zone's loaded rules.
class TimeZone {
 public:
  // UTC.
  TimeZone();

  // A zone that is `offset_seconds` east of UTC all year.
  static TimeZone fixed(int offset_seconds);

  // Reads `UTC`, `Z`, a fixed offset (`+02:00`, `-0500`, `+05`) or an IANA name
  // (`America/New_York`). Errors: `unknown time zone "Europe/Berln" (did you mean
  // "Europe/Berlin"?)`, or that the tz database cannot be read.
  static Expected<TimeZone> parse(std::string_view text);

  // The offset east of UTC, in seconds, in force at `instant`.
  int offset_at(UnixSeconds instant) const;

  // Places `wall`, a wall time in this zone written as if it were UTC (its civil fields read
  // with offset 0), on the time line; see WallTime for the two kinds of ambiguity.
  ZonedInstant from_wall(UnixSeconds wall) const;

  // As given to parse (`America/New_York`, `+02:00`), `UTC` for the default.
  const std::string& name() const { return m_name; }
  // A fixed offset (no daylight saving), such as UTC.
  bool is_fixed() const { return m_rules == nullptr; }

  bool operator==(const TimeZone& other) const { return m_name == other.m_name; }

 private:
  std::shared_ptr<const ZoneRules> m_rules;  // null: a fixed offset
  int m_offset = 0;
  std::string m_name = "UTC";
};

// The tz database's folder: $TZDIR, else /usr/share/zoneinfo.
std::string tz_database_dir();

// The tz database's release (`2025b`), from its tzdata.zi; "" when it does not say.
std::string tz_database_version();

}  // namespace lethe::util
