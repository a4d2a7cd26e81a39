// The gate: which findings count against --fail-on, and the exit reason and code of a scan.
#include "engine/gate.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "engine/scan.hpp"
#include "engine/waivers.hpp"

using namespace lethe;
using engine::BaselineState;
using engine::ExitReason;
using engine::Gate;

namespace {

// A gate with `fail_on` and `new_only` and no coverage gates.
Gate gate_of(std::optional<lethe::rules::Severity> fail_on, bool new_only) {
  Gate gate;
  gate.fail_on = fail_on;
  gate.new_only = new_only;
  return gate;
}

rules::Rule rule_of(rules::Severity severity) {
  rules::Rule rule;
  rule.id = "t.rule";
  rule.severity = severity;
  return rule;
}

engine::Finding finding_of(const rules::Rule& rule) {
  engine::Finding finding;
  finding.rule = &rule;
  finding.dataset = "accounts";
  finding.key = "A1";
  finding.location = {"accounts.csv", 2, engine::LocationKind::line, {}};
  finding.fingerprint = "f1";
  return finding;
}

}  // namespace

TEST_CASE("gate: a finding counts at or above --fail-on, unless waived or (new-only) existing",
          "[gate]") {
  rules::Rule medium = rule_of(rules::Severity::medium);
  engine::Waiver waiver;
  Gate low = gate_of(rules::Severity::low, false);
  Gate medium_gate = gate_of(rules::Severity::medium, false);
  Gate high = gate_of(rules::Severity::high, false);
  Gate never = gate_of(std::nullopt, false);
  Gate new_only = gate_of(rules::Severity::low, true);
  CHECK(engine::counts_for_gate(medium, nullptr, BaselineState::none, low));
  CHECK(engine::counts_for_gate(medium, nullptr, BaselineState::none, medium_gate));
  CHECK_FALSE(engine::counts_for_gate(medium, nullptr, BaselineState::none, high));
  CHECK_FALSE(engine::counts_for_gate(medium, nullptr, BaselineState::none, never));
  CHECK_FALSE(engine::counts_for_gate(medium, &waiver, BaselineState::none, low));
  CHECK(engine::counts_for_gate(medium, nullptr, BaselineState::new_finding, new_only));
  CHECK_FALSE(engine::counts_for_gate(medium, nullptr, BaselineState::existing, new_only));
  // Without --fail-on-new-only, a finding in the baseline still counts.
  CHECK(engine::counts_for_gate(medium, nullptr, BaselineState::existing, low));
  // info never fails the default gate.
  rules::Rule info = rule_of(rules::Severity::info);
  CHECK_FALSE(engine::counts_for_gate(finding_of(info), low));
  CHECK(engine::counts_for_gate(finding_of(medium), low));
}

TEST_CASE("gate: incomplete wins over findings, findings over an expired waiver", "[gate]") {
  rules::Rule high = rule_of(rules::Severity::high);
  Gate gate;
  engine::ScanResult clean;
  clean.findings.finish();
  CHECK(engine::exit_reason(clean, gate) == ExitReason::clean);

  engine::ScanResult failing;
  REQUIRE(failing.findings.append(high, {finding_of(high)}));
  failing.findings.finish();
  CHECK(engine::exit_reason(failing, gate) == ExitReason::findings);
  CHECK(engine::exit_reason(failing, gate_of(std::nullopt, false)) == ExitReason::clean);
  // A waived finding does not count.
  engine::Waiver waiver;
  failing.findings.set_waiver(0, &waiver);
  CHECK(engine::exit_reason(failing, gate) == ExitReason::clean);

  engine::ScanResult expired;
  expired.findings.finish();
  expired.waivers.emplace_back().state = engine::Waiver::State::expired;
  CHECK(engine::exit_reason(expired, gate) == ExitReason::expired_waiver);

  engine::ScanResult incomplete;
  REQUIRE(incomplete.findings.append(high, {finding_of(high)}));
  incomplete.findings.finish();
  incomplete.waivers.emplace_back().state = engine::Waiver::State::expired;
  data::DatasetReport dataset;
  dataset.rows_rejected = 1;
  incomplete.load.datasets.push_back(dataset);
  CHECK(engine::exit_reason(incomplete, gate) == ExitReason::incomplete);

  // A rule that ended in error leaves the audit incomplete too.
  engine::ScanResult errored;
  errored.findings.finish();
  errored.results.push_back({&high, engine::Outcome::error, 0, "missing field accounts.x", {}});
  CHECK(engine::exit_reason(errored, gate) == ExitReason::incomplete);
}

TEST_CASE("gate: exit codes", "[gate]") {
  CHECK(engine::exit_code(ExitReason::clean) == 0);
  CHECK(engine::exit_code(ExitReason::findings) == 1);
  CHECK(engine::exit_code(ExitReason::expired_waiver) == 1);
  CHECK(engine::exit_code(ExitReason::incomplete) == 3);
  CHECK(engine::k_exit_error == 2);
}

TEST_CASE("gate: rejected rows within --max-rejected-rows do not fail the run", "[gate]") {
  using engine::RejectedRowLimit;
  CHECK(RejectedRowLimit::parse("25")->count == 25);
  CHECK(*RejectedRowLimit::parse("0.5%")->percent == 0.5);
  CHECK(RejectedRowLimit::parse("0.5%")->text() == "0.5%");
  for (const char* bad : {"", "-1", "1.5", "%", "101%", "x%", "5 %"}) {
    INFO(bad);
    auto parsed = RejectedRowLimit::parse(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message ==
          fmt::format("--max-rejected-rows {}: expected a number of rows (25) or a percentage of "
                      "the rows read (0.5%)",
                      bad));
  }
  // 1% of 200 rows read is 2 rows: the boundary is allowed, one more is not.
  auto percent = *RejectedRowLimit::parse("1%");
  CHECK(percent.allows(2, 200));
  CHECK_FALSE(percent.allows(3, 200));
  CHECK(RejectedRowLimit{}.allows(0, 10));
  CHECK_FALSE(RejectedRowLimit{}.allows(1, 10));

  engine::ScanResult result;
  result.findings.finish();
  data::DatasetReport dataset;
  dataset.rows_loaded = 198;
  dataset.rows_rejected = 2;
  result.load.datasets.push_back(dataset);
  Gate gate;
  CHECK(engine::incomplete_reasons(result, gate) == std::vector<std::string>{"2 rows rejected"});
  gate.max_rejected_rows = percent;
  CHECK(engine::incomplete_reasons(result, gate).empty());
  CHECK(engine::exit_reason(result, gate) == ExitReason::clean);
  gate.max_rejected_rows = *RejectedRowLimit::parse("1");
  CHECK(engine::incomplete_reasons(result, gate) ==
        std::vector<std::string>{"2 rows rejected, more than --max-rejected-rows 1"});
  // An unreadable file is never accepted.
  result.load.datasets[0].files_failed = 1;
  gate.max_rejected_rows = percent;
  CHECK(engine::incomplete_reasons(result, gate) == std::vector<std::string>{"1 file unreadable"});
}
