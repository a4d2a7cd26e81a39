// FindingList: findings kept encoded (and spilled to a temporary file when large) come back in
// report order, whole, with their waiver and baseline state.
#include "engine/finding_list.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <thread>

#include "engine/waivers.hpp"

using namespace lethe;

namespace {

std::vector<engine::Finding> findings_of(const rules::Rule& rule, int count) {
  std::vector<engine::Finding> out;
  for (int i = 0; i < count; ++i) {
    engine::Finding f;
    f.rule = &rule;
    f.dataset = "voice_recordings";
    f.key = rule.id + "-" + std::to_string(i);
    f.location = {"voice.csv", i + 2, engine::LocationKind::line, {}};
    f.message = std::string(200, 'm');  // big enough to spill past the in-memory buffer
    f.evidence = {{"recording_id", rules::Value::of_string(*f.key), false}};
    f.fingerprint = std::to_string(i);
    out.push_back(std::move(f));
  }
  return out;
}

// How many files this process has open that are already removed: the list's spill file is one
// (std::tmpfile removes it as it opens it; Linux shows it in /proc/self/fd as "... (deleted)").
// FindingList tells nothing of its spill file, so this is how a test sees that the findings
// went to disk.
size_t open_removed_files() {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code error;
    auto target = std::filesystem::read_symlink(entry.path(), error).string();
    if (!error && target.size() > 10 && target.ends_with(" (deleted)")) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("FindingList: a few findings stay in memory", "[finding-list]") {
  rules::Rule rule;
  rule.id = "a.low";
  rule.severity = rules::Severity::low;
  size_t before = open_removed_files();
  {
    engine::FindingList list;
    REQUIRE(list.append(rule, findings_of(rule, 100)));  // about 30 KB
    list.finish();
    CHECK(open_removed_files() == before);
    REQUIRE(list.size() == 100);
    CHECK((*list.of_rule(&rule).begin()).key_text() == "a.low-0");
  }
}

TEST_CASE("FindingList: report order, whole findings, spilled or not", "[finding-list]") {
  rules::Rule low, critical_b, critical_a;
  low.id = "a.low";
  low.severity = rules::Severity::low;
  critical_b.id = "b.critical";
  critical_b.severity = rules::Severity::critical;
  critical_a.id = "a.critical";
  critical_a.severity = rules::Severity::critical;
  size_t files_before = open_removed_files();
  std::optional<engine::FindingList> kept(std::in_place);
  engine::FindingList& list = *kept;
  CHECK(list.empty());
  // Added from two threads, in no particular order; about 10 MB in all.
  // The low rule's findings come in two chunks, as a rule hands them over while it runs.
  std::thread other([&] {
    auto all = findings_of(low, 20000);
    std::vector<engine::Finding> first(all.begin(), all.begin() + 12000);
    std::vector<engine::Finding> rest(all.begin() + 12000, all.end());
    REQUIRE(list.append(low, first));
    REQUIRE(list.append(low, rest));
  });
  REQUIRE(list.append(critical_b, findings_of(critical_b, 15000)));
  REQUIRE(list.append(critical_a, findings_of(critical_a, 5)));
  other.join();
  list.finish();
  // Past the in-memory buffer (4 MiB), the encoding went to a spill file: one, open while the
  // list lives.
  CHECK(open_removed_files() == files_before + 1);
  engine::FindingList moved = std::move(list);  // as a scan result is returned
  kept.reset();
  CHECK(open_removed_files() == files_before + 1);
  REQUIRE(moved.size() == 35005);
  // Critical rules first, by id; each rule's findings in the order given.
  std::vector<std::string> expected;
  for (const auto* rule : {&critical_a, &critical_b, &low}) {
    int count = rule == &low ? 20000 : rule == &critical_b ? 15000 : 5;
    for (int i = 0; i < count; ++i)
      expected.push_back(rule->id + "-" + std::to_string(i));
  }
  std::vector<std::string> keys;
  bool whole = true;
  for (const auto& finding : moved) {
    keys.push_back(finding.key_text());
    whole = whole && finding.message == std::string(200, 'm') && finding.evidence.size() == 1 &&
            finding.evidence[0].value.text == finding.key_text() &&
            finding.location.line == std::stoll(finding.fingerprint) + 2;
  }
  CHECK(keys == expected);
  CHECK(whole);
  // A rule's own findings, and the rules in report order.
  auto range = moved.of_rule(&critical_b);
  CHECK(range.size() == 15000);
  CHECK((*range.begin()).key_text() == "b.critical-0");
  CHECK(moved.of_rule(&low).size() == 20000);
  std::vector<std::string> order;
  for (const auto& r : moved.by_rule())
    order.push_back(r.rule->id);
  CHECK(order == std::vector<std::string>{"a.critical", "b.critical", "a.low"});
  // Waivers and baseline states are kept beside the encoding.
  engine::Waiver waiver;
  moved.set_waiver(7, &waiver);
  moved.set_baseline(8, engine::BaselineState::existing);
  auto it = moved.begin();
  for (int i = 0; i < 7; ++i)
    ++it;
  CHECK(it->waiver == &waiver);
  ++it;
  CHECK(it->waiver == nullptr);
  CHECK(it->baseline == engine::BaselineState::existing);
  // The spill file goes with the list.
  moved = engine::FindingList();
  CHECK(open_removed_files() == files_before);
}
