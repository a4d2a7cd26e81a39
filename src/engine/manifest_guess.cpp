#include "engine/manifest_guess.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "engine/column_profile.hpp"
#include "engine/name_match.hpp"
#include "util/strings.hpp"

namespace lethe::engine {

namespace {

using data::DatasetSpec;
using data::FieldSpec;
using data::FieldType;
using data::SampledTable;

// A column is proposed for a field from this name similarity on (0..1).
constexpr double k_field_threshold = 0.5;
// A dataset is proposed for a file from this score on (its name and its columns).
constexpr double k_dataset_threshold = 0.3;
// Scores this close are a tie the auditor decides.
constexpr double k_close = 0.05;
// What a column proposed by its values alone adds to a dataset's score.
constexpr double k_value_match_score = 0.3;
// The shares of a file's name and of its columns in the score of a dataset.
constexpr double k_name_share = 0.4;
// What a column unique in the sample adds to its name's fit to the key.
constexpr double k_unique_key_bonus = 0.25;
// The candidates a doubt lists at most.
constexpr std::size_t k_max_candidates = 5;

// One sampled file (or table) with its columns' profiles and what its name says.
struct TableView {
  const SampledTable* table = nullptr;
  std::vector<ColumnProfile> profiles;
  std::vector<std::string> own_words;     // of its file name (a SQLite table: the table's)
  std::vector<std::string> folder_words;  // of its folders (a SQLite table: and its file)
};

// How one dataset's fields map onto one table's columns.
struct FieldMap {
  std::vector<int> column_of;      // per field: the column's index, or -1
  std::vector<std::string> todos;  // per field: a doubt (mapped) or the reason (unmapped)
  double coverage = 0;             // 0..1: how well the columns cover the fields
};

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& item : items)
    quoted.push_back(fmt::format("\"{}\"", item));
  return util::join(quoted, ", ");
}

std::vector<std::optional<std::string>> column_values(const SampledTable& table,
                                                      std::size_t column) {
  std::vector<std::optional<std::string>> values;
  for (const auto& row : table.rows)
    values.push_back(row[column]);
  return values;
}

std::string file_stem(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') + 1);
  return std::string(name.substr(0, name.find('.')));
}

TableView view_table(const SampledTable& table) {
  TableView view{&table, {}, {}, {}};
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    view.profiles.push_back(profile_column(table.columns[i], column_values(table, i)));
  std::string_view path = table.path;
  std::size_t slash = path.rfind('/');
  std::string folders(slash == std::string_view::npos ? "" : path.substr(0, slash));
  if (table.table.empty()) {
    view.own_words = name_words(file_stem(path));
  } else {
    view.own_words = name_words(table.table);
    folders += "/" + file_stem(path);
  }
  view.folder_words = name_words(folders);
  return view;
}

// Whether the sampled values can be read as `type` (a column without values can).
bool fits_type(FieldType type, const ColumnProfile& profile) {
  if (profile.values == 0) return true;
  switch (type) {
    case FieldType::timestamp:
      return profile.timestamp;
    case FieldType::boolean:
      return profile.boolean || profile.boolean_codes.has_value();
    case FieldType::integer:
      return profile.integer;
    case FieldType::real:
      return profile.real;
    case FieldType::string:
      return true;
  }
  return true;
}

// Whether every sampled value is, in some case, one of the field's vocabulary.
bool within_vocabulary(const FieldSpec& field, const ColumnProfile& profile) {
  if (field.values.empty() || profile.distinct.empty()) return false;
  return std::all_of(profile.distinct.begin(), profile.distinct.end(), [&](const std::string& v) {
    return std::any_of(field.values.begin(), field.values.end(),
                       [&](const std::string& canonical) { return util::iequals(v, canonical); });
  });
}

// Whether every sampled value names a dataset of the schema (`source_dataset` lineage).
bool names_datasets(const data::Schema& schema, const ColumnProfile& profile) {
  return !profile.distinct.empty() &&
         std::all_of(profile.distinct.begin(), profile.distinct.end(),
                     [&](const std::string& v) { return schema.find(v) != nullptr; });
}

// How well `column` fits `field`: by name, by its values' vocabulary, less when its values are
// not of the field's type.
double field_score(const data::Schema& schema, const FieldSpec& field, const std::string& column,
                   const ColumnProfile& profile) {
  double score = column_similarity(column, field.name);
  auto words = name_words(column);
  if (field.key && words == std::vector<std::string>{"id"}) score = std::max(score, 0.9);
  // A key's column is unique: a name that fits it and another field (`Transcript`) is its.
  if (field.key && profile.unique && !profile.timestamp && score >= k_field_threshold)
    score = std::min(1.0, score + k_unique_key_bonus);
  if (within_vocabulary(field, profile)) score = std::max(score, 0.85);
  if (field.type == FieldType::string && name_words(field.name).back() == "dataset" &&
      names_datasets(schema, profile))
    score = std::max(score, 0.85);
  if (!fits_type(field.type, profile)) score *= 0.4;
  return score;
}

