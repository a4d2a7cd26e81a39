#include "data/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "data/formats.hpp"
#include "util/bounded_queue.hpp"
#include "util/key_set.hpp"
#include "util/repeated_values.hpp"
#include "util/strings.hpp"

namespace lethe::data {

using util::Error;
using util::Expected;

namespace {

// A key's hash for finding duplicates; equal hashes are then checked on the keys themselves.
std::uint64_t key_hash(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

// How a field's values are read, for its report: a timestamp's formats, "" for other types.
std::string format_of(const PlannedField& field) {
  return field.spec->type == FieldType::timestamp ? field.reading.describe_formats()
                                                  : std::string();
}

// What each of a dataset's sources says of field `index` (`describe` of its PlannedField), for
// reports: one text when they agree, else each source's (`primary: RecordingId, backup: id`).
template <class Describe>
std::string across_sources(const PlannedDataset& dataset, size_t index, Describe describe) {
  std::vector<std::string> each;
  bool same = true;
  for (const auto& source : dataset.sources) {
    std::string text = describe(source.fields[index]);
    same = same && (each.empty() || text == each.front().substr(each.front().find(": ") + 2));
    each.push_back(source.name + ": " + text);
  }
  if (same || dataset.sources.size() == 1) return describe(dataset.sources.front().fields[index]);
  return util::join(each, ", ");
}

// The time zone timestamps of `field` are placed in, for its report: "" for UTC and other types.
std::string zone_of(const PlannedField& field) {
  if (field.spec->type != FieldType::timestamp || field.reading.timezone == util::TimeZone())
    return {};
  return field.reading.timezone.name();
}

// `name` without case, underscores, hyphens and spaces: "RecordingId" and "recording_id" agree.
std::string loose_name(std::string_view name) {
  std::string loose;
  for (char c : util::to_lower(name)) {
    if (c != '_' && c != '-' && c != ' ') loose += c;
  }
  return loose;
}

// The column of `names` that `column` was probably meant as, or "".
std::string likely_column(const std::string& column, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (loose_name(name) == loose_name(column)) return name;
  }
  return util::closest_match(column, names);
}

// Why `reader`'s file cannot be read for `columns` (the source columns the plan reads from it),
// or nullopt when it has each of them or has no fixed columns (JSON):
// `no column "recording_id" (the header has: RecordingId, Profile); did you mean "RecordingId"?`
std::optional<std::string> missing_column(const RecordSource& reader,
                                          const std::vector<std::string>& columns) {
  const FileColumns* file_columns = reader.file_columns();
  if (!file_columns) return std::nullopt;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (reader.has_column(i)) continue;
    constexpr size_t k_shown = 10;
    const auto& names = file_columns->names;
    std::vector<std::string> shown(
        names.begin(),
        names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), k_shown)));
    if (names.size() > k_shown) shown.push_back(fmt::format("... {} in all", names.size()));
    std::string message =
        fmt::format("no column \"{}\" (the {} has: {})", columns[i], file_columns->holder,
                    names.empty() ? std::string("no columns") : util::join(shown, ", "));
    if (std::string likely = likely_column(columns[i], names); !likely.empty()) {
      message += fmt::format("; did you mean \"{}\"?", likely);
    }
    return message;
  }
  return std::nullopt;
}

// The timestamps of one file whose wall time was ambiguous in their zone, per field: how many
// occur twice and how many fall in a gap, and the first line of each.
class WallTimeTally {
 public:
  explicit WallTimeTally(size_t fields) : m_counts(fields) {}

  // Notes field `field`'s value of the row being converted (count_row keeps it).
  void note(size_t field, util::WallTime wall) { m_pending.emplace_back(field, wall); }

  // Keeps the notes of the row that loads at `line`; drop_row forgets a rejected row's.
  void count_row(std::uint64_t line) {
    for (auto [field, wall] : m_pending) {
      Count& count =
          wall == util::WallTime::repeated ? m_counts[field].repeated : m_counts[field].skipped;
      if (count.rows++ == 0) count.first_line = line;
    }
    m_pending.clear();
  }
  void drop_row() { m_pending.clear(); }

