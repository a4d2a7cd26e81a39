#include "util/glob.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include "support/temp_dir.hpp"

namespace lethe::util {
namespace {

namespace fs = std::filesystem;
using lethe::test::TempDir;

using Paths = std::vector<std::string>;

Paths glob(const TempDir& dir, std::string_view pattern, size_t max = 100) {
  auto matches = glob_files(dir.path(), pattern, max);
  if (!matches) return {"error: " + matches.error().message};
  return *matches;
}

TEST_CASE("glob: segments, ** and hidden names", "[glob]") {
  TempDir dir;
  for (const char* file : {"a.csv", "b.tsv", "Voice/p1.ndjson", "Voice/2024/p2.ndjson",
                           "Voice/.hidden/p3.ndjson", ".top.csv"})
    dir.write(file, "x");
  CHECK(glob(dir, "*.csv") == Paths{"a.csv"});
  CHECK(glob(dir, "Voice/*.ndjson") == Paths{"Voice/p1.ndjson"});
  CHECK(glob(dir, "Voice/**/*.ndjson") == Paths{"Voice/2024/p2.ndjson", "Voice/p1.ndjson"});
  CHECK(glob(dir, "**/*.ndjson") == Paths{"Voice/2024/p2.ndjson", "Voice/p1.ndjson"});
  CHECK(glob(dir, ".*.csv") == Paths{".top.csv"});
  CHECK(glob(dir, "nothing/*.csv").empty());
}

TEST_CASE("glob: a file reached twice counts once against the limit", "[glob]") {
  TempDir dir;
  for (const char* file : {"a/1.csv", "a/2.csv", "a/b/3.csv"})
    dir.write(file, "x");
  CHECK(glob(dir, "**/**/*.csv", 3) == Paths{"a/1.csv", "a/2.csv", "a/b/3.csv"});
  CHECK(glob(dir, "**/*.csv", 2) == Paths{"error: matches more than 2 files"});
}

TEST_CASE("glob: many ** over a deep chain and a looping link end", "[glob]") {
  // Without remembering the folders already read, this pattern walks the 30-deep chain once
  // per way of splitting it among the six **, and the link below would loop forever.
  TempDir dir;
  std::string deep;
  for (int i = 0; i < 30; ++i)
    deep += "d/";
  dir.write(deep + "x.csv", "x");
  fs::create_directory_symlink(dir.path() / "d", dir.path() / "d" / "loop");
  auto matches = glob(dir, "**/**/a/**/**/**/**/*.csv");
  CHECK(matches.empty());
  CHECK(glob(dir, "**/*.csv") == Paths{deep + "x.csv"});
}

}  // namespace
}  // namespace lethe::util
