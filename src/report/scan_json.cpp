// The JSON report. Stable: keys in a fixed order, findings sorted, no wall-clock times.
#include <fmt/format.h>

#include <memory>
#include <ostream>
#include <sstream>
#include <thread>

#include "report/load_json.hpp"
#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/bounded_queue.hpp"
#include "util/diagnostic.hpp"
#include "util/json_writer.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

using util::JsonWriter;

void write_value(JsonWriter& json, const rules::Value& value) {
  switch (value.type) {
    case rules::ValueType::null:
      json.null();
      break;
    case rules::ValueType::integer:
      json.value(value.integer);
      break;
    case rules::ValueType::real:
      json.value(value.real);
      break;
    case rules::ValueType::boolean:
      json.value(value.integer != 0);
      break;
    case rules::ValueType::list:
      json.begin_array();
      for (const auto& item : value.items)
        write_value(json, item);
      json.end_array();
      break;
    default:
      json.value(value.to_display());
      break;
  }
}

void write_location(JsonWriter& json, const engine::Location& location) {
  json.begin_object();
  json.key("file");
  json.value(location.file);
  json.key("line");
  json.value(location.line);
  json.end_object();
}

void write_optional(JsonWriter& json, const std::optional<std::string>& text) {
  if (text) {
    json.value(*text);
  } else {
    json.null();
  }
}

void write_strings(JsonWriter& json, const std::vector<std::string>& items) {
  json.begin_array();
  for (const auto& item : items)
    json.value(item);
  json.end_array();
}

void write_finding(JsonWriter& json, const engine::Finding& finding);

// The findings array's elements, rendered in blocks on two threads (one block in two each) and
// handed to `drain` in order; at most a few blocks wait at a time.
template <typename Drain>
void write_findings(JsonWriter& json, const engine::FindingList& findings, Drain& drain) {
  constexpr size_t k_block = 2048;
  size_t count = findings.size();
  size_t blocks = (count + k_block - 1) / k_block;
  if (blocks < 4 || std::thread::hardware_concurrency() < 2) {
    for (const auto& finding : findings) {
      write_finding(json, finding);
      drain();
    }
    return;
  }
  // Block 0 is written by `json` itself, so that the array's first element has no comma; the
  // others by continuations.
  for (const auto& finding : engine::FindingList::Range{&findings, nullptr, 0, k_block})
    write_finding(json, finding);
  drain();
  std::vector<std::unique_ptr<util::BoundedQueue<std::string>>> queues;
  for (int t = 0; t < 2; ++t)
    queues.push_back(std::make_unique<util::BoundedQueue<std::string>>(2));
  auto render = [&](size_t parity) {
    for (size_t block = 1 + parity; block < blocks; block += 2) {
      std::string text;
      JsonWriter writer = json.continuation(text);
      engine::FindingList::Range range{&findings, nullptr, block * k_block,
                                       std::min(count, (block + 1) * k_block)};
      for (const auto& finding : range)
        write_finding(writer, finding);
      if (!queues[parity]->push(std::move(text))) return;
    }
    queues[parity]->close();
  };
  std::thread first(render, 0);
  std::thread second(render, 1);
  for (size_t block = 1; block < blocks; ++block) {
    auto text = queues[(block - 1) % 2]->pop();
    if (!text) break;
    json.append_continued(*text);
    drain();
  }
  first.join();
  second.join();
  json.appended_items();
}