  // A warning per field and kind, such as `recorded_at: 2 wall times occur twice in
  // America/New_York (clocks went back), read as the earlier instant; the first at line 7`.
  void warn(const std::vector<ValueParser>& parsers, std::vector<std::string>& warnings) const {
    for (size_t i = 0; i < m_counts.size() && i < parsers.size(); ++i) {
      const std::string& field = parsers[i].field().name;
      const std::string& zone = parsers[i].reading().timezone.name();
      for (auto [kind, count] : {std::pair{util::WallTime::repeated, &m_counts[i].repeated},
                                 std::pair{util::WallTime::skipped, &m_counts[i].skipped}}) {
        if (count->rows == 0) continue;
        warnings.push_back(wall_time_warning(field, zone, kind, count->rows, count->first_line));
      }
    }
  }

 private:
  struct Count {
    std::uint64_t rows = 0;
    std::uint64_t first_line = 0;
  };
  struct FieldCounts {
    Count repeated, skipped;
  };
  std::vector<FieldCounts> m_counts;
  std::vector<std::pair<size_t, util::WallTime>> m_pending;
};

// The keys of every loaded row of a probe's E (KeyProbe::in_dataset), built while E loads.
struct KeyBuild {
  explicit KeyBuild(std::size_t max_bytes) : keys(max_bytes) {}
  util::KeySet keys;
  bool overflowed = false;  // they did not fit: they are in the probe's key table instead
};

// Loads one dataset: reads its files, converts and counts every row, stores the rows its filter
// keeps, and records all of it in the store.
class DatasetLoader {
  struct BuildTarget {
    std::string field;  // E's k
    KeyBuild* build;
    std::string table;            // where the keys go when they do not fit
    std::optional<size_t> index;  // of `field` in m_fields (load() checks that it is loaded)
  };
  struct ProbeTarget {
    std::string column;  // the answer's column
    std::string field;   // Y's f
    const util::KeySet* keys;
    std::optional<size_t> index;  // of `field` in m_fields
  };

 public:
  DatasetLoader(const PlannedDataset& dataset, Store& store, const LoadOptions& options)
      : m_dataset(dataset), m_store(store), m_options(options) {}

  // Puts the `field` of every loaded row into `build`, or, when they do not fit, into `table`.
  void build_keys(std::string field, KeyBuild& build, std::string table) {
    m_builds.push_back({std::move(field), &build, std::move(table), std::nullopt});
  }
  // Stores with every row, in `column`, whether its `field` is among `keys`.
  void answer_probe(std::string column, std::string field, const util::KeySet& keys) {
    m_probes.push_back({std::move(column), std::move(field), &keys, std::nullopt});
  }

