#include "engine/store_reuse.hpp"

#include <fmt/format.h>

#include "util/byte_codec.hpp"
#include "util/sha256.hpp"

namespace lethe::engine {

namespace {

// Bumped whenever what a store holds, or how it is encoded, changes.
constexpr int k_store_format = 1;

std::string digest_of(const AuditTrail& audit, const std::string& path, bool rule) {
  for (const auto& digest : rule ? audit.rules : audit.inputs) {
    if (digest.path == path) return digest.sha256;
  }
  return "-";
}

void put_value(util::ByteWriter& out, const rules::Value& value) {
  out.put_unsigned(static_cast<std::uint64_t>(value.type));
  out.put_signed(value.integer);
  out.put_double(value.real);
  out.put_string(value.text);
}

bool get_value(util::ByteReader& in, rules::Value& value) {
  std::uint64_t type = 0;
  if (!in.get_unsigned(type) || type > static_cast<std::uint64_t>(rules::ValueType::list)) {
    return false;
  }
  value.type = static_cast<rules::ValueType>(type);
  return in.get_signed(value.integer) && in.get_double(value.real) && in.get_string(value.text);
}

void put_optional(util::ByteWriter& out, const std::optional<std::string>& text) {
  out.put_unsigned(text ? 1 : 0);
  if (text) out.put_string(*text);
}

bool get_optional(util::ByteReader& in, std::optional<std::string>& text) {
  std::uint64_t present = 0;
  if (!in.get_unsigned(present)) return false;
  text.reset();
  if (!present) return true;
  text.emplace();
  return in.get_string(*text);
}

void put_location(util::ByteWriter& out, const Location& location) {
  out.put_string(location.file);
  out.put_signed(location.line);
  out.put_unsigned(location.row_id ? 1 : 0);
}

bool get_location(util::ByteReader& in, Location& location) {
  std::uint64_t row_id = 0;
  if (!in.get_string(location.file) || !in.get_signed(location.line) || !in.get_unsigned(row_id))
    return false;
  location.row_id = row_id != 0;
  return true;
}

}  // namespace

std::string store_signature(const data::ExportPlan& plan, const data::LoadOptions& options,
                            const AuditTrail& audit) {
  std::string text = fmt::format("lethe {} store {}\ntimezone {}\nmanifest {} {}\n", LETHE_VERSION,
                                 k_store_format, plan.timezone_offset_seconds, plan.manifest_path,
                                 digest_of(audit, plan.manifest_path, false));
  for (const auto& dataset : plan.datasets) {
    const std::string& name = dataset.spec->name;
    if (options.fields && !options.fields->count(name)) continue;
    text += fmt::format("dataset {} table {}\n", name, dataset.table);
    for (const auto& field : dataset.fields) {
      if (options.fields && !options.fields->at(name).count(field.spec->name)) continue;
      text += fmt::format(
          "  field {} {} {} {}\n", field.spec->name, data::field_type_name(field.spec->type),
          field.column,
          field.spec->type == data::FieldType::timestamp ? field.format.describe() : std::string());
    }
    for (const auto& file : dataset.files) {
      text +=
          fmt::format("  file {} {} {}\n", file.display_path, data::file_format_name(file.format),
                      digest_of(audit, file.display_path, false));
    }
    auto filter = options.filters.find(name);
    text += fmt::format("  filter {}\n  duplicate keys {}\n",
                        filter == options.filters.end() ? "-" : filter->second.describe(),
                        options.duplicate_keys.count(name) ? 1 : 0);
  }
  text += fmt::format("max diagnostics {}\n", options.max_diagnostics);
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
  util::ByteWriter out;
  out.put_unsigned(static_cast<std::uint64_t>(result.outcome));
  out.put_string(result.reason);
  out.put_unsigned(findings.size());
  for (const auto& finding : findings) {
    out.put_string(finding.dataset);
    put_optional(out, finding.key);
    put_location(out, finding.location);
    out.put_string(finding.message);
    out.put_unsigned(finding.evidence.size());
    for (const auto& evidence : finding.evidence) {
      out.put_string(evidence.field);
      put_value(out, evidence.value);
      out.put_unsigned(evidence.masked ? 1 : 0);
    }
    out.put_unsigned(finding.related.size());
    for (const auto& related : finding.related) {
      out.put_string(related.dataset);
      put_optional(out, related.key);
      put_location(out, related.location);
    }
    out.put_string(finding.fingerprint);
    out.put_unsigned(finding.duplicate_key ? 1 : 0);
  }
  return out.bytes();
}

bool decode_rule_result(std::string_view bytes, const rules::Rule& rule, RuleResult& result,
                        std::vector<Finding>& findings) {
  util::ByteReader in(bytes);
  std::uint64_t outcome = 0, count = 0;
  result = RuleResult();
  result.rule = &rule;
  if (!in.get_unsigned(outcome) || outcome > static_cast<std::uint64_t>(Outcome::error) ||
      !in.get_string(result.reason) || !in.get_unsigned(count)) {
    return false;
  }
  result.outcome = static_cast<Outcome>(outcome);
  result.findings = count;
  std::vector<Finding> decoded;
  for (std::uint64_t i = 0; i < count; ++i) {
    Finding finding;
    finding.rule = &rule;
    std::uint64_t n = 0, flag = 0;
    if (!in.get_string(finding.dataset) || !get_optional(in, finding.key) ||
        !get_location(in, finding.location) || !in.get_string(finding.message) ||
        !in.get_unsigned(n)) {
      return false;
    }
    for (std::uint64_t j = 0; j < n; ++j) {
      Evidence evidence;
      if (!in.get_string(evidence.field) || !get_value(in, evidence.value) ||
          !in.get_unsigned(flag)) {
        return false;
      }
      evidence.masked = flag != 0;
      finding.evidence.push_back(std::move(evidence));
    }
    if (!in.get_unsigned(n)) return false;
    for (std::uint64_t j = 0; j < n; ++j) {
      RelatedRow related;
      if (!in.get_string(related.dataset) || !get_optional(in, related.key) ||
          !get_location(in, related.location)) {
        return false;
      }
      finding.related.push_back(std::move(related));
    }
    if (!in.get_string(finding.fingerprint) || !in.get_unsigned(flag)) return false;
    finding.duplicate_key = flag != 0;
    decoded.push_back(std::move(finding));
  }
  if (!in.at_end()) return false;
  findings = std::move(decoded);
  return true;
}

util::Expected<std::map<std::string, CachedRule>> read_rule_cache(util::SqliteDb& db) {
  auto statement = db.prepare("SELECT rule_id, signature, result FROM lethe_rule_cache");
  if (!statement) return statement.error();
  std::map<std::string, CachedRule> entries;
  while (statement->step() == SQLITE_ROW) {
    const void* blob = sqlite3_column_blob(statement->get(), 2);
    int size = sqlite3_column_bytes(statement->get(), 2);
    entries[std::string(statement->column_text(0))] = {
        std::string(statement->column_text(1)),
        std::string(static_cast<const char*>(blob), static_cast<size_t>(size))};
  }
  return entries;
}

util::Expected<void> write_rule_cache(util::SqliteDb& db,
                                      const std::map<std::string, CachedRule>& entries) {
  auto statement = db.prepare("INSERT OR REPLACE INTO lethe_rule_cache VALUES (?1, ?2, ?3)");
  if (!statement) return statement.error();
  for (const auto& [rule_id, entry] : entries) {
    if (entry.result.size() > (size_t{256} << 20)) continue;  // beyond SQLite's comfort
    statement->reset();
    statement->bind_text(1, rule_id);
    statement->bind_text(2, entry.signature);
    sqlite3_bind_blob(statement->get(), 3, entry.result.data(),
                      static_cast<int>(entry.result.size()), SQLITE_STATIC);
    if (statement->step() != SQLITE_DONE) return util::Error{db.last_error()};
  }
  return {};
}

}  // namespace lethe::engine
