#include "engine/rule_evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/strings.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

// Marks findings whose key occurs on more than one loaded row of their dataset.
void mark_duplicate_keys(const data::LoadReport& load, std::vector<Finding>& findings) {
  for (auto& finding : findings) {
    const data::DatasetReport* report = load.find(finding.dataset);
    if (report && finding.key && report->duplicated_keys.count(*finding.key)) {
      finding.duplicate_key = true;
    }
  }
}

// "voice_recordings: 13 rows rejected, 1 file unreadable", or "" when all was read.
std::string input_gap(const data::DatasetReport& report) {
  std::vector<std::string> parts;
  if (report.rows_rejected > 0)
    parts.push_back(util::count_noun(report.rows_rejected, "row rejected", "rows rejected"));
  if (report.files_failed > 0)
    parts.push_back(util::count_noun(report.files_failed, "file unreadable", "files unreadable"));
  if (parts.empty()) return {};
  return fmt::format("{}: {}", report.spec->name, util::join(parts, ", "));
}

std::string display(const rules::Value& value) {
  return value.type == rules::ValueType::null ? "null" : value.to_display();
}

}  // namespace

std::map<std::string, std::set<std::string>> fields_read_in_force(const rules::RuleSet& rules,
                                                                  std::int64_t as_of) {
  std::map<std::string, std::set<std::string>> fields;
  for (const auto& rule : rules.rules) {
    if (!rule->in_force(as_of)) continue;
    for (const auto& [dataset, names] : rule->reads)
      fields[dataset].insert(names.begin(), names.end());
  }
  return fields;
}

Expected<void> FindingSink::add(Finding finding) {
  if (!m_group.empty() && m_group.back().key != finding.key) {
    if (auto ok = end_group(); !ok) return ok;
  }
  m_group.push_back(std::move(finding));
  return {};
}

Expected<void> FindingSink::finish() {
  if (auto ok = end_group(); !ok) return ok;
  return flush();
}

Expected<void> FindingSink::end_group() {
  std::sort(m_group.begin(), m_group.end(), finding_order);
  mark_duplicate_keys(m_load, m_group);
  for (const auto& finding : m_group)
    m_chunk.add(finding);
  m_group.clear();
  return m_chunk.ends.size() >= k_chunk ? flush() : Expected<void>();
}

Expected<void> FindingSink::flush() {
  auto ok = m_list.append_encoded(m_rule, m_chunk.bytes.bytes(), m_chunk.ends);
  if (m_cache) m_cache->append(m_chunk);
  m_chunk = EncodedFindings();
  return ok;
}

RuleResult RuleEvaluator::evaluate(const rules::Rule& rule, FindingSink& findings) {
  RuleResult result;
  result.rule = &rule;
  if (!rule.in_force(m_inputs.as_of)) {
    result.outcome = Outcome::not_in_force;
    result.reason =
        fmt::format("in force from {}",
                    rules::Value::of_timestamp(*rule.applies_from).to_display().substr(0, 10));
    return result;
  }
  auto inputs = check_inputs(rule);
  if (!inputs.absent.empty()) {
    result.outcome = Outcome::not_applicable;
    result.reason = fmt::format("the export has no {}", util::join(inputs.absent, ", "));
    return result;
  }
  if (!inputs.missing.empty()) {
    result.outcome = Outcome::error;
    result.reason = fmt::format("missing field{} {}", inputs.missing.size() == 1 ? "" : "s",
                                util::join(inputs.missing, ", "));
    return result;
  }
  result.notes = std::move(inputs.notes);
  auto compiled = rules::compile_rule(rule, m_inputs.as_of, m_backend.dialect(), inputs.empty,
                                      m_inputs.load->probes);
  std::vector<rules::ValueType> types;
  for (const auto& field : compiled.evidence_fields) {
    types.push_back(rules::value_type_of(rule.dataset->find(field)->type));
  }
  std::optional<util::Error> failure;  // making or keeping a finding failed
  auto count = m_backend.for_each_match(compiled, types, [&](Match&& match) -> Expected<void> {
    auto finding = make_finding(rule, compiled, match);
    if (!finding) {
      failure = finding.error();
      return finding.error();
    }
    if (auto ok = findings.add(std::move(*finding)); !ok) {
      failure = ok.error();
      return ok;
    }
    return {};
  });
  if (count) {
    if (auto ok = findings.finish(); !ok) failure = ok.error();
  }
  if (failure) {
    result.outcome = Outcome::error;
    result.reason = failure->message;
    return result;
  }
  if (!count) {
    result.outcome = Outcome::error;
    result.reason = fmt::format("the query failed: {}", count.error().message);
    return result;
  }
  result.findings = *count;
  result.outcome = *count == 0 ? Outcome::passed : Outcome::failed;
  if (!inputs.gaps.empty()) {
    // No finding is no clean bill when rows went unread; findings stand, with a note.
    std::string gaps =
        fmt::format("not all of its input was read: {}", util::join(inputs.gaps, "; "));
    if (*count == 0) {
      result.outcome = Outcome::incomplete;
      result.reason = std::move(gaps);
    } else {
      result.notes.push_back(std::move(gaps));
    }
  }
  return result;
}

