#include "data/limits.hpp"

#include <catch2/catch.hpp>

namespace lethe::data {
namespace {

std::string set_error(std::string_view name, std::string_view text) {
  Limits limits;
  auto ok = set_limit(limits, name, text);
  return ok ? "accepted" : ok.error().message;
}

TEST_CASE("limits: the defaults", "[limits]") {
  Limits limits;
  CHECK(limits.max_field_size == 16u << 20);
  CHECK(limits.max_record_size == 256u << 20);
  CHECK(limits.max_nesting_depth == 64);
  CHECK(limits.max_glob_files == 10000);
  CHECK(limit_names() ==
        std::vector<std::string>{"max-field-size", "max-record-size", "max-nesting-depth",
                                 "max-glob-files", "max-archive-members", "max-archive-depth",
                                 "max-decompressed-size", "max-compression-ratio"});
  CHECK(describe_limit("max-field-size") ==
        "Bytes of one field value; a longer one rejects its row (default 16 MiB)");
  CHECK(describe_limit("max-glob-files") ==
        "Files one manifest pattern may match; more is an error (default 10000)");
}

TEST_CASE("limits: set by name, with dashes or underscores", "[limits]") {
  Limits limits;
  REQUIRE(set_limit(limits, "max-field-size", "32MiB"));
  REQUIRE(set_limit(limits, "max_record_size", "1GiB"));
  REQUIRE(set_limit(limits, "max-nesting-depth", "500"));
  REQUIRE(set_limit(limits, "max_glob_files", "100000"));
  CHECK(limits.max_field_size == 32u << 20);
  CHECK(limits.max_record_size == 1u << 30);
  CHECK(limits.max_nesting_depth == 500);
  CHECK(limits.max_glob_files == 100000);
}

TEST_CASE("limits: values that are refused", "[limits]") {
  CHECK(set_error("max-field-size", "4GiB") == "accepted");
  CHECK(set_error("max-field-size", "5GiB") == "max-field-size is at most 4 GiB");
  CHECK(set_error("max-field-size", "big") ==
        "expected a size such as 16MiB or 1048576, got \"big\"");
  CHECK(set_error("max-nesting-depth", "0") == "expected a whole number of at least 1, got \"0\"");
  CHECK(set_error("max-nesting-depth", "12k") ==
        "expected a whole number of at least 1, got \"12k\"");
  CHECK(set_error("max-glob-files", "100000000") == "accepted");
  CHECK(set_error("max-glob-files", "100000001") == "max-glob-files is at most 100000000");
  CHECK(set_error("max-files", "5") ==
        "unknown limit \"max-files\"; limits: max-field-size, max-record-size, "
        "max-nesting-depth, max-glob-files, max-archive-members, max-archive-depth, "
        "max-decompressed-size, max-compression-ratio");
}

TEST_CASE("limits: the note a message about a limit ends with", "[limits]") {
  CHECK(limit_note("max-field-size", 16u << 20, true) ==
        "the max-field-size limit (16 MiB; raise it with --max-field-size)");
  CHECK(limit_note("max-glob-files", 10000, false) ==
        "the max-glob-files limit (10000; raise it with --max-glob-files)");
}

}  // namespace
}  // namespace lethe::data
