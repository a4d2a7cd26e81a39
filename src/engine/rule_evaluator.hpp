// Evaluating one rule, whatever engine runs it: the rule's outcome (not in force, not
// applicable, missing fields, error, passed, failed) and its findings with evidence, related rows,
// message and fingerprint. The engine's part (running the compiled query, locating rows) is a
// RuleBackend: the store for exports, the server for a live database.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data/loader.hpp"
#include "engine/finding.hpp"
#include "engine/finding_codec.hpp"
#include "engine/finding_list.hpp"
#include "engine/rule_runner.hpp"
#include "rules/dialect.hpp"
#include "rules/rule_set.hpp"
#include "rules/sql_emitter.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

// The fields the rules in force at `as_of` read, per dataset.
std::map<std::string, std::set<std::string>> fields_read_in_force(const rules::RuleSet& rules,
                                                                  std::int64_t as_of);

// What evaluating a rule needs from the engine that holds the rows.
class RuleBackend {
 public:
  virtual ~RuleBackend() = default;
  // The SQL dialect rules are compiled to.
  virtual const rules::Dialect& dialect() const = 0;
  // Runs `compiled`, handing each match to `on_match` ordered by key (nulls first), then
  // location; returns the number of matches.
  virtual util::Expected<std::uint64_t> for_each_match(
      const rules::CompiledRule& compiled, const std::vector<rules::ValueType>& evidence_types,
      const std::function<util::Expected<void>(Match&&)>& on_match) = 0;
  // Where the matched row of `dataset` is.
  virtual Location location(const std::string& dataset, const Match& match) = 0;
  // The row of `dataset` that Match::related identified as `id`.
  virtual util::Expected<RelatedRow> related_row(const std::string& dataset,
                                                 const rules::Value& id) = 0;
};

// Takes a rule's findings as they are made, in the order its query gives (key, file id, line),
// puts those that share a key in report order (file path, line), encodes them once, and hands
// them to the finding list in chunks: memory does not grow with the number of findings. With
// `cache`, the encoding is also kept whole for the store's cache.
class FindingSink {
 public:
  FindingSink(FindingList& list, const rules::Rule& rule, const data::LoadReport& load,
              EncodedFindings* cache)
      : m_list(list), m_rule(rule), m_load(load), m_cache(cache) {}

  // Takes the next finding of the rule.
  util::Expected<void> add(Finding finding);
  // Hands over what is left; call once the rule is done.
  util::Expected<void> finish();

 private:
  static constexpr size_t k_chunk = 4096;

  util::Expected<void> end_group();
  util::Expected<void> flush();

  FindingList& m_list;
  const rules::Rule& m_rule;
  const data::LoadReport& m_load;
  EncodedFindings* m_cache;
  std::vector<Finding> m_group;  // findings with the same key
  EncodedFindings m_chunk;
};

// What evaluating a rule depends on besides the rule and its backend.
struct EvaluationInputs {
  std::int64_t as_of = 0;                  // the audit instant
  bool reveal_pii = false;                 // show pii evidence instead of ***
  const data::LoadReport* load = nullptr;  // which datasets and fields the target has
};

// Evaluates rules through one backend (one connection); one per thread.
class RuleEvaluator {
 public:
  RuleEvaluator(const EvaluationInputs& inputs, RuleBackend& backend)
      : m_inputs(inputs), m_backend(backend) {}

  // The rule's outcome; its findings go to `findings`.
  RuleResult evaluate(const rules::Rule& rule, FindingSink& findings);

 private:
  // What the target holds of the rule's datasets.
  struct Inputs {
    std::vector<std::string> absent;   // needed datasets the target lacks
    std::set<std::string> empty;       // exempting datasets it lacks, read as empty
    std::vector<std::string> missing;  // dataset.field read but in no file
    std::vector<std::string> gaps;     // per dataset read: rows rejected, files unreadable
    std::vector<std::string> notes;
  };
  Inputs check_inputs(const rules::Rule& rule) const;

  util::Expected<Finding> make_finding(const rules::Rule& rule, const rules::CompiledRule& compiled,
                                       const Match& match);
  // The rule's message for `finding`; `related_by_query` has the related row of each related
  // query (null where the exists() had none).
  std::string render_message(const rules::Rule& rule, const Finding& finding,
                             const std::vector<const RelatedRow*>& related_by_query) const;
  // `value` of `field` as evidence: masked when pii, unless pii is revealed.
  Evidence evidence_of(const data::FieldSpec& field, const rules::Value& value) const;

  EvaluationInputs m_inputs;
  RuleBackend& m_backend;
};

}  // namespace lethe::engine
