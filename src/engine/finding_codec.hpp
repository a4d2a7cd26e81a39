// The binary form of a finding (without its rule, waiver and baseline state), shared by the
// finding list and the store's rule cache.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/finding.hpp"
#include "util/byte_codec.hpp"

namespace lethe::engine {

void encode_finding(util::ByteWriter& out, const Finding& finding);

// Findings encoded one after the other, and where each ends.
struct EncodedFindings {
  util::ByteWriter bytes;
  std::vector<std::uint64_t> ends;

  void add(const Finding& finding) {
    encode_finding(bytes, finding);
    ends.push_back(bytes.bytes().size());
  }
  // Adds `other`'s findings after these.
  void append(const EncodedFindings& other) {
    std::uint64_t base = bytes.bytes().size();
    bytes.put_raw(other.bytes.bytes());
    for (auto end : other.ends)
      ends.push_back(base + end);
  }
};
// Reads what encode_finding wrote, for `rule`; false when the bytes are not that.
bool decode_finding(util::ByteReader& in, const rules::Rule& rule, Finding& finding);

}  // namespace lethe::engine
