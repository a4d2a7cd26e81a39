// The resource limits that bound what one export may cost to read, whatever it holds. Each has
// a name (the command-line option without its dashes) that every message about it gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::data {

struct Limits {
  // Bytes of one field value the loader keeps; a longer one rejects its row.
  std::size_t max_field_size = std::size_t{16} << 20;
  // Bytes of one record (a CSV line with its quoted line breaks, a JSON object) a reader buffers,
  // and of one SQLite value; a longer one is rejected and ends its file (but for NDJSON, where
  // reading goes on at the next line), so an unterminated quote cannot pull a whole file into
  // memory.
  std::size_t max_record_size = std::size_t{256} << 20;
  // Levels of JSON objects and arrays in one record, the record itself being level 1.
  std::size_t max_nesting_depth = 64;
  // Files one manifest pattern may match.
  std::size_t max_glob_files = 10000;
  // Members (files, folders, links) of one archive.
  std::size_t max_archive_members = 50000;
  // Archives within archives: an archive in the export folder, or the export itself, is level 1.
  std::size_t max_archive_depth = 2;
  // Bytes one compressed file or archive member may decompress to.
  std::size_t max_decompressed_size = std::size_t{64} << 30;
  // Decompressed bytes per stored byte of a compressed file or of the archive holding a member,
  // checked once 16 MiB have come out: a compression bomb ends there, not after gigabytes.
  std::size_t max_compression_ratio = 200;
};

// "the max-field-size limit (16 MiB; raise it with --max-field-size)", for the end of a message
// about a limit ("record longer than ..."). `value` is shown in binary units when `is_size`.
std::string limit_note(std::string_view name, std::uint64_t value, bool is_size);

// The limits' names, as options and config keys: "max-field-size", "max-record-size",
// "max-nesting-depth", "max-glob-files", "max-archive-members", "max-archive-depth",
// "max-decompressed-size", "max-compression-ratio".
const std::vector<std::string>& limit_names();

// What the limit `name` bounds and its default, for --help.
std::string describe_limit(std::string_view name);

// Sets the limit `name` (as in limit_names(), or with '_' for '-') from `text`: a size such as
// "16MiB" for the *-size limits, a whole number for the others; at least 1 (1 KiB for
// max-record-size) and at most 4 GiB (max-decompressed-size: 1 PiB) or 100,000,000. Fails with a
// message that does not name where the text came from.
util::Expected<void> set_limit(Limits& limits, std::string_view name, std::string_view text);

}  // namespace lethe::data
