// The hostile-input corpus (tests/hostile/, one test per case folder, and the generated cases
// below, one test each): every case ends with its documented exit code and a message saying
// where and what, never a crash, and leaves the input files' bytes and modification times as
// they were.
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <system_error>

#include "support/run_lethe.hpp"
#include "util/sha256.hpp"

using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace fs = std::filesystem;

namespace {

// Reads `size` bytes at `offset` of the open file `in`.
std::string read_window(std::FILE* in, std::uint64_t offset, size_t size) {
  std::string bytes(size, '\0');
  if (std::fseek(in, static_cast<long>(offset), SEEK_SET) != 0) return "unreadable";
  bytes.resize(std::fread(bytes.data(), 1, size, in));
  return bytes;
}

// The SHA-256 of a file's content: all of it up to 1 MiB; of a bigger file, five 64 KiB
// windows (its start, quarters and end), which with its size and times tells a change.
std::string content_digest(const fs::path& path, std::uint64_t size) {
  constexpr std::uint64_t k_whole = 1 << 20;
  constexpr size_t k_window = 64 << 10;
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) return "unreadable";
  lethe::util::Sha256 hash;
  if (size <= k_whole) {
    hash.update(read_window(in, 0, size));
  } else {
    for (std::uint64_t offset :
         {std::uint64_t{0}, size / 4, size / 2, size / 4 * 3, size - k_window}) {
      hash.update(read_window(in, offset, k_window));
    }
  }
  std::fclose(in);
  return hash.hex_digest();
}

