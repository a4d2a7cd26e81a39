#include "data/value_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "util/enum_names.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::data {

namespace {

using FormatKind = TimestampFormat::Kind;

// The kinds a manifest names (any other text is a pattern).
constexpr auto k_format_names = std::to_array<util::EnumName<FormatKind>>({
    {FormatKind::iso8601, "iso8601"},
    {FormatKind::epoch_s, "epoch_s"},
    {FormatKind::epoch_ms, "epoch_ms"},
});
// How reports show them.
constexpr auto k_format_descriptions = std::to_array<util::EnumName<FormatKind>>({
    {FormatKind::iso8601, "ISO 8601"},
    {FormatKind::epoch_s, "epoch_s"},
    {FormatKind::epoch_ms, "epoch_ms"},
});

}  // namespace

util::Expected<TimestampFormat> TimestampFormat::parse(std::string_view text) {
  TimestampFormat format;
  if (auto kind = util::parse_enum(k_format_names, text)) {
    format.kind = *kind;
  } else {
    if (auto problem = util::check_strftime_format(text)) return util::Error{*problem};
    format.kind = Kind::pattern;
    format.pattern = std::string(text);
  }
  return format;
}

std::string TimestampFormat::describe() const {
  if (kind == Kind::pattern) return pattern;
  return std::string(util::enum_name(k_format_descriptions, kind, ""));
}

std::string FieldReading::describe_formats() const {
  if (formats.empty()) return TimestampFormat().describe();
  std::vector<std::string> names;
  for (const auto& format : formats)
    names.push_back(format.describe());
  return util::join(names, " or ");
}

std::optional<bool> parse_boolean(std::string_view text) {
  using util::iequals;
  for (auto yes : {"true", "1", "yes", "y", "t"}) {
    if (iequals(text, yes)) return true;
  }
  for (auto no : {"false", "0", "no", "n", "f"}) {
    if (iequals(text, no)) return false;
  }
  return std::nullopt;
}

namespace {

bool parse_integer(std::string_view text, std::int64_t& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

bool parse_real(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

}  // namespace

bool ValueParser::parse(std::optional<std::string_view> text, Cell& out,
                        util::WallTime* wall) const {
  out = Cell();
  if (wall) *wall = util::WallTime::unique;
  const FieldReading& reading = *m_reading;
  if (text && !reading.null_values.empty() &&
      std::find(reading.null_values.begin(), reading.null_values.end(), *text) !=
          reading.null_values.end()) {
    text.reset();
  }
  if (text && !reading.values.empty()) {
    if (auto code = reading.values.find(*text); code != reading.values.end()) text = code->second;
  }
  if (m_field->type == FieldType::string) {
    if (!text || text->empty()) return true;
    out.kind = Cell::Kind::text;
    out.text = *text;
    // A value outside the vocabulary would match none of the rules' comparisons with it.
    return m_field->values.empty() || std::find(m_field->values.begin(), m_field->values.end(),
                                                *text) != m_field->values.end();
  }
  std::string_view value = text ? util::trim(*text) : std::string_view();
  if (value.empty()) {
    if (m_field->type == FieldType::boolean && m_field->default_value) {
      out.kind = Cell::Kind::integer;
      out.integer = *m_field->default_value ? 1 : 0;
    }
    return true;
  }
  switch (m_field->type) {
    case FieldType::string:
      break;
    case FieldType::integer:
      out.kind = Cell::Kind::integer;
      return parse_integer(value, out.integer);
    case FieldType::real:
      out.kind = Cell::Kind::real;
      return parse_real(value, out.real);
    case FieldType::boolean: {
      auto flag = parse_boolean(value);
      out.kind = Cell::Kind::integer;
      out.integer = flag.value_or(false) ? 1 : 0;
      return flag.has_value();
    }
    case FieldType::timestamp:
      return parse_timestamp(value, out, wall);
  }
  return true;
}

namespace {

// `value` read in one format: an instant, or a wall time for the zone to place.
std::optional<util::ReadTimestamp> read_timestamp(std::string_view value,
                                                  const TimestampFormat& format) {
  auto instant =
      [](std::optional<util::UnixSeconds> seconds) -> std::optional<util::ReadTimestamp> {
    if (!seconds) return std::nullopt;
    return util::ReadTimestamp{*seconds, util::TimeBasis::instant};
  };
  switch (format.kind) {
    case TimestampFormat::Kind::iso8601:
      return util::read_iso8601(value);
    case TimestampFormat::Kind::epoch_s:
      return instant(util::parse_epoch(value, util::EpochUnit::seconds));
    case TimestampFormat::Kind::epoch_ms:
      return instant(util::parse_epoch(value, util::EpochUnit::milliseconds));
    case TimestampFormat::Kind::pattern:
      return util::read_strftime(value, format.pattern);
  }
  return std::nullopt;
}

const TimestampFormat k_iso8601{};

}  // namespace

bool ValueParser::parse_timestamp(std::string_view value, Cell& out, util::WallTime* wall) const {
  out.kind = Cell::Kind::integer;
  const auto& formats = m_reading->formats;
  const std::size_t count = formats.empty() ? 1 : formats.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto read = read_timestamp(value, formats.empty() ? k_iso8601 : formats[i]);
    if (!read) continue;
    util::ZonedInstant placed{read->seconds, util::WallTime::unique};
    if (read->basis == util::TimeBasis::wall) placed = m_reading->timezone.from_wall(read->seconds);
    // A wall time at the edge of the range may leave it by the zone's offset.
    if (placed.instant < util::k_min_timestamp || placed.instant > util::k_max_timestamp) continue;
    out.integer = placed.instant;
    if (wall) *wall = placed.wall;
    return true;
  }
  return false;
}

namespace {

// The vocabulary entry `text` was probably meant as, or "": the same in another case first.
std::string likely_value(std::string_view text, const std::vector<std::string>& values) {
  for (const auto& value : values) {
    if (util::iequals(value, text)) return value;
  }
  return util::closest_match(util::trim(text), values);
}

}  // namespace

std::string ValueParser::error_message(std::string_view text) const {
  std::string shown = util::quote_for_message(text);
  if (auto code = m_reading->values.find(text); code != m_reading->values.end()) {
    // The manifest's map made it what it is: both are worth seeing.
    shown += fmt::format(" (mapped to {})", util::quote_for_message(code->second));
    text = code->second;
  }
  if (m_field->type == FieldType::string) {
    std::string message = fmt::format("{}: {} is not one of {}", m_field->name, shown,
                                      util::join(m_field->values, ", "));
    if (std::string likely = likely_value(text, m_field->values); !likely.empty())
      message += fmt::format(" (did you mean \"{}\"?)", likely);
    return message;
  }
  std::string message =
      fmt::format("{}: cannot read {} as {}", m_field->name, shown, field_type_name(m_field->type));
  if (m_field->type == FieldType::timestamp) {
    const auto& formats = m_reading->formats;
    message += fmt::format(" (format {})", m_reading->describe_formats());
    if (formats.empty() ||
        (formats.size() == 1 && formats[0].kind == TimestampFormat::Kind::iso8601)) {
      if (std::string why = util::iso8601_refusal(util::trim(text)); !why.empty())
        message += ": " + why;
    }
  }
  return message;
}

}  // namespace lethe::data
