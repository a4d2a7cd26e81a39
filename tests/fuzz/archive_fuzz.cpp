// The archive path: bytes as an export archive (read from a file, zip through its central
// directory) and as a nested one (read as a stream). Listing never crashes, hangs or leaves the
// archive: every member path is relative, without '..', and listed once; every member's content
// reads to its end or to an error, within the limits.
#include <set>

#include "data/export_tree.hpp"
#include "fuzz_support.hpp"
#include "util/archive.hpp"

namespace {

using namespace lethe;

// Small limits, so that a bomb or a crowd of members ends at once.
data::Limits fuzz_limits() {
  data::Limits limits;
  limits.max_archive_members = 200;
  limits.max_archive_depth = 3;
  limits.max_decompressed_size = std::size_t{4} << 20;
  limits.max_compression_ratio = 50;
  return limits;
}

void drain(util::ByteSource& source) {
  std::string buffer(1 << 16, '\0');
  for (;;) {
    auto got = source.read(buffer.data(), buffer.size());
    if (!got || *got == 0) return;
  }
}

void check_tree(const data::ExportTree& tree) {
  std::set<std::string> paths;
  for (const auto& entry : tree.entries()) {
    fuzz::require(!entry.path.empty() && entry.path[0] != '/', "member paths are relative");
    fuzz::require(("/" + entry.path + "/").find("/../") == std::string::npos,
                  "member paths have no '..'");
    fuzz::require(paths.insert(entry.path).second, "each path is listed once");
    if (entry.kind != data::EntryKind::file) continue;
    if (auto stored = tree.open_stored(entry.path)) drain(**stored);
    if (auto content = tree.open_content(entry.path)) drain(**content);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto path = fuzz::scratch_file(bytes, "export.zip");
  if (auto tree = data::ExportTree::open(path, fuzz_limits())) check_tree(**tree);
  // The same bytes as a stream: a nested archive, and a compressed file.
  util::InflateLimits limits;
  limits.max_output = std::size_t{4} << 20;
  limits.max_ratio = 50;
  if (auto reader =
          util::ArchiveReader::open_stream(util::memory_bytes(std::string(bytes), "x"), limits)) {
    for (int members = 0; members < 200; ++members) {
      auto next = (*reader)->next();
      if (!next || !*next) break;
      std::string buffer(1 << 16, '\0');
      while (true) {
        auto got = (*reader)->read(buffer.data(), buffer.size());
        if (!got || *got == 0) break;
      }
    }
  }
  if (auto inflated = util::decompress(util::memory_bytes(std::string(bytes), "x"), limits)) {
    drain(**inflated);
  }
  return 0;
}
