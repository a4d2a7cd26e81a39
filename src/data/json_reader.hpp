// Reading NDJSON (one object per line) and JSON-array files as RecordSources, with simdjson.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/limits.hpp"
#include "data/record_source.hpp"
#include "util/byte_source.hpp"

namespace lethe::data {

enum class JsonLayout {
  lines,  // .ndjson / .jsonl: one object per line; blank lines are skipped
  array,  // .json: a top-level array of objects
};

// Starts reading JSON `bytes`. Each requested column is a key or a dotted path into nested objects
// (`geo.lat`). Each record must be an object; a value at a requested path that is an object or
// an array is rejected ("geo: expected a scalar value, got an object"); an invalid record is
// rejected ("invalid JSON: <reason>") and reading goes on with the next line (lines) or stops
// (array, after a syntax error the rest cannot be trusted). When a key occurs twice in an
// object, the last value wins. The bytes are read in bounded chunks, never whole: array elements
// are split with a small scanner and each parsed on its own. A record nested deeper than
// `limits.max_nesting_depth` is rejected; one longer than `limits.max_record_size` is rejected
// and, in an array, ends the file (both messages name the limit). For arrays, fails with
// "expected a JSON array of objects" at the line and column of what stands first.
OpenedSource open_json_source(std::unique_ptr<util::ByteSource> bytes, JsonLayout layout,
                              std::vector<std::string> columns, const Limits& limits = {});

// A scalar of a JSON record: its dotted path (`geo.lat`) and its text as a column would read it
// (nullopt: null).
struct JsonPathValue {
  std::string path;
  std::optional<std::string> text;
};

// Every scalar of each of the first `max_records` readable records of JSON `bytes`, in the
// record's order (values inside arrays are left out; rejected records are passed over), for
// guessing a manifest. Fails as open_json_source does.
util::Expected<std::vector<std::vector<JsonPathValue>>, ReadError> sample_json_records(
    std::unique_ptr<util::ByteSource> bytes, JsonLayout layout, std::size_t max_records,
    const Limits& limits = {});

}  // namespace lethe::data
