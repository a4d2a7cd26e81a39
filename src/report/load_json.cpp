#include "report/load_json.hpp"

namespace lethe::report {

void write_files_json(util::JsonWriter& json, const std::vector<data::FileReport>& files) {
  json.begin_array();
  for (const auto& file : files) {
    json.begin_object();
    json.key("path");
    json.value(file.path);
    json.key("format");
    json.value(file.format);
    json.key("rows_loaded");
    json.value(file.rows_loaded);
    json.key("rows_rejected");
    json.value(file.rows_rejected);
    json.key("error");
    json.value_or_null(file.error);
    json.end_object();
  }
  json.end_array();
}

void write_digests_json(util::JsonWriter& json, const std::vector<engine::FileDigest>& digests) {
  json.begin_array();
  for (const auto& digest : digests) {
    json.begin_object();
    json.key("path");
    json.value(digest.path);
    json.key("sha256");
    json.value(digest.sha256);
    json.end_object();
  }
  json.end_array();
}

}  // namespace lethe::report
