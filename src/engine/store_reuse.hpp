// Reusing a kept store (`--store`) between scans: the store is reused when its signature (what
// it was loaded from: the plan, the fields and filters, the SHA-256 of every input) still
// matches, and a rule's findings are reused when the rule, its parameters and the as-of are
// also the same.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/export_plan.hpp"
#include "data/loader.hpp"
#include "data/store.hpp"
#include "engine/audit_trail.hpp"
#include "engine/finding.hpp"
#include "engine/finding_codec.hpp"
#include "util/expected.hpp"
#include "util/sqlite.hpp"

namespace lethe::engine {

// A hash of everything the store's contents depend on.
std::string store_signature(const data::ExportPlan& plan, const data::LoadOptions& options,
                            const AuditTrail& audit);

// A hash of everything a rule's findings depend on, given the store they were found in.
std::string rule_signature(const std::string& store_signature, const rules::Rule& rule,
                           const AuditTrail& audit, std::int64_t as_of, bool reveal_pii);

// A rule's outcome and findings, kept in the store.
using CachedRule = data::CachedRule;

std::string encode_rule_result(const RuleResult& result, const std::vector<Finding>& findings);
// The same, from the findings already encoded.
std::string encode_rule_result(const RuleResult& result, const EncodedFindings& findings);
// Reads what encode_rule_result wrote for `rule`, leaving the findings encoded (the finding list
// takes them as they are); false when the bytes are not that or fail their checksum.
bool split_rule_result(std::string_view bytes, const rules::Rule& rule, RuleResult& result,
                       std::string& encoded, std::vector<std::uint64_t>& ends);
// Reads what encode_rule_result wrote for `rule`, findings decoded.
bool decode_rule_result(std::string_view bytes, const rules::Rule& rule, RuleResult& result,
                        std::vector<Finding>& findings);

}  // namespace lethe::engine