void write_finding(JsonWriter& json, const engine::Finding& finding) {
  json.begin_object();
  json.key("rule");
  json.value(finding.rule->id);
  json.key("severity");
  json.value(rules::severity_name(finding.rule->severity));
  json.key("title");
  json.value(finding.rule->title);
  json.key("dataset");
  json.value(finding.dataset);
  json.key("key");
  json.value(finding.key_text());
  json.key("key_is_null");
  json.value(!finding.key.has_value());
  json.key("duplicate_key");
  json.value(finding.duplicate_key);
  json.key("location");
  write_location(json, finding.location);
  json.key("message");
  json.value(finding.message);
  json.key("evidence");
  json.begin_object();
  for (const auto& evidence : finding.evidence) {
    json.key(evidence.field);
    if (evidence.masked) {
      json.value("***");
    } else {
      write_value(json, evidence.value);
    }
  }
  json.end_object();
  json.key("related");
  json.begin_array();
  for (const auto& related : finding.related) {
    json.begin_object();
    json.key("dataset");
    json.value(related.dataset);
    json.key("key");
    write_optional(json, related.key);
    json.key("location");
    write_location(json, related.location);
    json.end_object();
  }
  json.end_array();
  json.key("citations");
  write_strings(json, finding.rule->citations);
  json.key("fingerprint");
  json.value(finding.fingerprint);
  json.key("status");
  json.value(engine::finding_status(finding));
  json.key("waiver");
  if (finding.waiver) {
    json.begin_object();
    json.key("reason");
    json.value(finding.waiver->reason);
    json.key("approved_by");
    json.value(finding.waiver->approved_by);
    json.key("expires");
    json.value(util::format_iso8601(finding.waiver->expires).substr(0, 10));
    json.end_object();
  } else {
    json.null();
  }
  json.end_object();
}

void write_waiver(JsonWriter& json, const engine::Waiver& waiver) {
  json.begin_object();
  json.key("rule");
  json.value(waiver.rule);
  json.key("key");
  write_optional(json, waiver.key);
  json.key("fingerprint");
  write_optional(json, waiver.fingerprint);
  json.key("reason");
  json.value(waiver.reason);
  json.key("approved_by");
  json.value(waiver.approved_by);
  json.key("expires");
  json.value(util::format_iso8601(waiver.expires).substr(0, 10));
  json.key("state");
  json.value(engine::waiver_state_name(waiver.state));
  json.key("matched");
  json.value(waiver.matched);
  json.key("source");
  json.value(util::format_location(waiver.location));
  json.end_object();
}

void write_rule(JsonWriter& json, const engine::RuleResult& result) {
  const rules::Rule& rule = *result.rule;
  json.begin_object();
  json.key("id");
  json.value(rule.id);
  json.key("title");
  json.value(rule.title);
  json.key("severity");
  json.value(rules::severity_name(rule.severity));
  json.key("pack");
  json.value(rule.pack);
  json.key("outcome");
  json.value(engine::outcome_name(result.outcome));
  json.key("findings");
  json.value(result.findings);
  json.key("reason");
  json.value_or_null(result.reason);
  json.key("datasets");
  write_strings(json, rule.datasets());
  json.key("params");
  json.begin_object();
  for (const auto& param : rule.params) {
    json.key(param.name);
    write_value(json, param.value);
  }
  json.end_object();
  json.key("citations");
  write_strings(json, rule.citations);
  json.end_object();
}

void write_dataset(JsonWriter& json, const data::DatasetReport& dataset) {
  json.begin_object();
  json.key("name");
  json.value(dataset.spec->name);
  json.key("rows_loaded");
  json.value(dataset.rows_loaded);
  json.key("rows_rejected");
  json.value(dataset.rows_rejected);
  json.key("files");
  write_files_json(json, dataset.files);
  json.key("missing_fields");
  write_strings(json, dataset.missing_fields());
  json.end_object();
}

}  // namespace

std::string render_json(const engine::ScanResult& result, const ScanContext& context) {
  std::ostringstream out;
  write_json(result, context, out);
  return out.str();
}

