// The type checker: each type error with its whole message (where, what, the source line with
// its caret, and the hint) as reading a rule file prints it, the offsets check_where and
// check_message give, and what a rule that checks reads.
#include "rules/checker.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rule_test_support.hpp"

using lethe::test::bundled_schema;
using lethe::test::rule_error;
using lethe::test::rule_from_yaml;

namespace {

// A rule on child_profiles p whose `where` is on line 4, with parameters of each kind.
std::string rule_with_where(const std::string& where) {
  return "id: t.check\nseverity: high\nfrom: child_profiles p\nwhere: " + where +
         "\nparams:\n  grace_days: 30\n  ratio: 0.5\n  purposes: [legal, security]\n"
         "  nothing: []\n";
}

// A rule whose message template is on line 5.
std::string rule_with_message(const std::string& message) {
  return "id: t.check\nseverity: high\nfrom: child_profiles p\nwhere: p.keep_requested\n"
         "message: " +
         message + "\nparams:\n  grace_days: 30\n";
}

struct CheckerCase {
  std::string name;
  std::string where;
  std::string message;  // the whole error
};

}  // namespace

TEST_CASE("checker: type errors in where, each with its whole message", "[checker]") {
  const std::vector<CheckerCase> cases{
      {"or on a timestamp", "p.keep_requested or p.created_at",
       "rule.yaml:4:28: 'or' needs boolean operands, got a timestamp\n"
       "  where: p.keep_requested or p.created_at\n"
       "                             ^"},
      {"and on a string", "p.keep_requested and p.account_id",
       "rule.yaml:4:29: 'and' needs boolean operands, got a string\n"
       "  where: p.keep_requested and p.account_id\n"
       "                              ^"},
      {"not on a timestamp", "not p.created_at",
       "rule.yaml:4:12: 'not' needs boolean operands, got a timestamp\n"
       "  where: not p.created_at\n"
       "             ^"},
      {"where of an integer", "grace_days + 1",
       "rule.yaml:4:8: the 'where' expression must be boolean, got an integer\n"
       "  where: grace_days + 1\n"
       "         ^"},
      {"a duration as a value", "days(3) is null",
       "rule.yaml:4:8: a duration can only be added to or subtracted from a timestamp\n"
       "  where: days(3) is null\n"
       "         ^\n"
       "hint: write e.g. 'as_of - days(30)'"},
      {"a list outside in", "purposes is null",
       "rule.yaml:4:8: list parameter 'purposes' can only be used after 'in'\n"
       "  where: purposes is null\n"
       "         ^"},
      {"a duration of a real", "p.created_at < as_of - days(ratio)",
       "rule.yaml:4:36: a duration takes an integer number of units, got a real\n"
       "  where: p.created_at < as_of - days(ratio)\n"
       "                                     ^"},
      {"an unknown alias, nothing close", "zzz.created_at is null",
       "rule.yaml:4:8: unknown alias 'zzz'\n"
       "  where: zzz.created_at is null\n"
       "         ^\n"
       "hint: aliases here: p"},
      {"an unknown field, nothing close", "p.qqqqqqqq is null",
       "rule.yaml:4:10: unknown field 'qqqqqqqq' of dataset child_profiles\n"
       "  where: p.qqqqqqqq is null\n"
       "           ^\n"
       "hint: fields: profile_id, account_id, created_at, last_active_at, keep_requested, "
       "consent_at"},
      {"an unknown field of an exists() dataset", "exists(legal_holds h where h.qqqqqqqq is null)",
       "rule.yaml:4:37: unknown field 'qqqqqqqq' of dataset legal_holds\n"
       "  where: exists(legal_holds h where h.qqqqqqqq is null)\n"
       "                                      ^\n"
       "hint: fields: hold_id, account_id, profile_id, placed_at, released_at, reason"},
      {"an exists() alias alone", "exists(legal_holds h where h is null)",
       "rule.yaml:4:35: 'h' is an alias; name one of its fields\n"
       "  where: exists(legal_holds h where h is null)\n"
       "                                    ^\n"
       "hint: e.g. h.hold_id"},
      {"an unknown name, nothing close", "qwertyuiop is null",
       "rule.yaml:4:8: unknown name 'qwertyuiop'\n"
       "  where: qwertyuiop is null\n"
       "         ^\n"
       "hint: names are parameters, as_of, or alias.field"},
      {"an unknown name, a parameter close", "p.created_at < as_of - days(grace_dayz)",
       "rule.yaml:4:36: unknown name 'grace_dayz'\n"
       "  where: p.created_at < as_of - days(grace_dayz)\n"
       "                                     ^\n"
       "hint: did you mean 'grace_days'?"},
      {"= null", "p.created_at = null",
       "rule.yaml:4:21: '=' with null is never true\n"
       "  where: p.created_at = null\n"
       "                      ^\n"
       "hint: write 'is null' or 'is not null'"},
      {"!= null", "null != p.created_at",
       "rule.yaml:4:13: '!=' with null is never true\n"
       "  where: null != p.created_at\n"
       "              ^\n"
       "hint: write 'is null' or 'is not null'"},
      {"a string and a timestamp", "p.account_id = p.created_at",
       "rule.yaml:4:21: cannot compare a string with a timestamp\n"
       "  where: p.account_id = p.created_at\n"
       "                      ^"},
      {"a date as text on the left", "p.keep_requested or '2020-01-01' < p.created_at",
       "rule.yaml:4:41: cannot compare a string with a timestamp\n"
       "  where: p.keep_requested or '2020-01-01' < p.created_at\n"
       "                                          ^\n"
       "hint: write timestamp('2020-01-01')"},
      {"booleans ordered", "p.keep_requested >= false",
       "rule.yaml:4:25: booleans cannot be ordered with '>='\n"
       "  where: p.keep_requested >= false\n"
       "                          ^"},
      {"in with null on its left", "null in ('a')",
       "rule.yaml:4:8: 'in' needs a value on its left, got null\n"
       "  where: null in ('a')\n"
       "         ^"},
      {"not in with a mixed list", "p.account_id not in ('a', 2)",
       "rule.yaml:4:34: 'not in' compares a string with an integer\n"
       "  where: p.account_id not in ('a', 2)\n"
       "                                   ^"},
      {"in a list parameter of another type", "p.created_at in purposes",
       "rule.yaml:4:24: 'in' compares a timestamp with a string\n"
       "  where: p.created_at in purposes\n"
       "                         ^"},
      {"a duration first", "days(1) + p.created_at < as_of",
       "rule.yaml:4:16: write the timestamp first: timestamp + duration\n"
       "  where: days(1) + p.created_at < as_of\n"
       "                 ^"},
      {"two timestamps subtracted", "p.created_at - p.created_at > 3",
       "rule.yaml:4:21: '-' needs a timestamp and a duration, or two numbers; got a timestamp and "
       "a timestamp\n"
       "  where: p.created_at - p.created_at > 3\n"
       "                      ^"},
      {"a timestamp() that is no date", "p.created_at < timestamp('2020-13-01')",
       "rule.yaml:4:33: '2020-13-01' is not an ISO 8601 date or date-time\n"
       "  where: p.created_at < timestamp('2020-13-01')\n"
       "                                  ^\n"
       "hint: write e.g. timestamp('2018-01-01') or timestamp('2018-01-01T00:00:00Z')"},
      {"lower() of an integer", "lower(grace_days) = 'x'",
       "rule.yaml:4:14: lower() takes a string, got an integer\n"
       "  where: lower(grace_days) = 'x'\n"
       "               ^"},
      {"coalesce() of a timestamp and a string", "coalesce(p.created_at, 'x') is null",
       "rule.yaml:4:31: coalesce() mixes a timestamp and a string\n"
       "  where: coalesce(p.created_at, 'x') is null\n"
       "                                ^"},
      {"exists() of an unknown dataset, nothing close", "exists(zzzzzz z)",
       "rule.yaml:4:15: unknown dataset 'zzzzzz'\n"
       "  where: exists(zzzzzz z)\n"
       "                ^\n"
       "hint: datasets: accounts, child_profiles, voice_recordings, transcripts, geolocations, "
       "deletion_requests, legal_holds, videos, face_embeddings, video_access_log, "
       "training_examples, retention_policies, disclosures, biometric_templates, "
       "security_incidents"},
      {"exists() reusing the from alias", "exists(legal_holds p)",
       "rule.yaml:4:15: alias 'p' is already used for child_profiles\n"
       "  where: exists(legal_holds p)\n"
       "                ^"},
      {"exists() with a where of a timestamp", "exists(legal_holds h where h.placed_at)",
       "rule.yaml:4:35: the 'where' of exists() must be boolean, got a timestamp\n"
       "  where: exists(legal_holds h where h.placed_at)\n"
       "                                    ^"},
  };
  for (const auto& c : cases) {
    INFO(c.name << ": " << c.where);
    CHECK(rule_error(rule_with_where(c.where)) == c.message);
  }
}

