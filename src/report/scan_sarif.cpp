// The SARIF 2.1.0 report: one reportingDescriptor per rule, one result per finding.
#include <fmt/format.h>

#include <map>

#include "report/load_json.hpp"
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
  switch (severity) {
    case rules::Severity::critical:
    case rules::Severity::high:
      return "error";
    case rules::Severity::medium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub code scanning reads this number: 9.0+ critical, 7.0+ high, 4.0+ medium, else low.
std::string_view security_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::critical:
      return "9.5";
    case rules::Severity::high:
      return "8.0";
    case rules::Severity::medium:
      return "5.5";
    case rules::Severity::low:
      return "3.0";
    case rules::Severity::info:
      return "1.0";
  }
  return "0";
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

void write_physical_location(JsonWriter& json, const engine::Location& location,
                             const std::string& export_path) {
  json.key("physicalLocation");
  json.begin_object();
  json.key("artifactLocation");
  json.begin_object();
  json.key("uri");
  // A table of a database is URL/schema.table: relative to the database's URL.
  std::string file = location.file;
  if (location.kind == engine::LocationKind::key && file.rfind(export_path + "/", 0) == 0)
    file.erase(0, export_path.size() + 1);
  json.value(relative_uri(file));
  json.key("uriBaseId");
  json.value(k_export_base);
  json.end_object();
  if (location.kind == engine::LocationKind::line && location.line > 0) {
    json.key("region");
    json.begin_object();
    json.key("startLine");
    json.value(location.line);
    json.end_object();
  }
  json.end_object();
}

// What a message adds to say which row a location has no line for: its rowid in a SQLite file.
std::string location_note(const engine::Location& location) {
  return location.kind == engine::LocationKind::rowid ? fmt::format(" (rowid {})", location.line)
                                                      : "";
}

// A table of a database has no lines: a finding's message names the row by its key.
std::string key_note(const engine::Finding& finding) {
  return finding.location.kind == engine::LocationKind::key
             ? fmt::format(" (key {})", finding.key.value_or("null"))
             : "";
}

void write_rule(JsonWriter& json, const rules::Rule& rule) {
  json.begin_object();
  json.key("id");
  json.value(rule.id);
  json.key("name");
  json.value(pascal_name(rule.id));
  json.key("shortDescription");
  json.begin_object();
  json.key("text");
  json.value(rule.title);
  json.end_object();
  json.key("fullDescription");
  json.begin_object();
  json.key("text");
  json.value(rule.description.empty() ? rule.title : rule.description);
  json.end_object();
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
  json.key("text");
  json.value(help_text);
  json.key("markdown");
  json.value(help_markdown);
  json.end_object();
  json.key("defaultConfiguration");
  json.begin_object();
  json.key("level");
  json.value(sarif_level(rule.severity));
  json.end_object();
  json.key("properties");
  json.begin_object();
  json.key("security-severity");
  json.value(security_severity(rule.severity));
  json.key("severity");
  json.value(rules::severity_name(rule.severity));
  json.key("precision");
  json.value("very-high");
  json.key("tags");
  json.begin_array();
  json.value("privacy");
  for (const auto& tag : rule.tags)
    json.value(tag);
  json.end_array();
  json.key("citations");
  json.begin_array();
  for (const auto& citation : rule.citations)
    json.value(citation);
  json.end_array();
  json.end_object();
  json.end_object();
}

}  // namespace

