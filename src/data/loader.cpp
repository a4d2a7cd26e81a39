#include "data/loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "data/csv_reader.hpp"
#include "data/json_reader.hpp"
#include "data/sqlite_reader.hpp"
#include "util/bounded_queue.hpp"
#include "util/repeated_values.hpp"
#include "util/string_set.hpp"

namespace lethe::data {

using util::Error;
using util::Expected;

std::string RowDiagnostic::text() const {
  return line > 0 ? fmt::format("{}:{}: {}", path, line, message)
                  : fmt::format("{}: {}", path, message);
}

std::vector<std::string> DatasetReport::missing_fields() const {
  std::vector<std::string> missing;
  for (const auto& field : fields) {
    if (!field.present) missing.push_back(field.spec->name);
  }
  return missing;
}

bool LoadReport::complete() const {
  return std::all_of(datasets.begin(), datasets.end(), [](const auto& d) { return d.complete(); });
}

const DatasetReport* LoadReport::find(std::string_view dataset) const {
  for (const auto& report : datasets) {
    if (report.spec->name == dataset) return &report;
  }
  return nullptr;
}

std::string RowCondition::describe() const {
  static const char* const k_ops[] = {"=", "!=", "<", "<=", ">", ">="};
  switch (kind) {
    case Kind::not_null:
      return field + " not null";
    case Kind::is_null:
      return field + " is null";
    case Kind::in_values: {
      std::vector<std::string> quoted;
      for (const auto& value : values)
        quoted.push_back("'" + value + "'");
      return fmt::format("{} in ({})", field, fmt::join(quoted, ", "));
    }
    case Kind::in_dataset:
      return fmt::format("{} in {}.{}", field, in_dataset, in_field);
    case Kind::compare:
      return fmt::format("{} {} {}", field, k_ops[static_cast<int>(op)], number);
  }
  return "";
}

std::string RowFilter::describe() const {
  std::vector<std::string> parts;
  for (const auto& alternative : alternatives) {
    std::vector<std::string> conditions;
    for (const auto& condition : alternative)
      conditions.push_back(condition.describe());
    parts.push_back(fmt::format("[{}]", fmt::join(conditions, " and ")));
  }
  return fmt::format("{}", fmt::join(parts, " or "));
}

namespace {

// Whether every row that meets `a` meets `b` (both about one row).
bool implies(const RowCondition& a, const RowCondition& b) {
  using Kind = RowCondition::Kind;
  using Op = RowCondition::Op;
  if (a.field != b.field) return false;
  if (a.describe() == b.describe()) return true;
  // Every condition but is_null needs a value.
  if (b.kind == Kind::not_null) return a.kind != Kind::is_null;
  if (a.kind != Kind::compare || b.kind != Kind::compare) return false;
  // Bounds, made inclusive: f < n is f <= n - 1.
  auto upper = [](const RowCondition& c) -> std::optional<std::int64_t> {
    if (c.op == Op::less_equal || c.op == Op::equal) return c.number;
    if (c.op == Op::less && c.number > INT64_MIN) return c.number - 1;
    return std::nullopt;
  };
  auto lower = [](const RowCondition& c) -> std::optional<std::int64_t> {
    if (c.op == Op::greater_equal || c.op == Op::equal) return c.number;
    if (c.op == Op::greater && c.number < INT64_MAX) return c.number + 1;
    return std::nullopt;
  };
  if (b.op == Op::less || b.op == Op::less_equal) {
    auto a_max = upper(a), b_max = upper(b);
    return a_max && b_max && *a_max <= *b_max;
  }
  if (b.op == Op::greater || b.op == Op::greater_equal) {
    auto a_min = lower(a), b_min = lower(b);
    return a_min && b_min && *a_min >= *b_min;
  }
  return false;
}

// Whether every row that meets all of `a` meets all of `b`.
bool implies_all(const std::vector<RowCondition>& a, const std::vector<RowCondition>& b) {
  return std::all_of(b.begin(), b.end(), [&](const RowCondition& wanted) {
    return std::any_of(a.begin(), a.end(),
                       [&](const RowCondition& given) { return implies(given, wanted); });
  });
}

}  // namespace

void RowFilter::simplify() {
  std::vector<std::vector<RowCondition>> kept;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    bool redundant = false;
    for (size_t j = 0; j < alternatives.size() && !redundant; ++j) {
      if (i == j || !implies_all(alternatives[i], alternatives[j])) continue;
      // Of two alternatives that imply each other, the first stays.
      redundant = !implies_all(alternatives[j], alternatives[i]) || j < i;
    }
    if (!redundant) kept.push_back(alternatives[i]);
  }
  alternatives = std::move(kept);
}