// Path -> size, modification and change times (to the nanosecond), inode and content digest of
// every file below `root`. Any write to a file changes its times, so the content of only some
// files is read where there are many: the first 200 in path order and every 997th after (a
// folder of 100,000 files costs no more than a few hundred reads).
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    files[entry.path().lexically_relative(root).string()] =
        std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
        std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ctim.tv_sec) + "." +
        std::to_string(st.st_ctim.tv_nsec) + " " + std::to_string(st.st_ino);
  }
  size_t index = 0;
  for (auto& [relative, state] : files) {
    if (index < 200 || index % 997 == 0) {
      auto size = std::stoull(state.substr(0, state.find(' ')));
      state += " " + content_digest(root / relative, size);
    }
    ++index;
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
lethe::test::RunResult check_case(const Case& c, const fs::path& dir) {
  INFO(c.name);
  auto before = snapshot(dir);
  lethe::test::RunResult result;
  if (!c.args.empty() && c.args.front() == "scan") {
    lethe::test::ScanSetup setup;  // the bundled rules on `dir`
    setup.export_dir = dir;
    setup.rules.clear();
    result = lethe::test::scan(std::vector<std::string>(c.args.begin() + 1, c.args.end()), setup);
  } else {
    result = run_lethe(c.args);
  }
  // Outputs can be huge here: only their start goes into a failure message.
  INFO(result.out.substr(0, 2000) << "\n" << result.err.substr(0, 2000));
  CHECK(result.exit_code == c.exit_code);
  bool has_message = result.out.find(c.output) != std::string::npos ||
                     result.err.find(c.output) != std::string::npos;
  CHECK(has_message);
  for (const char* crash :
       {"internal error", "AddressSanitizer", "LeakSanitizer", "runtime error:", "terminate"}) {
    INFO(crash);
    CHECK(result.err.find(crash) == std::string::npos);
  }
  CHECK(snapshot(dir) == before);
  return result;
}

// Whether `line` is a whole line of `text`.
bool has_line(const std::string& text, const std::string& line) {
  for (size_t at = text.find(line + "\n"); at != std::string::npos;
       at = text.find(line + "\n", at + 1)) {
    if (at == 0 || text[at - 1] == '\n') return true;
  }
  return false;
}

// The case folders of tests/hostile, sorted.
std::vector<fs::path> corpus_cases() {
  std::vector<fs::path> cases;
  std::error_code error;
  for (const auto& entry :
       fs::directory_iterator(lethe::test::source_path("tests/hostile"), error)) {
    if (fs::exists(entry.path() / "case.yaml")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// Runs the case in the folder `path`: its export (copied, so that a failing run cannot spoil
// the corpus) with the command, exit code and message of its case.yaml.
void check_corpus_case(const fs::path& path) {
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

// One test per case folder, "hostile inputs: tests/hostile/NAME", so that ctest runs them side
// by side (adding a folder reconfigures the build: see tests/CMakeLists.txt).
class CorpusCase : public Catch::ITestInvoker {
 public:
  explicit CorpusCase(fs::path path) : m_path(std::move(path)) {}
  void invoke() const override { check_corpus_case(m_path); }

 private:
  fs::path m_path;
};

const size_t k_registered_cases = [] {
  auto cases = corpus_cases();
  for (const auto& path : cases) {
    std::string name = "hostile inputs: tests/hostile/" + path.filename().string();
    // Catch copies the name and tags; it owns the invoker.
    Catch::AutoReg(new CorpusCase(path), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{name, "[e2e][hostile]"});
  }
  return cases.size();
}();

const std::string k_header = "account_id,created_at,closed_at,account_type,mfa_enabled\n";

}  // namespace

TEST_CASE("hostile inputs: the corpus in tests/hostile has its cases, each a test",
          "[e2e][hostile]") {
  auto cases = corpus_cases();
  CHECK(cases.size() >= 40);
  CHECK(k_registered_cases == cases.size());
}

// The generated cases: each checks its exit code and its whole messages (the lines of the text
// report or the error that say what happened), and that its input is unchanged.

const std::string k_a2_finding =
    "    accounts.csv:3  null account A2 has no multi-factor authentication";

TEST_CASE("hostile inputs: a 20 MB field", "[e2e][hostile]") {
  // Over max-field-size, its row is rejected with the limit's name; the next row is read.
  // Raised, the field is read like any other.
  TempDir dir;
  std::string csv = k_header;
  csv.append(20'000'000, 'x');
  csv += ",2020-01-01,,customer,no\nA2,2020-01-01,,,no\n";
  dir.write("export/accounts.csv", csv);
  auto rejected = check_case({"a 20 MB field",
                              {"scan", "--select", "ring.account-without-mfa"},
                              3,
                              "accounts.csv:2: account_id: value of 20000000 bytes, longer than "
                              "the max-field-size limit (16 MiB; raise it with --max-field-size)"},
                             dir.path() / "export");
  CHECK(has_line(rejected.out,
                 "  accounts.csv:2: account_id: value of 20000000 bytes, longer than the "
                 "max-field-size limit (16 MiB; raise it with --max-field-size)"));
  CHECK(has_line(rejected.out, "Rows: 1 loaded, 1 rejected"));
  CHECK(has_line(rejected.out, k_a2_finding));
  CHECK(rejected.err.empty());

  auto raised =
      check_case({"a 20 MB field, the limit raised",
                  {"scan", "--select", "ring.account-without-mfa", "--max-field-size", "64MiB"},
                  1,
                  "accounts.csv:3"},
                 dir.path() / "export");
  CHECK(has_line(raised.out, "Rows: 2 loaded, 0 rejected"));
  CHECK(has_line(raised.out, "    accounts.csv:2  customer account " +
                                 std::string(20'000'000, 'x') +
                                 " has no multi-factor authentication"));
  CHECK(has_line(raised.out, k_a2_finding));
  CHECK(raised.err.empty());

  // As a value of a field with a vocabulary, it is no typo of any word: rejected at once.
  csv = k_header + "A1,2020-01-01,,";
  csv.append(20'000'000, 'x');
  csv += ",no\nA2,2020-01-01,,,no\n";
  dir.write("export/accounts.csv", csv);
  auto outside =
      check_case({"a 20 MB value outside a vocabulary",
                  {"scan", "--select", "ring.account-without-mfa", "--max-field-size", "64MiB"},
                  3,
                  "accounts.csv:2: account_type: \"" + std::string(80, 'x') +
                      "...\" is not one of customer, employee"},
                 dir.path() / "export");
  CHECK(has_line(outside.out, k_a2_finding));
}

TEST_CASE("hostile inputs: a million columns", "[e2e][hostile]") {
  // The header is read, the requested columns found, the row loaded.
  TempDir dir;
  std::string csv = "account_id,created_at,closed_at,account_type,mfa_enabled";
  csv.reserve(16'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    csv += ",c";
    csv += std::to_string(i);
  }
  csv += "\nA1,2020-01-01,,customer,no";
  for (int i = 0; i < 1'000'000; ++i)
    csv += ",x";
  csv += "\n";
  dir.write("export/accounts.csv", csv);
  auto result = check_case(
      {"a million columns", {"scan", "--select", "ring.account-without-mfa"}, 1, "accounts.csv:2"},
      dir.path() / "export");
  CHECK(has_line(result.out, "Rows: 1 loaded, 0 rejected"));
  CHECK(has_line(result.out,
                 "    accounts.csv:2  customer account A1 has no multi-factor authentication"));
  CHECK(has_line(result.out,
                 "      key A1; account_id=A1, closed_at=null, account_type=customer, "
                 "mfa_enabled=false"));
  CHECK(result.err.empty());
}

TEST_CASE("hostile inputs: JSON nested 100,000 deep", "[e2e][hostile]") {
  // Over max-nesting-depth, a record is rejected with the limit's name, and the next record is
  // read (and rejected too: it nests as deep). Raised, a deep value where a field is read
  // rejects the record; elsewhere it is skipped over.
  TempDir dir;
  std::string nest = std::string(100'000, '[') + std::string(100'000, ']');
  dir.write("export/accounts.ndjson",
            "{\"account_id\":\"A1\",\"closed_at\":" + nest + "}\n" +
                "{\"account_id\":\"A2\",\"x\":" + nest +
                ",\"account_type\":\"customer\",\"closed_at\":null,\"mfa_enabled\":false}\n");
  auto limited = check_case({"JSON nested 100,000 deep",
                             {"scan", "--select", "ring.account-without-mfa"},
                             3,
                             "accounts.ndjson:2: record nested deeper than the max-nesting-depth "
                             "limit (64; raise it with --max-nesting-depth)"},
                            dir.path() / "export");
  for (const char* line : {"1", "2"}) {
    CHECK(has_line(limited.out, std::string("  accounts.ndjson:") + line +
                                    ": record nested deeper than the max-nesting-depth limit "
                                    "(64; raise it with --max-nesting-depth)"));
  }
  CHECK(has_line(limited.out, "Rows: 0 loaded, 2 rejected"));
  CHECK(limited.err.empty());

  auto raised =
      check_case({"JSON nested 100,000 deep, the limit raised",
                  {"scan", "--select", "ring.account-without-mfa", "--max-nesting-depth", "200000"},
                  3,
                  "accounts.ndjson:1: closed_at: expected a scalar value, got an array"},
                 dir.path() / "export");
  CHECK(has_line(raised.out,
                 "  accounts.ndjson:1: closed_at: expected a scalar value, got an array"));
  CHECK(has_line(raised.out, "Rows: 1 loaded, 1 rejected"));
  CHECK(has_line(raised.out,
                 "    accounts.ndjson:2  customer account A2 has no multi-factor authentication"));
  CHECK(raised.err.empty());
}

TEST_CASE("hostile inputs: a glob matching 20,000 files", "[e2e][hostile]") {
  // Refused with the limit's name, nothing read. The files are empty (nothing reads them) and in
  // memory-backed storage where there is some: many files on a busy disk take minutes. Twice the
  // default limit is enough to be refused.
  TempDir dir(lethe::test::memory_temp_base());
  fs::path parts = dir.path() / "export/parts";
  fs::create_directories(parts);
  for (int i = 0; i < 20'000; ++i)
    lethe::test::write_file(parts / ("p" + std::to_string(i) + ".csv"), "");
  dir.write("export/lethe.yaml",
            "version: 1\ndatasets:\n  accounts:\n    files: [\"parts/*.csv\"]\n");
  auto result = check_case({"a glob matching 20,000 files",
                            {"scan"},
                            2,
                            "lethe.yaml:4:13: 'parts/*.csv' matches more files than the "
                            "max-glob-files limit (10000; raise it with --max-glob-files)"},
                           dir.path() / "export");
  CHECK(result.out.empty());
  CHECK(result.err ==
        "lethe.yaml:4:13: 'parts/*.csv' matches more files than the max-glob-files limit (10000; "
        "raise it with --max-glob-files)\n");
}

TEST_CASE("hostile inputs: a symlink out of the export", "[e2e][hostile]") {
  // Refused, and the file it points to is neither read nor changed.
  TempDir dir;
  dir.write("outside/secret.csv", k_header + "S1,2020-01-01,,,no\n");
  fs::create_directories(dir.path() / "export");
  fs::create_symlink(dir.path() / "outside/secret.csv", dir.path() / "export/accounts.csv");
  dir.write("export/lethe.yaml", "version: 1\ndatasets:\n  accounts:\n    files: [accounts.csv]\n");
  auto outside = snapshot(dir.path() / "outside");
  auto result = check_case({"a symlink out of the export", {"scan"}, 2, "lethe.yaml:4"},
                           dir.path() / "export");
  CHECK(result.out.empty());
  CHECK(result.err ==
        "lethe.yaml:4:13: 'accounts.csv' leaves the export folder (through a symbolic link)\n");
  CHECK(snapshot(dir.path() / "outside") == outside);
}

TEST_CASE("hostile inputs: a 10,000-deep expression", "[e2e][hostile]") {
  // A rule whose expression is nested 10,000 deep: refused with where, not a stack overflow.
  TempDir dir;
  dir.write("export/accounts.csv", k_header + "A1,2020-01-01,,,no\n");
  dir.write("rules/deep.yaml", "id: t.deep\nseverity: low\nfrom: accounts a\nwhere: \"" +
                                   std::string(10'000, '(') + "a.mfa_enabled" +
                                   std::string(10'000, ')') + "\"\n");
  auto rules = snapshot(dir.path() / "rules");
  auto result = check_case({"a 10,000-deep expression",
                            {"scan", "--rules", (dir.path() / "rules").string()},
                            2,
                            "deep.yaml:4:209: expression nested deeper than 200 levels"},
                           dir.path() / "export");
  CHECK(result.out.empty());
  // The caret under the 201st '(' (column 209), in a window of the line.
  CHECK(result.err == (dir.path() / "rules/deep.yaml").string() +
                          ":4:209: expression nested deeper than 200 levels\n"
                          "  ..." +
                          std::string(100, '(') + "...\n" + std::string(55, ' ') + "^\n" +
                          "1 error in rules: nothing was audited\n");
  CHECK(snapshot(dir.path() / "rules") == rules);
}
