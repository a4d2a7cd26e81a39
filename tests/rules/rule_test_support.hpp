// Test support for rule tests: rules from inline YAML and a tiny store with inline rows.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "data/schema.hpp"
#include "data/store.hpp"
#include "rules/rule.hpp"
#include "util/expected.hpp"

namespace lethe::test {

// The bundled schema.
const data::Schema& bundled_schema();

// Reads a rule from YAML text (shown as "rule.yaml" in messages).
util::Expected<rules::Rule> rule_from_yaml(const std::string& yaml);

// The message of the error that reading `yaml` as a rule gives ("" when it reads).
std::string rule_error(const std::string& yaml);

using Row = std::map<std::string, std::string>;  // canonical field -> text ("" is null)

// An in-memory store holding rows per dataset (values read like an export's, ISO timestamps).
class TinyStore {
 public:
  explicit TinyStore(const std::map<std::string, std::vector<Row>>& datasets);
  data::Store& store() { return *m_store; }

  // The keys of the rows that `rule` matches at `as_of` (an ISO 8601 date or date-time), sorted.
  std::vector<std::string> matches(const rules::Rule& rule, const std::string& as_of);

 private:
  std::unique_ptr<data::Store> m_store;
};

}  // namespace lethe::test
