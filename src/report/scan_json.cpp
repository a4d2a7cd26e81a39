// The JSON report. Stable: keys in a fixed order, findings sorted, no wall-clock times.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>

#include "report/json_pieces.hpp"
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
  json.member("file", location.file);
  json.member("line", location.line);
  if (!location.source.empty()) json.member("source", location.source);
  json.end_object();
}

// A waiver's date: the day it expires.
std::string expiry_date(const engine::Waiver& waiver) {
  return util::format_iso8601(waiver.expires).substr(0, 10);
}

void write_finding(JsonWriter& json, const engine::Finding& finding);

// The findings array's elements, rendered in blocks on two threads (one block in two each) and
// handed to `drain` in order (`drain({})` hands over what `json` holds; `drain(block)` that and
// then a block, without copying it into `json`); at most a few blocks wait at a time.
template <typename Drain>
void write_findings(JsonWriter& json, const engine::FindingList& findings, Drain& drain) {
  constexpr size_t k_block = 2048;
  size_t count = findings.size();
  size_t blocks = (count + k_block - 1) / k_block;
  if (blocks < 4 || std::thread::hardware_concurrency() < 2) {
    for (const auto& finding : findings) {
      write_finding(json, finding);
      drain({});
    }
    return;
  }
  // Block 0 is written by `json` itself, so that the array's first element has no comma; the
  // others by continuations.
  for (const auto& finding : engine::FindingList::Range{&findings, nullptr, 0, k_block})
    write_finding(json, finding);
  drain({});
  std::vector<std::unique_ptr<util::BoundedQueue<std::string>>> queues;
  queues.reserve(2);
  for (int t = 0; t < 2; ++t)
    queues.push_back(std::make_unique<util::BoundedQueue<std::string>>(2));
  auto render = [&](size_t parity) {
    size_t reserve = 0;
    for (size_t block = 1 + parity; block < blocks; block += 2) {
      std::string text;
      text.reserve(reserve);  // blocks are alike: no growing by doubling
      JsonWriter writer = json.continuation(text);
      engine::FindingList::Range range{&findings, nullptr, block * k_block,
                                       std::min(count, (block + 1) * k_block)};
      for (const auto& finding : range)
        write_finding(writer, finding);
      reserve = text.size() + text.size() / 8;
      if (!queues[parity]->push(std::move(text))) return;
    }
    queues[parity]->close();
  };
  std::thread first(render, 0);
  std::thread second(render, 1);
  for (size_t block = 1; block < blocks; ++block) {
    auto text = queues[(block - 1) % 2]->pop();
    if (!text) break;
    drain(*text);
  }
  first.join();
  second.join();
  json.appended_items();
}

void write_evidence(JsonWriter& json, const std::vector<engine::Evidence>& evidence) {
  json.begin_object();
  for (const auto& item : evidence) {
    json.key(item.field);
    if (item.masked) {
      json.value("***");
    } else {
      write_value(json, item.value);
    }
  }
  json.end_object();
}

void write_related(JsonWriter& json, const std::vector<engine::RelatedRow>& related) {
  json.begin_array();
  for (const auto& row : related) {
    json.begin_object();
    json.member("dataset", row.dataset);
    json.member("key", row.key);
    json.key("location");
    write_location(json, row.location);
    json.end_object();
  }
  json.end_array();
}

// The baseline's findings that the scan no longer finds, with the baseline's data.
void write_fixed_array(JsonWriter& json, const std::vector<engine::FixedFinding>& fixed) {
  json.begin_array();
  for (const auto& finding : fixed) {
    json.begin_object();
    json.member("rule", finding.rule);
    json.member("severity", finding.severity);
    json.member("title", finding.title);
    json.member("dataset", finding.dataset);
    json.key("key");
    if (finding.key) {
      json.value(*finding.key);
    } else {
      json.null();
    }
    json.key("location");
    json.begin_object();
    json.member("file", finding.file);
    json.member("line", finding.line);
    json.end_object();
    json.member("message", finding.message);
    json.member("fingerprint", finding.fingerprint);
    json.end_object();
  }
  json.end_array();
}