  // Loads the `wanted` fields (null: all), storing the rows that `filter` (null: none) keeps;
  // `value_sets` holds the stored values its conditions look up.
  Expected<DatasetReport> load(const std::set<std::string>* wanted, const RowFilter* filter,
                               const ValueSets& value_sets) {
    m_report.spec = m_dataset.spec;
    std::vector<const FieldSpec*> specs;
    std::vector<std::string_view> names;
    const auto& first = m_dataset.sources.front().fields;
    for (size_t i = 0; i < first.size(); ++i) {
      const FieldSpec* spec = first[i].spec;
      if (wanted && !wanted->count(spec->name)) continue;
      m_field_indexes.push_back(i);
      specs.push_back(spec);
      names.push_back(spec->name);
      FieldReport field;
      field.spec = spec;
      field.source = across_sources(m_dataset, i, [](const auto& f) { return f.column; });
      field.format = across_sources(m_dataset, i, format_of);
      field.timezone = across_sources(m_dataset, i, zone_of);
      m_report.fields.push_back(std::move(field));
    }
    // The probes' answers are columns after the fields, which rows carry as cells of their own.
    for (const auto& probe : m_probes) {
      FieldSpec& spec = m_probe_specs.emplace_back();
      spec.name = probe.column;
      spec.type = FieldType::integer;
      specs.push_back(&spec);
      names.push_back(spec.name);
    }
    m_width = specs.size();
    // A key or probe field that is not loaded would leave keys out, or answers unset: the rules
    // read those fields, so they are always loaded; say so loudly if ever they are not.
    std::vector<std::string> probe_fields;
    for (const auto& build : m_builds)
      probe_fields.push_back(build.field);
    for (const auto& probe : m_probes)
      probe_fields.push_back(probe.field);
    for (const std::string& name : probe_fields) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        return Error{fmt::format("internal error: {}.{} is read by a probe but not loaded",
                                 m_dataset.spec->name, name)};
      }
    }
    auto writer = m_store.create_table(*m_dataset.spec, specs);
    if (!writer) return writer.error();
    m_writer = std::move(*writer);
    if (filter) {
      m_filter = BoundRowFilter(*filter, names, value_sets);
      m_report.filter = m_filter.describe();
    }
    // A key repeated within a store is a duplicate; the same key in two stores is a copy.
    for (const auto& source : m_dataset.sources) {
      use_source(source);
      for (const auto& file : source.files) {
        if (auto ok = load_file(file); !ok) return ok.error();
      }
      if (m_key_index) {
        if (auto ok = find_duplicated_keys(); !ok) return ok.error();
      }
    }
    for (const auto& build : m_builds) {
      if (!build.build->overflowed && !build.build->keys.flush()) {
        build.build->overflowed = true;
        build.build->keys.clear();
      }
      if (!build.build->overflowed) continue;
      if (auto ok = fill_key_table(build); !ok) return ok.error();
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
      const auto& field = m_report.fields[i];
      if (auto ok = m_store.add_field(m_dataset.spec->name, *field.spec, field.source,
                                      field.present, field.min, field.max);
          !ok) {
        return ok.error();
      }
    }
    const std::string& name = m_dataset.spec->name;
    if (auto ok = m_store.add_dataset(name, m_report.rows_filtered, m_report.filter); !ok) {
      return ok.error();
    }
    for (const auto& key : m_report.duplicated_keys) {
      if (auto ok = m_store.add_duplicate_key(name, key); !ok) return ok.error();
    }
    return std::move(m_report);
  }

 private:
  // Rows read and converted on the reading thread, waiting for the store. The reader's buffers
  // move on, so the text of the cells is copied into `text` and kept as spans of it.
  struct RowBatch {
    std::vector<std::uint64_t> lines;
    std::vector<Cell> cells;                            // one row after the other
    std::vector<std::pair<size_t, size_t>> text_spans;  // per cell: offset and size in `text`
    std::string text;

    void clear() {
      lines.clear();
      cells.clear();
      text_spans.clear();
      text.clear();
    }
  };
  static constexpr size_t k_batch_rows = 4096;
  static constexpr size_t k_batches_in_flight = 4;

  // Makes `source` the store whose files are read next: its fields, columns and parsers.
  void use_source(const PlannedSource& source) {
    m_source = &source;
    m_fields.clear();
    m_columns.clear();
    m_parsers.clear();
    m_key_hashes.emplace();
    for (size_t i : m_field_indexes) {
      const PlannedField& field = source.fields[i];
      m_fields.push_back(&field);
      m_columns.push_back(field.column);
      m_parsers.emplace_back(*field.spec, field.reading);
    }
    m_key_field = field_index(m_dataset.spec->key().name);
    for (auto& build : m_builds)
      build.index = field_index(build.field);
    for (auto& probe : m_probes)
      probe.index = field_index(probe.field);
    m_key_index.reset();
    if (m_options.duplicate_keys.count(m_dataset.spec->name)) m_key_index = m_key_field;
  }

  // Reads and converts on one thread while this one inserts: parsing and SQLite each get a core.
  Expected<void> load_file(const PlannedFile& file) {
    FileReport file_report{
        file.display_path, std::string(file_format_name(file.format)), 0, 0, {}, {},
        m_source->name};
    auto file_id =
        m_store.add_file(m_dataset.spec->name, file.display_path, file.format, m_source->name);
    if (!file_id) return file_id.error();
    auto source = open(file);
    if (!source) return fail_file(*file_id, file_report, source.error());
    RecordSource& reader = **source;
    // Rows read from a file without one of the columns would load with that field null.
    if (auto missing = m_options.fields ? missing_column(reader, m_columns) : std::nullopt) {
      return fail_file(*file_id, file_report, ReadError{0, 0, *missing});
    }
    util::BoundedQueue<RowBatch> full(k_batches_in_flight);
    util::BoundedQueue<RowBatch> spare(k_batches_in_flight + 2);
    // Where a reading that stops is: a line of a text file, a rowid of a SQLite table.
    std::string_view position = file.format == FileFormat::sqlite ? "rowid" : "line";
    m_wall_times = WallTimeTally(m_fields.size());
    std::thread reading([&] { read_rows(reader, position, file_report, full, spare); });
    Expected<void> written;
    while (auto batch = full.pop()) {
      if (written) written = write_batch(*file_id, *batch);
      if (!written) {  // stop the reader; drain what it already queued
        full.close();
        continue;
      }
      batch->clear();
      spare.push(std::move(*batch));
    }
    reading.join();
    m_wall_times.warn(m_parsers, file_report.warnings);
    save_diagnostics();
    if (!written) {
      return Error{fmt::format("cannot write to the store: {}", written.error().message)};
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
      if (reader.has_column(i)) m_report.fields[i].present = true;
    }
    warn_fields_in_no_record(reader, file_report);
    if (!file_report.error.empty()) ++m_report.files_failed;
    m_report.rows_loaded += file_report.rows_loaded;
    m_report.rows_rejected += file_report.rows_rejected;
    m_report.files.push_back(file_report);
    return m_store.finish_file(*file_id, file_report);
  }

  // A JSON file has no header: a field the rules read that no record of it has (a renamed key,
  // or nulls left out) reads as null on every row. Not an error, since JSON may omit nulls, but
  // worth a warning naming the file. Only for the fields a scan reads (LoadOptions::fields).
  void warn_fields_in_no_record(const RecordSource& reader, FileReport& file_report) const {
    if (!m_options.fields || reader.file_columns()) return;
    std::uint64_t rows = file_report.rows_loaded + file_report.rows_rejected;
    if (rows == 0) return;
    for (size_t i = 0; i < m_fields.size(); ++i) {
      if (reader.has_column(i)) continue;
      const std::string& field = m_fields[i]->spec->name;
      std::string source = m_columns[i] == field ? "" : fmt::format(" (field {})", field);
      const auto& fallback = m_fields[i]->spec->default_value;
      std::string value = !fallback ? "null" : fmt::format("{} (its default)", *fallback);
      file_report.warnings.push_back(fmt::format("no record has \"{}\"{}; its {} read it as {}",
                                                 m_columns[i], source,
                                                 util::count_noun(rows, "row", "rows"), value));
    }
  }

  // Records `file_report`'s file as unreadable for `error`.
  Expected<void> fail_file(std::int64_t file_id, FileReport& file_report, const ReadError& error) {
    file_report.error = error.text(file_report.path);
    ++m_report.files_failed;
    // A row diagnostic has no column: the line says where well enough.
    add_diagnostic({file_report.path, error.line, error.message}, true);
    save_diagnostics();
    m_report.files.push_back(file_report);
    return m_store.finish_file(file_id, file_report);
  }

  // The reading thread: every record of `reader`, converted, counted and filtered, in batches;
  // `position` names what a record's line is (a line, a rowid) in messages.
  void read_rows(RecordSource& reader, std::string_view position, FileReport& file_report,
                 util::BoundedQueue<RowBatch>& full, util::BoundedQueue<RowBatch>& spare) {
    Record record;
    std::string message;
    std::vector<Cell> cells(m_width);
    std::uint64_t rows = 0;
    RowBatch batch;
    WallTimeTally& wall_times = m_wall_times;
    while (true) {
      ReadStatus status = reader.next(record, message);
      if (status == ReadStatus::end) break;
      if (++rows % 65536 == 0 && m_options.on_progress) {
        m_options.on_progress({m_dataset.spec->name, m_report.rows_loaded + file_report.rows_loaded,
                               reader.bytes_read(), reader.bytes_total()});
      }
      if (status == ReadStatus::rejected) {
        ++file_report.rows_rejected;
        add_diagnostic({file_report.path, record.line, message}, false);
        continue;
      }
      if (status == ReadStatus::stopped) {
        // The rows after it are neither loaded nor rejected: the file is unreadable from here.
        ++file_report.rows_rejected;
        ReadError stop{record.line, 0,
                       fmt::format("reading stopped at {} {}: {}", position, record.line, message)};
        file_report.error = stop.text(file_report.path);
        add_diagnostic({file_report.path, record.line, stop.message}, true);
        break;
      }
      if (auto rejected = convert(record, cells, &wall_times)) {
        wall_times.drop_row();
        ++file_report.rows_rejected;
        add_diagnostic({file_report.path, record.line, *rejected}, false);
        continue;
      }
      wall_times.count_row(record.line);
      note_values(cells);
      add_keys(cells);
      answer_probes(cells);
      ++file_report.rows_loaded;
      if (m_key_index && cells[*m_key_index].kind == Cell::Kind::text) {
        m_key_hashes->add(key_hash(cells[*m_key_index].text));
      }
      if (m_filter.active() && !m_filter.keep(cells)) {
        ++m_report.rows_filtered;
        continue;
      }
      batch.lines.push_back(record.line);
      for (const Cell& cell : cells) {
        batch.cells.push_back(cell);
        batch.text_spans.emplace_back(batch.text.size(), cell.text.size());
        if (cell.kind == Cell::Kind::text) batch.text.append(cell.text);
      }
      if (batch.lines.size() == k_batch_rows) {
        if (!full.push(std::move(batch))) return;  // the writer failed
        batch = spare.try_pop().value_or(RowBatch{});
      }
    }
    if (!batch.lines.empty()) full.push(std::move(batch));
    full.close();
  }

  // Adds the row's keys to the key sets being built; a set that cannot hold one more is given up
  // (its keys go into a table once the dataset is loaded).
  void add_keys(const std::vector<Cell>& cells) {
    for (auto& build : m_builds) {
      if (build.build->overflowed) continue;
      const Cell& key = cells[*build.index];
      if (key.kind == Cell::Kind::text && !build.build->keys.add(key.text)) {
        build.build->overflowed = true;
        build.build->keys.clear();
      }
    }
  }

  // Sets the probes' cells (after the fields'): 1 when the field is among the keys, else 0.
  void answer_probes(std::vector<Cell>& cells) const {
    for (size_t i = 0; i < m_probes.size(); ++i) {
      const auto& probe = m_probes[i];
      Cell& answer = cells[m_fields.size() + i];
      const Cell& value = cells[*probe.index];
      answer.kind = Cell::Kind::integer;
      answer.integer = value.kind == Cell::Kind::text && probe.keys->contains(value.text) ? 1 : 0;
    }
  }

  // Reads the dataset's files again for the keys that did not fit in memory, into their table.
  Expected<void> fill_key_table(const BuildTarget& build) {
    auto writer = m_store.create_key_table(build.table, build.field);
    if (!writer) return writer.error();
    for (const auto& source : m_dataset.sources) {
      use_source(source);
      size_t index = *field_index(build.field);  // load() checked that it is loaded
      auto filled = reread_loaded_rows([&](const std::vector<Cell>& cells) -> Expected<void> {
        const Cell& key = cells[index];
        if (key.kind != Cell::Kind::text) return {};
        return writer->insert(key.text);
      });
      if (!filled) return filled;
    }
    return m_store.index_key_table(build.table, build.field);
  }

  // Reads the files of the source being read again, calling `row(cells)` for each row the load
  // counted as loaded (converted without error, before any stop). A file that loaded rows but
  // cannot be opened again is an error: what the second reading computes would miss its rows.
  template <class Row>
  Expected<void> reread_loaded_rows(Row&& row) {
    std::vector<Cell> cells(m_fields.size());
    for (const auto& file : m_source->files) {
      auto source = open(file);
      if (!source) {
        if (rows_loaded_from(file) == 0) continue;
        return Error{fmt::format("cannot read {} again: {}", file.display_path,
                                 source.error().text(file.display_path))};
      }
      Record record;
      std::string message;
      ReadStatus status;
      while ((status = (*source)->next(record, message)) != ReadStatus::end) {
        if (status == ReadStatus::stopped) break;
        if (status != ReadStatus::record || convert(record, cells)) continue;
        if (auto ok = row(cells); !ok) return ok;
      }
    }
    return {};
  }

  // The rows the load counted as loaded from `file` of the source being read.
  std::uint64_t rows_loaded_from(const PlannedFile& file) const {
    for (const auto& report : m_report.files) {
      if (report.path == file.display_path && report.source == m_source->name)
        return report.rows_loaded;
    }
    return 0;
  }

  Expected<void> write_batch(std::int64_t file_id, RowBatch& batch) {
    size_t width = m_width;
    std::string_view text = batch.text;
    for (size_t i = 0; i < batch.cells.size(); ++i) {
      Cell& cell = batch.cells[i];
      if (cell.kind == Cell::Kind::text) {
        cell.text = text.substr(batch.text_spans[i].first, batch.text_spans[i].second);
      }
    }
    for (size_t row = 0; row < batch.lines.size(); ++row) {
      if (auto ok = m_writer.insert(file_id, batch.lines[row], &batch.cells[row * width]); !ok) {
        return ok;
      }
    }
    return {};
  }

  std::optional<size_t> field_index(std::string_view name) const {
    for (size_t i = 0; i < m_fields.size(); ++i) {
      if (m_fields[i]->spec->name == name) return i;
    }
    return std::nullopt;
  }

  // The reader of one of the dataset's files, for the loaded fields' columns.
  OpenedSource open(const PlannedFile& file) const {
    return open_record_source(file.format, {file.access, file.display_path, m_source->table,
                                            m_columns, m_options.limits, m_source->dialect});
  }

  // Keys whose hash occurs more than once are counted exactly in a second reading of the
  // dataset's files (rows left out of the store have no other trace).
  Expected<void> find_duplicated_keys() {
    auto repeated = m_key_hashes->repeated();
    if (!repeated) return repeated.error();
    const std::vector<std::uint64_t>& candidates = *repeated;
    if (candidates.empty()) return {};
    std::unordered_map<std::string, std::uint64_t> counts;
    auto counted = reread_loaded_rows([&](const std::vector<Cell>& cells) -> Expected<void> {
      const Cell& key = cells[*m_key_index];
      if (key.kind == Cell::Kind::text &&
          std::binary_search(candidates.begin(), candidates.end(), key_hash(key.text))) {
        ++counts[std::string(key.text)];
      }
      return {};
    });
    if (!counted) return counted;
    for (const auto& [key, count] : counts) {
      if (count > 1) m_report.duplicated_keys.insert(key);
    }
    return {};
  }

  // Converts a record's values; returns the diagnostic of the first value that cannot be read.
  // `wall_times` (if given) notes each timestamp whose wall time was ambiguous in its zone.
  std::optional<std::string> convert(const Record& record, std::vector<Cell>& cells,
                                     WallTimeTally* wall_times = nullptr) const {
    for (size_t i = 0; i < m_parsers.size(); ++i) {
      const auto& value = record.values[i];
      if (value && value->size() > m_options.limits.max_field_size) {
        return fmt::format("{}: value of {} bytes, longer than {}", m_fields[i]->spec->name,
                           value->size(),
                           limit_note("max-field-size", m_options.limits.max_field_size, true));
      }
      util::WallTime wall = util::WallTime::unique;
      if (!m_parsers[i].parse(record.values[i], cells[i], &wall)) {
        return m_parsers[i].error_message(record.values[i].value_or(""));
      }
      if (wall_times && wall != util::WallTime::unique) wall_times->note(i, wall);
    }
    // A row without its key could be neither told apart from others nor named in a finding.
    if (m_key_field && cells[*m_key_field].kind == Cell::Kind::null) {
      const auto& value = record.values[*m_key_field];
      return fmt::format("{}: {}; every row needs its key", m_fields[*m_key_field]->spec->name,
                         value ? "empty" : "missing or null");
    }
    return std::nullopt;
  }

  void note_values(const std::vector<Cell>& cells) {
    for (size_t i = 0; i < m_report.fields.size(); ++i) {
      auto& field = m_report.fields[i];
      if (field.spec->type != FieldType::timestamp || cells[i].kind != Cell::Kind::integer)
        continue;
      std::int64_t value = cells[i].integer;
      if (!field.min || value < *field.min) field.min = value;
      if (!field.max || value > *field.max) field.max = value;
    }
  }

  void add_diagnostic(RowDiagnostic diagnostic, bool whole_file) {
    if (whole_file || m_report.diagnostics.size() < m_options.max_diagnostics) {
      m_report.diagnostics.push_back(std::move(diagnostic));
    }
  }

  // Copies the diagnostics added since the last call into the store, so that an auditor can
  // list them with sqlite3 (only this thread writes to the store).
  void save_diagnostics() {
    for (; m_saved_diagnostics < m_report.diagnostics.size(); ++m_saved_diagnostics) {
      const RowDiagnostic& diagnostic = m_report.diagnostics[m_saved_diagnostics];
      (void)m_store.add_diagnostic(m_dataset.spec->name, diagnostic.path, diagnostic.line,
                                   diagnostic.message);
    }
  }

  const PlannedDataset& m_dataset;
  Store& m_store;
  const LoadOptions& m_options;
  BoundRowFilter m_filter;            // not active(): every row is stored
  std::optional<size_t> m_key_index;  // find duplicated keys of this field
  std::optional<size_t> m_key_field;  // the key, when loaded: a row without it is rejected
  std::optional<util::RepeatedValues> m_key_hashes;  // of the store being read
  size_t m_saved_diagnostics = 0;
  std::vector<size_t> m_field_indexes;      // the loaded fields' positions in each source's fields
  const PlannedSource* m_source = nullptr;  // the store being read
  std::vector<const PlannedField*> m_fields;  // the loaded fields, of m_source
  std::vector<std::string> m_columns;         // the source column of each field in m_fields
  std::vector<ValueParser> m_parsers;
  WallTimeTally m_wall_times{0};  // the file being read's, written by the reading thread only
  TableWriter m_writer;
  DatasetReport m_report;
  std::vector<BuildTarget> m_builds;
  std::vector<ProbeTarget> m_probes;
  std::deque<FieldSpec> m_probe_specs;  // the probes' columns (a deque: addresses stay put)
  size_t m_width = 0;                   // cells per row: the fields, then the probes' answers
};

