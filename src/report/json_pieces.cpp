#include "report/json_pieces.hpp"

namespace lethe::report {

void write_files_json(util::JsonWriter& json, const std::vector<data::FileReport>& files) {
  json.begin_array();
  for (const auto& file : files) {
    json.begin_object();
    json.member("path", file.path);
    json.member("format", file.format);
    json.member("rows_loaded", file.rows_loaded);
    json.member("rows_rejected", file.rows_rejected);
    json.member_or_null("error", file.error);
    json.member("warnings", file.warnings);
    if (!file.source.empty()) json.member("source", file.source);
    json.end_object();
  }
  json.end_array();
}

void write_digests_json(util::JsonWriter& json, const std::vector<engine::FileDigest>& digests) {
  json.begin_array();
  for (const auto& digest : digests) {
    json.begin_object();
    json.member("path", digest.path);
    json.member("sha256", digest.sha256);
    if (!digest.uncompressed_sha256.empty())
      json.member("uncompressed_sha256", digest.uncompressed_sha256);
    json.end_object();
  }
  json.end_array();
}

void write_unread_files_json(util::JsonWriter& json,
                             const std::vector<engine::UnreadFileDigest>& files) {
  json.begin_array();
  for (const auto& file : files) {
    json.begin_object();
    json.member("path", file.path);
    json.member("size", static_cast<std::uint64_t>(file.size));
    json.member_or_null("sha256", file.sha256);
    json.end_object();
  }
  json.end_array();
}

void write_dataset_members(util::JsonWriter& json, const data::DatasetReport& dataset) {
  json.member("name", dataset.spec->name);
  json.member("rows_loaded", dataset.rows_loaded);
  json.member("rows_rejected", dataset.rows_rejected);
  json.key("files");
  write_files_json(json, dataset.files);
}

void write_diagnostic_members(util::JsonWriter& json, const data::RowDiagnostic& diagnostic) {
  json.member("file", diagnostic.path);
  json.key("line");
  if (diagnostic.line > 0) {
    json.value(diagnostic.line);
  } else {
    json.null();
  }
  json.member("message", diagnostic.message);
}

void write_audit_members(util::JsonWriter& json, const engine::AuditTrail& audit) {
  if (!audit.export_archive.sha256.empty()) {
    json.key("export_archive");
    json.begin_object();
    json.member("path", audit.export_archive.path);
    json.member("sha256", audit.export_archive.sha256);
    json.end_object();
  }
  json.key("inputs");
  write_digests_json(json, audit.inputs);
  json.key("rules");
  write_digests_json(json, audit.rules);
  json.member("params_sha256", audit.params_sha256);
}

}  // namespace lethe::report
