// The hostile-input corpus (tests/hostile/ and the generated cases below): every case ends with
// its documented exit code and a message saying where and what, never a crash, and leaves the
// input files' bytes and modification times as they were.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "support/run_lethe.hpp"
#include "util/sha256.hpp"

using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

// Path -> size, modification time and SHA-256 of every file below `root`.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_symlink() || !entry.is_regular_file()) continue;
    auto digest = lethe::util::sha256_file(entry.path());
    files[fs::relative(entry.path(), root).string()] =
        std::to_string(entry.file_size()) + " " +
        std::to_string(entry.last_write_time().time_since_epoch().count()) + " " +
        (digest ? *digest : "unreadable");
  }
  return files;
}

struct Case {
  std::string name;
  std::vector<std::string> args;  // the export folder and --as-of are added for scan
  int exit_code = 0;
  std::string output;  // expected in stdout or stderr
};

// Runs `c` on the export at `dir` and checks the outcome and that the export is unchanged.
void check_case(const Case& c, const fs::path& dir) {
  INFO(c.name);
  auto before = snapshot(dir);
  std::vector<std::string> args = c.args;
  if (!args.empty() && args.front() == "scan") {
    args.insert(args.begin() + 1, dir.string());
    args.insert(args.end(), {"--as-of", "2026-11-01"});
  }
  auto result = run_lethe(args);
  std::string output = result.out + result.err;
  // Outputs can be huge here: only their start goes into a failure message.
  INFO(output.substr(0, 2000));
  CHECK(result.exit_code == c.exit_code);
  bool has_message = output.find(c.output) != std::string::npos;
  CHECK(has_message);
  for (const char* crash :
       {"internal error", "AddressSanitizer", "LeakSanitizer", "runtime error:", "terminate"}) {
    INFO(crash);
    CHECK(result.err.find(crash) == std::string::npos);
  }
  CHECK(snapshot(dir) == before);
}

}  // namespace

TEST_CASE("hostile inputs: the corpus in tests/hostile", "[e2e][hostile]") {
  fs::path corpus = fs::path(LETHE_SOURCE_DIR) / "tests/hostile";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (fs::exists(entry.path() / "case.yaml")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() >= 40);
  for (const auto& path : cases) {
    YAML::Node spec = YAML::LoadFile((path / "case.yaml").string());
    Case c{path.filename().string(), spec["run"].as<std::vector<std::string>>(),
           spec["exit"].as<int>(), spec["output"].as<std::string>()};
    INFO(c.name);
    // An audit that stops or is incomplete says where: "path: what" or "path:line[:col]: what".
    if (c.exit_code == 2 || c.exit_code == 3) {
      CHECK(std::regex_search(c.output, std::regex(R"(^[^\s:]+(:\d+){0,2}: \S)")));
    }
    // Rule and waiver files the case names are read from its folder here: they must not change.
    auto case_files = snapshot(path);
    TempDir dir;
    fs::copy(path / "export", dir.path() / "export", fs::copy_options::recursive);
    check_case(c, dir.path() / "export");
    CHECK(snapshot(path) == case_files);
  }
}

