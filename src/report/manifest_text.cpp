#include "report/manifest_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "util/strings.hpp"

namespace lethe::report {

namespace {

using engine::GuessedColumn;
using engine::GuessedDataset;
using engine::GuessedSource;

// Plain scalars that YAML would read as something other than a string.
constexpr auto k_reserved = std::to_array<std::string_view>(
    {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", ".nan"});

bool plain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
         c == '_' || c == '.' || c == '(' || c == ')' || c == '/' || c == '-';
}

bool looks_numeric(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; });
}

// A comment's text on one line.
std::string comment_text(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

void comment(std::string& out, int indent, std::string_view text) {
  out += fmt::format("{:{}}# {}\n", "", indent, comment_text(text));
}

std::string flow_list(const std::vector<std::string>& items) {
  std::vector<std::string> scalars;
  for (const auto& item : items)
    scalars.push_back(yaml_scalar(item));
  return "[" + util::join(scalars, ", ") + "]";
}

// A column mapping's value: the column, or {column, format, values}.
std::string mapping_value(const GuessedColumn& column) {
  if (column.formats.empty() && column.values.empty()) return yaml_scalar(column.column);
  std::vector<std::string> parts = {"column: " + yaml_scalar(column.column)};
  if (column.formats.size() == 1)
    parts.push_back("format: " + util::double_quoted(column.formats.front()));
  if (column.formats.size() > 1) {
    std::vector<std::string> formats;
    for (const auto& format : column.formats)
      formats.push_back(util::double_quoted(format));
    parts.push_back("format: [" + util::join(formats, ", ") + "]");
  }
  if (!column.values.empty()) {
    std::vector<std::string> codes;
    for (const auto& [code, value] : column.values)
      codes.push_back(util::double_quoted(code) + ": " + util::double_quoted(value));
    parts.push_back("values: {" + util::join(codes, ", ") + "}");
  }
  return "{" + util::join(parts, ", ") + "}";
}

void render_columns(std::string& out, int indent, const GuessedSource& source) {
  if (source.columns.empty()) {
    comment(out, indent, "columns: none proposed");
  } else {
    out += fmt::format("{:{}}columns:\n", "", indent);
  }
  int inner = indent + 2;
  for (const auto& column : source.columns) {
    if (!column.todo.empty())
      comment(out, inner, fmt::format("TODO: {}: {}", column.field, column.todo));
    out += fmt::format("{:{}}{}: {}\n", "", inner, column.field, mapping_value(column));
  }
  for (const auto& field : source.unmapped)
    comment(out, inner, fmt::format("TODO: {}: {}", field.field, field.todo));
}

// A store's keys at `indent`; `first` starts its first line (a list item's "- ").
void render_source(std::string& out, int indent, const GuessedSource& source, std::string first) {
  auto line = [&](const std::string& text) {
    out += fmt::format("{:{}}{}{}\n", "", indent - static_cast<int>(first.size()), first, text);
    first.clear();
  };
  if (!source.name.empty()) line("name: " + yaml_scalar(source.name));
  if (source.files.size() == 1) {
    line("files: " + flow_list(source.files));
  } else {
    line("files:");
    for (const auto& file : source.files)
      out += fmt::format("{:{}}- {}\n", "", indent + 2, yaml_scalar(file));
  }
  if (!source.format_from_name || source.format == data::FileFormat::sqlite)
    line(fmt::format("format: {}", data::file_format_name(source.format)));
  if (!source.table.empty()) line("table: " + yaml_scalar(source.table));
  if (source.dialect.delimiter)
    line("delimiter: " + util::double_quoted(std::string(1, *source.dialect.delimiter)));
  if (!source.dialect_todo.empty()) comment(out, indent, "TODO: " + source.dialect_todo);
  if (source.dialect.encoding != data::TextEncoding::utf8)
    line(fmt::format("encoding: {}", data::text_encoding_name(source.dialect.encoding)));
  render_columns(out, indent, source);
}

void render_dataset(std::string& out, const GuessedDataset& dataset) {
  out += fmt::format("  {}:\n", dataset.name);
  for (const auto& todo : dataset.todos)
    comment(out, 4, "TODO: " + todo);
  if (dataset.sources.size() == 1) {
    render_source(out, 4, dataset.sources.front(), "");
    return;
  }
  out += "    sources:\n";
  for (const auto& source : dataset.sources)
    render_source(out, 8, source, "- ");
}

void render_heading(std::string& out, const engine::ManifestGuess& guess,
                    const ManifestTextContext& context) {
  comment(out, 0,
          fmt::format("A starter manifest for {}, proposed by `lethe init` from the first {} rows",
                      context.export_name, context.sample_rows));
  comment(out, 0, "of each file. Review every mapping (each TODO is a decision left to you), keep");
  comment(out, 0, "it outside the export, and check it with: lethe inspect EXPORT --manifest FILE");
  out += "version: 1\n";
  out += "name: " + yaml_scalar(context.export_name) + "\n";
  if (guess.wall_time_columns.empty()) return;
  comment(out, 0, "TODO: timezone: these timestamps have no UTC offset and are read as UTC unless");
  comment(out, 0, "  `timezone:` gives their zone (an IANA name or +HH:MM):");
  for (const auto& column : guess.wall_time_columns)
    comment(out, 0, "  - " + column);
}

void render_unassigned(std::string& out, const engine::ManifestGuess& guess) {
  if (guess.unassigned.empty()) return;
  comment(out, 0,
          "TODO: files no dataset is proposed for (name one in a dataset's files to read it):");
  for (const auto& file : guess.unassigned)
    comment(out, 0, fmt::format("  - {}: {}", file.path, file.reason));
}

}  // namespace

std::string yaml_scalar(std::string_view text) {
  bool plain = !text.empty() && text.front() != ' ' && text.back() != ' ' && text.front() != '-' &&
               text.front() != '.' && !looks_numeric(text) &&
               std::all_of(text.begin(), text.end(), plain_char) &&
               std::none_of(k_reserved.begin(), k_reserved.end(),
                            [&](std::string_view word) { return util::iequals(word, text); });
  return plain ? std::string(text) : util::double_quoted(text);
}

std::string render_manifest(const engine::ManifestGuess& guess,
                            const ManifestTextContext& context) {
  std::string out;
  render_heading(out, guess, context);
  if (guess.datasets.empty()) {
    comment(out, 0, "TODO: no file was proposed for any dataset");
    out += "datasets: {}\n";
  } else {
    out += "datasets:\n";
    for (const auto& dataset : guess.datasets)
      render_dataset(out, dataset);
  }
  render_unassigned(out, guess);
  return out;
}

}  // namespace lethe::report
