#include "data/export_plan.hpp"

#include <fmt/format.h>

#include <system_error>

#include "util/glob.hpp"
#include "util/strings.hpp"

namespace lethe::data {

namespace fs = std::filesystem;
using util::Error;
using util::Expected;

namespace {

constexpr const char* k_manifest_name = "lethe.yaml";

// True when `path`, with symlinks resolved, is inside `root` (already canonical).
bool stays_inside(const fs::path& canonical_root, const fs::path& path) {
  std::error_code error;
  fs::path resolved = fs::weakly_canonical(path, error);
  if (error) return false;
  auto [root_end, unused] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), resolved.begin(), resolved.end());
  return root_end == canonical_root.end();
}

PlannedDataset plan_fields(const DatasetSpec& spec, const std::vector<ColumnMapping>& mappings) {
  PlannedDataset planned;
  planned.spec = &spec;
  for (const auto& field : spec.fields) {
    PlannedField plan{&field, field.name, {}};
    for (const auto& mapping : mappings) {
      if (mapping.field != field.name) continue;
      plan.column = mapping.column;
      if (mapping.format) plan.format = *mapping.format;
    }
    planned.fields.push_back(std::move(plan));
  }
  return planned;
}

// An error about one `files` entry of the manifest, at its location.
Error pattern_error(const FilePattern& pattern, const std::string& message) {
  return Error{fmt::format("{}: {}", util::format_location(pattern.location), message)};
}

// The files of the export that `pattern` names: those its wildcards match, or the file it names
// when that exists.
Expected<std::vector<std::string>> match_pattern(const fs::path& root, const FilePattern& pattern,
                                                 const PlanOptions& options) {
  std::vector<std::string> matches;
  if (util::has_wildcard(pattern.pattern)) {
    auto globbed = util::glob_files(root, pattern.pattern, options.limits.max_glob_files);
    if (!globbed) {
      return pattern_error(
          pattern, fmt::format("'{}' matches more files than {}", pattern.pattern,
                               limit_note("max-glob-files", options.limits.max_glob_files, false)));
    }
    matches = std::move(*globbed);
  } else {
    std::error_code error;
    if (fs::is_regular_file(root / pattern.pattern, error)) matches.push_back(pattern.pattern);
  }
  if (matches.empty()) {
    return pattern_error(pattern,
                         fmt::format("'{}' matches no file in the export", pattern.pattern));
  }
  return matches;
}

// Adds the files that one `files` entry of `source` names to `files`, each with its format.
Expected<void> plan_pattern(const fs::path& root, const fs::path& canonical_root,
                            const DatasetSource& source, const FilePattern& pattern,
                            const PlanOptions& options, std::vector<PlannedFile>& files) {
  auto matches = match_pattern(root, pattern, options);
  if (!matches) return matches.error();
  for (const auto& match : *matches) {
    if (!stays_inside(canonical_root, root / match)) {
      return pattern_error(
          pattern, fmt::format("'{}' leaves the export folder (through a symbolic link)", match));
    }
    auto format = source.format ? source.format : format_from_extension(match);
    if (!format) {
      return pattern_error(
          pattern,
          fmt::format("cannot tell the format of '{}' from its name", match) +
              fmt::format("\nhint: add 'format: {}' to the dataset entry", file_format_names("|")));
    }
    files.push_back({root / match, match, *format});
  }
  return {};
}

// The manifest's entry for `dataset`, or null when it has none.
const DatasetSource* find_source(const Manifest& manifest, const std::string& dataset) {
  const DatasetSource* source = nullptr;
  for (const auto& candidate : manifest.datasets) {
    if (candidate.dataset == dataset) source = &candidate;
  }
  return source;
}

Expected<ExportPlan> plan_from_manifest(const fs::path& root, const fs::path& canonical_root,
                                        const Schema& schema, const PlanOptions& options) {
  auto file = util::YamlFile::load(root / k_manifest_name, k_manifest_name);
  if (!file) return file.error();
  auto manifest = read_manifest(*file, schema);
  if (!manifest) return manifest.error();

  ExportPlan plan;
  plan.root = root;
  plan.manifest_path = k_manifest_name;
  plan.name = manifest->name;
  plan.timezone_offset_seconds = manifest->timezone_offset_seconds;
  for (const auto& spec : schema.datasets()) {
    const DatasetSource* source = find_source(*manifest, spec.name);
    if (!source) {
      plan.absent.push_back(spec.name);
      continue;
    }
    PlannedDataset planned = plan_fields(spec, source->columns);
    planned.table = source->table.empty() ? spec.name : source->table;
    for (const auto& pattern : source->files) {
      if (auto ok = plan_pattern(root, canonical_root, *source, pattern, options, planned.files);
          !ok) {
        return ok.error();
      }
    }
    plan.datasets.push_back(std::move(planned));
  }
  return plan;
}

Expected<ExportPlan> plan_by_file_names(const fs::path& root, const fs::path& canonical_root,
                                        const Schema& schema) {
  ExportPlan plan;
  plan.root = root;
  for (const auto& spec : schema.datasets()) {
    std::vector<PlannedFile> found;
    for (const FormatSpec& format : file_formats()) {
      if (format.discovery != Discovery::by_file_name) continue;
      for (std::string_view extension : format.extensions) {
        std::string name = spec.name + std::string(extension);
        std::error_code error;
        if (!fs::is_regular_file(root / name, error)) continue;
        if (!stays_inside(canonical_root, root / name)) {
          return Error{fmt::format("{}: leaves the export folder (through a symbolic link)", name)};
        }
        found.push_back({root / name, name, format.format});
      }
    }
    if (found.size() > 1) {
      return Error{
          fmt::format("{} and {} both hold dataset {}\nhint: write a {} that names the "
                      "files to read",
                      found[0].display_path, found[1].display_path, spec.name, k_manifest_name)};
    }
    if (found.empty()) {
      plan.absent.push_back(spec.name);
      continue;
    }
    PlannedDataset planned = plan_fields(spec, {});
    planned.files = std::move(found);
    plan.datasets.push_back(std::move(planned));
  }
  if (plan.datasets.empty()) {
    return Error{
        fmt::format("{}: no {} and no files named after a dataset (such as "
                    "accounts.csv or voice_recordings.ndjson)",
                    root.string(), k_manifest_name)};
  }
  return plan;
}

}  // namespace

Expected<ExportPlan> plan_export(const fs::path& root, const Schema& schema,
                                 const PlanOptions& options) {
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    return Error{fmt::format("{}: not a folder{}", root.string(),
                             fs::exists(root, error) ? "" : " (no such file or folder)")};
  }
  fs::path canonical_root = fs::canonical(root, error);
  if (error) return Error{fmt::format("{}: {}", root.string(), error.message())};
  if (fs::exists(root / k_manifest_name, error)) {
    return plan_from_manifest(root, canonical_root, schema, options);
  }
  return plan_by_file_names(root, canonical_root, schema);
}

}  // namespace lethe::data