struct Candidate {
  std::size_t field;
  std::size_t column;
  double score;
};

// Maps fields to columns by name, best pairs first; notes a column that fits a field as well.
void match_by_name(const data::Schema& schema, const DatasetSpec& spec, const TableView& view,
                   FieldMap& map) {
  const auto& columns = view.table->columns;
  std::vector<std::vector<double>> scores(spec.fields.size());
  std::vector<Candidate> candidates;
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      double score = field_score(schema, spec.fields[f], columns[c], view.profiles[c]);
      scores[f].push_back(score);
      if (score >= k_field_threshold) candidates.push_back({f, c, score});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<bool> taken(columns.size(), false);
  for (const auto& candidate : candidates) {
    if (map.column_of[candidate.field] >= 0 || taken[candidate.column]) continue;
    map.column_of[candidate.field] = static_cast<int>(candidate.column);
    taken[candidate.column] = true;
    map.coverage += candidate.score;
  }
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    int chosen = map.column_of[f];
    if (chosen < 0) continue;
    std::vector<std::string> rivals;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (static_cast<int>(c) != chosen && !taken[c] &&
          scores[f][c] >= scores[f][static_cast<std::size_t>(chosen)] - k_close)
        rivals.push_back(columns[c]);
    }
    if (!rivals.empty())
      map.todos[f] = fmt::format("{} fits it as well: check which", quoted_list(rivals));
  }
}

std::vector<bool> taken_columns(const FieldMap& map, std::size_t columns) {
  std::vector<bool> taken(columns, false);
  for (int c : map.column_of) {
    if (c >= 0) taken[static_cast<std::size_t>(c)] = true;
  }
  return taken;
}

// The key, when no column is named like it: a column unique in the sample, one with `id` in its
// name first, then the first.
void match_key_by_values(const DatasetSpec& spec, const TableView& view, FieldMap& map) {
  auto key = static_cast<std::size_t>(&spec.key() - spec.fields.data());
  if (map.column_of[key] >= 0) return;
  auto taken = taken_columns(map, view.profiles.size());
  std::optional<std::size_t> chosen;
  std::optional<std::size_t> first;
  for (std::size_t c = 0; c < view.profiles.size() && !chosen; ++c) {
    const ColumnProfile& profile = view.profiles[c];
    if (taken[c] || !profile.unique || profile.timestamp || profile.boolean) continue;
    if (!first) first = c;
    auto words = name_words(view.table->columns[c]);
    if (std::find(words.begin(), words.end(), "id") != words.end()) chosen = c;
  }
  if (!chosen) chosen = first;
  if (!chosen) return;
  map.column_of[key] = static_cast<int>(*chosen);
  map.coverage += k_value_match_score;
  map.todos[key] = fmt::format(
      "check: no column is named like it; \"{}\" is proposed as its values are unique in the "
      "sample",
      view.table->columns[*chosen]);
}

// A field of `type` left alone with a column whose values alone are of that type.
void match_last_of_type(FieldType type, std::string_view what, const DatasetSpec& spec,
                        const TableView& view, FieldMap& map) {
  auto taken = taken_columns(map, view.profiles.size());
  std::vector<std::size_t> fields, columns;
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    if (spec.fields[f].type == type && map.column_of[f] < 0) fields.push_back(f);
  }
  for (std::size_t c = 0; c < view.profiles.size(); ++c) {
    const ColumnProfile& profile = view.profiles[c];
    if (!taken[c] && profile.values > 0 && fits_type(type, profile)) columns.push_back(c);
  }
  if (fields.size() != 1 || columns.size() != 1) return;
  map.column_of[fields[0]] = static_cast<int>(columns[0]);
  map.coverage += k_value_match_score;
  map.todos[fields[0]] =
      fmt::format("check: no column is named like it; \"{}\" is the only {} column left",
                  view.table->columns[columns[0]], what);
}