// The stored values that the conditions of `filter` look up, read from the datasets loaded so
// far. A dataset that is not in the export has no values; a field that was not loaded gets no
// entry, so the filter is not applied.
Expected<void> read_value_sets(const RowFilter& filter, const LoadReport& loaded, Store& store,
                               ValueSets& sets) {
  for (const auto& alternative : filter.alternatives) {
    for (const auto& condition : alternative) {
      if (condition.kind != RowCondition::Kind::in_dataset) continue;
      auto key = std::make_pair(condition.in_dataset, condition.in_field);
      if (sets.count(key)) continue;
      const DatasetReport* report = loaded.find(condition.in_dataset);
      if (!report) {
        sets[key];
        continue;
      }
      bool has_field =
          std::any_of(report->fields.begin(), report->fields.end(), [&](const auto& f) {
            return f.spec->name == condition.in_field && f.spec->type == FieldType::string;
          });
      if (!has_field) continue;
      auto complete =
          store.read_distinct_values(condition.in_dataset, condition.in_field, sets[key]);
      if (!complete) return complete.error();
      if (!*complete) sets.erase(key);  // too big to hold: the filter is not applied
    }
  }
  return {};
}

// Whether `options` asks for `dataset` to be loaded.
bool asked_for(const LoadOptions& options, const std::string& dataset) {
  return !options.fields || options.fields->count(dataset);
}