RuleEvaluator::Inputs RuleEvaluator::check_inputs(const rules::Rule& rule) const {
  Inputs inputs;
  auto exempting = rule.exempting_datasets();
  for (const auto& dataset : rule.datasets()) {
    const data::DatasetReport* report = m_inputs.load->find(dataset);
    if (!report) {
      if (std::find(exempting.begin(), exempting.end(), dataset) == exempting.end()) {
        inputs.absent.push_back(dataset);
      } else {
        // It can only exempt rows: without it, nothing is exempt.
        inputs.empty.insert(dataset);
        inputs.notes.push_back(fmt::format("{} not in the export: read as empty", dataset));
      }
      continue;
    }
    auto missing_here = report->missing_fields();
    for (const auto& field : rule.reads.at(dataset)) {
      if (std::find(missing_here.begin(), missing_here.end(), field) != missing_here.end()) {
        inputs.missing.push_back(fmt::format("{}.{}", dataset, field));
      }
    }
    if (auto gap = input_gap(*report); !gap.empty()) inputs.gaps.push_back(std::move(gap));
  }
  return inputs;
}

Expected<Finding> RuleEvaluator::make_finding(const rules::Rule& rule,
                                              const rules::CompiledRule& compiled,
                                              const Match& match) {
  Finding finding;
  finding.rule = &rule;
  finding.dataset = rule.from_dataset;
  finding.key = match.key;
  finding.location = m_backend.location(rule.from_dataset, match);
  for (size_t i = 0; i < compiled.evidence_fields.size(); ++i) {
    finding.evidence.push_back(
        evidence_of(*rule.dataset->find(compiled.evidence_fields[i]), match.evidence[i]));
  }
  std::vector<const RelatedRow*> related_by_query(compiled.related.size(), nullptr);
  finding.related.reserve(compiled.related.size());
  for (size_t i = 0; i < compiled.related.size(); ++i) {
    if (!match.related[i]) continue;
    auto related = m_backend.related_row(compiled.related[i].dataset, *match.related[i]);
    if (!related) return related.error();
    for (size_t f = 0; f < compiled.related[i].fields.size(); ++f) {
      related->fields.push_back(
          evidence_of(*compiled.related[i].fields[f], match.related_values[i][f]));
    }
    finding.related.push_back(std::move(*related));
    related_by_query[i] = &finding.related.back();
  }
  finding.message = render_message(rule, finding, related_by_query);
  for (auto& related : finding.related)
    related.fields.clear();
  finding.fingerprint =
      fingerprint(rule.id, finding.dataset, finding.key_text(), finding.location.source);
  return finding;
}

Evidence RuleEvaluator::evidence_of(const data::FieldSpec& field, const rules::Value& value) const {
  bool masked = field.pii && !m_inputs.reveal_pii && value.type != rules::ValueType::null;
  return {field.name, masked ? rules::Value() : value, masked};
}

namespace {

// How evidence `field` of `values` reads in a message: *** when masked, null when absent.
std::string placeholder_text(const std::vector<Evidence>& values, const std::string& field) {
  for (const auto& evidence : values) {
    if (evidence.field == field) return evidence.masked ? "***" : display(evidence.value);
  }
  return "null";
}

}  // namespace

std::string RuleEvaluator::render_message(
    const rules::Rule& rule, const Finding& finding,
    const std::vector<const RelatedRow*>& related_by_query) const {
  std::string out;
  const std::string& text = rule.message;
  size_t placeholder = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    const rules::Placeholder& p = rule.placeholders[placeholder++];
    i = text.find('}', i);
    if (p.related >= 0) {
      // No related row (the exists() was false, under an `or`): the field reads as null.
      const RelatedRow* row = related_by_query[static_cast<size_t>(p.related)];
      out += row ? placeholder_text(row->fields, p.name) : "null";
    } else if (!p.alias.empty()) {
      out += placeholder_text(finding.evidence, p.name);
    } else if (p.name == "as_of") {
      out += rules::Value::of_timestamp(m_inputs.as_of).to_display();
    } else {
      out += rule.find_param(p.name)->value.to_display();
    }
  }
  return out;
}

}  // namespace lethe::engine
