#include "rules/parser.hpp"

#include <catch2/catch.hpp>

using lethe::rules::parse_expression;
using lethe::rules::print_expr;

namespace {

std::string ast(std::string_view text) {
  auto outcome = parse_expression(text);
  if (outcome.error)
    return "error@" + std::to_string(outcome.error->offset) + ": " + outcome.error->message;
  return print_expr(*outcome.expr);
}

}  // namespace

TEST_CASE("parser: precedence from or (loosest) to + - (tightest)", "[parser]") {
  CHECK(ast("a or b and c") == "(or a (and b c))");
  CHECK(ast("a and b or c and d") == "(or (and a b) (and c d))");
  CHECK(ast("not a = b") == "(not (= a b))");
  CHECK(ast("not not a") == "(not (not a))");
  CHECK(ast("a < b - c + d") == "(< a (+ (- b c) d))");
  CHECK(ast("(a or b) and c") == "(and (or a b) c)");
  CHECK(ast("a and b and c") == "(and a b c)");
  CHECK(ast("a or b or c") == "(or a b c)");
}

TEST_CASE("parser: the example rule's where clause", "[parser]") {
  CHECK(ast("p.last_active_at < as_of - months(inactive_months) - days(grace_days)\n"
            "and not p.keep_requested\n"
            "and not exists(legal_holds h where h.account_id = p.account_id\n"
            "               and (h.profile_id is null or h.profile_id = p.profile_id)\n"
            "               and h.placed_at <= as_of and (h.released_at is null or h.released_at > "
            "as_of))") ==
        "(and (< p.last_active_at (- (- as_of (months inactive_months)) (days grace_days))) "
        "(not p.keep_requested) "
        "(not (exists legal_holds h (and (= h.account_id p.account_id) "
        "(or (is-null h.profile_id) (= h.profile_id p.profile_id)) "
        "(<= h.placed_at as_of) (or (is-null h.released_at) (> h.released_at as_of))))))");
}

TEST_CASE("parser: literals, calls, in, is", "[parser]") {
  CHECK(ast("x in ('voice', 'all')") == "(in x ('voice' 'all'))");
  CHECK(ast("x not in (1, -2, 3.5, null)") == "(not-in x (1 -2 3.5 null))");
  CHECK(ast("a.purpose not in allowed_purposes") == "(not-in a.purpose (allowed_purposes))");
  CHECK(ast("x is not null and y is null") == "(and (is-not-null x) (is-null y))");
  CHECK(ast("v.captured_at < timestamp('2018-01-01')") ==
        "(< v.captured_at (timestamp '2018-01-01'))");
  CHECK(ast("lower(coalesce(a.b, 'x')) = 'y'") == "(= (lower (coalesce a.b 'x')) 'y')");
  CHECK(ast("t + years(1) >= as_of") == "(>= (+ t (years 1)) as_of)");
  CHECK(ast("x = true or y = false") == "(or (= x true) (= y false))");
  CHECK(ast("exists(videos v)") == "(exists videos v)");
  CHECK(ast("'it''s' = s") == "(= 'it''s' s)");
}

TEST_CASE("parser: errors say what was expected and what came", "[parser]") {
  CHECK(ast("") == "error@0: expected an expression, got end of expression");
  CHECK(ast("a <") == "error@3: expected an expression, got end of expression");
  CHECK(ast("a < b < c") == "error@6: expected 'and', 'or' or end of expression, got '<'");
  CHECK(ast("(a or b") == "error@7: expected ')', got end of expression");
  CHECK(ast("x in 'a'") == "error@5: expected '(' or a list parameter after 'in', got string 'a'");
  CHECK(ast("x in (1 2)") == "error@8: expected ',' or ')', got number 2");
  CHECK(ast("x is nul") == "error@5: expected 'null', got name 'nul'");
  CHECK(ast("exists(legal_holds where x)") ==
        "error@19: expected an alias after 'legal_holds', got 'where'");
  CHECK(ast("exists(legal_holds h x)") == "error@21: expected 'where' or ')', got name 'x'");
  CHECK(ast("p.") == "error@2: expected a field name after 'p.', got end of expression");
  CHECK(ast("dayz(3)") == "error@0: unknown function 'dayz'");
  CHECK(ast("days(1, 2)") == "error@0: days() takes 1 argument, got 2");
  CHECK(ast("coalesce(a)") == "error@0: coalesce() takes at least 2 arguments, got 1");
  CHECK(ast("timestamp(x)") ==
        "error@0: timestamp() takes a string literal such as timestamp('2018-01-01')");
  CHECK(ast("a = 'b") == "error@4: unterminated string");
  CHECK(ast("- x") == "error@2: expected a number after '-', got name 'x'");
  CHECK(ast("99999999999999999999 = x") == "error@0: number 99999999999999999999 is too large");
  CHECK(ast("a and") == "error@5: expected an expression, got end of expression");
}

