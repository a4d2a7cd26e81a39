#include "data/export_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
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

// The names of the entries at the top of `root`, sorted.
Expected<std::vector<std::string>> root_entries(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error))
    names.push_back(it->path().filename().string());
  if (error)
    return Error{fmt::format("{}: cannot list the folder: {}", root.string(), error.message())};
  std::sort(names.begin(), names.end());
  return names;
}

// Why the entry `name` at the root, named after `dataset` but not one lethe reads by its name,
// cannot be passed over: without a manifest, such a file is what the auditor expects read.
Error unread_dataset_file(const fs::path& path, const std::string& name,
                          const std::string& dataset) {
  std::string why;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    why = "it is a folder";
  } else if (const ForeignContent* foreign = foreign_content_from_extension(name)) {
    why = fmt::format("its name says it holds {}, which lethe does not read", foreign->what);
  } else if (format_from_extension(name) == FileFormat::sqlite) {
    why = "a SQLite file is read only when a lethe.yaml names it and its table";
  } else if (format_from_extension(name)) {
    why = "it is not a regular file";
  } else {
    why = "lethe cannot tell its format from its name";
  }
  return Error{
      fmt::format("{}: named after dataset {}, but not read: {}\nhint: name the files "
                  "to read, with their formats, in a {}",
                  name, dataset, why, k_manifest_name)};
}

// The format a dataset's file is read in when it is found by name: `NAME.EXT`, EXT in any case
// the extension of a format found by file name; nullopt for any other name.
std::optional<FileFormat> format_by_name(std::string_view entry, std::string_view dataset) {
  if (entry.size() <= dataset.size() || !entry.starts_with(dataset) || entry[dataset.size()] != '.')
    return std::nullopt;
  std::string extension = util::to_lower(entry.substr(dataset.size()));
  for (const FormatSpec& format : file_formats()) {
    if (format.discovery != Discovery::by_file_name) continue;
    for (std::string_view known : format.extensions) {
      if (known == extension) return format.format;
    }
  }
  return std::nullopt;
}

// The files at the root that hold `spec`'s dataset, by name. Another entry named after it
// (`accounts.csv.gz`, `accounts.xlsx`) is an error: it would otherwise go unread.
Expected<std::vector<PlannedFile>> files_by_name(const fs::path& root,
                                                 const fs::path& canonical_root,
                                                 const std::vector<std::string>& entries,
                                                 const DatasetSpec& spec) {
  std::vector<PlannedFile> found;
  for (const auto& entry : entries) {
    if (!entry.starts_with(spec.name + ".")) continue;
    auto format = format_by_name(entry, spec.name);
    std::error_code error;
    if (!format || !fs::is_regular_file(root / entry, error)) {
      return unread_dataset_file(root / entry, entry, spec.name);
    }
    if (!stays_inside(canonical_root, root / entry)) {
      return Error{fmt::format("{}: leaves the export folder (through a symbolic link)", entry)};
    }
    found.push_back({root / entry, entry, *format});
  }
  return found;
}

Expected<ExportPlan> plan_by_file_names(const fs::path& root, const fs::path& canonical_root,
                                        const Schema& schema) {
  ExportPlan plan;
  plan.root = root;
  auto entries = root_entries(root);
  if (!entries) return entries.error();
  for (const auto& spec : schema.datasets()) {
    auto found = files_by_name(root, canonical_root, *entries, spec);
    if (!found) return found.error();
    if (found->size() > 1) {
      return Error{fmt::format(
          "{} and {} both hold dataset {}\nhint: write a {} that names the "
          "files to read",
          (*found)[0].display_path, (*found)[1].display_path, spec.name, k_manifest_name)};
    }
    if (found->empty()) {
      plan.absent.push_back(spec.name);
      continue;
    }
    PlannedDataset planned = plan_fields(spec, {});
    planned.files = std::move(*found);
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

// Lists the files under the plan's root that none of its datasets reads, in path order. Symbolic
// links are listed, never followed: a link to a folder is one entry.
Expected<void> list_unread_files(ExportPlan& plan) {
  std::set<std::string> read;
  if (!plan.manifest_path.empty()) read.insert(plan.manifest_path);
  for (const auto& dataset : plan.datasets) {
    for (const auto& file : dataset.files)
      read.insert(file.display_path);
  }
  std::error_code error;
  fs::path last = plan.root;  // the entry before an error: the folder that could not be listed
  fs::recursive_directory_iterator it(plan.root, error), end;
  for (; !error && it != end; it.increment(error)) {
    const fs::directory_entry& entry = *it;
    last = entry.path();
    std::error_code status_error;
    if (entry.is_directory(status_error) && !entry.is_symlink(status_error)) continue;
    std::string display = entry.path().lexically_relative(plan.root).generic_string();
    if (read.count(display)) continue;
    UnreadFile file{entry.path(), display, 0, false};
    file.regular = !entry.is_symlink(status_error) && entry.is_regular_file(status_error);
    if (file.regular) file.size = entry.file_size(status_error);
    plan.unread.push_back(std::move(file));
  }
  if (error) {
    return Error{fmt::format("{}: cannot list the folder: {}", last.string(), error.message())};
  }
  std::sort(plan.unread.begin(), plan.unread.end(), [](const UnreadFile& a, const UnreadFile& b) {
    return a.display_path < b.display_path;
  });
  return {};
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
  auto plan = fs::exists(root / k_manifest_name, error)
                  ? plan_from_manifest(root, canonical_root, schema, options)
                  : plan_by_file_names(root, canonical_root, schema);
  if (!plan) return plan;
  if (auto listed = list_unread_files(*plan); !listed) return listed.error();
  return plan;
}

}  // namespace lethe::data
