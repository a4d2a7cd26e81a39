#include "engine/column_profile.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string_view>

#include "data/value_parser.hpp"
#include "engine/name_match.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::engine {

namespace {

// The strftime patterns tried, in order of preference: the first that reads every value wins.
constexpr auto k_patterns = std::to_array<std::string_view>({
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%Y%m%d%H%M%S",
    "%Y%m%d",
});

// Booleans spelled in words lethe does not read as booleans: the true word, the false word.
constexpr auto k_boolean_words = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"on", "off"},
    {"enabled", "disabled"},
    {"active", "inactive"},
    {"granted", "denied"},
    {"allowed", "denied"},
    {"checked", "unchecked"},
    {"x", "-"},
});

constexpr std::size_t k_few_values = 20;

// Epochs of plausible export times: 2001-09-09 to 2286 in seconds, or as milliseconds.
constexpr std::int64_t k_epoch_s_min = 1'000'000'000;
constexpr std::int64_t k_epoch_s_max = 9'999'999'999;
constexpr std::int64_t k_epoch_ms_min = 1'000'000'000'000;
constexpr std::int64_t k_epoch_ms_max = 9'999'999'999'999;

bool is_integer(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_number(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return is_integer(text);
  std::string_view fraction = text.substr(dot + 1);
  return is_integer(text.substr(0, dot)) && !fraction.empty() &&
         std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <typename Predicate>
bool all_values(const std::vector<std::string>& values, Predicate predicate) {
  return !values.empty() && std::all_of(values.begin(), values.end(), predicate);
}

// epoch_s or epoch_ms when every value is an integer in the range of one; the name decides
// when both could be.
std::optional<std::string> epoch_format(const std::string& name,
                                        const std::vector<std::string>& values) {
  if (!all_values(values, [](const std::string& v) { return is_integer(v); })) return std::nullopt;
  auto in = [&](std::int64_t low, std::int64_t high) {
    return all_values(values, [&](const std::string& v) {
      std::int64_t n = std::stoll(v.size() > 15 ? std::string("-1") : v);
      return n >= low && n <= high;
    });
  };
  if (in(k_epoch_ms_min, k_epoch_ms_max)) return "epoch_ms";
  if (in(k_epoch_s_min, k_epoch_s_max)) return names_milliseconds(name) ? "epoch_ms" : "epoch_s";
  return std::nullopt;
}

// The instants of `values` read with `pattern`, or nullopt when one does not read.
std::optional<std::vector<util::ReadTimestamp>> read_all(const std::vector<std::string>& values,
                                                         std::string_view pattern) {
  std::vector<util::ReadTimestamp> read;
  for (const auto& value : values) {
    auto instant = util::read_strftime(value, pattern);
    if (!instant) return std::nullopt;
    read.push_back(*instant);
  }
  return read;
}

bool same_instants(const std::vector<util::ReadTimestamp>& a,
                   const std::vector<util::ReadTimestamp>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const auto& x, const auto& y) { return x.seconds == y.seconds; });
}

// The first pattern that reads every value, noting another that reads them as other instants.
void find_pattern(const std::vector<std::string>& values, ColumnProfile& profile) {
  std::optional<std::vector<util::ReadTimestamp>> chosen;
  for (std::string_view pattern : k_patterns) {
    auto read = read_all(values, pattern);
    if (!read) continue;
    if (!chosen) {
      chosen = std::move(read);
      profile.formats = {std::string(pattern)};
      continue;
    }
    if (!same_instants(*chosen, *read)) {
      profile.format_doubt = "the sample also reads as \"" + std::string(pattern) +
                             "\", at other instants: check which it is";
      break;
    }
  }
  profile.timestamp = chosen.has_value();
  profile.wall_time = profile.timestamp;
}

// Two patterns that together read every value (a date alone beside a date and time).
void find_pattern_pair(const std::vector<std::string>& values, ColumnProfile& profile) {
  for (std::size_t i = 0; i < k_patterns.size(); ++i) {
    std::vector<std::string> rest;
    for (const auto& value : values) {
      if (!util::read_strftime(value, k_patterns[i])) rest.push_back(value);
    }
    if (rest.size() == values.size()) continue;
    for (std::size_t j = i + 1; j < k_patterns.size(); ++j) {
      if (!read_all(rest, k_patterns[j])) continue;
      profile.timestamp = true;
      profile.wall_time = true;
      profile.formats = {std::string(k_patterns[i]), std::string(k_patterns[j])};
      return;
    }
  }
}

void profile_timestamps(const std::string& name, const std::vector<std::string>& values,
                        ColumnProfile& profile) {
  if (auto epoch = epoch_format(name, values)) {
    profile.timestamp = true;
    profile.formats = {*epoch};
    return;
  }
  bool iso = all_values(values, [](const std::string& v) { return util::read_iso8601(v); });
  if (iso) {
    profile.timestamp = true;
    profile.wall_time = std::any_of(values.begin(), values.end(), [](const std::string& v) {
      return util::read_iso8601(v)->basis == util::TimeBasis::wall;
    });
    return;
  }
  if (profile.integer || profile.real) return;
  find_pattern(values, profile);
  if (!profile.timestamp) find_pattern_pair(values, profile);
}

void profile_booleans(const std::vector<std::string>& distinct, ColumnProfile& profile) {
  profile.boolean =
      all_values(distinct, [](const std::string& v) { return data::parse_boolean(v).has_value(); });
  if (profile.boolean || distinct.empty() || distinct.size() > 2) return;
  for (const auto& [yes, no] : k_boolean_words) {
    std::optional<std::string> true_code, false_code;
    for (const auto& value : distinct) {
      if (util::iequals(value, yes)) true_code = value;
      if (util::iequals(value, no)) false_code = value;
    }
    if (!true_code && !false_code) continue;
    if ((true_code ? 1U : 0U) + (false_code ? 1U : 0U) != distinct.size()) continue;
    profile.boolean_codes = {true_code.value_or(std::string(yes)),
                             false_code.value_or(std::string(no))};
    return;
  }
}

}  // namespace

ColumnProfile profile_column(const std::string& name,
                             const std::vector<std::optional<std::string>>& values) {
  ColumnProfile profile;
  std::vector<std::string> present;
  for (const auto& value : values) {
    if (value && !util::trim(*value).empty()) present.push_back(*value);
  }
  profile.values = present.size();
  std::set<std::string> distinct(present.begin(), present.end());
  profile.unique = !present.empty() && distinct.size() == present.size();
  if (distinct.size() <= k_few_values) profile.distinct.assign(distinct.begin(), distinct.end());
  profile.integer = all_values(present, [](const std::string& v) { return is_integer(v); });
  profile.real = all_values(present, [](const std::string& v) { return is_number(v); });
  std::vector<std::string> all(distinct.begin(), distinct.end());
  profile_booleans(all, profile);
  profile_timestamps(name, all, profile);
  return profile;
}

}  // namespace lethe::engine
