// The coverage gates of `lethe scan`: --require-dataset, --fail-on-not-applicable and
// --max-rejected-rows (and their config keys). Each case asserts the exit code and the whole
// exit line, and the same data with the gap closed passes the gate.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using lethe::test::TempDir;

const std::string k_profiles_header =
    "profile_id,account_id,created_at,last_active_at,keep_requested,consent_at\n";
const std::string k_holds_header = "hold_id,account_id,profile_id,placed_at,released_at,reason\n";

// `lethe scan` of `dir`/export with the bundled rule on inactive child profiles and `options`.
lethe::test::RunResult scan(const TempDir& dir, std::vector<std::string> options,
                            const fs::path& working_dir = {}) {
  options.insert(options.begin(), {"--select", "amazon.inactive-child-profile", "--no-progress"});
  lethe::test::ScanSetup setup;
  setup.export_dir = dir.path() / "export";
  setup.rules.clear();
  setup.working_dir = working_dir;
  return lethe::test::scan(options, setup);
}

// The last line of `text`.
std::string last_line(const std::string& text) {
  size_t end = text.size() > 0 && text.back() == '\n' ? text.size() - 1 : text.size();
  size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start + 1));
}

TEST_CASE("gates: a required dataset absent or empty leaves the audit incomplete", "[e2e]") {
  TempDir dir;
  // A recently active profile: no finding, so without the gate the run passes.
  dir.write("export/child_profiles.csv", k_profiles_header + "P1,A1,2020-01-01,2026-10-01,,\n");
  auto open = scan(dir, {});
  CHECK(open.exit_code == 0);

  auto absent = scan(dir, {"--require-dataset", "legal_holds"});
  CHECK(absent.exit_code == 3);
  CHECK(last_line(absent.out) ==
        "Exit 3: the audit is incomplete: required dataset legal_holds is not in the export.");

  dir.write("export/legal_holds.csv", k_holds_header);
  auto empty = scan(dir, {"--require-dataset", "legal_holds"});
  CHECK(empty.exit_code == 3);
  CHECK(last_line(empty.out) ==
        "Exit 3: the audit is incomplete: required dataset legal_holds has no rows.");

  // With the holds the vendor keeps, the gate passes.
  dir.write("export/legal_holds.csv", k_holds_header + "H1,A9,,2020-06-01,,litigation\n");
  auto fixed = scan(dir, {"--require-dataset", "legal_holds", "--format", "json"});
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out.find("\"required_datasets\": [\n      \"legal_holds\"\n    ],") !=
        std::string::npos);

  auto typo = scan(dir, {"--require-dataset", "legal_hold"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "--require-dataset legal_hold: no such dataset; did you mean 'legal_holds'?\n"
        "hint: `lethe schema` lists the datasets\n");
}

TEST_CASE("gates: --fail-on-not-applicable fails a rule that could not apply", "[e2e]") {
  TempDir dir;
  dir.write("export/legal_holds.csv", k_holds_header + "H1,A9,,2020-06-01,,litigation\n");
  CHECK(scan(dir, {}).exit_code == 0);
  auto gated = scan(dir, {"--fail-on-not-applicable"});
  CHECK(gated.exit_code == 3);
  CHECK(last_line(gated.out) ==
        "Exit 3: the audit is incomplete: amazon.inactive-child-profile is not applicable (the "
        "export has no child_profiles; --fail-on-not-applicable).");

  // With the profiles, the rule applies and finds the inactive one.
  dir.write("export/child_profiles.csv", k_profiles_header + "P1,A1,2020-01-01,2021-01-01,,\n");
  auto fixed = scan(dir, {"--fail-on-not-applicable"});
  CHECK(fixed.exit_code == 1);
  CHECK(fixed.out.find("child_profiles.csv:2  child profile P1") != std::string::npos);
}

TEST_CASE("gates: --max-rejected-rows accepts known dirty rows, still listed", "[e2e]") {
  TempDir dir;
  dir.write("export/child_profiles.csv", k_profiles_header +
                                             "P1,A1,2020-01-01,2021-01-01,,\n"
                                             "P2,A1,2020-01-01,last tuesday,,\n");
  auto strict = scan(dir, {});
  CHECK(strict.exit_code == 3);
  CHECK(last_line(strict.out) == "Exit 3: the audit is incomplete: 1 row rejected.");

  auto accepted = scan(dir, {"--max-rejected-rows", "1"});
  CHECK(accepted.exit_code == 1);  // the finding decides
  CHECK(
      accepted.out.find("\n  child_profiles.csv:3: last_active_at: cannot read \"last tuesday\"") !=
      std::string::npos);
  CHECK(accepted.out.find("Rows: 1 loaded, 1 rejected\n") != std::string::npos);
  CHECK(scan(dir, {"--max-rejected-rows", "50%"}).exit_code == 1);

  auto beyond = scan(dir, {"--max-rejected-rows", "49.9%"});
  CHECK(beyond.exit_code == 3);
  CHECK(last_line(beyond.out) ==
        "Exit 3: the audit is incomplete: 1 row rejected, more than --max-rejected-rows 49.9%.");

  // A record after which reading stops is no dirty row to accept: the rest of its file is
  // unread, and the file is unreadable, whatever the limit.
  dir.write("export/child_profiles.csv", k_profiles_header +
                                             "P1,A1,2020-01-01,2021-01-01,,\n"
                                             "P2,A1,2020-01-01,\"2021-01-01,,\n"
                                             "P3,A1,2020-01-01,2021-01-01,,\n");
  auto truncated = scan(dir, {"--max-rejected-rows", "5"});
  CHECK(truncated.exit_code == 3);
  CHECK(truncated.out.find("\n  child_profiles.csv:3: reading stopped at line 3: unterminated "
                           "quoted field\n") != std::string::npos);
  CHECK(last_line(truncated.out) == "Exit 3: the audit is incomplete: 1 file unreadable.");

  auto bad = scan(dir, {"--max-rejected-rows", "ten"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "--max-rejected-rows ten: expected a number of rows (25) or a percentage of the rows read "
        "(0.5%)\n");
}

TEST_CASE("gates: the config file sets them, and the command line wins", "[e2e]") {
  TempDir dir;
  dir.write("export/child_profiles.csv", k_profiles_header + "P1,A1,2020-01-01,2026-10-01,,\n");
  dir.write("work/lethe.config.yaml",
            "version: 1\nrequired_datasets: [legal_holds]\nmax_rejected_rows: 2\n");
  auto configured = scan(dir, {}, dir.path() / "work");
  CHECK(configured.exit_code == 3);
  CHECK(last_line(configured.out) ==
        "Exit 3: the audit is incomplete: required dataset legal_holds is not in the export.");
  auto overridden = scan(dir, {"--require-dataset", "child_profiles"}, dir.path() / "work");
  CHECK(overridden.exit_code == 0);

  dir.write("work/lethe.config.yaml", "version: 1\nmax_rejected_rows: 2 rows\n");
  auto bad = scan(dir, {}, dir.path() / "work");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "lethe.config.yaml:2:20: max_rejected_rows: expected a number of rows (25) or a "
        "percentage of the rows read (0.5%), got '2 rows'\n"
        "  max_rejected_rows: 2 rows\n"
        "                     ^\n");
}

}  // namespace
