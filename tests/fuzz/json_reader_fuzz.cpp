// The NDJSON and JSON-array readers on arbitrary bytes: every record has one value per requested
// path, records come in file order; nothing crashes, leaks or hangs (deep nesting included).
// The grammar check agrees with simdjson's full parse: it accepts every text simdjson accepts, and
// rejects every text simdjson rejects for its grammar (not for what the grammar leaves to
// implementations: UTF-8, number range, unpaired surrogates, depth).
#include <simdjson.h>

#include "data/json_reader.hpp"
#include "fuzz_support.hpp"
#include "util/byte_source.hpp"
#include "util/json_syntax.hpp"

namespace {

bool beyond_the_grammar(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR:
    case simdjson::NUMBER_ERROR:
    case simdjson::STRING_ERROR:
    case simdjson::DEPTH_ERROR:
    case simdjson::CAPACITY:
      return true;
    default:
      return false;
  }
}

// simdjson's full parse of `text`: SUCCESS or why not.
simdjson::error_code full_parse(std::string_view text) {
  static simdjson::dom::parser parser;
  simdjson::dom::element element;
  return parser.parse(text.data(), text.size()).get(element);
}

// One NDJSON line: the reader says "invalid JSON" exactly when simdjson's full parse finds a
// grammar error (what On-Demand skips included).
void check_line(std::string_view line) {
  using namespace lethe;
  if (line.find_first_of("\n\r") != std::string_view::npos) return;
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // a blank line
  std::vector<std::string> columns{"id", "geo.lat"};
  auto source = data::open_json_source(util::memory_bytes(std::string(line), "line.ndjson"),
                                       data::JsonLayout::lines, columns);
  if (!source) return;
  data::Record record;
  std::string message;
  data::ReadStatus status = (*source)->next(record, message);
  bool said_invalid = status != data::ReadStatus::record && message.rfind("invalid JSON", 0) == 0;
  simdjson::error_code error = full_parse(line);
  if (!error) fuzz::require(!said_invalid, "valid JSON read as invalid");
  if (error && !beyond_the_grammar(error)) {
    fuzz::require(status != data::ReadStatus::record, "invalid JSON read as a record");
  }
}

void check_grammar(std::string_view text) {
  static lethe::util::JsonSyntaxChecker checker;
  auto checked = checker.check(text, 64);
  if (checked && checked->kind == lethe::util::JsonSyntaxError::Kind::too_deep) return;
  simdjson::error_code error = full_parse(text);
  lethe::fuzz::require(error || !checked, "the grammar check rejects JSON that simdjson accepts");
  lethe::fuzz::require(!error || checked || beyond_the_grammar(error),
                       "the grammar check accepts JSON that simdjson rejects");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  if (size == 0) return 0;
  auto layout = data[0] % 2 ? data::JsonLayout::array : data::JsonLayout::lines;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_grammar(bytes);
  check_line(bytes);
  std::vector<std::string> columns{"id", "geo.lat", "a.b.c", "id"};
  auto source =
      data::open_json_source(util::memory_bytes(std::string(bytes), "input.json"), layout, columns);
  if (!source) return 0;
  fuzz::read_all_records(**source, columns.size());
  return 0;
}