TEST_CASE("checker: message placeholders, each error with its whole message", "[checker]") {
  CHECK(rule_error(rule_with_message("profile {p.profile_id} has a } alone")) ==
        "rule.yaml:5:39: unmatched '}' in message\n"
        "  message: profile {p.profile_id} has a } alone\n"
        "                                        ^\n"
        "hint: write '}}' for a literal brace");
  CHECK(rule_error(rule_with_message("an open { brace")) ==
        "rule.yaml:5:18: unterminated '{' in message\n"
        "  message: an open { brace\n"
        "                   ^\n"
        "hint: write '{{' for a literal brace");
  CHECK(rule_error(rule_with_message("held by {h.hold_id}")) ==
        "rule.yaml:5:19: unknown alias 'h' in message\n"
        "  message: held by {h.hold_id}\n"
        "                    ^\n"
        "hint: aliases a message can name: p");
  CHECK(rule_error(rule_with_message("see {p.profle_id}")) ==
        "rule.yaml:5:17: unknown field 'profle_id' of dataset child_profiles\n"
        "  message: see {p.profle_id}\n"
        "                  ^\n"
        "hint: did you mean 'profile_id'?");
  CHECK(rule_error(rule_with_message("at { when }")) ==
        "rule.yaml:5:14: unknown name 'when' in message\n"
        "  message: at { when }\n"
        "               ^\n"
        "hint: write {p.field}, {as_of} or a parameter");
}

