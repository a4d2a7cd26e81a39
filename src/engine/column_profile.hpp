// What the sampled values of one source column look like, for guessing a manifest: which
// canonical types they can be read as, how their timestamps are written (ISO 8601 with or
// without an offset, epoch seconds or milliseconds, a strftime pattern) and their booleans
// spelled, and whether they are unique in the sample.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lethe::engine {

struct ColumnProfile {
  std::size_t values = 0;  // non-empty values in the sample
  bool unique = false;     // no non-empty value repeats (and there are some)
  bool integer = false;    // every value is an integer
  bool real = false;       // every value is a number
  bool boolean = false;    // every value is a boolean lethe reads (true/false, 1/0, yes/no, ...)
  // Every value is a boolean spelled otherwise: the code for true and for false (`on`, `off`).
  std::optional<std::pair<std::string, std::string>> boolean_codes;
  bool timestamp = false;             // every value reads as a timestamp with `formats`
  std::vector<std::string> formats;   // empty: ISO 8601; else epoch_s, epoch_ms or patterns
  bool wall_time = false;             // some timestamps have no UTC offset
  std::string format_doubt;           // another format reads them as other instants, or ""
  std::vector<std::string> distinct;  // the distinct values, sorted, when there are few (<= 20)
};

// The profile of `values` (nullopt and empty: no value) of the column `name` (its name tells
// epoch milliseconds from seconds when the values alone do not).
ColumnProfile profile_column(const std::string& name,
                             const std::vector<std::optional<std::string>>& values);

}  // namespace lethe::engine
