#include "report/inspect_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/load_json.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

namespace {

constexpr size_t k_text_diagnostics = 10;

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

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
                       plural(dataset.rows_loaded, "row", "rows"), dataset.rows_rejected);
    for (const auto& file : dataset.files) {
      out += fmt::format("  file {} ({}): ", file.path, file.format);
      out += file.error.empty()
                 ? fmt::format("{} loaded, {} rejected\n", file.rows_loaded, file.rows_rejected)
                 : fmt::format("not read: {}\n", file.error);
    }
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
      if (field.spec->type == data::FieldType::timestamp) out += fmt::format(" [{}]", field.format);
      if (field.min) {
        out += fmt::format("  {} .. {}", util::format_iso8601(*field.min),
                           util::format_iso8601(*field.max));
      }
      out += "\n";
    }
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
  out += fmt::format("\n{} loaded, {} rejected in {}.\n", plural(total_loaded(load), "row", "rows"),
                     total_rejected(load), plural(load.datasets.size(), "dataset", "datasets"));
  return out;
}

std::string render_inspect_json(const data::ExportPlan& plan, const data::LoadReport& load) {
  std::string out;
  util::JsonWriter json(out);
  json.begin_object();
  json.key("schema_version");
  json.value(1);
  json.key("export");
  json.value(plan.root.string());
  json.key("manifest");
  json.value_or_null(plan.manifest_path);
  json.key("name");
  json.value(plan.name);
  json.key("complete");
  json.value(load.complete());
  json.key("rows_loaded");
  json.value(total_loaded(load));
  json.key("rows_rejected");
  json.value(total_rejected(load));
  json.key("datasets");
  json.begin_array();
  for (const auto& dataset : load.datasets) {
    json.begin_object();
    json.key("name");
    json.value(dataset.spec->name);
    json.key("rows_loaded");
    json.value(dataset.rows_loaded);
    json.key("rows_rejected");
    json.value(dataset.rows_rejected);
    json.key("files");
    write_files_json(json, dataset.files);
    json.key("fields");
    json.begin_array();
    for (const auto& field : dataset.fields) {
      json.begin_object();
      json.key("name");
      json.value(field.spec->name);
      json.key("type");
      json.value(data::field_type_name(field.spec->type));
      json.key("source");
      json.value(field.source);
      json.key("present");
      json.value(field.present);
      if (field.spec->type == data::FieldType::timestamp) {
        json.key("format");
        json.value(field.format);
        json.key("min");
        field.min ? json.value(util::format_iso8601(*field.min)) : json.null();
        json.key("max");
        field.max ? json.value(util::format_iso8601(*field.max)) : json.null();
      }
      json.end_object();
    }
    json.end_array();
    json.key("missing_fields");
    json.begin_array();
    for (const auto& name : dataset.missing_fields())
      json.value(name);
    json.end_array();
    json.key("diagnostics");
    json.begin_array();
    for (const auto& diagnostic : dataset.diagnostics) {
      json.begin_object();
      json.key("file");
      json.value(diagnostic.path);
      json.key("line");
      diagnostic.line > 0 ? json.value(diagnostic.line) : json.null();
      json.key("message");
      json.value(diagnostic.message);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.key("absent_datasets");
  json.begin_array();
  for (const auto& name : load.absent)
    json.value(name);
  json.end_array();
  json.end_object();
  out += "\n";
  return out;
}

}  // namespace lethe::report
