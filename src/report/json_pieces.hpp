// JSON pieces that several reports write alike: how a dataset's files were read, its rejected
// rows, the audit trail's digests, and the shape of a listing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/loader.hpp"
#include "engine/audit_trail.hpp"
#include "util/json_writer.hpp"

namespace lethe::report {

// An array of {path, format, rows_loaded, rows_rejected, error} objects.
void write_files_json(util::JsonWriter& json, const std::vector<data::FileReport>& files);

// An array of {path, sha256} objects.
void write_digests_json(util::JsonWriter& json, const std::vector<engine::FileDigest>& digests);

// The first members of a dataset's object: name, rows_loaded, rows_rejected, files.
void write_dataset_members(util::JsonWriter& json, const data::DatasetReport& dataset);

// The members of a rejected row's object: file, line (null when unknown), message.
void write_diagnostic_members(util::JsonWriter& json, const data::RowDiagnostic& diagnostic);

// An array of {path, size, sha256} objects, sha256 null for what is not a regular file.
void write_unread_files_json(util::JsonWriter& json,
                             const std::vector<engine::UnreadFileDigest>& files);

// The digest members of an audit object: inputs, rules, params_sha256.
void write_audit_members(util::JsonWriter& json, const engine::AuditTrail& audit);

// A listing document, `{"schema_version": 1, NAME: [an object per item]}` and a newline, the
// members of each item's object written by `write_members(json, item)`.
template <class Items, class WriteMembers>
std::string listing_json(std::string_view name, const Items& items, WriteMembers write_members) {
  std::string out;
  util::JsonWriter json(out);
  json.begin_object();
  json.member("schema_version", 1);
  json.key(name);
  json.begin_array();
  for (const auto& item : items) {
    json.begin_object();
    write_members(json, item);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return out + "\n";
}

}  // namespace lethe::report
