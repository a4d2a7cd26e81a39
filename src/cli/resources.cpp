#include "cli/resources.hpp"

#include <algorithm>
#include <string>
#include <system_error>
#include <vector>

#include "util/sha256.hpp"

namespace lethe::cli {

namespace fs = std::filesystem;

fs::path bundled_rules_dir() {
  std::error_code error;
  fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    fs::path dir = exe.parent_path();
    for (const fs::path& candidate :
         {dir.parent_path() / "share" / "lethe" / "rules", dir / "rules"}) {
      if (fs::is_regular_file(candidate / "schema.yaml", error)) return candidate;
    }
  }
  return fs::path(LETHE_SOURCE_RULES_DIR);
}

fs::path bundled_schema_path() {
  return bundled_rules_dir() / "schema.yaml";
}

PackDigest rule_pack_digest(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error))
      files.push_back(it->path().lexically_relative(dir).generic_string());
  }
  std::sort(files.begin(), files.end());
  PackDigest digest;
  std::string lines;
  for (const auto& file : files) {
    auto sha = util::sha256_file(dir / file);
    lines += file + " " + (sha ? *sha : std::string("-")) + "\n";
    bool rule = file.ends_with(".yaml") && !file.ends_with(".test.yaml") &&
                fs::path(file).filename() != "schema.yaml";
    if (rule) ++digest.rule_files;
  }
  digest.sha256 = util::sha256_hex(lines);
  return digest;
}

}  // namespace lethe::cli