void write_json(const engine::ScanResult& result, const ScanContext& context, std::ostream& sink) {
  Summary summary = summarize(result);
  std::string out;
  JsonWriter json(out);
  // Findings can run to hundreds of MB of JSON: hand the text to `sink` as it grows.
  auto drain = [&] {
    if (out.size() < (1u << 20)) return;
    sink << out;
    out.clear();
  };
  json.begin_object();
  json.key("schema_version");
  json.value(1);
  json.key("tool");
  json.begin_object();
  json.key("name");
  json.value("lethe");
  json.key("version");
  json.value(LETHE_VERSION);
  json.end_object();
  json.key("export");
  json.begin_object();
  json.key("path");
  json.value(context.export_path);
  json.key("manifest");
  json.value_or_null(result.plan.manifest_path);
  json.key("name");
  json.value(result.plan.name);
  json.end_object();
  json.key("as_of");
  json.value(util::format_iso8601(result.as_of));
  json.key("rule_sources");
  write_strings(json, context.rule_sources);
  json.key("fail_on");
  json.value(context.fail_on ? std::string(rules::severity_name(*context.fail_on)) : "never");
  // The limits decide which rows are rejected: a reproduction needs them as well as --as-of.
  json.key("limits");
  json.begin_object();
  json.key("max_field_size");
  json.value(result.limits.max_field_size);
  json.key("max_record_size");
  json.value(result.limits.max_record_size);
  json.key("max_nesting_depth");
  json.value(result.limits.max_nesting_depth);
  json.key("max_glob_files");
  json.value(result.limits.max_glob_files);
  json.end_object();

  json.key("summary");
  json.begin_object();
  json.key("verdict");
  json.value(verdict(context.exit_code));
  json.key("exit_code");
  json.value(context.exit_code);
  json.key("complete");
  json.value(!result.incomplete());
  json.key("findings");
  json.value(summary.findings);
  json.key("by_severity");
  json.begin_object();
  for (auto severity : {rules::Severity::critical, rules::Severity::high, rules::Severity::medium,
                        rules::Severity::low, rules::Severity::info}) {
    json.key(rules::severity_name(severity));
    json.value(summary.by_severity[static_cast<size_t>(severity)]);
  }
  json.end_object();
  json.key("rules");
  json.begin_object();
  for (auto outcome :
       {engine::Outcome::passed, engine::Outcome::failed, engine::Outcome::not_applicable,
        engine::Outcome::not_in_force, engine::Outcome::error}) {
    json.key(engine::outcome_name(outcome));
    json.value(summary.by_outcome[static_cast<size_t>(outcome)]);
  }
  json.end_object();
  json.key("rows_loaded");
  json.value(summary.rows_loaded);
  json.key("rows_rejected");
  json.value(summary.rows_rejected);
  json.key("files_unreadable");
  json.value(summary.files_failed);
  json.key("waived");
  json.value(summary.waived);
  json.key("baseline");
  json.value(result.has_baseline);
  json.key("new");
  json.value(summary.new_findings);
  json.key("existing");
  json.value(summary.existing);
  json.key("fail_on_new_only");
  json.value(context.fail_on_new_only);
  json.key("expired_waivers");
  json.value(summary.expired_waivers);
  json.key("unused_waivers");
  json.value(summary.unused_waivers);
  json.end_object();

  json.key("findings");
  json.begin_array();
  write_findings(json, result.findings, drain);
  json.end_array();
  json.key("rules");
  json.begin_array();
  for (const auto& rule_result : result.results)
    write_rule(json, rule_result);
  json.end_array();
  json.key("datasets");
  json.begin_array();
  for (const auto& dataset : result.load.datasets)
    write_dataset(json, dataset);
  json.end_array();
  json.key("unread_datasets");
  write_strings(json, result.unread_datasets());
  json.key("absent_datasets");
  write_strings(json, result.load.absent);
  json.key("diagnostics");
  json.begin_array();
  for (const auto& dataset : result.load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics) {
      json.begin_object();
      json.key("dataset");
      json.value(dataset.spec->name);
      json.key("file");
      json.value(diagnostic.path);
      json.key("line");
      if (diagnostic.line > 0) {
        json.value(diagnostic.line);
      } else {
        json.null();
      }
      json.key("message");
      json.value(diagnostic.message);
      json.end_object();
    }
  }
  json.end_array();
  json.key("waivers");
  json.begin_array();
  for (const auto& waiver : result.waivers)
    write_waiver(json, waiver);
  json.end_array();
  json.key("audit");
  json.begin_object();
  json.key("tool_version");
  json.value(LETHE_VERSION);
  json.key("as_of");
  json.value(util::format_iso8601(result.as_of));
  json.key("inputs");
  write_digests_json(json, result.audit.inputs);
  json.key("rules");
  write_digests_json(json, result.audit.rules);
  json.key("params_sha256");
  json.value(result.audit.params_sha256);
  json.end_object();
  json.end_object();
  sink << out << "\n";
}

}  // namespace lethe::report
