// The SARIF 2.1.0 report: one reportingDescriptor per rule, one result per finding, up to a cap
// that keeps a big audit within what code-scanning services accept.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "report/json_pieces.hpp"
#include "report/scan_report.hpp"
#include "report/summary.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

using util::JsonWriter;

// The base id that every artifact URI is relative to: the export folder.
constexpr const char* k_export_base = "EXPORTROOT";

std::string_view sarif_level(rules::Severity severity) {
  return severity_entry({"note", "note", "warning", "error", "error"}, severity);
}

// GitHub code scanning reads this number: 9.0+ critical, 7.0+ high, 4.0+ medium, else low.
std::string_view security_severity(rules::Severity severity) {
  return severity_entry({"1.0", "3.0", "5.5", "8.0", "9.5"}, severity);
}

// `"name": {"text": text}`: SARIF's message and description objects.
void write_text_object(JsonWriter& json, std::string_view name, std::string_view text) {
  json.key(name);
  json.begin_object();
  json.member("text", text);
  json.end_object();
}

// "amazon.inactive-child-profile" -> "AmazonInactiveChildProfile".
std::string pascal_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '.' || c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

// `path` as a URI reference: characters that URIs reserve or forbid are percent-encoded.
std::string relative_uri(const std::string& path) {
  std::string uri;
  for (unsigned char c : path) {
    if (c == '%' || c == ' ' || c == '#' || c == '?' || c < 0x20 || c >= 0x7f) {
      uri += fmt::format("%{:02X}", c);
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri;
}

// The export folder as a URI ending in '/': absolute paths as file: URIs, relative ones as they
// are, a database URL as it is.
std::string export_base_uri(engine::TargetKind target, const std::string& export_path) {
  if (target == engine::TargetKind::database)
    return export_path.back() == '/' ? export_path : export_path + "/";
  std::string uri = relative_uri(export_path);
  if (uri.empty()) uri = ".";
  if (uri.back() != '/') uri += '/';
  return !export_path.empty() && export_path.front() == '/' ? "file://" + uri : uri;
}

// `location`'s file relative to the export: a table of a database is URL/schema.table, relative
// to the database's URL.
std::string artifact_path(const engine::Location& location, const std::string& export_path) {
  std::string file = location.file;
  if (location.kind == engine::LocationKind::key && file.rfind(export_path + "/", 0) == 0)
    file.erase(0, export_path.size() + 1);
  return file;
}

void write_physical_location(JsonWriter& json, const engine::Location& location,
                             const std::string& export_path) {
  json.key("physicalLocation");
  json.begin_object();
  json.key("artifactLocation");
  json.begin_object();
  json.member("uri", relative_uri(artifact_path(location, export_path)));
  json.member("uriBaseId", k_export_base);
  json.end_object();
  if (std::int64_t line = text_line(location)) {
    json.key("region");
    json.begin_object();
    json.member("startLine", line);
    json.end_object();
  }
  json.end_object();
}

// What a message adds to say which row a location has no line for: its rowid in a SQLite file.
// And which of its dataset's sources the row is in.
std::string location_note(const engine::Location& location) {
  std::vector<std::string> notes;
  if (location.kind == engine::LocationKind::rowid)
    notes.push_back(fmt::format("rowid {}", location.line));
  if (!location.source.empty()) notes.push_back("source " + location.source);
  return notes.empty() ? "" : " (" + util::join(notes, ", ") + ")";
}

// A table of a database has no lines: a finding's message names the row by its key.
std::string key_note(const engine::Finding& finding) {
  return finding.location.kind == engine::LocationKind::key
             ? fmt::format(" (key {})", finding.key.value_or("null"))
             : "";
}

// The help texts of a rule: plain text and Markdown, with its citations.
void write_help(JsonWriter& json, const rules::Rule& rule) {
  std::string help_text = rule.remediation.empty() ? rule.title : rule.remediation;
  std::string help_markdown = fmt::format("**Remediation:** {}", help_text);
  if (!rule.citations.empty()) {
    help_text += "\nCitations: " + util::join(rule.citations, "; ");
    help_markdown += "\n\n**Citations:**\n";
    for (const auto& citation : rule.citations)
      help_markdown += fmt::format("\n- {}", citation);
  }
  json.key("help");
  json.begin_object();
  json.member("text", help_text);
  json.member("markdown", help_markdown);
  json.end_object();
}

void write_rule(JsonWriter& json, const rules::Rule& rule) {
  json.begin_object();
  json.member("id", rule.id);
  json.member("name", pascal_name(rule.id));
  write_text_object(json, "shortDescription", rule.title);
  write_text_object(json, "fullDescription",
                    rule.description.empty() ? rule.title : rule.description);
  write_help(json, rule);
  json.key("defaultConfiguration");
  json.begin_object();
  json.member("level", sarif_level(rule.severity));
  json.end_object();
  json.key("properties");
  json.begin_object();
  json.member("security-severity", security_severity(rule.severity));
  json.member("severity", rules::severity_name(rule.severity));
  json.member("precision", "very-high");
  std::vector<std::string> tags{"privacy"};
  tags.insert(tags.end(), rule.tags.begin(), rule.tags.end());
  json.member("tags", tags);
  json.member("citations", rule.citations);
  json.end_object();
  json.end_object();
}

void write_driver(JsonWriter& json, const engine::ScanResult& result) {
  json.key("tool");
  json.begin_object();
  json.key("driver");
  json.begin_object();
  json.member("name", "lethe");
  json.member("version", LETHE_VERSION);
  json.member("semanticVersion", LETHE_VERSION);
  json.key("rules");
  json.begin_array();
  for (const auto& rule_result : result.results)
    write_rule(json, *rule_result.rule);
  json.end_array();
  json.end_object();
  json.end_object();
}

// The base URIs: the export (or database), and for a relative export the folder lethe ran in.
void write_base_uris(JsonWriter& json, engine::TargetKind target, const std::string& export_path) {
  // A relative export path is relative to the folder lethe ran in (SRCROOT in CI, the checkout),
  // whose absolute location only the consumer knows.
  bool database = target == engine::TargetKind::database;
  std::string base_uri = export_base_uri(target, export_path);
  bool relative = base_uri.rfind("file://", 0) != 0 && !database;
  json.key("originalUriBaseIds");
  json.begin_object();
  if (relative) {
    json.key("SRCROOT");
    json.begin_object();
    write_text_object(json, "description", "The folder lethe ran in.");
    json.end_object();
  }
  json.key(k_export_base);
  json.begin_object();
  json.member("uri", base_uri);
  if (relative) json.member("uriBaseId", "SRCROOT");
  write_text_object(
      json, "description",
      database ? "The database that was audited." : "The export folder that was audited.");
  json.end_object();
  json.end_object();
}

// A toolExecutionNotification of `level` (error, warning, note).
void write_notification(JsonWriter& json, std::string_view level, std::string_view text) {
  json.begin_object();
  json.member("level", level);
  write_text_object(json, "message", text);
  json.end_object();
}

// The baseline's findings no longer found, as a run property: not results, which a code-scanning
// service would show as open alerts whatever their baselineState.
void write_fixed_property(JsonWriter& json, const std::vector<engine::FixedFinding>& fixed) {
  json.key("baseline_fixed");
  json.begin_array();
  for (const auto& finding : fixed) {
    json.begin_object();
    json.member("ruleId", finding.rule);
    json.member("severity", finding.severity);
    json.member("key", finding.key.value_or(""));
    json.member("file", finding.file);
    json.member("line", finding.line);
    json.member("message", finding.message);
    json.member("fingerprint", finding.fingerprint);
    json.end_object();
  }
  json.end_array();
}

// The notification of the findings a capped file leaves out, and where they all are.
std::string omitted_text(size_t omitted, size_t total, const ScanContext& context) {
  std::string full = context.full_report.empty()
                         ? "the JSON report holds them all (--report json=FILE)"
                         : fmt::format("the JSON report {} holds them all", context.full_report);
  return fmt::format(
      "{} of {} findings are not in this file: it holds at most {} results, those not waived "
      "first, most severe first (GitHub code scanning shows at most 5,000 results of a run and "
      "rejects a run of more than 25,000); {}; --sarif-max-results changes the cap (0: every "
      "finding)",
      omitted, total, context.sarif_max_results, full);
}

void write_invocations(JsonWriter& json, const engine::ScanResult& result,
                       const ScanContext& context, size_t omitted) {
  json.key("invocations");
  json.begin_array();
  json.begin_object();
  json.member("executionSuccessful", !result.incomplete());
  json.member("exitCode", context.exit_code);
  json.key("toolExecutionNotifications");
  json.begin_array();
  for (const auto& dataset : result.load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics)
      write_notification(json, "error", diagnostic.text());
  }
  for (const auto& warning : file_warnings(result.load))
    write_notification(json, "warning", warning);
  for (const auto& rule_result : result.results) {
    const std::string& id = rule_result.rule->id;
    if (rule_result.outcome == engine::Outcome::error) {
      write_notification(json, "error",
                         fmt::format("{} could not run: {}", id, rule_result.reason));
    } else if (rule_result.outcome == engine::Outcome::incomplete) {
      write_notification(json, "error",
                         fmt::format("{} is incomplete: {}", id, rule_result.reason));
    }
    for (const auto& note : rule_result.notes)
      write_notification(json, "note", fmt::format("{}: {}", id, note));
  }
  if (omitted > 0) {
    write_notification(json, "warning", omitted_text(omitted, result.findings.size(), context));
  }
  json.end_array();
  json.end_object();
  json.end_array();
}

void write_related_locations(JsonWriter& json, const engine::Finding& finding,
                             const std::string& export_path) {
  if (finding.related.empty()) return;
  json.key("relatedLocations");
  json.begin_array();
  int id = 0;
  for (const auto& related : finding.related) {
    json.begin_object();
    json.member("id", ++id);
    write_physical_location(json, related.location, export_path);
    write_text_object(json, "message",
                      fmt::format("{} {}{}", related.dataset, related.key.value_or("(no key)"),
                                  location_note(related.location)));
    json.end_object();
  }
  json.end_array();
}

// An accepted external suppression for a waived finding.
void write_suppression(JsonWriter& json, const engine::Waiver& waiver) {
  json.key("suppressions");
  json.begin_array();
  json.begin_object();
  json.member("kind", "external");
  json.member("status", "accepted");
  json.member("justification", waiver.reason);
  json.key("properties");
  json.begin_object();
  json.member("approved_by", waiver.approved_by);
  json.member("expires", util::format_iso8601(waiver.expires).substr(0, 10));
  json.end_object();
  json.end_object();
  json.end_array();
}

void write_result(JsonWriter& json, const engine::Finding& finding, size_t rule_index,
                  const std::string& export_path) {
  json.begin_object();
  json.member("ruleId", finding.rule->id);
  json.member("ruleIndex", static_cast<std::uint64_t>(rule_index));
  json.member("level", sarif_level(finding.rule->severity));
  write_text_object(json, "message",
                    finding.message + location_note(finding.location) + key_note(finding));
  json.key("locations");
  json.begin_array();
  json.begin_object();
  write_physical_location(json, finding.location, export_path);
  json.end_object();
  json.end_array();
  write_related_locations(json, finding, export_path);
  json.key("partialFingerprints");
  json.begin_object();
  json.member("lethe/v1", finding.fingerprint);
  json.end_object();
  if (finding.baseline != engine::BaselineState::none) {
    json.member("baselineState",
                finding.baseline == engine::BaselineState::existing ? "unchanged" : "new");
  }
  if (finding.waiver) write_suppression(json, *finding.waiver);
  json.key("properties");
  json.begin_object();
  json.member("dataset", finding.dataset);
  json.member("key", finding.key_text());
  json.member("severity", rules::severity_name(finding.rule->severity));
  json.end_object();
  json.end_object();
}

// Which findings the file holds: every one, or at most `cap` (0: no cap): those not waived
// first, then the waived ones, each in report order (most severe first). Decides without
// decoding any finding.
std::vector<bool> kept_results(const engine::FindingList& findings, size_t cap) {
  std::vector<bool> kept(findings.size(), cap == 0 || findings.size() <= cap);
  if (cap == 0 || findings.size() <= cap) return kept;
  size_t left = cap;
  for (bool waived : {false, true}) {
    for (size_t i = 0; i < findings.size() && left > 0; ++i) {
      if ((findings.waiver(i) != nullptr) == waived) {
        kept[i] = true;
        --left;
      }
    }
  }
  return kept;
}

void write_results(JsonWriter& json, const engine::ScanResult& result,
                   const std::string& export_path, const std::vector<bool>& kept) {
  std::map<const rules::Rule*, size_t> rule_index;
  for (const auto& rule_result : result.results)
    rule_index.emplace(rule_result.rule, rule_index.size());
  json.key("results");
  json.begin_array();
  for (auto it = result.findings.begin(); it != result.findings.end(); ++it) {
    if (kept[it.index()]) write_result(json, *it, rule_index.at(it->rule), export_path);
  }
  json.end_array();
}

}  // namespace

