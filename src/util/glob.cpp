#include "util/glob.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <system_error>
#include <tuple>

#include "util/strings.hpp"

namespace lethe::util {

namespace fs = std::filesystem;

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

namespace {

struct GlobState {
  const fs::path& root;
  const std::vector<std::string>& segments;
  size_t max_matches;
  std::set<std::string> matches;  // distinct: `**/**` or a linked folder may reach a file twice
  // (device, inode, segment index) already matched: each folder is read at most once per
  // segment, so the walk is bounded by folders times segments whatever the pattern, and a
  // symbolic link that loops ends there.
  std::set<std::tuple<dev_t, ino_t, size_t>> visited;
  bool over_limit = false;
};

bool segment_matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) == 0;
}

// Matches segments[index..] against the entries of folder `relative` (below root).
void match_from(GlobState& state, const std::string& relative, size_t index) {
  if (state.over_limit) return;
  const std::string& segment = state.segments[index];
  bool last = index + 1 == state.segments.size();
  fs::path folder = relative.empty() ? state.root : state.root / relative;
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) return;
  if (!state.visited.emplace(info.st_dev, info.st_ino, index).second) return;
  std::error_code error;
  fs::directory_iterator it(folder, error);
  if (error) return;
  std::vector<std::pair<std::string, bool>> entries;  // name, is_directory
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) break;
    std::error_code type_error;
    bool is_dir = it->is_directory(type_error);
    bool is_file = it->is_regular_file(type_error);
    if (is_dir || is_file) entries.emplace_back(it->path().filename().string(), is_dir);
  }
  std::sort(entries.begin(), entries.end());
  auto child = [&](const std::string& name) {
    return relative.empty() ? name : relative + "/" + name;
  };
  if (segment == "**") {
    // Zero folders: the rest of the pattern applies here.
    if (!last) match_from(state, relative, index + 1);
    for (const auto& [name, is_dir] : entries) {
      if (is_dir && name[0] != '.') match_from(state, child(name), index);
    }
    return;
  }
  for (const auto& [name, is_dir] : entries) {
    if (!segment_matches(segment, name)) continue;
    if (last && !is_dir) {
      state.matches.insert(child(name));
      if (state.matches.size() > state.max_matches) {
        state.over_limit = true;
        return;
      }
    } else if (!last && is_dir) {
      match_from(state, child(name), index + 1);
    }
  }
}

// Whether path[at..] matches segments[index..].
bool match_segments(const std::vector<std::string>& segments, size_t index,
                    const std::vector<std::string>& path, size_t at) {
  if (index == segments.size()) return at == path.size();
  if (segments[index] == "**") {
    // Zero folders, or one more (never the file itself, nor a dot folder).
    if (match_segments(segments, index + 1, path, at)) return true;
    return at + 1 < path.size() && path[at][0] != '.' &&
           match_segments(segments, index, path, at + 1);
  }
  return at < path.size() && segment_matches(segments[index], path[at]) &&
         match_segments(segments, index + 1, path, at + 1);
}

// The pattern's segments, without empty ones, "." or a `**` repeated.
std::vector<std::string> pattern_segments(std::string_view pattern) {
  std::vector<std::string> segments;
  for (auto part : split(pattern, '/')) {
    if (part.empty() || part == ".") continue;
    // `**/**` matches what `**` matches.
    if (part == "**" && !segments.empty() && segments.back() == "**") continue;
    segments.emplace_back(part);
  }
  return segments;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::vector<std::string> segments = pattern_segments(pattern);
  std::vector<std::string> parts;
  for (auto part : split(path, '/'))
    parts.emplace_back(part);
  return !segments.empty() && match_segments(segments, 0, parts, 0);
}

Expected<std::vector<std::string>> glob_files(const fs::path& root, std::string_view pattern,
                                              size_t max_matches) {
  std::vector<std::string> segments = pattern_segments(pattern);
  if (segments.empty()) return std::vector<std::string>{};
  GlobState state{root, segments, max_matches, {}, {}, false};
  match_from(state, "", 0);
  if (state.over_limit) {
    return Error{fmt::format("matches more than {} files", max_matches)};
  }
  return std::vector<std::string>(state.matches.begin(), state.matches.end());
}

}  // namespace lethe::util
