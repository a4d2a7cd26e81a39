#include "rule_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/rule_runner.hpp"
#include "rules/rule_file.hpp"
#include "rules/sqlite_dialect.hpp"
#include "util/timestamp.hpp"
#include "util/yaml_file.hpp"

namespace lethe::test {

const data::Schema& bundled_schema() {
  static data::Schema schema =
      *data::Schema::load(LETHE_SOURCE_RULES_DIR "/schema.yaml", "schema.yaml");
  return schema;
}

util::Expected<rules::Rule> rule_from_yaml(const std::string& yaml) {
  auto file = util::YamlFile::parse(yaml, "rule.yaml");
  if (!file) return file.error();
  return rules::read_rule(*file, bundled_schema(), "");
}

std::string rule_error(const std::string& yaml) {
  auto rule = rule_from_yaml(yaml);
  return rule ? std::string() : rule.error().message;
}

TinyStore::TinyStore(const std::map<std::string, std::vector<Row>>& datasets) {
  m_store = std::make_unique<data::Store>(*data::Store::create(""));
  REQUIRE(m_store->begin());
  for (const auto& spec : bundled_schema().datasets()) {
    std::vector<const data::FieldSpec*> fields;
    std::vector<data::ValueParser> parsers;
    for (const auto& field : spec.fields) {
      fields.push_back(&field);
      static const data::FieldReading k_iso8601_utc{};
      parsers.emplace_back(field, k_iso8601_utc);
    }
    auto writer = m_store->create_table(spec, fields);
    REQUIRE(writer);
    auto file_id = m_store->add_file(spec.name, spec.name + ".csv", data::FileFormat::csv);
    auto rows = datasets.find(spec.name);
    if (rows == datasets.end()) continue;
    std::uint64_t line = 1;
    for (const auto& row : rows->second) {
      for (const auto& [name, value] : row) {
        INFO("unknown field " << name);
        REQUIRE(spec.find(name));
      }
      std::vector<data::Cell> cells(fields.size());
      for (size_t i = 0; i < fields.size(); ++i) {
        auto it = row.find(fields[i]->name);
        std::optional<std::string_view> text;
        if (it != row.end()) text = it->second;
        INFO(spec.name << "." << fields[i]->name);
        REQUIRE(parsers[i].parse(text, cells[i]));
      }
      REQUIRE(writer->insert(*file_id, ++line, cells.data()));
    }
  }
  REQUIRE(m_store->commit());
  REQUIRE(engine::prepare_store_for_rules(m_store->db()));
}

std::vector<std::string> TinyStore::matches(const rules::Rule& rule, const std::string& as_of) {
  auto instant = util::parse_iso8601(as_of, 0);
  REQUIRE(instant);
  auto compiled = rules::compile_rule(rule, *instant, rules::sqlite_dialect());
  std::vector<rules::ValueType> types(compiled.evidence_fields.size(), rules::ValueType::string);
  auto result = engine::run_rule(m_store->db(), compiled, types);
  INFO(compiled.sql);
  REQUIRE(result);
  std::vector<std::string> keys;
  for (const auto& match : *result)
    keys.push_back(match.key.value_or("(null)"));
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace lethe::test
