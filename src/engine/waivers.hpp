// Waivers: reviewed exceptions with a reason, an approver and an expiry date. A waived finding
// stays in every report but does not fail the run; an expired waiver waives nothing and fails it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/diagnostic.hpp"
#include "util/expected.hpp"
#include "util/time_zone.hpp"

namespace lethe::engine {

struct ScanResult;

struct Waiver {
  std::string rule;
  std::optional<std::string> key;          // "*" waives the whole rule
  std::optional<std::string> fingerprint;  // instead of key
  std::string reason;
  std::string approved_by;
  std::int64_t expires = 0;  // a date, 00:00 UTC: the waiver holds while as_of <= expires
  util::SourceLocation location;

  enum class State { active, expired, unused };
  State state = State::unused;
  std::uint64_t matched = 0;  // findings it waives

  bool whole_rule() const { return key && *key == "*"; }
  // "key CP-21", "fingerprint 1f2e...", "every finding".
  std::string target() const;
};

// "active", "expired", "unused".
std::string_view waiver_state_name(Waiver::State state);

// Reads a waivers file:
//   version: 1
//   waivers:
//     - {rule: ID, key: KEY | "*", reason: ..., approved_by: ..., expires: 2027-01-31}
//     - {rule: ID, fingerprint: HEX, reason: ..., approved_by: ..., expires: ...}
// Missing or unknown keys are errors `file:line:col: message`. `expires` is the start of that
// day in `zone` (UTC by default), the zone of the audit's --as-of.
util::Expected<std::vector<Waiver>> read_waivers(const std::filesystem::path& path,
                                                 const std::string& display_path,
                                                 const util::TimeZone& zone = {});

// Marks the findings the waivers cover and sets each waiver's state (expired ones waive nothing).
void apply_waivers(ScanResult& result, std::vector<Waiver> waivers);

}  // namespace lethe::engine