std::string render_sarif(const engine::ScanResult& result, const ScanContext& context) {
  std::map<const rules::Rule*, size_t> rule_index;
  for (const auto& rule_result : result.results)
    rule_index.emplace(rule_result.rule, rule_index.size());

  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.key("$schema");
  json.value("https://json.schemastore.org/sarif-2.1.0.json");
  json.key("version");
  json.value("2.1.0");
  json.key("runs");
  json.begin_array();
  json.begin_object();
  json.key("tool");
  json.begin_object();
  json.key("driver");
  json.begin_object();
  json.key("name");
  json.value("lethe");
  json.key("version");
  json.value(LETHE_VERSION);
  json.key("semanticVersion");
  json.value(LETHE_VERSION);
  json.key("rules");
  json.begin_array();
  for (const auto& rule_result : result.results)
    write_rule(json, *rule_result.rule);
  json.end_array();
  json.end_object();
  json.end_object();

  // A relative export path is relative to the folder lethe ran in (SRCROOT in CI, the checkout),
  // whose absolute location only the consumer knows.
  bool database = result.target == engine::TargetKind::database;
  std::string base_uri = export_base_uri(result.target, context.export_path);
  bool relative = base_uri.rfind("file://", 0) != 0 && !database;
  json.key("originalUriBaseIds");
  json.begin_object();
  if (relative) {
    json.key("SRCROOT");
    json.begin_object();
    json.key("description");
    json.begin_object();
    json.key("text");
    json.value("The folder lethe ran in.");
    json.end_object();
    json.end_object();
  }
  json.key(k_export_base);
  json.begin_object();
  json.key("uri");
  json.value(base_uri);
  if (relative) {
    json.key("uriBaseId");
    json.value("SRCROOT");
  }
  json.key("description");
  json.begin_object();
  json.key("text");
  json.value(database ? "The database that was audited." : "The export folder that was audited.");
  json.end_object();
  json.end_object();
  json.end_object();

  json.key("invocations");
  json.begin_array();
  json.begin_object();
  json.key("executionSuccessful");
  json.value(!result.incomplete());
  json.key("exitCode");
  json.value(context.exit_code);
  json.key("toolExecutionNotifications");
  json.begin_array();
  for (const auto& dataset : result.load.datasets) {
    for (const auto& diagnostic : dataset.diagnostics) {
      json.begin_object();
      json.key("level");
      json.value("error");
      json.key("message");
      json.begin_object();
      json.key("text");
      json.value(diagnostic.text());
      json.end_object();
      json.end_object();
    }
  }
  for (const auto& rule_result : result.results) {
    if (rule_result.outcome != engine::Outcome::error) continue;
    json.begin_object();
    json.key("level");
    json.value("error");
    json.key("message");
    json.begin_object();
    json.key("text");
    json.value(fmt::format("{} could not run: {}", rule_result.rule->id, rule_result.reason));
    json.end_object();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  json.end_array();

  json.key("results");
  json.begin_array();
  for (const auto& finding : result.findings) {
    json.begin_object();
    json.key("ruleId");
    json.value(finding.rule->id);
    json.key("ruleIndex");
    json.value(static_cast<std::uint64_t>(rule_index.at(finding.rule)));
    json.key("level");
    json.value(sarif_level(finding.rule->severity));
    json.key("message");
    json.begin_object();
    json.key("text");
    json.value(finding.message + location_note(finding.location) + key_note(finding));
    json.end_object();
    json.key("locations");
    json.begin_array();
    json.begin_object();
    write_physical_location(json, finding.location, context.export_path);
    json.end_object();
    json.end_array();
    if (!finding.related.empty()) {
      json.key("relatedLocations");
      json.begin_array();
      int id = 0;
      for (const auto& related : finding.related) {
        json.begin_object();
        json.key("id");
        json.value(++id);
        write_physical_location(json, related.location, context.export_path);
        json.key("message");
        json.begin_object();
        json.key("text");
        json.value(fmt::format("{} {}{}", related.dataset, related.key.value_or("(no key)"),
                               location_note(related.location)));
        json.end_object();
        json.end_object();
      }
      json.end_array();
    }
    json.key("partialFingerprints");
    json.begin_object();
    json.key("lethe/v1");
    json.value(finding.fingerprint);
    json.end_object();
    if (finding.baseline != engine::BaselineState::none) {
      json.key("baselineState");
      json.value(finding.baseline == engine::BaselineState::existing ? "unchanged" : "new");
    }
    if (finding.waiver) {
      json.key("suppressions");
      json.begin_array();
      json.begin_object();
      json.key("kind");
      json.value("external");
      json.key("status");
      json.value("accepted");
      json.key("justification");
      json.value(finding.waiver->reason);
      json.key("properties");
      json.begin_object();
      json.key("approved_by");
      json.value(finding.waiver->approved_by);
      json.key("expires");
      json.value(util::format_iso8601(finding.waiver->expires).substr(0, 10));
      json.end_object();
      json.end_object();
      json.end_array();
    }
    json.key("properties");
    json.begin_object();
    json.key("dataset");
    json.value(finding.dataset);
    json.key("key");
    json.value(finding.key_text());
    json.key("severity");
    json.value(rules::severity_name(finding.rule->severity));
    json.end_object();
    json.end_object();
  }
  json.end_array();

  json.key("properties");
  json.begin_object();
  json.key("as_of");
  json.value(util::format_iso8601(result.as_of));
  json.key("verdict");
  json.value(verdict(context.exit_code));
  json.key("audit");
  json.begin_object();
  json.key("inputs");
  write_digests_json(json, result.audit.inputs);
  json.key("rules");
  write_digests_json(json, result.audit.rules);
  json.key("params_sha256");
  json.value(result.audit.params_sha256);
  json.end_object();
  json.end_object();
  json.end_object();
  json.end_array();
  json.end_object();
  return out + "\n";
}

}  // namespace lethe::report
