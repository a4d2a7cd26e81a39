// Test support shared by the reader tests: temporary files and a readable transcript of what a
// RecordSource yields.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "data/record_source.hpp"
#include "support/temp_dir.hpp"

namespace lethe::data::test {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it (tests/support).
using TempDir = lethe::test::TempDir;

// Control characters made visible, so expectations stay on one line.
inline std::string visible(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

// One result of RecordSource::next, as "3: [a] [] -" (a record: each value bracketed, `-` for
// nullopt) or "4: rejected: message".
inline std::string describe(ReadStatus status, const Record& record, const std::string& message) {
  std::string out = std::to_string(record.line) + ":";
  if (status == ReadStatus::rejected) return out + " rejected: " + message;
  if (status == ReadStatus::stopped) return out + " stopped: " + message;
  for (const auto& value : record.values) {
    out += value ? " [" + visible(*value) + "]" : std::string(" -");
  }
  return out;
}

// Reads `source` to its end; every result is one line of the returned text.
inline std::string read_all(RecordSource& source) {
  std::string out;
  Record record;
  std::string message;
  for (int guard = 0; guard < 1000000; ++guard) {
    message.clear();
    ReadStatus status = source.next(record, message);
    if (status == ReadStatus::end) {
      // Stays at the end.
      REQUIRE(source.next(record, message) == ReadStatus::end);
      return out;
    }
    out += describe(status, record, message) + "\n";
  }
  FAIL("the source never ended");
  return out;
}

}  // namespace lethe::data::test
