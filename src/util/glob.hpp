// Matching file-name patterns below a folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::util {

// True when `pattern` has a wildcard (* ? [).
bool has_wildcard(std::string_view pattern);

// The regular files below `root` whose '/'-separated relative path matches `pattern`: each
// segment is an fnmatch(3) pattern (a leading '.' must be matched explicitly) and a `**`
// segment matches any number of folders. Returns relative paths, sorted bytewise. Stops with
// "matches more than N files" when more than `max_matches` files match.
Expected<std::vector<std::string>> glob_files(const std::filesystem::path& root,
                                              std::string_view pattern, size_t max_matches);

// Whether the '/'-separated `path` matches `pattern` as glob_files matches them: segment by
// segment, a `**` segment matching any number of folders (not ones whose names begin with '.').
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace lethe::util
