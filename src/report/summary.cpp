#include "report/summary.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "engine/gate.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::report {

Summary summarize(const engine::ScanResult& result) {
  Summary summary;
  // Counted from the list's side data: no finding needs decoding.
  for (const auto& range : result.findings.by_rule()) {
    summary.by_severity[static_cast<size_t>(range.rule->severity)] += range.size();
    summary.findings += range.size();
    for (size_t i = range.first; i < range.last; ++i) {
      if (result.findings.waiver(i)) ++summary.waived;
      auto baseline = result.findings.baseline(i);
      if (baseline == engine::BaselineState::new_finding) ++summary.new_findings;
      if (baseline == engine::BaselineState::existing) ++summary.existing;
    }
  }
  for (const auto& waiver : result.waivers) {
    if (waiver.state == engine::Waiver::State::expired) ++summary.expired_waivers;
    if (waiver.state == engine::Waiver::State::unused) ++summary.unused_waivers;
  }
  for (const auto& rule : result.results)
    ++summary.by_outcome[static_cast<size_t>(rule.outcome)];
  for (const auto& dataset : result.load.datasets) {
    summary.rows_loaded += dataset.rows_loaded;
    summary.rows_rejected += dataset.rows_rejected;
    summary.files_failed += dataset.files_failed;
  }
  return summary;
}

std::string location_text(const engine::Location& location) {
  std::string source = location.source.empty() ? "" : "source " + location.source;
  if (location.line <= 0)
    return source.empty() ? location.file : fmt::format("{} ({})", location.file, source);
  if (location.kind == engine::LocationKind::rowid) {
    return fmt::format("{} (rowid {}{})", location.file, location.line,
                       source.empty() ? "" : ", " + source);
  }
  return source.empty() ? fmt::format("{}:{}", location.file, location.line)
                        : fmt::format("{}:{} ({})", location.file, location.line, source);
}

std::int64_t text_line(const engine::Location& location) {
  return location.kind != engine::LocationKind::line || location.line <= 0 ? 0 : location.line;
}

std::string fixed_location_text(const engine::FixedFinding& fixed) {
  return fixed.line > 0 ? fmt::format("{}:{}", fixed.file, fixed.line) : fixed.file;
}

std::string fixed_text(const engine::FixedFinding& fixed) {
  std::string where = fixed.file.empty() ? std::string() : " at " + fixed_location_text(fixed);
  return fmt::format("{} ({}) {}{}: {}", fixed.rule, fixed.severity, fixed.key.value_or("(no key)"),
                     where, fixed.message);
}

std::string evidence_value_text(const engine::Evidence& evidence) {
  if (evidence.masked) return "***";
  return evidence.value.type == rules::ValueType::null ? "null" : evidence.value.to_display();
}

std::string_view severity_entry(const SeverityTable& table, rules::Severity severity) {
  return table[static_cast<size_t>(severity)];
}

std::string verdict(int exit_code) {
  switch (exit_code) {
    case 0:
      return "PASSED";
    case 1:
      return "FAILED";
    default:
      return "INCOMPLETE";
  }
}

std::uint64_t gate_findings(const engine::ScanResult& result, const engine::Gate& gate) {
  std::uint64_t count = 0;
  for (const auto& range : result.findings.by_rule()) {
    for (size_t i = range.first; i < range.last; ++i) {
      if (engine::counts_for_gate(*range.rule, result.findings.waiver(i),
                                  result.findings.baseline(i), gate))
        ++count;
    }
  }
  return count;
}

