// ByteSource: a stream of bytes read front to back in large blocks, whatever holds them: a file
// today, a decompressor or an archive member tomorrow. Readers of text formats take one, so that
// none of them opens files itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "util/expected.hpp"

namespace lethe::util {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Reads up to `size` bytes into `buffer` (at least one unless at the end): 0 means the end.
  // Callers read blocks of a MiB or so; this is a virtual call per block, never per byte. Fails
  // with what went wrong ("cannot read: Input/output error"), without name or position: the
  // caller knows where it was.
  virtual Expected<std::size_t> read(char* buffer, std::size_t size) = 0;

  // All the bytes the source holds, when known before reading them (for progress).
  virtual std::optional<std::uint64_t> total_size() const = 0;

  // What messages call the source: a file's path relative to the export, say.
  virtual const std::string& name() const = 0;
};

// Opens `path` read-only for reading front to back, named `name`. Fails with "cannot open:
// reason" (a folder too: "cannot open: Is a directory"), without the name.
Expected<std::unique_ptr<ByteSource>> open_file_bytes(const std::filesystem::path& path,
                                                      std::string name);

// Reads the first `count` bytes of `source` (fewer when it holds fewer) and returns them, with
// `source` replaced by one that gives every byte again from the first: a reader sees the bytes
// as if none had been taken, so that content can be told by its first bytes before it is read.
Expected<std::string> peek_bytes(std::unique_ptr<ByteSource>& source, std::size_t count);

// The bytes of `text`, for tests: each read() returns at most `max_read` bytes, so that a reader's
// refill can be made to fall anywhere.
std::unique_ptr<ByteSource> memory_bytes(std::string text, std::string name,
                                         std::size_t max_read = SIZE_MAX);

}  // namespace lethe::util
