// The findings of a scan, in report order, kept encoded (engine/finding_codec.hpp) in a spill
// file once they outgrow a small buffer, so that memory does not grow with their number. Each
// finding is decoded when visited; waivers and baseline states are kept beside the encoding.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "engine/finding.hpp"
#include "util/expected.hpp"

namespace lethe::engine {

struct Gate;

class FindingList {
 public:
  class Iterator;
  // A rule's findings: consecutive in the list.
  struct Range {
    const FindingList* list = nullptr;
    const rules::Rule* rule = nullptr;
    size_t first = 0;
    size_t last = 0;  // one past
    Iterator begin() const;
    Iterator end() const;
    size_t size() const { return last - first; }
  };

  FindingList();
  ~FindingList();
  FindingList(FindingList&&) noexcept;
  FindingList& operator=(FindingList&&) noexcept;
  FindingList(const FindingList&) = delete;
  FindingList& operator=(const FindingList&) = delete;

  // Adds the findings of `rule`, already in report order; rules may be added in any order and
  // from several threads at once.
  util::Expected<void> append(const rules::Rule& rule, const std::vector<Finding>& findings);
  // The same, for findings already encoded (encode_finding), with where each ends.
  util::Expected<void> append_encoded(const rules::Rule& rule, const std::string& bytes,
                                      const std::vector<std::uint64_t>& ends);
  // Puts the rules' findings in report order (finding_order: severity, then rule id). Call
  // once every rule is added, before visiting.
  void finish();

  size_t size() const { return m_waivers.size(); }
  bool empty() const { return size() == 0; }
  Iterator begin() const;
  Iterator end() const;
  // The findings of `rule` (empty when it has none).
  Range of_rule(const rules::Rule* rule) const;
  // The findings of each rule that has some, in report order.
  std::vector<Range> by_rule() const;

  void set_waiver(size_t index, const Waiver* waiver) { m_waivers[index] = waiver; }
  const Waiver* waiver(size_t index) const { return m_waivers[index]; }
  void set_baseline(size_t index, BaselineState state) { m_baseline[index] = state; }
  BaselineState baseline(size_t index) const { return m_baseline[index]; }
  // Whether any finding counts against `gate` (counts_for_gate), without decoding any.
  bool any_counts_for_gate(const Gate& gate) const;

 private:
  friend class Iterator;
  struct Storage;
  // Reads bytes [offset, offset + size) of the encoding into `out`.
  void read(std::uint64_t offset, size_t size, std::string& out) const;
  util::Expected<void> write(const std::string& bytes);

  // One rule's findings: where they are in the encoding, and in report order.
  struct Segment {
    const rules::Rule* rule = nullptr;
    size_t stored = 0;  // index of its first finding in m_offsets
    size_t count = 0;
    size_t first = 0;  // index of its first finding in report order (finish)
  };
  const Segment& segment_of(size_t index) const;
  // Where finding `index` (in report order) starts and ends in the encoding.
  std::pair<std::uint64_t, std::uint64_t> span_of(size_t index) const;

  std::unique_ptr<Storage> m_storage;
  std::vector<std::uint64_t> m_offsets;  // where each stored finding starts, then the end
  std::vector<Segment> m_segments;       // in report order once finished
  std::vector<Range> m_rule_ranges;      // each rule's consecutive segments, once finished
  std::vector<const Waiver*> m_waivers;  // per finding in report order
  std::vector<BaselineState> m_baseline;
};

// Visits findings in order; the finding it points to lives until the iterator moves.
class FindingList::Iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Finding;
  using difference_type = std::ptrdiff_t;
  using pointer = const Finding*;
  using reference = const Finding&;

  Iterator() = default;
  Iterator(const FindingList* list, size_t index) : m_list(list), m_index(index) {}

  const Finding& operator*() const;
  const Finding* operator->() const { return &**this; }
  Iterator& operator++() {
    ++m_index;
    m_decoded = false;
    return *this;
  }
  bool operator==(const Iterator& other) const { return m_index == other.m_index; }
  bool operator!=(const Iterator& other) const { return m_index != other.m_index; }
  // The position of the current finding in the list.
  size_t index() const { return m_index; }

 private:
  const FindingList* m_list = nullptr;
  size_t m_index = 0;
  // Decoded lazily; a window of the encoding is read ahead.
  mutable Finding m_finding;
  mutable bool m_decoded = false;
  mutable std::shared_ptr<std::string> m_window;
  mutable std::uint64_t m_window_start = 0;
};

}  // namespace lethe::engine
