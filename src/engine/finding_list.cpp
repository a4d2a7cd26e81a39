#include "engine/finding_list.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "engine/finding_codec.hpp"

namespace lethe::engine {

namespace {

// Bytes kept in memory before they go to the spill file, and read ahead when visiting.
constexpr size_t k_buffer_bytes = size_t{4} << 20;

}  // namespace

// The encoding: a spill file (removed when closed) holding the first `file_size` bytes, then
// the bytes still in memory.
struct FindingList::Storage {
  std::mutex mutex;  // append() may be called from several threads
  std::FILE* file = nullptr;
  std::uint64_t file_size = 0;
  std::string pending;

  ~Storage() {
    if (file) std::fclose(file);
  }
};

FindingList::FindingList() : m_storage(std::make_unique<Storage>()) {
  m_offsets.push_back(0);
}
FindingList::~FindingList() = default;
FindingList::FindingList(FindingList&&) noexcept = default;
FindingList& FindingList::operator=(FindingList&&) noexcept = default;

util::Expected<void> FindingList::write(const std::string& bytes) {
  Storage& storage = *m_storage;
  storage.pending += bytes;
  if (storage.pending.size() < k_buffer_bytes) return {};
  if (!storage.file) {
    storage.file = std::tmpfile();
    if (!storage.file) {
      return util::Error{
          fmt::format("cannot create a temporary file for findings: {}", std::strerror(errno))};
    }
  }
  if (std::fwrite(storage.pending.data(), 1, storage.pending.size(), storage.file) !=
          storage.pending.size() ||
      std::fflush(storage.file) != 0) {
    return util::Error{
        fmt::format("cannot write findings to a temporary file: {}", std::strerror(errno))};
  }
  storage.file_size += storage.pending.size();
  storage.pending.clear();
  return {};
}

util::Expected<void> FindingList::append(const rules::Rule& rule,
                                         const std::vector<Finding>& findings) {
  EncodedFindings encoded;
  for (const auto& finding : findings)
    encoded.add(finding);
  return append_encoded(rule, encoded.bytes.bytes(), encoded.ends);
}

util::Expected<void> FindingList::append_encoded(const rules::Rule& rule, const std::string& bytes,
                                                 const std::vector<std::uint64_t>& ends) {
  if (ends.empty()) return {};
  std::lock_guard<std::mutex> lock(m_storage->mutex);
  std::uint64_t base = m_offsets.back();
  m_segments.push_back({&rule, m_offsets.size() - 1, ends.size(), 0});
  for (auto end : ends)
    m_offsets.push_back(base + end);
  return write(bytes);
}

void FindingList::finish() {
  std::stable_sort(m_segments.begin(), m_segments.end(), [](const Segment& a, const Segment& b) {
    if (a.rule->severity != b.rule->severity) return a.rule->severity > b.rule->severity;
    return a.rule->id < b.rule->id;
  });
  size_t first = 0;
  m_rule_ranges.clear();
  for (auto& segment : m_segments) {
    segment.first = first;
    first += segment.count;
    if (m_rule_ranges.empty() || m_rule_ranges.back().rule != segment.rule) {
      m_rule_ranges.push_back({nullptr, segment.rule, segment.first, first});
    } else {
      m_rule_ranges.back().last = first;
    }
  }
  m_waivers.assign(first, nullptr);
  m_baseline.assign(first, BaselineState::none);
}

const FindingList::Segment& FindingList::segment_of(size_t index) const {
  auto it = std::upper_bound(m_segments.begin(), m_segments.end(), index,
                             [](size_t i, const Segment& s) { return i < s.first; });
  return *(it - 1);
}

std::pair<std::uint64_t, std::uint64_t> FindingList::span_of(size_t index) const {
  const Segment& segment = segment_of(index);
  size_t stored = segment.stored + (index - segment.first);
  return {m_offsets[stored], m_offsets[stored + 1]};
}

void FindingList::read(std::uint64_t offset, size_t size, std::string& out) const {
  const Storage& storage = *m_storage;
  out.resize(size);
  size_t done = 0;
  if (offset < storage.file_size) {
    size_t from_file =
        static_cast<size_t>(std::min<std::uint64_t>(size, storage.file_size - offset));
    int fd = fileno(storage.file);
    while (done < from_file) {
      ssize_t got =
          ::pread(fd, out.data() + done, from_file - done, static_cast<off_t>(offset + done));
      if (got <= 0) break;  // cannot happen for bytes this process wrote; decoding then fails
      done += static_cast<size_t>(got);
    }
    if (done < from_file) {
      out.resize(done);
      return;
    }
    if (done == size) return;
  }
  std::uint64_t in_memory = offset + done - storage.file_size;
  out.replace(done, size - done, storage.pending, static_cast<size_t>(in_memory), size - done);
}

FindingList::Iterator FindingList::begin() const {
  return Iterator(this, 0);
}
FindingList::Iterator FindingList::end() const {
  return Iterator(this, size());
}

FindingList::Range FindingList::of_rule(const rules::Rule* rule) const {
  for (const auto& range : m_rule_ranges) {
    if (range.rule == rule) return {this, rule, range.first, range.last};
  }
  return {this, rule, 0, 0};
}

std::vector<FindingList::Range> FindingList::by_rule() const {
  // The list may have moved since finish(): ranges point to it as it is now.
  std::vector<Range> ranges = m_rule_ranges;
  for (auto& range : ranges)
    range.list = this;
  return ranges;
}

FindingList::Iterator FindingList::Range::begin() const {
  return Iterator(list, first);
}
FindingList::Iterator FindingList::Range::end() const {
  return Iterator(list, last);
}

const Finding& FindingList::Iterator::operator*() const {
  if (m_decoded) return m_finding;
  const FindingList& list = *m_list;
  auto [start, end] = list.span_of(m_index);
  const rules::Rule& rule = *list.segment_of(m_index).rule;
  if (!m_window || start < m_window_start || end > m_window_start + m_window->size()) {
    // Read ahead a window's worth (segments are read in order, each stored in one piece).
    std::uint64_t total = list.m_offsets.back();
    size_t size = static_cast<size_t>(std::max<std::uint64_t>(
        end - start, std::min<std::uint64_t>(k_buffer_bytes, total - start)));
    if (!m_window || m_window.use_count() > 1) m_window = std::make_shared<std::string>();
    list.read(start, size, *m_window);
    m_window_start = start;
  }
  util::ByteReader in(std::string_view(*m_window).substr(
      static_cast<size_t>(start - m_window_start), static_cast<size_t>(end - start)));
  if (!decode_finding(in, rule, m_finding)) {
    // Only a failing disk can bring this about; the finding still names its rule.
    m_finding = Finding();
    m_finding.rule = &rule;
    m_finding.message = "(this finding could not be read back from its temporary file)";
  }
  m_finding.waiver = list.m_waivers[m_index];
  m_finding.baseline = list.m_baseline[m_index];
  m_decoded = true;
  return m_finding;
}

}  // namespace lethe::engine
