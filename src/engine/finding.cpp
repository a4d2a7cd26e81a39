#include "engine/finding.hpp"

#include <tuple>

#include "util/enum_names.hpp"
#include "util/sha256.hpp"

namespace lethe::engine {

std::string_view outcome_name(Outcome outcome) {
  static constexpr auto k_names = std::to_array<util::EnumName<Outcome>>({
      {Outcome::passed, "passed"},
      {Outcome::failed, "failed"},
      {Outcome::not_applicable, "not_applicable"},
      {Outcome::not_in_force, "not_in_force"},
      {Outcome::error, "error"},
      {Outcome::incomplete, "incomplete"},
  });
  return util::enum_name(k_names, outcome);
}

std::string_view baseline_state_name(BaselineState state) {
  switch (state) {
    case BaselineState::new_finding:
      return "new";
    case BaselineState::existing:
      return "existing";
    case BaselineState::none:
      break;
  }
  return "";
}

std::string_view finding_status(const Finding& finding) {
  if (finding.waiver) return "waived";
  std::string_view state = baseline_state_name(finding.baseline);
  return state.empty() ? "open" : state;
}

std::string fingerprint(std::string_view rule_id, std::string_view dataset, std::string_view key,
                        std::string_view source) {
  util::Sha256 hash;
  // NUL separators keep ("a", "bc") and ("ab", "c") apart.
  hash.update("lethe-finding-v1");
  for (auto part : {rule_id, dataset, key}) {
    hash.update(std::string_view("\0", 1));
    hash.update(part);
  }
  // Only when there is one, so that a dataset of one store keeps its fingerprints.
  if (!source.empty()) {
    hash.update(std::string_view("\0source\0", 8));
    hash.update(source);
  }
  return hash.hex_digest().substr(0, 32);
}

bool finding_order(const Finding& a, const Finding& b) {
  auto rank = [](const Finding& f) { return -static_cast<int>(f.rule->severity); };
  // A null key sorts as "" (key_text), compared without copying.
  auto key = [](const Finding& f) { return f.key ? std::string_view(*f.key) : std::string_view(); };
  return std::make_tuple(rank(a), std::string_view(a.rule->id), key(a),
                         std::string_view(a.location.source), std::string_view(a.location.file),
                         a.location.line) <
         std::make_tuple(rank(b), std::string_view(b.rule->id), key(b),
                         std::string_view(b.location.source), std::string_view(b.location.file),
                         b.location.line);
}

}  // namespace lethe::engine
