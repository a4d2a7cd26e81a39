// Row filters on their own: how they read, which alternatives add nothing, and bound to a row.
#include "data/row_filter.hpp"

#include <catch2/catch.hpp>

namespace lethe::data {
namespace {

using Kind = RowCondition::Kind;
using Op = RowCondition::Op;

RowCondition condition(Kind kind, const std::string& field) {
  RowCondition c;
  c.kind = kind;
  c.field = field;
  return c;
}

RowCondition compare(const std::string& field, Op op, std::int64_t number) {
  RowCondition c = condition(Kind::compare, field);
  c.op = op;
  c.number = number;
  return c;
}

RowCondition in_values(const std::string& field, std::vector<std::string> values) {
  RowCondition c = condition(Kind::in_values, field);
  c.values = std::move(values);
  return c;
}

RowCondition in_dataset(const std::string& field, const std::string& dataset,
                        const std::string& other) {
  RowCondition c = condition(Kind::in_dataset, field);
  c.in_dataset = dataset;
  c.in_field = other;
  return c;
}

Cell text(std::string_view value) {
  Cell cell;
  cell.kind = Cell::Kind::text;
  cell.text = value;
  return cell;
}

Cell integer(std::int64_t value) {
  Cell cell;
  cell.kind = Cell::Kind::integer;
  cell.integer = value;
  return cell;
}

TEST_CASE("row filter: conditions and alternatives as they read", "[row-filter]") {
  CHECK(condition(Kind::not_null, "f").describe() == "f not null");
  CHECK(condition(Kind::is_null, "f").describe() == "f is null");
  CHECK(in_values("f", {"a", "b"}).describe() == "f in ('a', 'b')");
  CHECK(in_dataset("f", "d", "g").describe() == "f in d.g");
  CHECK(compare("t", Op::greater_equal, -5).describe() == "t >= -5");
  RowFilter filter{{{compare("t", Op::less, 3), condition(Kind::not_null, "f")},
                    {condition(Kind::is_null, "g")}}};
  CHECK(filter.describe() == "[t < 3 and f not null] or [g is null]");
  CHECK(RowFilter{}.describe().empty());
  CHECK(filter.datasets_looked_into().empty());
  filter.alternatives[1].push_back(in_dataset("f", "d", "g"));
  CHECK(filter.datasets_looked_into() == std::set<std::string>{"d"});
  // What loads first: the datasets the filter looks into, and those the probes read keys of.
  RowCondition absent = condition(Kind::not_in_keys, "k");
  absent.in_dataset = "e";
  absent.in_field = "k";
  CHECK(absent.describe() == "k not in e.k");
  filter.alternatives[0].push_back(absent);
  std::map<std::string, RowFilter> filters{{"y", filter}};
  std::vector<lethe::data::KeyProbe> probes{{"y", "f", "p", "k"}, {"z", "f", "q", "k"}};
  CHECK(lethe::data::datasets_loaded_before("y", filters, probes) ==
        std::set<std::string>{"d", "e", "p"});
  CHECK(lethe::data::datasets_loaded_before("z", filters, probes) == std::set<std::string>{"q"});
  CHECK(lethe::data::datasets_loaded_before("x", filters, probes).empty());
}

TEST_CASE("row filter: which conditions imply which", "[row-filter]") {
  CHECK(implies(in_values("f", {"a"}), condition(Kind::not_null, "f")));
  CHECK(implies(compare("f", Op::equal, 1), condition(Kind::not_null, "f")));
  CHECK_FALSE(implies(condition(Kind::is_null, "f"), condition(Kind::not_null, "f")));
  CHECK_FALSE(implies(in_values("f", {"a"}), condition(Kind::not_null, "g")));
  CHECK(implies(compare("f", Op::less, 5), compare("f", Op::less_equal, 4)));
  CHECK_FALSE(implies(compare("f", Op::less_equal, 5), compare("f", Op::less, 5)));
  CHECK(implies(compare("f", Op::greater, 5), compare("f", Op::greater_equal, 6)));
  CHECK(implies(compare("f", Op::equal, 7), compare("f", Op::greater, 6)));
  CHECK_FALSE(implies(compare("f", Op::not_equal, 7), compare("f", Op::greater, 6)));
  CHECK_FALSE(implies(compare("f", Op::less, INT64_MIN), compare("f", Op::less, 0)));
}

TEST_CASE("row filter: simplify drops the alternatives that add no row", "[row-filter]") {
  RowFilter filter{{{compare("t", Op::less, 5)},
                    {compare("t", Op::less_equal, 9)},
                    {in_values("f", {"x"})},
                    {condition(Kind::not_null, "f")},
                    {condition(Kind::not_null, "f")}}};
  filter.simplify();
  CHECK(filter.describe() == "[t <= 9] or [f not null]");
}

TEST_CASE("row filter: bound to a row's cells", "[row-filter]") {
  ValueSets sets;
  sets[{"d", "g"}].insert("A1");
  RowFilter filter{{{in_dataset("account", "d", "g")}, {compare("t", Op::less, 10)}}};
  BoundRowFilter bound(filter, {"t", "account"}, sets);
  REQUIRE(bound.active());
  // The alternative without a lookup is tried first.
  CHECK(bound.describe() == "[t < 10] or [account in d.g]");
  CHECK(bound.keep({integer(3), text("A2")}));
  CHECK(bound.keep({integer(30), text("A1")}));
  CHECK_FALSE(bound.keep({integer(30), text("A2")}));
  CHECK_FALSE(bound.keep({Cell{}, Cell{}}));

  // What cannot be checked keeps every row.
  CHECK_FALSE(BoundRowFilter(filter, {"t"}, sets).active());
  CHECK_FALSE(BoundRowFilter(filter, {"t", "account"}, {}).active());
  RowFilter unconditional;
  unconditional.alternatives.emplace_back();
  CHECK_FALSE(BoundRowFilter(unconditional, {"t"}, sets).active());
  CHECK(BoundRowFilter(unconditional, {"t"}, sets).describe().empty());
  CHECK_FALSE(BoundRowFilter().active());
}

}  // namespace
}  // namespace lethe::data
