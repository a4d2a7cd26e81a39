// Rule results kept in a store: what is encoded decodes to the same findings, and damaged bytes
// are refused rather than half-read.
#include "engine/store_reuse.hpp"

#include <catch2/catch.hpp>

#include "util/byte_codec.hpp"

using namespace lethe;

TEST_CASE("byte codec: every value round-trips, and truncation is refused", "[store-reuse]") {
  util::ByteWriter out;
  out.put_unsigned(0);
  out.put_unsigned(UINT64_MAX);
  out.put_signed(INT64_MIN);
  out.put_signed(-1);
  out.put_double(-0.25);
  out.put_string(std::string("a\0b", 3));
  util::ByteReader in(out.bytes());
  std::uint64_t u = 1;
  std::int64_t i = 0;
  double d = 0;
  std::string text;
  CHECK((in.get_unsigned(u) && u == 0));
  CHECK((in.get_unsigned(u) && u == UINT64_MAX));
  CHECK((in.get_signed(i) && i == INT64_MIN));
  CHECK((in.get_signed(i) && i == -1));
  CHECK((in.get_double(d) && d == -0.25));
  CHECK((in.get_string(text) && text == std::string("a\0b", 3)));
  CHECK(in.at_end());
  for (size_t cut = 0; cut < out.bytes().size(); ++cut) {
    util::ByteReader partial(std::string_view(out.bytes()).substr(0, cut));
    bool ok = partial.get_unsigned(u) && partial.get_unsigned(u) && partial.get_signed(i) &&
              partial.get_signed(i) && partial.get_double(d) && partial.get_string(text);
    CHECK_FALSE(ok);
  }
}

TEST_CASE("rule results: findings round-trip through the store's encoding", "[store-reuse]") {
  rules::Rule rule;
  rule.id = "t.rule";
  engine::RuleResult result;
  result.rule = &rule;
  result.outcome = engine::Outcome::failed;
  result.findings = 2;
  engine::Finding a;
  a.rule = &rule;
  a.dataset = "voice_recordings";
  a.key = "R1";
  a.location = {"Voice/a.ndjson", 12, engine::LocationKind::line, {}};
  a.message = "voice recording R1 ...";
  a.evidence = {{"recording_id", rules::Value::of_string("R1"), false},
                {"recorded_at", rules::Value::of_timestamp(1700000000), false},
                {"account_id", rules::Value(), true}};
  a.related = {{"deletion_requests",
                std::string("D1"),
                {"requests.csv", 3, engine::LocationKind::line, {}},
                {}}};
  a.fingerprint = "0123456789abcdef0123456789abcdef";
  a.duplicate_key = true;
  engine::Finding b;
  b.rule = &rule;
  b.dataset = "voice_recordings";
  b.location = {"legacy.db", 7, engine::LocationKind::rowid, {}};
  b.evidence = {{"score", rules::Value::of_real(0.5), false}};
  b.related = {{"child_profiles", std::nullopt, {"p.csv", 2, engine::LocationKind::line, {}}, {}}};
  std::string bytes = engine::encode_rule_result(result, {a, b});

  engine::RuleResult decoded_result;
  std::vector<engine::Finding> decoded;
  REQUIRE(engine::decode_rule_result(bytes, rule, decoded_result, decoded));
  CHECK(decoded_result.rule == &rule);
  CHECK(decoded_result.outcome == engine::Outcome::failed);
  CHECK(decoded_result.findings == 2);
  REQUIRE(decoded.size() == 2);
  const engine::Finding& x = decoded[0];
  CHECK(x.rule == &rule);
  CHECK(x.key == std::optional<std::string>("R1"));
  CHECK(x.location.file == "Voice/a.ndjson");
  CHECK(x.location.line == 12);
  CHECK(x.message == a.message);
  REQUIRE(x.evidence.size() == 3);
  CHECK(x.evidence[1].value.type == rules::ValueType::timestamp);
  CHECK(x.evidence[1].value.integer == 1700000000);
  CHECK(x.evidence[2].masked);
  CHECK(x.evidence[2].value.type == rules::ValueType::null);
  REQUIRE(x.related.size() == 1);
  CHECK(x.related[0].key == std::optional<std::string>("D1"));
  CHECK(x.related[0].location.line == 3);
  CHECK(x.fingerprint == a.fingerprint);
  CHECK(x.duplicate_key);
  const engine::Finding& y = decoded[1];
  CHECK_FALSE(y.key);
  CHECK(y.location.kind == engine::LocationKind::rowid);
  CHECK(y.evidence[0].value.real == 0.5);
  CHECK_FALSE(y.related[0].key);
  CHECK_FALSE(y.duplicate_key);
  // Cut anywhere, or with a byte too many, the result is refused and nothing is returned.
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::vector<engine::Finding> out;
    CHECK_FALSE(engine::decode_rule_result(bytes.substr(0, cut), rule, decoded_result, out));
    CHECK(out.empty());
  }
  std::vector<engine::Finding> out;
  CHECK_FALSE(engine::decode_rule_result(bytes + "x", rule, decoded_result, out));
}