std::string render_sarif(const engine::ScanResult& result, const ScanContext& context) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  json.member("version", "2.1.0");
  json.key("runs");
  json.begin_array();
  json.begin_object();
  std::vector<bool> kept = kept_results(result.findings, context.sarif_max_results);
  size_t omitted = static_cast<size_t>(std::count(kept.begin(), kept.end(), false));
  write_driver(json, result);
  write_base_uris(json, result.target, context.export_path);
  write_invocations(json, result, context, omitted);
  write_results(json, result, context.export_path, kept);
  json.key("properties");
  json.begin_object();
  if (result.has_baseline) write_fixed_property(json, result.fixed);
  if (omitted > 0) {
    json.member("results_omitted", static_cast<std::uint64_t>(omitted));
    json.member("results_max", static_cast<std::uint64_t>(context.sarif_max_results));
  }
  json.member("as_of", util::format_iso8601(result.as_of));
  json.member("verdict", verdict(context.exit_code));
  json.member("incomplete_reasons", context.incomplete_reasons);
  json.member("rules_left_out", context.scope.left_out);
  json.member("rule_patterns", context.scope.patterns_text());
  json.key("unread_files");
  write_unread_files_json(json, result.audit.unread);
  json.key("audit");
  json.begin_object();
  write_audit_members(json, result.audit);
  json.end_object();
  json.end_object();
  json.end_object();
  json.end_array();
  json.end_object();
  return out + "\n";
}

}  // namespace lethe::report