// Why a field has no column, with the columns left that could be it.
void explain_unmapped(const data::Schema& schema, const DatasetSpec& spec, const TableView& view,
                      FieldMap& map) {
  auto taken = taken_columns(map, view.profiles.size());
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    if (map.column_of[f] >= 0) continue;
    const FieldSpec& field = spec.fields[f];
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t c = 0; c < view.profiles.size(); ++c) {
      if (taken[c] || view.profiles[c].values == 0 || !fits_type(field.type, view.profiles[c]))
        continue;
      double score = field_score(schema, field, view.table->columns[c], view.profiles[c]);
      ranked.emplace_back(-score, c);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ranked.size() && i < k_max_candidates; ++i)
      names.push_back(view.table->columns[ranked[i].second]);
    map.todos[f] =
        names.empty()
            ? fmt::format("no column of the sample fits it ({})", data::field_type_name(field.type))
            : fmt::format("no column is named like it; candidates: {}", quoted_list(names));
  }
}

FieldMap map_fields(const data::Schema& schema, const DatasetSpec& spec, const TableView& view) {
  FieldMap map{std::vector<int>(spec.fields.size(), -1),
               std::vector<std::string>(spec.fields.size()), 0};
  match_by_name(schema, spec, view, map);
  match_key_by_values(spec, view, map);
  match_last_of_type(FieldType::timestamp, "timestamp", spec, view, map);
  match_last_of_type(FieldType::boolean, "boolean", spec, view, map);
  explain_unmapped(schema, spec, view, map);
  map.coverage /= static_cast<double>(spec.fields.size());
  return map;
}

double name_score(const DatasetSpec& spec, const TableView& view) {
  auto dataset_words = name_words(spec.name);
  std::vector<std::string> all = view.own_words;
  all.insert(all.end(), view.folder_words.begin(), view.folder_words.end());
  return std::max(word_similarity(view.own_words, dataset_words),
                  0.8 * word_recall(dataset_words, all));
}

struct DatasetChoice {
  const DatasetSpec* spec = nullptr;
  double score = 0;
  FieldMap map;
};

// Every dataset's fit to `view`, best first (schema order among equals).
std::vector<DatasetChoice> rank_datasets(const data::Schema& schema, const TableView& view) {
  std::vector<DatasetChoice> ranked;
  for (const DatasetSpec& spec : schema.datasets()) {
    FieldMap map = map_fields(schema, spec, view);
    double score = k_name_share * name_score(spec, view) + (1 - k_name_share) * map.coverage;
    ranked.push_back({&spec, score, std::move(map)});
  }
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const DatasetChoice& a, const DatasetChoice& b) { return a.score > b.score; });
  return ranked;
}

// The mapped column of `field`: its formats, codes and doubts from its profile.
GuessedColumn guess_column(const FieldSpec& field, const std::string& column,
                           const ColumnProfile& profile, std::string todo) {
  GuessedColumn guess{field.name, column, {}, {}, std::move(todo)};
  auto add_todo = [&](const std::string& doubt) {
    guess.todo = guess.todo.empty() ? doubt : guess.todo + "; " + doubt;
  };
  std::string example = profile.distinct.empty() ? "" : profile.distinct.front();
  if (field.type == FieldType::timestamp) {
    guess.formats = profile.formats;
    if (profile.values == 0)
      add_todo("no value in the sample to tell its format (ISO 8601 is read)");
    if (!profile.format_doubt.empty()) add_todo(profile.format_doubt);
  }
  if (field.type == FieldType::boolean && profile.boolean_codes) {
    guess.values = {{profile.boolean_codes->first, "true"},
                    {profile.boolean_codes->second, "false"}};
  }
  if (profile.values > 0 && !fits_type(field.type, profile)) {
    add_todo(fmt::format("its values (such as \"{}\") do not read as {}: give its format or codes",
                         example, data::field_type_name(field.type)));
  }
  if (!field.values.empty() && !profile.distinct.empty()) {
    std::vector<std::string> outside;
    for (const auto& value : profile.distinct) {
      auto canonical = std::find_if(field.values.begin(), field.values.end(),
                                    [&](const std::string& c) { return util::iequals(c, value); });
      if (canonical == field.values.end()) {
        outside.push_back(value);
      } else if (*canonical != value) {
        guess.values.emplace_back(value, *canonical);
      }
    }
    if (!outside.empty()) {
      add_todo(fmt::format("{} not among {}: map the codes with values: {{CODE: VALUE}}",
                           quoted_list(outside), util::join(field.values, ", ")));
    }
  }
  return guess;
}

GuessedSource guess_source(const DatasetSpec& spec, const TableView& view, const FieldMap& map) {
  const SampledTable& table = *view.table;
  GuessedSource source;
  source.files = {table.path};
  source.format = *table.format;
  source.format_from_name =
      data::format_from_extension(data::without_compression_extension(table.path)) == table.format;
  source.table = table.table;
  source.dialect = table.dialect;
  source.dialect_todo = table.dialect_note;
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    int c = map.column_of[f];
    if (c < 0) {
      source.unmapped.push_back({spec.fields[f].name, map.todos[f]});
      continue;
    }
    auto column = static_cast<std::size_t>(c);
    source.columns.push_back(
        guess_column(spec.fields[f], table.columns[column], view.profiles[column], map.todos[f]));
  }
  return source;
}

