// A rule: one obligation, checked as "every row of `from` for which `where` is true".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "data/schema.hpp"
#include "rules/ast.hpp"
#include "util/diagnostic.hpp"

namespace lethe::rules {

enum class Severity { info, low, medium, high, critical };

// "info", "low", ...
std::string_view severity_name(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct Param {
  std::string name;
  Value default_value;  // from the rule file; its type is the parameter's type
  Value value;          // in effect: the default or an override
  bool overridden = false;
};

// A `{...}` placeholder of the message template.
struct Placeholder {
  std::string alias;  // "" for a parameter or as_of
  std::string name;
  const data::FieldSpec* field = nullptr;  // set for alias.field
  // For a field of a related row: which of related_exists(where) it is, in text order; -1 for
  // the `from` row.
  int related = -1;
};

struct Rule {
  std::string id;
  std::string title;
  Severity severity = Severity::medium;
  std::vector<std::string> citations;
  std::vector<std::string> tags;
  std::string description;
  std::string remediation;
  std::optional<std::int64_t> applies_from;  // Unix seconds
  std::vector<Param> params;
  std::string from_dataset;
  std::string from_alias;
  std::string where_text;
  ExprPtr where;
  std::string message;  // the template
  std::vector<Placeholder> placeholders;

  std::string path;                   // the rule file, as displayed
  std::filesystem::path source_path;  // the rule file, to open
  std::string pack;               // the folder of the file below the rules root ("" at the root)
  util::SourceLocation location;  // of `id` in the file

  // Filled by the type checker.
  const data::DatasetSpec* dataset = nullptr;
  std::map<std::string, std::set<std::string>> reads;  // dataset -> fields, keys included
  std::vector<std::string> evidence_fields;  // fields of the `from` row that the rule reads
  // Indexes worth making, as (dataset, columns): a field of an exists() or count() dataset
  // compared with `=` to the enclosing rows, followed by one compared with <, <=, > or >= to
  // them when there is one (a window such as `b.at > a.at - days(1) and b.at <= a.at` is then a
  // range of the index instead of every row of the key).
  std::set<std::pair<std::string, std::vector<std::string>>> join_indexes;

  const Param* find_param(std::string_view name) const;
  Param* find_param(std::string_view name);
  // The datasets the rule reads: `from` first, then the others in name order.
  std::vector<std::string> datasets() const;
  // The datasets that can only take findings away (read inside `not exists(...)` and nowhere
  // else): without them in the target, the rule runs as if they were empty. The others (`from`,
  // and those under a positive or mixed exists()) are the ones it needs to find a violation.
  std::vector<std::string> exempting_datasets() const;
  // Whether the rule applies at `as_of` (Unix seconds): from its applies_from on, if it has one.
  bool in_force(std::int64_t as_of) const { return !applies_from || as_of >= *applies_from; }
};

}  // namespace lethe::rules
