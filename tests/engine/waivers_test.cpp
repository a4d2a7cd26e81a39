// Waivers: reading a waivers file (every error as `path:line:col: message` with its source line
// and caret), and applying waivers to a scan's findings (active, expired, unused; by rule and
// key, fingerprint or the whole rule).
#include "engine/waivers.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/scan.hpp"
#include "support/temp_dir.hpp"
#include "util/timestamp.hpp"

using namespace lethe;
using lethe::test::TempDir;

namespace {

// Reads `yaml` as a waivers file named waivers.yaml in messages.
util::Expected<std::vector<engine::Waiver>> read_text(const std::string& yaml) {
  TempDir dir;
  return engine::read_waivers(dir.write("w.yaml", yaml), "waivers.yaml");
}

// The error reading `yaml` gives ("" when it reads).
std::string read_error(const std::string& yaml) {
  auto waivers = read_text(yaml);
  return waivers ? std::string() : waivers.error().message;
}

std::int64_t date(const std::string& text) {
  auto seconds = util::parse_iso8601(text, 0);
  REQUIRE(seconds);
  return *seconds;
}

struct Case {
  std::string name;
  std::string yaml;
  std::string message;  // the whole error
};

}  // namespace

TEST_CASE("waivers: a waivers file reads, each waiver with where it is", "[waivers]") {
  auto waivers = read_text(
      "version: 1\n"
      "waivers:\n"
      "  - rule: r.one\n"
      "    key: K1\n"
      "    reason: Held for litigation\n"
      "    approved_by: dpo@example.com\n"
      "    expires: 2027-01-31\n"
      "  - {rule: r.two, key: \"*\", reason: all, approved_by: dpo, expires: 2026-12-31}\n"
      "  - {rule: r.one, fingerprint: 0a1b2c, reason: one row, approved_by: dpo, expires: "
      "2026-11-01}\n");
  INFO((waivers ? std::string() : waivers.error().message));
  REQUIRE(waivers);
  REQUIRE(waivers->size() == 3);
  const auto& first = (*waivers)[0];
  CHECK(first.rule == "r.one");
  CHECK(first.key == std::optional<std::string>("K1"));
  CHECK_FALSE(first.fingerprint);
  CHECK(first.reason == "Held for litigation");
  CHECK(first.approved_by == "dpo@example.com");
  CHECK(first.expires == date("2027-01-31"));
  CHECK(util::format_location(first.location) == "waivers.yaml:3:5");
  CHECK(first.state == engine::Waiver::State::unused);
  CHECK(first.matched == 0);
  CHECK_FALSE(first.whole_rule());
  CHECK(first.target() == "key K1");
  const auto& whole = (*waivers)[1];
  CHECK(whole.whole_rule());
  CHECK(whole.target() == "every finding");
  CHECK(util::format_location(whole.location) == "waivers.yaml:8:5");
  const auto& by_fingerprint = (*waivers)[2];
  CHECK_FALSE(by_fingerprint.key);
  CHECK(by_fingerprint.fingerprint == std::optional<std::string>("0a1b2c"));
  CHECK(by_fingerprint.target() == "fingerprint 0a1b2c");
  CHECK(by_fingerprint.expires == date("2026-11-01"));
  // No version is version 1; an empty list waives nothing.
  auto empty = read_text("waivers: []\n");
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("waivers: each error in a waivers file, with its whole message", "[waivers]") {
  const std::vector<Case> cases{
      {"the root is a list", "- rule: r\n",
       "waivers.yaml:1:1: the waivers file must be a mapping\n"
       "  - rule: r\n"
       "  ^"},
      {"an unknown top-level key",
       "version: 1\n"
       "waiver: []\n",
       "waivers.yaml:2:1: unknown key 'waiver' in the waivers file\n"
       "  waiver: []\n"
       "  ^\n"
       "hint: did you mean 'waivers'?"},
      {"version 2",
       "version: 2\n"
       "waivers: []\n",
       "waivers.yaml:1:10: the waivers file needs 'version: 1'\n"
       "  version: 2\n"
       "           ^"},
      {"waivers missing", "version: 1\n",
       "waivers.yaml:1:1: 'waivers' must be a list\n"
       "  version: 1\n"
       "  ^"},
      {"waivers a mapping",
       "version: 1\n"
       "waivers: {rule: r}\n",
       "waivers.yaml:2:10: 'waivers' must be a list\n"
       "  waivers: {rule: r}\n"
       "           ^"},
      {"a waiver that is text",
       "version: 1\n"
       "waivers:\n"
       "  - just text\n",
       "waivers.yaml:3:5: a waiver must be a mapping\n"
       "    - just text\n"
       "      ^"},
      {"an unknown key in a waiver",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    keys: K1\n",
       "waivers.yaml:4:5: unknown key 'keys' in a waiver\n"
       "      keys: K1\n"
       "      ^\n"
       "hint: did you mean 'key'?"},
      {"no reason",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:3:5: a waiver needs 'reason'\n"
       "    - rule: r.one\n"
       "      ^"},
      {"no rule",
       "version: 1\n"
       "waivers:\n"
       "  - key: K1\n"
       "    reason: r\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:3:5: a waiver needs 'rule'\n"
       "    - key: K1\n"
       "      ^"},
      {"an empty approver",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    reason: held\n"
       "    approved_by: ''\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:6:18: 'approved_by' must be a non-empty value\n"
       "      approved_by: ''\n"
       "                   ^"},
      {"a reason that is a list",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    reason: [a, b]\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:5:13: 'reason' must be a non-empty value\n"
       "      reason: [a, b]\n"
       "              ^"},
      {"key and fingerprint",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    fingerprint: 0a1b\n"
       "    reason: held\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:5:18: a waiver takes 'key' or 'fingerprint', not both\n"
       "      fingerprint: 0a1b\n"
       "                   ^"},
      {"neither key nor fingerprint",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    reason: held\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:3:5: a waiver needs 'key' (or key: \"*\" for the whole rule) or "
       "'fingerprint'\n"
       "    - rule: r.one\n"
       "      ^"},
      {"a key that is a list",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: [K1, K2]\n"
       "    reason: held\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31\n",
       "waivers.yaml:4:10: 'key' must be a single value\n"
       "      key: [K1, K2]\n"
       "           ^"},
      {"expires not a date",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    reason: held\n"
       "    approved_by: dpo\n"
       "    expires: 2027-02-30\n",
       "waivers.yaml:7:14: 'expires' must be a date such as 2027-01-31\n"
       "      expires: 2027-02-30\n"
       "               ^"},
      {"expires a date-time",
       "version: 1\n"
       "waivers:\n"
       "  - rule: r.one\n"
       "    key: K1\n"
       "    reason: held\n"
       "    approved_by: dpo\n"
       "    expires: 2027-01-31T00:00:00Z\n",
       "waivers.yaml:7:14: 'expires' must be a date such as 2027-01-31\n"
       "      expires: 2027-01-31T00:00:00Z\n"
       "               ^"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(read_error(c.yaml) == c.message);
  }
  TempDir dir;
  auto missing = engine::read_waivers(dir.path() / "none.yaml", "none.yaml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "none.yaml: cannot open: No such file or directory");
}

TEST_CASE("waivers: applied by rule and key, fingerprint or whole rule; states", "[waivers]") {
  rules::Rule rule_a, rule_b;
  rule_a.id = "t.a";
  rule_a.severity = rules::Severity::high;
  rule_b.id = "t.b";
  rule_b.severity = rules::Severity::high;
  auto finding = [](const rules::Rule& rule, const std::string& key) {
    engine::Finding f;
    f.rule = &rule;
    f.dataset = "accounts";
    f.key = key;
    f.location = {"accounts.csv", 2, engine::LocationKind::line, {}};
    f.message = "m";
    f.fingerprint = rule.id + "/" + key;
    return f;
  };
  engine::ScanResult result;
  result.as_of = date("2026-11-01");
  REQUIRE(result.findings.append(
      rule_a, {finding(rule_a, "K1"), finding(rule_a, "K2"), finding(rule_a, "K3")}));
  REQUIRE(result.findings.append(rule_b, {finding(rule_b, "K1")}));
  result.findings.finish();
  REQUIRE(result.findings.size() == 4);

  auto waiver = [&](const std::string& rule, std::optional<std::string> key,
                    std::optional<std::string> fingerprint, const std::string& expires) {
    engine::Waiver w;
    w.rule = rule;
    w.key = std::move(key);
    w.fingerprint = std::move(fingerprint);
    w.reason = "r";
    w.approved_by = "dpo";
    w.expires = date(expires);
    return w;
  };
  engine::apply_waivers(result,
                        {
                            waiver("t.a", "K1", {}, "2027-01-31"),      // 0: t.a K1
                            waiver("t.a", {}, "t.a/K2", "2027-01-31"),  // 1: t.a K2 by fingerprint
                            waiver("t.b", "*", {}, "2027-01-31"),       // 2: every t.b finding
                            waiver("t.a", "K1", {}, "2027-01-31"),      // 3: K1 is waived already
                            waiver("t.a", "K9", {}, "2027-01-31"),      // 4: no such key
                            waiver("t.a", "K3", {}, "2026-10-31"),  // 5: expired: waives nothing
                            waiver("t.c", "*", {}, "2027-01-31"),   // 6: a rule without findings
                            waiver("t.a", "K3", {}, "2026-11-01"),  // 7: expires on the audit day
                            waiver("t.a", {}, "t.b/K1", "2027-01-31"),  // 8: another rule's finding
                        });
  REQUIRE(result.waivers.size() == 9);
  std::vector<std::string> states;
  for (const auto& w : result.waivers)
    states.push_back(std::string(engine::waiver_state_name(w.state)) + " " +
                     std::to_string(w.matched));
  CHECK(states == std::vector<std::string>{"active 1", "active 1", "active 1", "unused 0",
                                           "unused 0", "expired 0", "unused 0", "active 1",
                                           "unused 0"});
  // Each finding points to the waiver that covers it (t.a's findings first: the same severity,
  // then by rule id).
  std::vector<std::string> covered;
  for (const auto& f : result.findings) {
    auto index = f.waiver ? std::to_string(f.waiver - result.waivers.data()) : "-";
    covered.push_back(f.rule->id + " " + f.key_text() + " " + index);
  }
  CHECK(covered == std::vector<std::string>{"t.a K1 0", "t.a K2 1", "t.a K3 7", "t.b K1 2"});
  CHECK(result.findings.waiver(2) == &result.waivers[7]);

  // A moment after the expiry day began, the waiver has expired.
  engine::ScanResult later;
  later.as_of = date("2026-11-01") + 1;
  REQUIRE(later.findings.append(rule_a, {finding(rule_a, "K3")}));
  later.findings.finish();
  engine::apply_waivers(later, {waiver("t.a", "K3", {}, "2026-11-01")});
  CHECK(later.waivers[0].state == engine::Waiver::State::expired);
  CHECK(later.findings.waiver(0) == nullptr);
}
