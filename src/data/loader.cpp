#include "data/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "data/csv_reader.hpp"
#include "data/json_reader.hpp"
#include "data/sqlite_reader.hpp"

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

namespace {

Expected<std::unique_ptr<RecordSource>> open_source(const PlannedFile& file,
                                                    const PlannedDataset& dataset,
                                                    std::vector<std::string> columns) {
  switch (file.format) {
    case FileFormat::csv:
      return open_csv_source(file.path, file.display_path, ',', std::move(columns));
    case FileFormat::tsv:
      return open_csv_source(file.path, file.display_path, '\t', std::move(columns));
    case FileFormat::ndjson:
      return open_json_source(file.path, file.display_path, JsonLayout::lines, std::move(columns));
    case FileFormat::json:
      return open_json_source(file.path, file.display_path, JsonLayout::array, std::move(columns));
    case FileFormat::sqlite:
      return open_sqlite_source(file.path, file.display_path, dataset.table, std::move(columns));
  }
  return Error{"unknown format"};
}

class DatasetLoader {
 public:
  DatasetLoader(const ExportPlan& plan, const PlannedDataset& dataset, Store& store,
                const LoadOptions& options)
      : m_plan(plan), m_dataset(dataset), m_store(store), m_options(options) {}

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
    for (const auto& file : m_dataset.files) {
      if (auto ok = load_file(file); !ok) return ok.error();
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
      const auto& field = m_report.fields[i];
      if (auto ok =
              m_store.add_field(m_dataset.spec->name, *field.spec, field.source, field.present);
          !ok) {
        return ok.error();
      }
    }
    return std::move(m_report);
  }

 private:
  Expected<void> load_file(const PlannedFile& file) {
    FileReport file_report{file.display_path, file.format, 0, 0, {}};
    auto file_id = m_store.add_file(m_dataset.spec->name, file.display_path, file.format);
    if (!file_id) return file_id.error();
    std::vector<std::string> columns;
    for (const auto* field : m_fields)
      columns.push_back(field->column);
    auto source = open_source(file, m_dataset, columns);
    if (!source) {
      file_report.error = source.error().message;
      ++m_report.files_failed;
      add_diagnostic({file.display_path, 0, file_report.error}, true);
      m_report.files.push_back(file_report);
      return m_store.finish_file(*file_id, 0, 0, file_report.error);
    }
    RecordSource& reader = **source;
    Record record;
    std::string message;
    std::vector<Cell> cells(m_fields.size());
    std::uint64_t rows = 0;
    while (true) {
      ReadStatus status = reader.next(record, message);
      if (status == ReadStatus::end) break;
      if (++rows % 65536 == 0 && m_options.on_progress) {
        m_options.on_progress({m_dataset.spec->name, m_report.rows_loaded + file_report.rows_loaded,
                               reader.bytes_read(), reader.bytes_total()});
      }
      if (status == ReadStatus::rejected) {
        ++file_report.rows_rejected;
        add_diagnostic({file.display_path, record.line, message}, false);
        continue;
      }
      if (auto rejected = convert(record, cells)) {
        ++file_report.rows_rejected;
        add_diagnostic({file.display_path, record.line, *rejected}, false);
        continue;
      }
      if (auto ok = m_writer.insert(*file_id, record.line, cells); !ok) {
        return Error{fmt::format("cannot write to the store: {}", ok.error().message)};
      }
      note_values(cells);
      ++file_report.rows_loaded;
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
      if (reader.has_column(i)) m_report.fields[i].present = true;
    }
    m_report.rows_loaded += file_report.rows_loaded;
    m_report.rows_rejected += file_report.rows_rejected;
    m_report.files.push_back(file_report);
    return m_store.finish_file(*file_id, file_report.rows_loaded, file_report.rows_rejected, {});
  }

  // Converts a record's values; returns the diagnostic of the first value that cannot be read.
  std::optional<std::string> convert(const Record& record, std::vector<Cell>& cells) const {
    for (size_t i = 0; i < m_parsers.size(); ++i) {
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
      // Kept in the store too, so that an auditor can list them with sqlite3.
      (void)m_store.add_diagnostic(m_dataset.spec->name, diagnostic.path, diagnostic.line,
                                   diagnostic.message);
      m_report.diagnostics.push_back(std::move(diagnostic));
    }
  }

  const ExportPlan& m_plan;
  const PlannedDataset& m_dataset;
  Store& m_store;
  const LoadOptions& m_options;
  std::vector<const PlannedField*> m_fields;
  std::vector<ValueParser> m_parsers;
  TableWriter m_writer;
  DatasetReport m_report;
};

}  // namespace

Expected<LoadReport> load_export(const ExportPlan& plan, Store& store, const LoadOptions& options) {
  LoadReport report;
  report.absent = plan.absent;
  if (auto ok = store.begin(); !ok) return ok.error();
  for (const auto& dataset : plan.datasets) {
    const std::set<std::string>* wanted = nullptr;
    if (options.fields) {
      auto it = options.fields->find(dataset.spec->name);
      if (it == options.fields->end()) continue;
      wanted = &it->second;
    }
    auto loaded = DatasetLoader(plan, dataset, store, options).load(wanted);
    if (!loaded) return loaded.error();
    report.datasets.push_back(std::move(*loaded));
  }
  if (auto ok = store.commit(); !ok) return ok.error();
  return report;
}

}  // namespace lethe::data
