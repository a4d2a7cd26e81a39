// The store's own tables: what a load records reads back the same, and the rule cache.
#include "data/store.hpp"

#include <catch2/catch.hpp>

#include "../rules/rule_test_support.hpp"

namespace lethe::data {
namespace {

Store new_store() {
  auto store = Store::create("");
  REQUIRE(store);
  return std::move(*store);
}

TEST_CASE("store: a dataset's load record reads back", "[store]") {
  const DatasetSpec& accounts = *test::bundled_schema().find("accounts");
  Store store = new_store();
  REQUIRE(store.begin());
  auto table = store.create_table(accounts, {accounts.find("account_id")});
  REQUIRE(table);
  auto first = store.add_file("accounts", "a.csv", FileFormat::csv);
  auto second = store.add_file("accounts", "b.json", FileFormat::json);
  REQUIRE(first);
  REQUIRE(second);
  lethe::data::FileReport first_report{"a.csv", "csv", 5, 1, "", {"no record has \"x\""}, ""};
  REQUIRE(store.finish_file(*first, first_report));
  lethe::data::FileReport second_report{
      "b.json", "json", 0, 0, "b.json:1:1: expected a JSON array of objects", {}, ""};
  REQUIRE(store.finish_file(*second, second_report));
  REQUIRE(store.add_field("accounts", *accounts.find("created_at"), "Created", true, 10, 20));
  REQUIRE(store.add_field("accounts", *accounts.find("account_id"), "id", false, {}, {}));
  REQUIRE(store.add_diagnostic("accounts", "a.csv", 3, "expected 5 fields, got 4"));
  REQUIRE(store.add_dataset("accounts", 2, "[account_id not null]"));
  REQUIRE(store.add_duplicate_key("accounts", "A1"));
  Cell id;
  id.kind = Cell::Kind::text;
  id.text = "A1";
  REQUIRE(table->insert(*first, 2, &id));
  id.text = "A2";
  REQUIRE(table->insert(*first, 3, &id));
  REQUIRE(table->insert(*first, 4, &id));
  REQUIRE(store.commit());

  auto report = store.read_dataset_report(accounts);
  REQUIRE(report);
  CHECK(report->spec == &accounts);
  REQUIRE(report->files.size() == 2);
  CHECK(report->files[0].path == "a.csv");
  CHECK(report->files[0].format == "csv");
  CHECK(report->files[0].rows_loaded == 5);
  CHECK(report->files[0].rows_rejected == 1);
  CHECK(report->files[0].warnings == std::vector<std::string>{"no record has \"x\""});
  CHECK(report->files[1].format == "json");
  CHECK(report->files[1].warnings.empty());
  CHECK(report->files[1].error == "b.json:1:1: expected a JSON array of objects");
  CHECK(report->rows_loaded == 5);
  CHECK(report->rows_rejected == 1);
  CHECK(report->files_failed == 1);
  REQUIRE(report->fields.size() == 2);
  CHECK(report->fields[0].spec->name == "created_at");
  CHECK(report->fields[0].source == "Created");
  CHECK(report->fields[0].present);
  CHECK(report->fields[0].min == 10);
  CHECK(report->fields[0].max == 20);
  CHECK(report->fields[0].format.empty());  // the plan knows it
  CHECK_FALSE(report->fields[1].present);
  CHECK_FALSE(report->fields[1].min);
  REQUIRE(report->diagnostics.size() == 1);
  CHECK(report->diagnostics[0].text() == "a.csv:3: expected 5 fields, got 4");
  CHECK(report->rows_filtered == 2);
  CHECK(report->filter == "[account_id not null]");
  CHECK(report->duplicated_keys == std::set<std::string>{"A1"});

  auto files = store.read_files();
  REQUIRE(files);
  REQUIRE(files->size() == 2);
  CHECK((*files)[0].id == *first);
  CHECK((*files)[1].path == "b.json");
  CHECK((*files)[1].format == FileFormat::json);

  util::StringSet values;
  auto complete = store.read_distinct_values("accounts", "account_id", values);
  REQUIRE(complete);
  CHECK(*complete);
  CHECK(values.size() == 2);
  CHECK(values.contains("A2"));

  // A dataset the load did not record.
  auto missing = store.read_dataset_report(*test::bundled_schema().find("videos"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "the store has no videos");
}

TEST_CASE("store: rule results are kept and replaced by rule", "[store]") {
  Store store = new_store();
  std::string blob("\0\x01result", 8);
  REQUIRE(Store::write_rule_cache(store.db(), {{"r1", {"s1", blob}}, {"r2", {"s2", "two"}}}));
  REQUIRE(Store::write_rule_cache(store.db(), {{"r2", {"s3", "three"}}}));
  auto cache = Store::read_rule_cache(store.db());
  REQUIRE(cache);
  REQUIRE(cache->size() == 2);
  CHECK(cache->at("r1").signature == "s1");
  CHECK(cache->at("r1").result == blob);
  CHECK(cache->at("r2").signature == "s3");
  CHECK(cache->at("r2").result == "three");
}

}  // namespace
}  // namespace lethe::data