TEST_CASE("hostile inputs: generated ones too big to keep in the repository", "[e2e][hostile]") {
  const std::string header = "account_id,created_at,closed_at,account_type,mfa_enabled\n";
  {
    // A 50 MB field: over max-field-size, its row is rejected with the limit's name; the next
    // row is read. Raised, the field is read like any other.
    TempDir dir;
    dir.write("export/accounts.csv", header + "A1,2020-01-01,," + std::string(50'000'000, 'x') +
                                         ",no\nA2,2020-01-01,,,no\n");
    check_case({"a 50 MB field",
                {"scan", "--select", "ring.account-without-mfa"},
                3,
                "accounts.csv:2: account_type: value of 50000000 bytes, longer than the "
                "max-field-size limit (16 MiB; raise it with --max-field-size)"},
               dir.path() / "export");
    check_case({"a 50 MB field, the limit raised",
                {"scan", "--select", "ring.account-without-mfa", "--max-field-size", "64MiB"},
                1,
                "accounts.csv:3"},
               dir.path() / "export");
  }
  {
    // A million columns: the header is read, the requested columns found, the row loaded.
    TempDir dir;
    std::string wide = "account_id,created_at,closed_at,account_type,mfa_enabled";
    std::string row = "A1,2020-01-01,,customer,no";
    for (int i = 0; i < 1'000'000; ++i) {
      wide += ",c" + std::to_string(i);
      row += ",x";
    }
    dir.write("export/accounts.csv", wide + "\n" + row + "\n");
    check_case({"a million columns",
                {"scan", "--select", "ring.account-without-mfa"},
                1,
                "accounts.csv:2"},
               dir.path() / "export");
  }
  {
    // JSON nested 100,000 deep: over max-nesting-depth, the record is rejected with the
    // limit's name, and the next record is read. Raised, a deep value where a field is read
    // rejects the record; elsewhere it is skipped over.
    TempDir dir;
    std::string nest = std::string(100'000, '[') + std::string(100'000, ']');
    dir.write("export/accounts.ndjson",
              "{\"account_id\":\"A1\",\"closed_at\":" + nest + "}\n" +
                  "{\"account_id\":\"A2\",\"x\":" + nest +
                  ",\"account_type\":\"customer\",\"closed_at\":null,\"mfa_enabled\":false}\n");
    check_case({"JSON nested 100,000 deep",
                {"scan", "--select", "ring.account-without-mfa"},
                3,
                "accounts.ndjson:2: record nested deeper than the max-nesting-depth limit (64; "
                "raise it with --max-nesting-depth)"},
               dir.path() / "export");
    check_case({"JSON nested 100,000 deep, the limit raised",
                {"scan", "--select", "ring.account-without-mfa", "--max-nesting-depth", "200000"},
                3,
                "accounts.ndjson:1: closed_at: expected a scalar value, got an array"},
               dir.path() / "export");
  }
  {
    // A glob matching 100,000 files: refused with the limit's name, nothing read.
    TempDir dir;
    fs::create_directories(dir.path() / "export/parts");
    for (int i = 0; i < 100'000; ++i) {
      std::ofstream(dir.path() / "export/parts" / ("p" + std::to_string(i) + ".csv"))
          << "account_id\n";
    }
    dir.write("export/lethe.yaml",
              "version: 1\ndatasets:\n  accounts:\n    files: [\"parts/*.csv\"]\n");
    check_case({"a glob matching 100,000 files",
                {"scan"},
                2,
                "lethe.yaml:4:13: 'parts/*.csv' matches more files than the max-glob-files limit "
                "(10000; raise it with --max-glob-files)"},
               dir.path() / "export");
  }
  {
    // A symlink that leaves the export folder.
    TempDir dir;
    dir.write("outside/secret.csv", header + "S1,2020-01-01,,,no\n");
    fs::create_directories(dir.path() / "export");
    fs::create_symlink(dir.path() / "outside/secret.csv", dir.path() / "export/accounts.csv");
    dir.write("export/lethe.yaml",
              "version: 1\ndatasets:\n  accounts:\n    files: [accounts.csv]\n");
    check_case({"a symlink out of the export", {"scan"}, 2, "lethe.yaml:4"}, dir.path() / "export");
  }
  {
    // A rule whose expression is nested 10,000 deep: refused with where, not a stack overflow.
    TempDir dir;
    dir.write("export/accounts.csv", header + "A1,2020-01-01,,,no\n");
    dir.write("rules/deep.yaml", "id: t.deep\nseverity: low\nfrom: accounts a\nwhere: \"" +
                                     std::string(10'000, '(') + "a.mfa_enabled" +
                                     std::string(10'000, ')') + "\"\n");
    check_case({"a 10,000-deep expression",
                {"scan", "--rules", (dir.path() / "rules").string()},
                2,
                "deep.yaml:4:"},
               dir.path() / "export");
  }
}
