#include "report/inspect_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "report/json_pieces.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

constexpr size_t k_text_diagnostics = 10;

std::uint64_t total_loaded(const data::LoadReport& load) {
  std::uint64_t total = 0;
  for (const auto& d : load.datasets)
    total += d.rows_loaded;
  return total;
}

std::uint64_t total_rejected(const data::LoadReport& load) {
  std::uint64_t total = 0;
  for (const auto& d : load.datasets)
    total += d.rows_rejected;
  return total;
}

// Rows per store of a dataset with `sources:` (`  source backup: 2 rows loaded, 0 rejected`),
// "" for a dataset of one.
std::string render_sources(const data::DatasetReport& dataset) {
  std::vector<std::string> names;
  for (const auto& file : dataset.files) {
    if (!file.source.empty() && std::find(names.begin(), names.end(), file.source) == names.end())
      names.push_back(file.source);
  }
  std::string out;
  for (const auto& name : names) {
    std::uint64_t loaded = 0, rejected = 0;
    for (const auto& file : dataset.files) {
      if (file.source != name) continue;
      loaded += file.rows_loaded;
      rejected += file.rows_rejected;
    }
    out += fmt::format("  source {}: {} loaded, {} rejected\n", name,
                       util::count_noun(loaded, "row", "rows"), rejected);
  }
  return out;
}

// Each file of the dataset: its format and source, rows loaded and rejected, and its warnings.
std::string render_files(const data::DatasetReport& dataset) {
  std::string out;
  for (const auto& file : dataset.files) {
    out += fmt::format("  file {} ({}{}): ", file.path, file.format,
                       file.source.empty() ? "" : ", source " + file.source);
    out += file.error.empty()
               ? fmt::format("{} loaded, {} rejected\n", file.rows_loaded, file.rows_rejected)
               : fmt::format("not read: {}\n", file.error);
    for (const auto& warning : file.warnings)
      out += fmt::format("    warning: {}\n", warning);
  }
  return out;
}

// Each field: where it is read from, how (a timestamp's formats and zone), and its range.
std::string render_fields(const data::DatasetReport& dataset) {
  std::string out;
  size_t width = 0;
  for (const auto& field : dataset.fields)
    width = std::max(width, field.spec->name.size());
  for (const auto& field : dataset.fields) {
    out += fmt::format("  {:<{}}  {:<9}  ", field.spec->name, width,
                       data::field_type_name(field.spec->type));
    if (!field.present) {
      out += fmt::format("missing (no column '{}')\n", field.source);
      continue;
    }
    out += fmt::format("<- {}", field.source);
    if (field.spec->type == data::FieldType::timestamp) {
      out += fmt::format(" [{}{}]", field.format,
                         field.timezone.empty() ? "" : ", in " + field.timezone);
    }
    if (field.min) {
      out += fmt::format("  {} .. {}", util::format_iso8601(*field.min),
                         util::format_iso8601(*field.max));
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_inspect_text(const data::ExportPlan& plan, const data::LoadReport& load) {
  std::string out = fmt::format("Export {}", plan.root.string());
  if (!plan.manifest_path.empty()) {
    out += fmt::format(" (manifest {}", plan.manifest_path);
    if (!plan.name.empty()) out += fmt::format(", name {}", plan.name);
    out += ")";
  } else {
    out += " (datasets found by file name)";
  }
  out += "\n";
  for (const auto& dataset : load.datasets) {
    out += fmt::format("\n{}: {} loaded, {} rejected\n", dataset.spec->name,
                       util::count_noun(dataset.rows_loaded, "row", "rows"), dataset.rows_rejected);
    out += render_sources(dataset);
    out += render_files(dataset);
    out += render_fields(dataset);
    auto missing = dataset.missing_fields();
    if (!missing.empty()) out += fmt::format("  missing fields: {}\n", util::join(missing, ", "));
    if (!dataset.diagnostics.empty()) {
      size_t shown = std::min(dataset.diagnostics.size(), k_text_diagnostics);
      std::uint64_t problems = dataset.rows_rejected + dataset.files_failed;
      out += shown < problems ? fmt::format("  problems (first {} of {}):\n", shown, problems)
                              : std::string("  problems:\n");
      for (size_t i = 0; i < shown; ++i)
        out += fmt::format("    {}\n", dataset.diagnostics[i].text());
    }
  }
  if (!load.absent.empty()) {
    out += fmt::format("\nNot in this export: {}\n", util::join(load.absent, ", "));
  }
  if (!plan.unread.empty()) {
    out += fmt::format("\nFiles no dataset reads ({})\n", plan.unread.size());
    for (const auto& file : plan.unread) {
      out += fmt::format("  {} ({})\n", file.display_path,
                         file.regular ? util::count_noun(file.size, "byte", "bytes")
                                      : std::string("not a regular file"));
    }
  }
  out += fmt::format("\n{} loaded, {} rejected in {}.\n",
                     util::count_noun(total_loaded(load), "row", "rows"), total_rejected(load),
                     util::count_noun(load.datasets.size(), "dataset", "datasets"));
  return out;
}

namespace {

// A timestamp in ISO 8601, or nothing.
std::optional<std::string> iso8601_or_none(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return std::nullopt;
  return util::format_iso8601(*seconds);
}

void write_field(util::JsonWriter& json, const data::FieldReport& field) {
  json.begin_object();
  json.member("name", field.spec->name);
  json.member("type", data::field_type_name(field.spec->type));
  json.member("source", field.source);
  json.member("present", field.present);
  if (field.spec->type == data::FieldType::timestamp) {
    json.member("format", field.format);
    json.member("timezone", field.timezone.empty() ? std::string("UTC") : field.timezone);
    json.member("min", iso8601_or_none(field.min));
    json.member("max", iso8601_or_none(field.max));
  }
  json.end_object();
}

void write_inspected_dataset(util::JsonWriter& json, const data::DatasetReport& dataset) {
  json.begin_object();
  write_dataset_members(json, dataset);
  json.key("fields");
  json.begin_array();
  for (const auto& field : dataset.fields)
    write_field(json, field);
  json.end_array();
  json.member("missing_fields", dataset.missing_fields());
  json.key("diagnostics");
  json.begin_array();
  for (const auto& diagnostic : dataset.diagnostics) {
    json.begin_object();
    write_diagnostic_members(json, diagnostic);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

}  // namespace

std::string render_inspect_json(const data::ExportPlan& plan, const data::LoadReport& load) {
  std::string out;
  util::JsonWriter json(out);
  json.begin_object();
  json.member("schema_version", 1);
  json.member("export", plan.root.string());
  json.member_or_null("manifest", plan.manifest_path);
  json.member("name", plan.name);
  json.member("complete", load.complete());
  json.member("rows_loaded", total_loaded(load));
  json.member("rows_rejected", total_rejected(load));
  json.key("datasets");
  json.begin_array();
  for (const auto& dataset : load.datasets)
    write_inspected_dataset(json, dataset);
  json.end_array();
  json.member("absent_datasets", load.absent);
  json.key("unread_files");
  json.begin_array();
  for (const auto& file : plan.unread) {
    json.begin_object();
    json.member("path", file.display_path);
    json.member("size", static_cast<std::uint64_t>(file.size));
    json.member("regular", file.regular);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += "\n";
  return out;
}

const Listing<data::ExportPlan, data::LoadReport>& inspect_listing() {
  static const Listing<data::ExportPlan, data::LoadReport> k_listing{
      {"text", render_inspect_text},
      {"json", render_inspect_json},
  };
  return k_listing;
}

}  // namespace lethe::report
