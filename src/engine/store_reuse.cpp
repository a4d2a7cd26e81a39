#include "engine/store_reuse.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>

#include "engine/finding_codec.hpp"
#include "util/byte_codec.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"
#include "util/time_zone.hpp"

namespace lethe::engine {

namespace {

// Bumped whenever what a store holds, or how it is encoded, changes.
constexpr int k_store_format = 4;

std::string digest_of(const AuditTrail& audit, const std::string& path, bool rule) {
  for (const auto& digest : rule ? audit.rules : audit.inputs) {
    if (digest.path == path) return digest.sha256;
  }
  return "-";
}

// What one store of a dataset is read from and how: the `wanted` fields (null: all).
std::string source_signature(const data::PlannedSource& source, const std::set<std::string>* wanted,
                             const AuditTrail& audit) {
  const data::TextDialect& dialect = source.dialect;
  std::string text = fmt::format("  source {} table {} dialect {} {} {} {} {}\n", source.name,
                                 source.table, dialect.delimiter ? int(*dialect.delimiter) : -1,
                                 int(dialect.quote), data::text_encoding_name(dialect.encoding),
                                 dialect.header == data::HeaderRow::names,
                                 util::join(dialect.null_values, "\x1f"));
  for (const auto& field : source.fields) {
    if (wanted && !wanted->count(field.spec->name)) continue;
    std::string values;
    for (const auto& [code, value] : field.reading.values) {
      values.append(code).append("\x1f").append(value).append("\x1e");
    }
    text += fmt::format("    field {} {} {} {} {} {}\n", field.spec->name,
                        data::field_type_name(field.spec->type), field.column,
                        field.reading.describe_formats(), field.reading.timezone.name(),
                        util::sha256_hex(values));
  }
  for (const auto& file : source.files) {
    text +=
        fmt::format("    file {} {} {}\n", file.display_path, data::file_format_name(file.format),
                    digest_of(audit, file.display_path, false));
  }
  return text;
}

}  // namespace

std::string store_signature(const data::ExportPlan& plan, const data::LoadOptions& options,
                            const AuditTrail& audit) {
  // The zone rules come from the system's tz database, which an upgrade changes.
  std::string text =
      fmt::format("lethe {} store {}\ntimezone {} {}\nmanifest {} {}\n", LETHE_VERSION,
                  k_store_format, plan.timezone.name(), util::tz_database_version(),
                  plan.manifest_path, digest_of(audit, plan.manifest_path, false));
  for (const auto& dataset : plan.datasets) {
    const std::string& name = dataset.spec->name;
    if (options.fields && !options.fields->count(name)) continue;
    text += fmt::format("dataset {}\n", name);
    for (const auto& source : dataset.sources) {
      text += source_signature(source, options.fields ? &options.fields->at(name) : nullptr, audit);
    }
    auto filter = options.filters.find(name);
    text += fmt::format("  filter {}\n  duplicate keys {}\n",
                        filter == options.filters.end() ? "-" : filter->second.describe(),
                        options.duplicate_keys.count(name) ? 1 : 0);
  }
  for (const auto& probe : options.probes)
    text += fmt::format("probe {}\n", probe.describe());
  text += fmt::format("max diagnostics {}\n", options.max_diagnostics);
  // The limits decide which rows are rejected, so a store loaded under others is not reused.
  text += fmt::format("limits {} {} {}\n", options.limits.max_field_size,
                      options.limits.max_record_size, options.limits.max_nesting_depth);
  return util::sha256_hex(text);
}

std::string rule_signature(const std::string& store_signature, const rules::Rule& rule,
                           const AuditTrail& audit, std::int64_t as_of, bool reveal_pii) {
  std::string text =
      fmt::format("store {}\nrule {} {} {}\nas_of {}\nreveal_pii {}\n", store_signature, rule.id,
                  rule.path, digest_of(audit, rule.path, true), as_of, reveal_pii ? 1 : 0);
  for (const auto& param : rule.params)
    text += fmt::format("param {}={}\n", param.name, param.value.to_source());
  return util::sha256_hex(text);
}

std::string encode_rule_result(const RuleResult& result, const std::vector<Finding>& findings) {
  EncodedFindings encoded;
  for (const auto& finding : findings)
    encoded.add(finding);
  return encode_rule_result(result, encoded);
}

// Layout: outcome, reason, note count, the notes, finding count, checksum of the findings' bytes,
// each finding's size, then the findings' bytes.
std::string encode_rule_result(const RuleResult& result, const EncodedFindings& findings) {
  util::ByteWriter out;
  out.put_unsigned(static_cast<std::uint64_t>(result.outcome));
  out.put_string(result.reason);
  out.put_unsigned(result.notes.size());
  for (const auto& note : result.notes)
    out.put_string(note);
  out.put_unsigned(findings.ends.size());
  out.put_unsigned(std::hash<std::string_view>{}(findings.bytes.bytes()));
  std::uint64_t start = 0;
  for (auto end : findings.ends) {
    out.put_unsigned(end - start);
    start = end;
  }
  out.put_raw(findings.bytes.bytes());
  return out.bytes();
}

bool split_rule_result(std::string_view bytes, const rules::Rule& rule, RuleResult& result,
                       std::string& encoded, std::vector<std::uint64_t>& ends) {
  util::ByteReader in(bytes);
  std::uint64_t outcome = 0, count = 0, checksum = 0;
  result = RuleResult();
  result.rule = &rule;
  std::uint64_t notes = 0;
  if (!in.get_unsigned(outcome) || outcome > static_cast<std::uint64_t>(Outcome::incomplete) ||
      !in.get_string(result.reason) || !in.get_unsigned(notes) || notes > in.rest().size()) {
    return false;
  }
  result.notes.resize(notes);
  for (auto& note : result.notes) {
    if (!in.get_string(note)) return false;
  }
  if (!in.get_unsigned(count) || !in.get_unsigned(checksum)) return false;
  result.outcome = static_cast<Outcome>(outcome);
  result.findings = count;
  std::vector<std::uint64_t> read_ends;
  std::uint64_t end = 0, size = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!in.get_unsigned(size)) return false;
    end += size;
    read_ends.push_back(end);
  }
  std::string_view body = in.rest();
  if (body.size() != end || std::hash<std::string_view>{}(body) != checksum) return false;
  encoded.assign(body);
  ends = std::move(read_ends);
  return true;
}

bool decode_rule_result(std::string_view bytes, const rules::Rule& rule, RuleResult& result,
                        std::vector<Finding>& findings) {
  std::string encoded;
  std::vector<std::uint64_t> ends;
  if (!split_rule_result(bytes, rule, result, encoded, ends)) return false;
  std::vector<Finding> decoded;
  std::uint64_t start = 0;
  for (auto end : ends) {
    util::ByteReader in(std::string_view(encoded).substr(start, end - start));
    Finding finding;
    if (!decode_finding(in, rule, finding) || !in.at_end()) return false;
    decoded.push_back(std::move(finding));
    start = end;
  }
  findings = std::move(decoded);
  return true;
}

}  // namespace lethe::engine