// The order to load the planned datasets in: each after datasets_loaded_before() it (the plan's
// order otherwise). Only datasets that `options` asks for.
std::vector<const PlannedDataset*> load_order(const ExportPlan& plan, const LoadOptions& options) {
  std::vector<const PlannedDataset*> pending;
  for (const auto& dataset : plan.datasets) {
    if (asked_for(options, dataset.spec->name)) pending.push_back(&dataset);
  }
  std::vector<const PlannedDataset*> order;
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const PlannedDataset* dataset) {
      auto names = datasets_loaded_before(dataset->spec->name, options.filters, options.probes);
      return std::none_of(pending.begin(), pending.end(), [&](const PlannedDataset* other) {
        return other != dataset && names.count(other->spec->name);
      });
    });
    // A cycle (row_filters.cpp rules them out): the rest in the plan's order.
    if (ready == pending.end()) ready = pending.begin();
    order.push_back(*ready);
    pending.erase(ready);
  }
  return order;
}

// Sets up `loader` for the probes of `dataset`: building the keys of those that read it (E), and
// answering those of its rows (Y) from keys built before, recorded in `report`. Fails when a
// probe's E has not loaded yet though the plan has it (the order rules that out).
Expected<void> set_up_probes(
    const ExportPlan& plan, const LoadOptions& options, const std::string& dataset,
    DatasetLoader& loader,
    std::map<std::pair<std::string, std::string>, std::unique_ptr<KeyBuild>>& builds,
    LoadReport& report) {
  std::set<std::pair<std::string, std::string>> wanted;
  for (const auto& probe : options.probes) {
    if (probe.in_dataset == dataset) wanted.insert({probe.in_dataset, probe.in_field});
  }
  std::size_t held = 0;
  for (const auto& [key, build] : builds)
    held += build->keys.bytes();
  std::size_t left = options.key_set_memory > held ? options.key_set_memory - held : 0;
  for (const auto& key : wanted) {
    if (builds.count(key)) continue;
    auto& build = builds[key] = std::make_unique<KeyBuild>(left / wanted.size());
    loader.build_keys(key.second, *build, KeyProbe{"", "", key.first, key.second}.key_table());
  }
  for (const auto& probe : options.probes) {
    if (probe.dataset != dataset) continue;
    bool planned = std::any_of(plan.datasets.begin(), plan.datasets.end(), [&](const auto& d) {
      return d.spec->name == probe.in_dataset && asked_for(options, probe.in_dataset);
    });
    if (!planned) continue;  // E is not in the export: the rule reads it as empty
    auto it = builds.find({probe.in_dataset, probe.in_field});
    if (it == builds.end() || it->first.first == dataset) {
      return Error{fmt::format("internal error: the keys of {}.{} are read before they are loaded",
                               probe.in_dataset, probe.in_field)};
    }
    if (it->second->overflowed) {
      report.probes.push_back({probe, ProbeAnswer::key_table});
    } else {
      loader.answer_probe(probe.column(), probe.field, it->second->keys);
      report.probes.push_back({probe, ProbeAnswer::column});
    }
  }
  return {};
}

}  // namespace