TEST_CASE("checker: check_where and check_message give offsets into their text", "[checker]") {
  auto rule = rule_from_yaml(rule_with_where("p.keep_requested"));
  REQUIRE(rule);
  rule->where_text = "p.created_at > 1 or p.keep_requested";
  auto parsed = lethe::rules::parse_expression(rule->where_text);
  REQUIRE(parsed.expr);
  rule->where = std::move(parsed.expr);
  auto error = lethe::rules::check_where(*rule, bundled_schema());
  REQUIRE(error);
  CHECK(error->offset == 13);
  CHECK(error->message == "cannot compare a timestamp with an integer");
  CHECK(error->hint.empty());

  rule->message = "{{ {p.account_id} }} {grace_days}}";
  auto message_error = lethe::rules::check_message(*rule);
  REQUIRE(message_error);
  CHECK(message_error->offset == 33);
  CHECK(message_error->message == "unmatched '}' in message");
  CHECK(message_error->hint == "write '}}' for a literal brace");
}

TEST_CASE("checker: a window on the enclosing row makes its lookup key an index with the range",
          "[checker]") {
  // count(): the actor is the key, the time window on the enclosing row the second column.
  auto window = rule_from_yaml(
      "id: t.window\nseverity: high\nfrom: video_access_log a\nwhere: count(distinct "
      "b.account_id, video_access_log b where b.actor_id = a.actor_id and b.accessed_at > "
      "a.accessed_at - days(1) and b.accessed_at <= a.accessed_at) > 20\n");
  INFO((window ? std::string() : window.error().message));
  REQUIRE(window);
  CHECK(window->join_indexes == std::set<std::pair<std::string, std::vector<std::string>>>{
                                    {"video_access_log", {"actor_id", "accessed_at"}}});
  // A range against a constant narrows nothing per row; an equality with a constant is no key.
  auto constant = rule_from_yaml(rule_with_where(
      "exists(legal_holds h where h.account_id = p.account_id and h.placed_at <= as_of"
      " and h.reason = 'litigation')"));
  INFO((constant ? std::string() : constant.error().message));
  REQUIRE(constant);
  CHECK(constant->join_indexes == std::set<std::pair<std::string, std::vector<std::string>>>{
                                      {"legal_holds", {"account_id"}}});
}

TEST_CASE("checker: a rule that checks has types, reads, evidence and join keys", "[checker]") {
  auto rule = rule_from_yaml(
      rule_with_where("p.last_active_at < as_of - days(grace_days) and p.account_id not in nothing"
                      " and coalesce(null, 1, ratio) > 0.25"
                      " and not exists(legal_holds h where h.account_id = p.account_id"
                      " and h.released_at is null)"));
  INFO((rule ? std::string() : rule.error().message));
  REQUIRE(rule);
  CHECK(rule->where->type == lethe::rules::ValueType::boolean);
  CHECK(rule->dataset == bundled_schema().find("child_profiles"));
  // Keys are read with the fields; evidence is the from row's fields in schema order.
  CHECK(rule->reads == std::map<std::string, std::set<std::string>>{
                           {"child_profiles", {"profile_id", "account_id", "last_active_at"}},
                           {"legal_holds", {"hold_id", "account_id", "released_at"}}});
  CHECK(rule->evidence_fields == std::vector<std::string>{"account_id", "last_active_at"});
  CHECK(rule->join_indexes == std::set<std::pair<std::string, std::vector<std::string>>>{
                                  {"legal_holds", {"account_id"}}});

  // A message's placeholders are read too, and join the evidence in schema order.
  auto with_message = rule_from_yaml(
      rule_with_message("a {{literal}}, profile {p.profile_id}, consent {p.consent_at} at {as_of} "
                        "after {grace_days}"));
  INFO((with_message ? std::string() : with_message.error().message));
  REQUIRE(with_message);
  std::vector<std::string> placeholders;
  for (const auto& placeholder : with_message->placeholders)
    placeholders.push_back(placeholder.alias + "|" + placeholder.name);
  CHECK(placeholders ==
        std::vector<std::string>{"p|profile_id", "p|consent_at", "|as_of", "|grace_days"});
  CHECK(with_message->evidence_fields ==
        std::vector<std::string>{"profile_id", "keep_requested", "consent_at"});
}