TEST_CASE("parser: between, like, matches and their negations", "[parser]") {
  CHECK(ast("b.accessed_at between a.accessed_at - days(1) and a.accessed_at") ==
        "(between b.accessed_at (- a.accessed_at (days 1)) a.accessed_at)");
  CHECK(ast("x not between 1 and 2 and y") == "(and (not-between x 1 2) y)");
  CHECK(ast("x between 1 and 2 or x between 5 and 6") == "(or (between x 1 2) (between x 5 6))");
  CHECK(ast("not x between 1 and 2") == "(not (between x 1 2))");
  CHECK(ast("s like 'echo%'") == "(like s 'echo%')");
  CHECK(ast("s not like '50!%%' escape '!'") == "(not-like s '50!%%' '!')");
  CHECK(ast("s matches '^r[0-9]+$' and t not matches pattern") ==
        "(and (matches s '^r[0-9]+$') (not-matches t pattern))");
  // The words are operators only after an operand: elsewhere they are names.
  CHECK(ast("like = between") == "(= like between)");
  CHECK(ast("a.matches like a.like") == "(like a.matches a.like)");
}

TEST_CASE("parser: count and count(distinct ...)", "[parser]") {
  CHECK(ast("count(video_access_log b where b.actor_id = a.actor_id) > max_views") ==
        "(> (count video_access_log b (= b.actor_id a.actor_id)) max_views)");
  CHECK(ast("count(videos v) = 0") == "(= (count videos v) 0)");
  CHECK(ast("count(distinct b.account_id, video_access_log b where b.actor_id = a.actor_id) > 3") ==
        "(> (count-distinct b.account_id video_access_log b (= b.actor_id a.actor_id)) 3)");
  CHECK(ast("count + 1 > 2") == "(> (+ count 1) 2)");
}

TEST_CASE("parser: string functions", "[parser]") {
  CHECK(ast("upper(trim(s)) = 'X' and length(s) > 2 and substr(s, 1, 3) = 'abc'") ==
        "(and (= (upper (trim s)) 'X') (> (length s) 2) (= (substr s 1 3) 'abc'))");
  CHECK(ast("substr(s, 2) = 'x'") == "(= (substr s 2) 'x')");
}

TEST_CASE("parser: errors of the new constructs", "[parser]") {
  CHECK(ast("x between 1 or 2") ==
        "error@12: expected 'and' after the low end of 'between', got 'or'");
  CHECK(ast("x betwen 1 and 2") ==
        "error@2: expected 'and', 'or' or end of expression, got name 'betwen'");
  CHECK(ast("count(distinct b.x video_access_log b)") ==
        "error@19: expected ',' and the dataset after the value of count(distinct ...), got name "
        "'video_access_log'");
  CHECK(ast("count(videos)") == "error@12: expected an alias after 'videos', got ')'");
  CHECK(ast("count(videos v x)") == "error@15: expected 'where' or ')', got name 'x'");
  CHECK(ast("substr(s)") ==
        "error@0: substr() takes 2 or 3 arguments (string, start[, length]), got 1");
  CHECK(ast("upper(a, b)") == "error@0: upper() takes 1 argument, got 2");
  CHECK(ast("cont(videos v) > 1") == "error@0: unknown function 'cont'");
}

TEST_CASE("parser: deep nesting is refused, not a crash", "[parser]") {
  std::string deep(10000, '(');
  deep += "a";
  deep += std::string(10000, ')');
  CHECK(ast(deep) == "error@200: expression nested deeper than 200 levels");
  std::string nots;
  for (int i = 0; i < 5000; ++i)
    nots += "not ";
  CHECK_THAT(ast(nots + "a"), Catch::Contains("expression nested deeper than 200 levels"));
}