Expected<LoadReport> load_export(const ExportPlan& plan, Store& store, const LoadOptions& options) {
  LoadReport report;
  report.absent = plan.absent;
  if (auto ok = store.begin(); !ok) return ok.error();
  ValueSets value_sets;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<KeyBuild>> builds;
  for (const PlannedDataset* dataset : load_order(plan, options)) {
    const std::set<std::string>* wanted = nullptr;
    if (options.fields) wanted = &options.fields->at(dataset->spec->name);
    std::optional<RowFilter> filter;
    if (auto it = options.filters.find(dataset->spec->name); it != options.filters.end()) {
      filter = it->second;
      filter->simplify();  // so that no value set is read for an alternative that adds no row
      if (auto ok = read_value_sets(*filter, report, store, value_sets); !ok) {
        return ok.error();
      }
    }
    DatasetLoader loader(*dataset, store, options);
    if (auto ok = set_up_probes(plan, options, dataset->spec->name, loader, builds, report); !ok)
      return ok.error();
    auto loaded = loader.load(wanted, filter ? &*filter : nullptr, value_sets);
    if (!loaded) return loaded.error();
    report.datasets.push_back(std::move(*loaded));
  }
  // Reports follow the plan's (schema) order, whatever the loading order.
  std::stable_sort(report.datasets.begin(), report.datasets.end(),
                   [&](const DatasetReport& a, const DatasetReport& b) {
                     auto position = [&](const DatasetReport& r) {
                       for (size_t i = 0; i < plan.datasets.size(); ++i) {
                         if (plan.datasets[i].spec == r.spec) return i;
                       }
                       return plan.datasets.size();
                     };
                     return position(a) < position(b);
                   });
  if (auto ok = store.commit(); !ok) return ok.error();
  return report;
}

Expected<LoadReport> read_load_report(const ExportPlan& plan, Store& store,
                                      const LoadOptions& options) {
  LoadReport report;
  report.absent = plan.absent;
  for (const auto& dataset : plan.datasets) {
    if (options.fields && !options.fields->count(dataset.spec->name)) continue;
    auto read = store.read_dataset_report(*dataset.spec);
    if (!read) return read.error();
    // How timestamps were read comes from the plan, which the store's signature matched.
    const auto& planned = dataset.sources.front().fields;
    for (auto& field : read->fields) {
      for (size_t i = 0; i < planned.size(); ++i) {
        if (planned[i].spec != field.spec) continue;
        field.format = across_sources(dataset, i, format_of);
        field.timezone = across_sources(dataset, i, zone_of);
      }
    }
    report.datasets.push_back(std::move(*read));
  }
  return report;
}

}  // namespace lethe::data