namespace {

Expected<std::unique_ptr<RecordSource>> open_source(const PlannedFile& file,
                                                    const PlannedDataset& dataset,
                                                    std::vector<std::string> columns,
                                                    const Limits& limits) {
  switch (file.format) {
    case FileFormat::csv:
      return open_csv_source(file.path, file.display_path, ',', std::move(columns), limits);
    case FileFormat::tsv:
      return open_csv_source(file.path, file.display_path, '\t', std::move(columns), limits);
    case FileFormat::ndjson:
      return open_json_source(file.path, file.display_path, JsonLayout::lines, std::move(columns),
                              limits);
    case FileFormat::json:
      return open_json_source(file.path, file.display_path, JsonLayout::array, std::move(columns),
                              limits);
    case FileFormat::sqlite:
      return open_sqlite_source(file.path, file.display_path, dataset.table, std::move(columns),
                                limits);
  }
  return Error{"unknown format"};
}

// A reader's error is a complete message ("path: what", "path:line: what" or
// "path:line:column: what"); the diagnostic keeps the path and line apart from what is wrong,
// so that no report says the path twice.
RowDiagnostic file_diagnostic(const std::string& path, const std::string& message) {
  std::string_view rest = message;
  if (rest.substr(0, path.size()) != path || rest.size() <= path.size() || rest[path.size()] != ':')
    return {path, 0, message};
  rest.remove_prefix(path.size() + 1);
  std::uint64_t line = 0;
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 18) {
    line = line * 10 + static_cast<std::uint64_t>(rest[digits] - '0');
    ++digits;
  }
  if (digits > 0 && digits < rest.size() && rest[digits] == ':') {
    rest.remove_prefix(digits + 1);
    // A column ("path:3:7: ...") has no place in a row diagnostic.
    size_t column_digits = 0;
    while (column_digits < rest.size() && rest[column_digits] >= '0' && rest[column_digits] <= '9')
      ++column_digits;
    if (column_digits > 0 && column_digits < rest.size() && rest[column_digits] == ':')
      rest.remove_prefix(column_digits + 1);
  } else {
    line = 0;
  }
  if (rest.substr(0, 1) == " ") rest.remove_prefix(1);
  return {path, line, std::string(rest)};
}

// The values of one stored field, for RowCondition::in_dataset.
using ValueSet = util::StringSet;
using ValueSets = std::map<std::pair<std::string, std::string>, ValueSet>;

