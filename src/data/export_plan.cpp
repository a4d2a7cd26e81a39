#include "data/export_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
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

}  // namespace

std::vector<PlannedField> plan_fields(const DatasetSpec& spec, const DatasetSource* source,
                                      const util::TimeZone& zone) {
  std::vector<PlannedField> fields;
  for (const auto& field : spec.fields) {
    PlannedField plan{&field, field.name, {}};
    plan.reading.timezone = source && source->timezone ? *source->timezone : zone;
    if (source) {
      plan.reading.null_values = source->dialect.null_values;
      for (const auto& mapping : source->columns) {
        if (mapping.field != field.name) continue;
        plan.column = mapping.column;
        plan.reading.formats = mapping.formats;
        if (mapping.timezone) plan.reading.timezone = *mapping.timezone;
        plan.reading.values = mapping.values;
      }
    }
    fields.push_back(std::move(plan));
  }
  return fields;
}

namespace {

// An error about one `files` entry of the manifest, at its location.
Error pattern_error(const FilePattern& pattern, const std::string& message) {
  return Error{fmt::format("{}: {}", util::format_location(pattern.location), message)};
}

// The files of the export that `pattern` names: those its wildcards match on disk and inside
// archives (archives themselves are containers, not files to read), or the file it names.
Expected<std::vector<std::string>> match_pattern(const ExportTree& tree, const FilePattern& pattern,
                                                 const PlanOptions& options) {
  std::vector<std::string> matches;
  std::size_t limit = options.limits.max_glob_files;
  auto too_many = [&] {
    return pattern_error(pattern, fmt::format("'{}' matches more files than {}", pattern.pattern,
                                              limit_note("max-glob-files", limit, false)));
  };
  if (util::has_wildcard(pattern.pattern)) {
    if (!tree.is_archive()) {
      auto globbed = util::glob_files(tree.root(), pattern.pattern, limit);
      if (!globbed) return too_many();
      for (auto& match : *globbed) {
        const TreeEntry* entry = tree.find(match);
        if (!entry || entry->kind != EntryKind::archive) matches.push_back(std::move(match));
      }
    }
    for (auto& member : tree.glob_members(pattern.pattern))
      matches.push_back(std::move(member));
    std::sort(matches.begin(), matches.end());
    if (matches.size() > limit) return too_many();
  } else if (const TreeEntry* entry = tree.find(pattern.pattern);
             entry && entry->kind != EntryKind::other) {
    if (entry->kind == EntryKind::archive) {
      return pattern_error(
          pattern, fmt::format("'{}' is an archive: name the files in it to read\nhint: '{}/*.csv' "
                               "reads the CSV files at its root",
                               pattern.pattern, pattern.pattern));
    }
    matches.push_back(pattern.pattern);
  } else {
    // A link is followed here, so that one out of the export is named as such below.
    std::error_code error;
    if (tree.on_disk(pattern.pattern) && fs::is_regular_file(tree.root() / pattern.pattern, error))
      matches.push_back(pattern.pattern);
  }
  if (matches.empty()) {
    return pattern_error(pattern,
                         fmt::format("'{}' matches no file in the export", pattern.pattern));
  }
  return matches;
}

// The format a file's name implies, a compression's extension left out (`x.csv.gz` is CSV).
std::optional<FileFormat> format_of_name(std::string_view name) {
  return format_from_extension(without_compression_extension(name));
}

// Adds the files that one `files` entry of `source` names to `files`, each with its format.
Expected<void> plan_pattern(const ExportTree& tree, const fs::path& canonical_root,
                            const DatasetSource& source, const FilePattern& pattern,
                            const PlanOptions& options, std::vector<PlannedFile>& files) {
  auto matches = match_pattern(tree, pattern, options);
  if (!matches) return matches.error();
  for (const auto& match : *matches) {
    if (tree.on_disk(match) && !stays_inside(canonical_root, tree.root() / match)) {
      return pattern_error(
          pattern, fmt::format("'{}' leaves the export folder (through a symbolic link)", match));
    }
    auto format = source.format ? source.format : format_of_name(match);
    if (!format) {
      return pattern_error(
          pattern,
          fmt::format("cannot tell the format of '{}' from its name", match) +
              fmt::format("\nhint: add 'format: {}' to the dataset entry", file_format_names("|")));
    }
    files.push_back({&tree, match, *format});
  }
  return {};
}

// Fails when two of a dataset's sources read the same file: its rows would be copies of
// themselves.
Expected<void> check_read_once(const PlannedDataset& dataset) {
  std::map<std::string_view, const PlannedSource*> readers;
  for (const auto& source : dataset.sources) {
    for (const auto& file : source.files) {
      auto [it, added] = readers.emplace(file.display_path, &source);
      if (!added && it->second != &source) {
        return Error{
            fmt::format("{}: read by sources '{}' and '{}' of dataset {}\nhint: each "
                        "file belongs to one store",
                        file.display_path, it->second->name, source.name, dataset.spec->name)};
      }
    }
  }
  return {};
}

// The manifest: `options.manifest`, or the `lethe.yaml` at the export's root.
Expected<util::YamlFile> load_manifest(const ExportTree& tree, const PlanOptions& options) {
  if (!options.manifest.empty())
    return util::YamlFile::load(options.manifest, options.manifest.string());
  if (tree.on_disk(k_manifest_name))
    return util::YamlFile::load(tree.root() / k_manifest_name, k_manifest_name);
  auto bytes = tree.open_content(k_manifest_name);
  std::string text;
  if (bytes) {
    std::string buffer(std::size_t{1} << 16, '\0');
    for (;;) {
      auto got = (*bytes)->read(buffer.data(), buffer.size());
      if (!got) return Error{fmt::format("{}: {}", k_manifest_name, got.error().message)};
      if (*got == 0) break;
      text.append(buffer.data(), *got);
    }
  } else {
    return Error{fmt::format("{}: {}", k_manifest_name, bytes.error().message)};
  }
  return util::YamlFile::parse(std::move(text), k_manifest_name);
}

Expected<ExportPlan> plan_from_manifest(const ExportTree& tree, const fs::path& canonical_root,
                                        const Schema& schema, const PlanOptions& options) {
  auto file = load_manifest(tree, options);
  if (!file) return file.error();
  auto manifest = read_manifest(*file, schema);
  if (!manifest) return manifest.error();

  ExportPlan plan;
  plan.root = tree.root();
  plan.manifest_path = options.manifest.empty() ? k_manifest_name : options.manifest.string();
  plan.manifest_file = options.manifest;
  plan.name = manifest->name;
  plan.timezone = manifest->timezone;
  for (const auto& spec : schema.datasets()) {
    PlannedDataset planned{&spec, {}};
    for (const auto& source : manifest->datasets) {
      if (source.dataset != spec.name) continue;
      PlannedSource store{source.name,
                          {},
                          source.table.empty() ? spec.name : source.table,
                          plan_fields(spec, &source, manifest->timezone),
                          source.dialect};
      for (const auto& pattern : source.files) {
        if (auto ok = plan_pattern(tree, canonical_root, source, pattern, options, store.files);
            !ok) {
          return ok.error();
        }
      }
      // Two entries that name one file (`Voice/*.csv` and `Voice/a.csv`) read it once: its
      // rows would otherwise be duplicates of themselves.
      std::set<std::string> seen;
      std::erase_if(store.files, [&](const PlannedFile& planned_file) {
        return !seen.insert(planned_file.display_path).second;
      });
      planned.sources.push_back(std::move(store));
    }
    if (planned.sources.empty()) {
      plan.absent.push_back(spec.name);
      continue;
    }
    if (auto ok = check_read_once(planned); !ok) return ok.error();
    plan.datasets.push_back(std::move(planned));
  }
  return plan;
}

// The names of the entries at the top of the export, sorted: a folder's (its subfolders too), or
// the members at an archive's root.
Expected<std::vector<std::string>> root_entries(const ExportTree& tree) {
  std::vector<std::string> names;
  if (tree.is_archive()) {
    for (const auto& entry : tree.entries()) {
      if (entry.path.find('/') == std::string::npos) names.push_back(entry.path);
    }
    return names;
  }
  std::error_code error;
  for (fs::directory_iterator it(tree.root(), error), end; !error && it != end; it.increment(error))
    names.push_back(it->path().filename().string());
  if (error)
    return Error{
        fmt::format("{}: cannot list the folder: {}", tree.root().string(), error.message())};
  std::sort(names.begin(), names.end());
  return names;
}

// Why the entry `name` at the root, named after `dataset` but not one lethe reads by its name,
// cannot be passed over: without a manifest, such a file is what the auditor expects read.
Error unread_dataset_file(const ExportTree& tree, const std::string& name,
                          const std::string& dataset) {
  std::string why;
  std::error_code error;
  const TreeEntry* entry = tree.find(name);
  if (!entry && fs::is_directory(tree.root() / name, error)) {
    why = "it is a folder";
  } else if (entry && entry->kind == EntryKind::archive) {
    why = "it is an archive, whose files a lethe.yaml names";
  } else if (const ForeignContent* foreign =
                 foreign_content_from_extension(without_compression_extension(name))) {
    why = fmt::format("its name says it holds {}, which lethe does not read", foreign->what);
  } else if (format_of_name(name) == FileFormat::sqlite) {
    why = "a SQLite file is read only when a lethe.yaml names it and its table";
  } else if (format_of_name(name)) {
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
  std::string extension =
      util::to_lower(without_compression_extension(entry).substr(dataset.size()));
  for (const FormatSpec& format : file_formats()) {
    if (format.discovery != Discovery::by_file_name) continue;
    for (std::string_view known : format.extensions) {
      if (known == extension) return format.format;
    }
  }
  return std::nullopt;
}

// The files at the root that hold `spec`'s dataset, by name. Another entry named after it
// (`accounts.xlsx`, a folder) is an error: it would otherwise go unread.
Expected<std::vector<PlannedFile>> files_by_name(const ExportTree& tree,
                                                 const fs::path& canonical_root,
                                                 const std::vector<std::string>& entries,
                                                 const DatasetSpec& spec) {
  std::vector<PlannedFile> found;
  for (const auto& entry : entries) {
    if (!entry.starts_with(spec.name + ".")) continue;
    auto format = format_by_name(entry, spec.name);
    const TreeEntry* listed = tree.find(entry);
    if (!format || !listed || listed->kind != EntryKind::file) {
      return unread_dataset_file(tree, entry, spec.name);
    }
    if (tree.on_disk(entry) && !stays_inside(canonical_root, tree.root() / entry)) {
      return Error{fmt::format("{}: leaves the export folder (through a symbolic link)", entry)};
    }
    found.push_back({&tree, entry, *format});
  }
  return found;
}

Expected<ExportPlan> plan_by_file_names(const ExportTree& tree, const fs::path& canonical_root,
                                        const Schema& schema) {
  ExportPlan plan;
  plan.root = tree.root();
  auto entries = root_entries(tree);
  if (!entries) return entries.error();
  for (const auto& spec : schema.datasets()) {
    auto found = files_by_name(tree, canonical_root, *entries, spec);
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
    PlannedSource store{"", std::move(*found), spec.name, plan_fields(spec, nullptr, {}), {}};
    plan.datasets.push_back({&spec, {std::move(store)}});
  }
  if (plan.datasets.empty()) {
    return Error{
        fmt::format("{}: no {} and no files named after a dataset (such as "
                    "accounts.csv or voice_recordings.ndjson){}",
                    tree.root().string(), k_manifest_name,
                    tree.is_archive() ? " at the archive's root\nhint: name the files to read in "
                                        "a manifest, given with --manifest"
                                      : "")};
  }
  return plan;
}

// Lists the files of the export that none of its datasets reads, in path order: archives' members
// each (an archive itself is their folder); links and other non-files as they are, never opened.
void list_unread_files(ExportPlan& plan) {
  std::set<std::string> read;
  if (plan.manifest_file.empty() && !plan.manifest_path.empty()) read.insert(plan.manifest_path);
  for (const auto& dataset : plan.datasets) {
    for (const auto& source : dataset.sources) {
      for (const auto& file : source.files)
        read.insert(file.display_path);
    }
  }
  for (const auto& entry : plan.tree->entries()) {
    if (entry.kind == EntryKind::archive || read.count(entry.path)) continue;
    bool regular = entry.kind == EntryKind::file;
    plan.unread.push_back({entry.path, regular ? entry.size : 0, regular});
  }
}

}  // namespace

Expected<ExportPlan> plan_export(const fs::path& root, const Schema& schema,
                                 const PlanOptions& options) {
  auto tree = ExportTree::open(root, options.limits);
  if (!tree) return tree.error();
  std::error_code error;
  fs::path canonical_root = fs::canonical(root, error);
  if (error) return Error{fmt::format("{}: {}", root.string(), error.message())};
  bool has_manifest =
      !options.manifest.empty() || (*tree)->find(k_manifest_name) ||
      ((*tree)->on_disk(k_manifest_name) && fs::exists(root / k_manifest_name, error));
  auto plan = has_manifest ? plan_from_manifest(**tree, canonical_root, schema, options)
                           : plan_by_file_names(**tree, canonical_root, schema);
  if (!plan) return plan;
  plan->tree = std::shared_ptr<const ExportTree>(std::move(*tree));
  list_unread_files(*plan);
  return plan;
}

}  // namespace lethe::data