// The waiver that covers a finding, or null.
void write_finding_waiver(JsonWriter& json, const engine::Waiver* waiver) {
  if (!waiver) {
    json.null();
    return;
  }
  json.begin_object();
  json.member("reason", waiver->reason);
  json.member("approved_by", waiver->approved_by);
  json.member("expires", expiry_date(*waiver));
  json.end_object();
}

void write_finding(JsonWriter& json, const engine::Finding& finding) {
  json.begin_object();
  json.member("rule", finding.rule->id);
  json.member("severity", rules::severity_name(finding.rule->severity));
  json.member("title", finding.rule->title);
  json.member("dataset", finding.dataset);
  json.member("key", finding.key_text());
  json.member("key_is_null", !finding.key.has_value());
  json.member("duplicate_key", finding.duplicate_key);
  json.key("location");
  write_location(json, finding.location);
  json.member("message", finding.message);
  json.key("evidence");
  write_evidence(json, finding.evidence);
  json.key("related");
  write_related(json, finding.related);
  json.member("citations", finding.rule->citations);
  json.member("fingerprint", finding.fingerprint);
  json.member("status", engine::finding_status(finding));
  json.key("waiver");
  write_finding_waiver(json, finding.waiver);
  json.end_object();
}

void write_waiver(JsonWriter& json, const engine::Waiver& waiver) {
  json.begin_object();
  json.member("rule", waiver.rule);
  json.member("key", waiver.key);
  json.member("fingerprint", waiver.fingerprint);
  json.member("reason", waiver.reason);
  json.member("approved_by", waiver.approved_by);
  json.member("expires", expiry_date(waiver));
  json.member("state", engine::waiver_state_name(waiver.state));
  json.member("matched", waiver.matched);
  json.member("source", util::format_location(waiver.location));
  json.end_object();
}

void write_rule(JsonWriter& json, const engine::RuleResult& result) {
  const rules::Rule& rule = *result.rule;
  json.begin_object();
  json.member("id", rule.id);
  json.member("title", rule.title);
  json.member("severity", rules::severity_name(rule.severity));
  json.member("pack", rule.pack);
  json.member("outcome", engine::outcome_name(result.outcome));
  json.member("findings", result.findings);
  json.member_or_null("reason", result.reason);
  json.member("notes", result.notes);
  json.member("datasets", rule.datasets());
  json.key("params");
  json.begin_object();
  for (const auto& param : rule.params) {
    json.key(param.name);
    write_value(json, param.value);
  }
  json.end_object();
  json.member("citations", rule.citations);
  json.end_object();
}

void write_dataset(JsonWriter& json, const data::DatasetReport& dataset) {
  json.begin_object();
  write_dataset_members(json, dataset);
  json.member("missing_fields", dataset.missing_fields());
  json.end_object();
}

