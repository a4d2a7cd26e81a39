// Timestamp parsing in every form: ISO 8601 round-trips through format_iso8601; strftime-style
// patterns, epoch values and UTC offsets never crash or overflow (UBSan).
#include "fuzz_support.hpp"
#include "util/timestamp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto seconds = util::parse_iso8601(text, 0)) {
    std::string formatted = util::format_iso8601(*seconds);
    auto again = util::parse_iso8601(formatted, 0);
    fuzz::require(again && *again == *seconds, "ISO 8601 round-trips");
    (void)util::add_months(*seconds, 18);
    (void)util::add_months(*seconds, -1200);
    fuzz::require(util::iso8601_refusal(text).empty(), "a timestamp read has no refusal");
  } else {
    (void)util::iso8601_refusal(text);
  }
  (void)util::parse_iso8601(text, 14 * 3600);
  (void)util::parse_epoch(text, util::EpochUnit::seconds);
  (void)util::parse_epoch(text, util::EpochUnit::milliseconds);
  (void)util::parse_utc_offset(text);
  // "FORMAT\nTEXT": a pattern and a value to read with it.
  size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    std::string_view format = text.substr(0, newline);
    if (!util::check_strftime_format(format)) {
      (void)util::parse_strftime(text.substr(newline + 1), format, 0);
    }
  }
  return 0;
}
