// The binary form of a finding (without its rule, waiver and baseline state), shared by the
// finding list and the store's rule cache.
#pragma once

#include "engine/finding.hpp"
#include "util/byte_codec.hpp"

namespace lethe::engine {

void encode_finding(util::ByteWriter& out, const Finding& finding);
// Reads what encode_finding wrote, for `rule`; false when the bytes are not that.
bool decode_finding(util::ByteReader& in, const rules::Rule& rule, Finding& finding);

}  // namespace lethe::engine