// A key's hash for finding duplicates; equal hashes are then checked on the keys themselves.
std::uint64_t key_hash(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

class DatasetLoader {
  struct Condition {
    const RowCondition* spec;
    size_t field;            // index into m_fields
    const ValueSet* values;  // in_values and in_dataset
  };

 public:
  DatasetLoader(const ExportPlan& plan, const PlannedDataset& dataset, Store& store,
                const LoadOptions& options, const RowFilter* filter, const ValueSets& value_sets)
      : m_plan(plan),
        m_dataset(dataset),
        m_store(store),
        m_options(options),
        m_filter(filter),
        m_value_sets(value_sets) {}

  Expected<DatasetReport> load(const std::set<std::string>* wanted) {
    m_report.spec = m_dataset.spec;
    std::vector<const FieldSpec*> specs;
    for (const auto& field : m_dataset.fields) {
      if (wanted && !wanted->count(field.spec->name)) continue;
      m_fields.push_back(&field);
      specs.push_back(field.spec);
      m_parsers.emplace_back(*field.spec, field.format, m_plan.timezone_offset_seconds);
      FieldReport report;
      report.spec = field.spec;
      report.source = field.column;
      if (field.spec->type == FieldType::timestamp) report.format = field.format.describe();
      m_report.fields.push_back(std::move(report));
    }
    auto writer = m_store.create_table(*m_dataset.spec, specs);
    if (!writer) return writer.error();
    m_writer = std::move(*writer);
    if (m_options.duplicate_keys.count(m_dataset.spec->name))
      m_key_index = field_index(m_dataset.spec->key().name);
    if (m_filter) resolve_filter();
    for (const auto& file : m_dataset.files) {
      if (auto ok = load_file(file); !ok) return ok.error();
    }
    if (m_key_index) {
      if (auto ok = find_duplicated_keys(); !ok) return ok.error();
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

  // Reads and converts on one thread while this one inserts: parsing and SQLite each get a core.
  Expected<void> load_file(const PlannedFile& file) {
    FileReport file_report{file.display_path, std::string(file_format_name(file.format)), 0, 0, {}};
    auto file_id = m_store.add_file(m_dataset.spec->name, file.display_path, file.format);
    if (!file_id) return file_id.error();
    std::vector<std::string> columns;
    for (const auto* field : m_fields)
      columns.push_back(field->column);
    auto source = open_source(file, m_dataset, columns, m_options.limits);
    if (!source) {
      file_report.error = source.error().message;
      ++m_report.files_failed;
      add_diagnostic(file_diagnostic(file.display_path, file_report.error), true);
      save_diagnostics();
      m_report.files.push_back(file_report);
      return m_store.finish_file(*file_id, 0, 0, file_report.error);
    }
    RecordSource& reader = **source;
    util::BoundedQueue<RowBatch> full(k_batches_in_flight);
    util::BoundedQueue<RowBatch> spare(k_batches_in_flight + 2);
    std::thread reading([&] { read_rows(reader, file_report, full, spare); });
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
    save_diagnostics();
    if (!written) {
      return Error{fmt::format("cannot write to the store: {}", written.error().message)};
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
      if (reader.has_column(i)) m_report.fields[i].present = true;
    }
    m_report.rows_loaded += file_report.rows_loaded;
    m_report.rows_rejected += file_report.rows_rejected;
    m_report.files.push_back(file_report);
    return m_store.finish_file(*file_id, file_report.rows_loaded, file_report.rows_rejected, {});
  }

  // The reading thread: every record of `reader`, converted, counted and filtered, in batches.
  void read_rows(RecordSource& reader, FileReport& file_report, util::BoundedQueue<RowBatch>& full,
                 util::BoundedQueue<RowBatch>& spare) {
    Record record;
    std::string message;
    std::vector<Cell> cells(m_fields.size());
    std::uint64_t rows = 0;
    RowBatch batch;
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
      if (auto rejected = convert(record, cells)) {
        ++file_report.rows_rejected;
        add_diagnostic({file_report.path, record.line, *rejected}, false);
        continue;
      }
      note_values(cells);
      ++file_report.rows_loaded;
      if (m_key_index && cells[*m_key_index].kind == Cell::Kind::text) {
        m_key_hashes.add(key_hash(cells[*m_key_index].text));
      }
      if (!m_alternatives.empty() && !keep(cells)) {
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

  Expected<void> write_batch(std::int64_t file_id, RowBatch& batch) {
    size_t width = m_fields.size();
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

  // Turns the filter's field names into indexes and its value lists into sets; a condition
  // on a field that is not loaded cannot be checked, so then every row is kept.
  void resolve_filter() {
    for (const auto& alternative : m_filter->alternatives) {
      std::vector<Condition> conditions;
      for (const auto& condition : alternative) {
        auto index = field_index(condition.field);
        if (!index) {
          m_alternatives.clear();
          return;
        }
        Condition resolved{&condition, *index, nullptr};
        if (condition.kind == RowCondition::Kind::in_dataset) {
          auto it = m_value_sets.find({condition.in_dataset, condition.in_field});
          if (it == m_value_sets.end()) {
            m_alternatives.clear();
            return;
          }
          resolved.values = &it->second;
        } else if (condition.kind == RowCondition::Kind::in_values) {
          ValueSet& set = m_own_sets.emplace_back();
          for (const auto& value : condition.values) {
            if (!set.insert(value)) {
              m_alternatives.clear();
              return;
            }
          }
          resolved.values = &set;
        }
        conditions.push_back(resolved);
      }
      if (conditions.empty()) {  // an alternative without conditions keeps every row
        m_alternatives.clear();
        return;
      }
      // Set lookups last: they cost a cache miss where the others cost nothing.
      std::stable_sort(
          conditions.begin(), conditions.end(),
          [](const Condition& a, const Condition& b) { return !a.values && b.values; });
      m_alternatives.push_back(std::move(conditions));
    }
    order_alternatives();
    RowFilter applied;
    for (const auto& alternative : m_alternatives) {
      applied.alternatives.emplace_back();
      for (const auto& condition : alternative)
        applied.alternatives.back().push_back(*condition.spec);
    }
    m_report.filter = applied.describe();
  }

  // The cheapest alternatives go first: a row that meets one is not looked up further.
  void order_alternatives() {
    auto lookups = [](const std::vector<Condition>& alternative) {
      return std::count_if(alternative.begin(), alternative.end(),
                           [](const Condition& c) { return c.values != nullptr; });
    };
    std::stable_sort(m_alternatives.begin(), m_alternatives.end(),
                     [&](const auto& a, const auto& b) { return lookups(a) < lookups(b); });
  }

  static bool holds(const Condition& condition, const Cell& cell) {
    using Kind = RowCondition::Kind;
    using Op = RowCondition::Op;
    switch (condition.spec->kind) {
      case Kind::not_null:
        return cell.kind != Cell::Kind::null;
      case Kind::is_null:
        return cell.kind == Cell::Kind::null;
      case Kind::in_values:
      case Kind::in_dataset:
        return cell.kind == Cell::Kind::text && condition.values->contains(cell.text);
      case Kind::compare: {
        if (cell.kind != Cell::Kind::integer) return false;
        std::int64_t value = cell.integer, number = condition.spec->number;
        switch (condition.spec->op) {
          case Op::equal:
            return value == number;
          case Op::not_equal:
            return value != number;
          case Op::less:
            return value < number;
          case Op::less_equal:
            return value <= number;
          case Op::greater:
            return value > number;
          case Op::greater_equal:
            return value >= number;
        }
      }
    }
    return false;
  }

  bool keep(const std::vector<Cell>& cells) const {
    for (const auto& alternative : m_alternatives) {
      bool all = std::all_of(alternative.begin(), alternative.end(),
                             [&](const Condition& c) { return holds(c, cells[c.field]); });
      if (all) return true;
    }
    return false;
  }

  // Keys whose hash occurs more than once are counted exactly in a second reading of the
  // dataset's files (rows left out of the store have no other trace).
  Expected<void> find_duplicated_keys() {
    auto repeated = m_key_hashes.repeated();
    if (!repeated) return repeated.error();
    const std::vector<std::uint64_t>& candidates = *repeated;
    if (candidates.empty()) return {};
    std::unordered_map<std::string, std::uint64_t> counts;
    std::vector<std::string> columns;
    for (const auto* field : m_fields)
      columns.push_back(field->column);
    std::vector<Cell> cells(m_fields.size());
    for (const auto& file : m_dataset.files) {
      auto source = open_source(file, m_dataset, columns, m_options.limits);
      if (!source) continue;
      Record record;
      std::string message;
      ReadStatus status;
      while ((status = (*source)->next(record, message)) != ReadStatus::end) {
        if (status == ReadStatus::rejected || convert(record, cells)) continue;
        const Cell& key = cells[*m_key_index];
        if (key.kind == Cell::Kind::text &&
            std::binary_search(candidates.begin(), candidates.end(), key_hash(key.text))) {
          ++counts[std::string(key.text)];
        }
      }
    }
    for (const auto& [key, count] : counts) {
      if (count > 1) m_report.duplicated_keys.insert(key);
    }
    return {};
  }

  // Converts a record's values; returns the diagnostic of the first value that cannot be read.
  std::optional<std::string> convert(const Record& record, std::vector<Cell>& cells) const {
    for (size_t i = 0; i < m_parsers.size(); ++i) {
      const auto& value = record.values[i];
      if (value && value->size() > m_options.limits.max_field_size) {
        return fmt::format("{}: value of {} bytes, longer than {}", m_fields[i]->spec->name,
                           value->size(),
                           limit_note("max-field-size", m_options.limits.max_field_size, true));
      }
      if (!m_parsers[i].parse(record.values[i], cells[i])) {
        return m_parsers[i].error_message(record.values[i].value_or(""));
      }
    }
    return std::nullopt;
  }

  void note_values(const std::vector<Cell>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
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

  const ExportPlan& m_plan;
  const PlannedDataset& m_dataset;
  Store& m_store;
  const LoadOptions& m_options;
  const RowFilter* m_filter;
  const ValueSets& m_value_sets;
  std::deque<ValueSet> m_own_sets;  // in_values sets (a deque: their addresses stay put)
  std::vector<std::vector<Condition>> m_alternatives;  // empty: keep every row
  std::optional<size_t> m_key_index;                   // find duplicated keys of this field
  util::RepeatedValues m_key_hashes;
  size_t m_saved_diagnostics = 0;
  std::vector<const PlannedField*> m_fields;
  std::vector<ValueParser> m_parsers;
  TableWriter m_writer;
  DatasetReport m_report;
};

}  // namespace

namespace {

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
      auto statement =
          store.db().prepare(fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {0} IS NOT NULL",
                                         util::quote_identifier(condition.in_field),
                                         util::quote_identifier(condition.in_dataset)));
      if (!statement) return statement.error();
      ValueSet& set = sets[key];
      bool complete = true;
      while (complete && statement->step() == SQLITE_ROW)
        complete = set.insert(statement->column_text(0));
      if (!complete) sets.erase(key);  // too big to hold: the filter is not applied
    }
  }
  return {};
}

}  // namespace

Expected<LoadReport> load_export(const ExportPlan& plan, Store& store, const LoadOptions& options) {
  LoadReport report;
  report.absent = plan.absent;
  if (auto ok = store.begin(); !ok) return ok.error();
  // Datasets whose filter looks into other datasets are loaded last, once those are stored.
  auto looks_into_others = [&](const PlannedDataset& dataset) {
    auto it = options.filters.find(dataset.spec->name);
    if (it == options.filters.end()) return false;
    for (const auto& alternative : it->second.alternatives) {
      for (const auto& condition : alternative) {
        if (condition.kind == RowCondition::Kind::in_dataset) return true;
      }
    }
    return false;
  };
  std::vector<const PlannedDataset*> order;
  for (const auto& dataset : plan.datasets) {
    if (!looks_into_others(dataset)) order.push_back(&dataset);
  }
  for (const auto& dataset : plan.datasets) {
    if (looks_into_others(dataset)) order.push_back(&dataset);
  }
  ValueSets value_sets;
  for (const PlannedDataset* dataset : order) {
    const std::set<std::string>* wanted = nullptr;
    if (options.fields) {
      auto it = options.fields->find(dataset->spec->name);
      if (it == options.fields->end()) continue;
      wanted = &it->second;
    }
    std::optional<RowFilter> filter;
    if (auto it = options.filters.find(dataset->spec->name); it != options.filters.end()) {
      filter = it->second;
      filter->simplify();  // so that no value set is read for an alternative that adds no row
      if (auto ok = read_value_sets(*filter, report, store, value_sets); !ok) {
        return ok.error();
      }
    }
    auto loaded =
        DatasetLoader(plan, *dataset, store, options, filter ? &*filter : nullptr, value_sets)
            .load(wanted);
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

namespace {

Expected<DatasetReport> read_dataset_report(const PlannedDataset& dataset, Store& store) {
  DatasetReport report;
  report.spec = dataset.spec;
  const std::string& name = dataset.spec->name;
  auto files = store.db().prepare(
      "SELECT path, format, rows_loaded, rows_rejected, error FROM lethe_files WHERE dataset = ?1 "
      "ORDER BY file_id");
  if (!files) return files.error();
  files->bind_text(1, name);
  while (files->step() == SQLITE_ROW) {
    FileReport file;
    file.path = std::string(files->column_text(0));
    file.format = std::string(files->column_text(1));
    file.rows_loaded = static_cast<std::uint64_t>(files->column_int(2));
    file.rows_rejected = static_cast<std::uint64_t>(files->column_int(3));
    file.error = std::string(files->column_text(4));
    report.rows_loaded += file.rows_loaded;
    report.rows_rejected += file.rows_rejected;
    if (!file.error.empty()) ++report.files_failed;
    report.files.push_back(std::move(file));
  }
  auto fields = store.db().prepare(
      "SELECT field, source_column, present, min_value, max_value FROM lethe_fields "
      "WHERE dataset = ?1 ORDER BY rowid");
  if (!fields) return fields.error();
  fields->bind_text(1, name);
  while (fields->step() == SQLITE_ROW) {
    FieldReport field;
    field.spec = dataset.spec->find(fields->column_text(0));
    if (!field.spec) return Error{fmt::format("the store has an unknown field {}", name)};
    field.source = std::string(fields->column_text(1));
    field.present = fields->column_int(2) != 0;
    if (!fields->column_is_null(3)) field.min = fields->column_int(3);
    if (!fields->column_is_null(4)) field.max = fields->column_int(4);
    for (const auto& planned : dataset.fields) {
      if (planned.spec == field.spec && field.spec->type == FieldType::timestamp) {
        field.format = planned.format.describe();
      }
    }
    report.fields.push_back(std::move(field));
  }
  auto diagnostics = store.db().prepare(
      "SELECT path, line, message FROM lethe_diagnostics WHERE dataset = ?1 ORDER BY rowid");
  if (!diagnostics) return diagnostics.error();
  diagnostics->bind_text(1, name);
  while (diagnostics->step() == SQLITE_ROW) {
    report.diagnostics.push_back({std::string(diagnostics->column_text(0)),
                                  static_cast<std::uint64_t>(diagnostics->column_int(1)),
                                  std::string(diagnostics->column_text(2))});
  }
  auto summary =
      store.db().prepare("SELECT rows_filtered, filter FROM lethe_datasets WHERE dataset = ?1");
  if (!summary) return summary.error();
  summary->bind_text(1, name);
  if (summary->step() != SQLITE_ROW) return Error{fmt::format("the store has no {}", name)};
  report.rows_filtered = static_cast<std::uint64_t>(summary->column_int(0));
  report.filter = std::string(summary->column_text(1));
  auto duplicates = store.db().prepare("SELECT key FROM lethe_duplicate_keys WHERE dataset = ?1");
  if (!duplicates) return duplicates.error();
  duplicates->bind_text(1, name);
  while (duplicates->step() == SQLITE_ROW)
    report.duplicated_keys.emplace(duplicates->column_text(0));
  return report;
}

}  // namespace

Expected<LoadReport> read_load_report(const ExportPlan& plan, Store& store,
                                      const LoadOptions& options) {
  LoadReport report;
  report.absent = plan.absent;
  for (const auto& dataset : plan.datasets) {
    if (options.fields && !options.fields->count(dataset.spec->name)) continue;
    auto read = read_dataset_report(dataset, store);
    if (!read) return read.error();
    report.datasets.push_back(std::move(*read));
  }
  return report;
}

}  // namespace lethe::data
