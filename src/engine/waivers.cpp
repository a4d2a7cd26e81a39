#include "engine/waivers.hpp"

#include <fmt/format.h>

#include "engine/scan.hpp"
#include "util/enum_names.hpp"
#include "util/timestamp.hpp"
#include "util/yaml_file.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;
using util::YamlFile;

std::string Waiver::target() const {
  if (whole_rule()) return "every finding";
  if (key) return fmt::format("key {}", *key);
  return fmt::format("fingerprint {}", fingerprint.value_or(""));
}

std::string_view waiver_state_name(Waiver::State state) {
  static constexpr auto k_names = std::to_array<util::EnumName<Waiver::State>>({
      {Waiver::State::active, "active"},
      {Waiver::State::expired, "expired"},
      {Waiver::State::unused, "unused"},
  });
  return util::enum_name(k_names, state);
}

namespace {

Expected<Waiver> read_waiver(const YamlFile& file, const YAML::Node& node,
                             const util::TimeZone& zone) {
  if (auto ok = file.expect_map(node, "a waiver"); !ok) return ok.error();
  if (auto ok = file.check_keys(
          node, {"rule", "key", "fingerprint", "reason", "approved_by", "expires"}, "a waiver");
      !ok) {
    return ok.error();
  }
  Waiver waiver;
  waiver.location = file.location(node);
  for (const char* required : {"rule", "reason", "approved_by", "expires"}) {
    if (!node[required]) return file.error_at(node, fmt::format("a waiver needs '{}'", required));
    if (!node[required].IsScalar() || node[required].Scalar().empty()) {
      return file.error_at(node[required], fmt::format("'{}' must be a non-empty value", required));
    }
  }
  waiver.rule = node["rule"].Scalar();
  waiver.reason = node["reason"].Scalar();
  waiver.approved_by = node["approved_by"].Scalar();
  if (node["key"] && node["fingerprint"]) {
    return file.error_at(node["fingerprint"], "a waiver takes 'key' or 'fingerprint', not both");
  }
  if (node["key"]) {
    auto key = file.scalar(node["key"], "'key'");
    if (!key) return key.error();
    waiver.key = *key;
  } else if (node["fingerprint"]) {
    auto fingerprint = file.scalar(node["fingerprint"], "'fingerprint'");
    if (!fingerprint) return fingerprint.error();
    waiver.fingerprint = *fingerprint;
  } else {
    return file.error_at(
        node, "a waiver needs 'key' (or key: \"*\" for the whole rule) or 'fingerprint'");
  }
  auto expires = util::read_iso8601(node["expires"].Scalar());
  if (!expires || node["expires"].Scalar().size() != 10) {
    return file.error_at(node["expires"], "'expires' must be a date such as 2027-01-31");
  }
  waiver.expires = zone.from_wall(expires->seconds).instant;
  return waiver;
}

}  // namespace

Expected<std::vector<Waiver>> read_waivers(const std::filesystem::path& path,
                                           const std::string& display_path,
                                           const util::TimeZone& zone) {
  auto file = YamlFile::load(path, display_path);
  if (!file) return file.error();
  const YAML::Node& root = file->root();
  if (auto ok = file->expect_map(root, "the waivers file"); !ok) return ok.error();
  if (auto ok = file->check_keys(root, {"version", "waivers"}, "the waivers file"); !ok)
    return ok.error();
  if (root["version"] && root["version"].Scalar() != "1") {
    return file->error_at(root["version"], "the waivers file needs 'version: 1'");
  }
  const YAML::Node& list = root["waivers"];
  if (!list || !list.IsSequence())
    return file->error_at(list ? list : root, "'waivers' must be a list");
  std::vector<Waiver> waivers;
  for (const auto& node : list) {
    auto waiver = read_waiver(*file, node, zone);
    if (!waiver) return waiver.error();
    waivers.push_back(std::move(*waiver));
  }
  return waivers;
}

void apply_waivers(ScanResult& result, std::vector<Waiver> waivers) {
  result.waivers = std::move(waivers);
  for (auto& waiver : result.waivers) {
    if (waiver.expires < result.as_of) {
      waiver.state = Waiver::State::expired;
      continue;
    }
    for (auto it = result.findings.begin(); it != result.findings.end(); ++it) {
      const Finding& finding = *it;
      if (finding.rule->id != waiver.rule || finding.waiver) continue;
      bool matches = waiver.whole_rule() || (waiver.key && finding.key_text() == *waiver.key) ||
                     (waiver.fingerprint && finding.fingerprint == *waiver.fingerprint);
      if (!matches) continue;
      result.findings.set_waiver(it.index(), &waiver);
      ++waiver.matched;
    }
    waiver.state = waiver.matched > 0 ? Waiver::State::active : Waiver::State::unused;
  }
}

}  // namespace lethe::engine
