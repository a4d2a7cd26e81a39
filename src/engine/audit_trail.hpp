// The audit trail every report carries: SHA-256 digests of every input file read, of every rule
// file used and of the effective parameters, so that `lethe verify` can tell later whether the
// export and the rules are still the ones audited.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "data/export_plan.hpp"
#include "util/expected.hpp"

namespace lethe::rules {
struct RuleSet;
}

namespace lethe::engine {

struct ScanResult;

struct FileDigest {
  std::string path;    // export files: relative to the export root; rule files: as shown
  std::string sha256;  // of the bytes as stored (a `.gz` file's compressed bytes)
  std::string uncompressed_sha256;  // of a compressed file's content; "" when not compressed
};

// A file under the export that no dataset read (data::UnreadFile), with its digest.
struct UnreadFileDigest {
  std::string path;  // relative to the export root
  std::uintmax_t size = 0;
  std::string sha256;  // "" when not a regular file (a link, a pipe: never opened)
};

struct AuditTrail {
  // The manifest, every file of every loaded dataset, and every archive holding one of them.
  std::vector<FileDigest> inputs;
  FileDigest export_archive;             // the export itself when it is an archive (path as given)
  std::vector<UnreadFileDigest> unread;  // ExportPlan::unread, in its order
  std::vector<FileDigest> rules;  // every selected rule's file, and each rule pack's schema.yaml
  std::string params;             // the effective parameters, one `ID.NAME=VALUE` per line
  std::string params_sha256;
};

// The effective parameters of `rules` in canonical form: `ID.NAME=VALUE` lines, sorted.
std::string canonical_params(const rules::RuleSet& rules);

// Digests the manifest of `plan`, the files of its datasets named in `loaded` (and the archives
// holding them), its unread files, and the files of `rules`. Reads only files and the
// arguments, so it may run beside the load.
util::Expected<AuditTrail> compute_audit_trail(const data::ExportPlan& plan,
                                               const std::set<std::string>& loaded,
                                               const rules::RuleSet& rules);

}  // namespace lethe::engine