// Which rules ran and which were left out, by which patterns.
void write_scope(JsonWriter& json, const Scope& scope) {
  json.key("scope");
  json.begin_object();
  json.member("rules_in_pack", static_cast<std::uint64_t>(scope.pack_size));
  json.member("rules_left_out", scope.left_out);
  for (auto [name, patterns] :
       {std::pair{"select", &scope.select}, std::pair{"exclude", &scope.exclude}}) {
    json.key(name);
    json.begin_array();
    for (const auto& pattern : *patterns) {
      json.begin_object();
      json.member("pattern", pattern.glob);
      json.member("given_by", pattern.origin);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
}

// The report's opening members: what ran, on what, as of when, and with which limits.
void write_run(JsonWriter& json, const engine::ScanResult& result, const ScanContext& context) {
  json.member("schema_version", 1);
  json.key("tool");
  json.begin_object();
  json.member("name", "lethe");
  json.member("version", LETHE_VERSION);
  json.end_object();
  // The config file's `report:`, when it has one: who the audit is for and by whom.
  if (!context.engagement.empty()) {
    const Engagement& engagement = context.engagement;
    json.key("engagement");
    json.begin_object();
    json.member_or_null("client", engagement.client);
    json.member_or_null("engagement", engagement.engagement);
    json.member_or_null("auditor", engagement.auditor);
    json.member_or_null("notes", engagement.notes);
    json.end_object();
  }
  json.key("export");
  json.begin_object();
  json.member("path", context.export_path);
  json.member_or_null("manifest", result.plan.manifest_path);
  // --manifest: the path is the auditor's, not one inside the export.
  json.member("manifest_outside", !result.plan.manifest_file.empty());
  json.member("manifest_sha256", manifest_digest(result));
  json.member("name", result.plan.name);
  json.end_object();
  json.member("as_of", util::format_iso8601(result.as_of));
  json.member("rule_sources", context.rule_sources);
  write_scope(json, context.scope);
  json.member("fail_on", context.gate.fail_on
                             ? std::string(rules::severity_name(*context.gate.fail_on))
                             : "never");
  // Everything that decides the exit code, so that a reader can tell what the gate asked.
  json.key("gate");
  json.begin_object();
  json.member("fail_on_new_only", context.gate.new_only);
  json.member("required_datasets", context.gate.required_datasets);
  json.member("fail_on_not_applicable", context.gate.fail_on_not_applicable);
  json.member("max_rejected_rows", context.gate.max_rejected_rows.text());
  json.end_object();
  // The limits decide which rows are rejected: a reproduction needs them as well as --as-of.
  json.key("limits");
  json.begin_object();
  json.member("max_field_size", result.limits.max_field_size);
  json.member("max_record_size", result.limits.max_record_size);
  json.member("max_nesting_depth", result.limits.max_nesting_depth);
  json.member("max_glob_files", result.limits.max_glob_files);
  json.member("max_archive_members", result.limits.max_archive_members);
  json.member("max_archive_depth", result.limits.max_archive_depth);
  json.member("max_decompressed_size", result.limits.max_decompressed_size);
  json.member("max_compression_ratio", result.limits.max_compression_ratio);
  json.end_object();
}

// Counts by severity and by outcome, as objects keyed by name (most severe first).
void write_counts(JsonWriter& json, const Summary& summary) {
  json.key("by_severity");
  json.begin_object();
  for (auto severity : {rules::Severity::critical, rules::Severity::high, rules::Severity::medium,
                        rules::Severity::low, rules::Severity::info}) {
    json.member(rules::severity_name(severity), summary.by_severity[static_cast<size_t>(severity)]);
  }
  json.end_object();
  json.key("rules");
  json.begin_object();
  for (auto outcome :
       {engine::Outcome::passed, engine::Outcome::failed, engine::Outcome::incomplete,
        engine::Outcome::not_applicable, engine::Outcome::not_in_force, engine::Outcome::error}) {
    json.member(engine::outcome_name(outcome), summary.by_outcome[static_cast<size_t>(outcome)]);
  }
  json.end_object();
}

void write_summary(JsonWriter& json, const engine::ScanResult& result, const ScanContext& context,
                   const Summary& summary) {
  json.begin_object();
  json.member("verdict", verdict(context.exit_code));
  json.member("exit_code", context.exit_code);
  json.member("complete", !result.incomplete());
  json.member("incomplete_reasons", context.incomplete_reasons);
  json.member("findings", summary.findings);
  write_counts(json, summary);
  json.member("rows_loaded", summary.rows_loaded);
  json.member("rows_rejected", summary.rows_rejected);
  json.member("files_unreadable", summary.files_failed);
  json.member("files_unread", static_cast<std::uint64_t>(result.audit.unread.size()));
  json.member("waived", summary.waived);
  json.member("baseline", result.has_baseline);
  json.member("new", summary.new_findings);
  json.member("existing", summary.existing);
  json.member("fixed", static_cast<std::uint64_t>(result.fixed.size()));
  json.member("fail_on_new_only", context.gate.new_only);
  json.member("expired_waivers", summary.expired_waivers);
  json.member("unused_waivers", summary.unused_waivers);
  json.end_object();
}

// Every rejected row of every dataset, with its dataset's name.
void write_diagnostics(JsonWriter& json, const data::LoadReport& load) {
  json.begin_array();
  for (const auto& dataset : load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics) {
      json.begin_object();
      json.member("dataset", dataset.spec->name);
      write_diagnostic_members(json, diagnostic);
      json.end_object();
    }
  }
  json.end_array();
}

void write_recorded_file(JsonWriter& json, const RecordedFile& file) {
  json.begin_object();
  json.member("path", file.shown);
  json.member_or_null("absolute", file.absolute);
  json.member_or_null("sha256", file.sha256);
  json.end_object();
}

void write_optional_file(JsonWriter& json, std::string_view key,
                         const std::optional<RecordedFile>& file) {
  json.key(key);
  if (file) {
    write_recorded_file(json, *file);
  } else {
    json.null();
  }
}

// The audit trail, and what `lethe verify` needs to run the audit again from any folder.
void write_audit(JsonWriter& json, const engine::ScanResult& result, const ScanContext& context) {
  json.begin_object();
  json.member("tool_version", LETHE_VERSION);
  json.member("as_of", util::format_iso8601(result.as_of));
  write_audit_members(json, result.audit);
  // As --param takes them, so that `lethe verify` can set them again.
  std::vector<std::string> params;
  for (const auto& rule_result : result.results) {
    for (const auto& param : rule_result.rule->params)
      params.push_back(
          fmt::format("{}.{}={}", rule_result.rule->id, param.name, param.value.to_display()));
  }
  std::sort(params.begin(), params.end());
  json.member("params", params);
  const Reproduction& reproduction = context.reproduction;
  json.key("rule_sources");
  json.begin_array();
  for (const auto& source : reproduction.rule_sources)
    write_recorded_file(json, source);
  json.end_array();
  json.member("bundled_rules", reproduction.bundled_rules);
  write_optional_file(json, "waivers", reproduction.waivers);
  write_optional_file(json, "baseline", reproduction.baseline);
  json.member("reveal_pii", reproduction.reveal_pii);
  if (!reproduction.as_of_timezone.empty())
    json.member("as_of_timezone", reproduction.as_of_timezone);
  json.end_object();
}

// The members after the findings: rules, datasets, rejected rows, waivers and the audit trail.
void write_coverage(JsonWriter& json, const engine::ScanResult& result,
                    const ScanContext& context) {
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
  json.member("unread_datasets", result.unread_datasets());
  json.member("absent_datasets", result.load.absent);
  // Files under the export that no dataset read: the auditor decides whether they matter.
  json.key("unread_files");
  write_unread_files_json(json, result.audit.unread);
  json.key("diagnostics");
  write_diagnostics(json, result.load);
  json.key("waivers");
  json.begin_array();
  for (const auto& waiver : result.waivers)
    write_waiver(json, waiver);
  json.end_array();
  json.key("audit");
  write_audit(json, result, context);
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
  auto drain = [&](std::string_view block) {
    if (out.size() < (1u << 20) && block.empty()) return;
    sink << out;
    out.clear();
    sink.write(block.data(), static_cast<std::streamsize>(block.size()));
  };
  json.begin_object();
  write_run(json, result, context);
  json.key("summary");
  write_summary(json, result, context, summary);
  json.key("findings");
  json.begin_array();
  write_findings(json, result.findings, drain);
  json.end_array();
  json.key("fixed");
  write_fixed_array(json, result.fixed);
  write_coverage(json, result, context);
  json.end_object();
  sink << out << "\n";
}

}  // namespace lethe::report
