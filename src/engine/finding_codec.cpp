#include "engine/finding_codec.hpp"

namespace lethe::engine {

namespace {

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
  out.put_unsigned(static_cast<std::uint64_t>(location.kind));
  out.put_string(location.source);
}

bool get_location(util::ByteReader& in, Location& location) {
  std::uint64_t kind = 0;
  if (!in.get_string(location.file) || !in.get_signed(location.line) || !in.get_unsigned(kind) ||
      kind > static_cast<std::uint64_t>(LocationKind::key) || !in.get_string(location.source))
    return false;
  location.kind = static_cast<LocationKind>(kind);
  return true;
}

}  // namespace

void encode_finding(util::ByteWriter& out, const Finding& finding) {
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

bool decode_finding(util::ByteReader& in, const rules::Rule& rule, Finding& finding) {
  finding = Finding();
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
  return true;
}

}  // namespace lethe::engine