std::string verdict_reason(const engine::ScanResult& result, const ScanContext& context) {
  const engine::Gate& gate = context.gate;
  std::string threshold =
      gate.fail_on ? fmt::format("at or above {} severity", rules::severity_name(*gate.fail_on))
                   : "";
  std::string which = gate.new_only ? "new findings (not in the baseline)" : "findings";
  switch (context.exit_code) {
    case 0: {
      Summary summary = summarize(result);
      if (!gate.fail_on) {
        return fmt::format("{} reported; no severity fails this audit",
                           util::count_noun(summary.findings, "finding", "findings"));
      }
      std::string out = fmt::format("No {} {}", which, threshold);
      if (summary.waived > 0) out += fmt::format(" ({} waived)", summary.waived);
      return out;
    }
    case 1: {
      std::uint64_t count = gate_findings(result, gate);
      if (count == 0) {
        std::uint64_t expired = summarize(result).expired_waivers;
        return fmt::format("{} expired: renew or remove {}",
                           util::count_noun(expired, "waiver has", "waivers have"),
                           expired == 1 ? "it" : "them");
      }
      if (gate.new_only) {
        return fmt::format("{} (not in the baseline) {}",
                           util::count_noun(count, "new finding", "new findings"), threshold);
      }
      return fmt::format("{} {}", util::count_noun(count, "finding", "findings"), threshold);
    }
    default:
      return "The audit could not check everything: " + incomplete_text(context);
  }
}

std::string as_of_text(std::int64_t as_of, const ScanContext& context) {
  std::string utc = util::format_iso8601(as_of);
  if (!context.as_of_zone) return utc;
  const util::TimeZone& zone = *context.as_of_zone;
  int offset = zone.offset_at(as_of);
  if (zone.is_fixed() && offset == 0) return utc;  // UTC itself, or +00:00
  util::CivilTime local = util::civil_from_unix(as_of + offset);
  std::string time = fmt::format("{:02}:{:02}", local.hour, local.minute);
  if (local.second != 0) time += fmt::format(":{:02}", local.second);
  // The date as format_iso8601 writes it (with a sign outside the years 0..9999).
  std::string local_text = util::format_iso8601(as_of + offset);
  std::string date = local_text.substr(0, local_text.find('T'));
  return fmt::format("{} ({} {} {})", utc, date, time, zone.name());
}

std::string shown_path(const std::string& path, const ScanContext& context) {
  namespace fs = std::filesystem;
  fs::path given(path);
  if (context.working_dir.empty() || !given.is_absolute()) return path;
  fs::path relative = given.lexically_normal().lexically_relative(context.working_dir);
  if (relative.empty()) return path;
  return relative.string();
}

std::string outcome_detail(const engine::RuleResult& result) {
  return result.outcome == engine::Outcome::failed
             ? util::count_noun(result.findings, "finding", "findings")
             : result.reason;
}

std::string unread_file_text(const engine::UnreadFileDigest& file) {
  if (file.sha256.empty()) return fmt::format("{} (not a regular file, not opened)", file.path);
  return fmt::format("{} ({}, sha256 {})", file.path, util::count_noun(file.size, "byte", "bytes"),
                     file.sha256);
}

std::vector<std::string> file_warnings(const data::LoadReport& load) {
  std::vector<std::string> warnings;
  for (const auto& dataset : load.datasets) {
    for (const auto& file : dataset.files) {
      for (const auto& warning : file.warnings)
        warnings.push_back(fmt::format("{}: {}", file.path, warning));
    }
  }
  return warnings;
}

std::string incomplete_text(const ScanContext& context) {
  if (context.incomplete_reasons.empty()) return "rows or files could not be read";
  return util::join(context.incomplete_reasons, "; ");
}

std::string Scope::patterns_text() const {
  std::vector<std::string> parts;
  for (const auto* patterns : {&select, &exclude}) {
    for (const auto& pattern : *patterns)
      parts.push_back(fmt::format("{} '{}'", pattern.origin, pattern.glob));
  }
  return util::join(parts, ", ");
}

std::optional<std::string> manifest_digest(const engine::ScanResult& result) {
  for (const auto& digest : result.audit.inputs) {
    if (!result.plan.manifest_path.empty() && digest.path == result.plan.manifest_path)
      return digest.sha256;
  }
  return std::nullopt;
}

}  // namespace lethe::report
