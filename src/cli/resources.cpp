#include "cli/resources.hpp"

#include <system_error>

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

}  // namespace lethe::cli