// Sources read the same way (format, table, dialect and mapping) are one.
bool same_reading(const GuessedSource& a, const GuessedSource& b) {
  auto columns = [](const GuessedSource& s) {
    std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> list;
    for (const auto& c : s.columns)
      list.emplace_back(c.field, c.column, c.formats);
    return list;
  };
  return a.format == b.format && a.table == b.table && a.dialect.delimiter == b.dialect.delimiter &&
         a.dialect.encoding == b.dialect.encoding && columns(a) == columns(b);
}

void name_sources(GuessedDataset& dataset) {
  if (dataset.sources.size() < 2) return;
  std::set<std::string> used;
  for (auto& source : dataset.sources) {
    std::string base = source.table.empty() ? file_stem(source.files.front()) : source.table;
    if (base.empty()) base = "source";
    std::string name = base;
    for (int n = 2; !used.insert(name).second; ++n)
      name = fmt::format("{}-{}", base, n);
    source.name = name;
  }
}

// Adds `source` to `dataset`: to a source read the same way, else as a source of its own. False
// when its file is read by another source already (another table of one SQLite file).
bool add_source(GuessedDataset& dataset, GuessedSource source) {
  for (auto& existing : dataset.sources) {
    if (same_reading(existing, source)) {
      existing.files.push_back(source.files.front());
      return true;
    }
    if (existing.files.front() == source.files.front()) return false;
  }
  dataset.sources.push_back(std::move(source));
  return true;
}

std::string table_label(const SampledTable& table) {
  return table.table.empty() ? table.path : fmt::format("{} (table {})", table.path, table.table);
}

void note_wall_times(const GuessedSource& source, const TableView& view,
                     std::vector<std::string>& out) {
  for (const auto& column : source.columns) {
    auto at = std::find(view.table->columns.begin(), view.table->columns.end(), column.column);
    const ColumnProfile& profile =
        view.profiles[static_cast<std::size_t>(at - view.table->columns.begin())];
    if (profile.timestamp && profile.wall_time)
      out.push_back(fmt::format("{}: {}", table_label(*view.table), column.column));
  }
}

// Why no dataset is proposed for a readable table.
std::string no_dataset_reason(const std::vector<DatasetChoice>& ranked) {
  if (ranked.empty()) return "the schema has no datasets";
  return fmt::format("no dataset fits its name and columns well enough (closest: {})",
                     ranked.front().spec->name);
}

}  // namespace

ManifestGuess guess_manifest(const data::Schema& schema, const std::vector<SampledTable>& tables) {
  ManifestGuess guess;
  std::map<std::string, GuessedDataset> by_name;
  for (const SampledTable& table : tables) {
    if (!table.problem.empty() || !table.format) {
      guess.unassigned.push_back({table_label(table), table.problem});
      continue;
    }
    if (table.path.find_first_of("*?[") != std::string::npos) {
      guess.unassigned.push_back(
          {table_label(table),
           "its name has glob characters, which a manifest reads as a pattern"});
      continue;
    }
    TableView view = view_table(table);
    auto ranked = rank_datasets(schema, view);
    if (ranked.empty() || ranked.front().score < k_dataset_threshold) {
      guess.unassigned.push_back({table_label(table), no_dataset_reason(ranked)});
      continue;
    }
    const DatasetChoice& best = ranked.front();
    GuessedDataset& dataset = by_name[best.spec->name];
    dataset.name = best.spec->name;
    if (ranked.size() > 1 && ranked[1].score >= best.score - k_close) {
      dataset.todos.push_back(fmt::format("{} fits {} almost as well: check which",
                                          table_label(table), ranked[1].spec->name));
    }
    GuessedSource source = guess_source(*best.spec, view, best.map);
    note_wall_times(source, view, guess.wall_time_columns);
    if (!add_source(dataset, std::move(source))) {
      guess.unassigned.push_back(
          {table_label(table),
           fmt::format("fits {}, whose source reads another table of the file", dataset.name)});
    }
  }
  for (const DatasetSpec& spec : schema.datasets()) {
    auto found = by_name.find(spec.name);
    if (found == by_name.end()) continue;
    name_sources(found->second);
    guess.datasets.push_back(std::move(found->second));
  }
  std::sort(guess.unassigned.begin(), guess.unassigned.end(),
            [](const UnassignedFile& a, const UnassignedFile& b) { return a.path < b.path; });
  return guess;
}

}  // namespace lethe::engine
