// The delivered sample (samples/alexa-delivery): a zip of compressed members, local times across
// both DST changes, a semicolon Windows-1252 file, vendor codes and a backup store, read with the
// auditor's manifest beside it. The bundled rules find exactly the planted findings of its README,
// from the zip and from the folder it extracts to alike.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run_lethe.hpp"
#include "support/temp_dir.hpp"
#include "util/archive.hpp"

namespace fs = std::filesystem;
using lethe::test::check_golden;
using lethe::test::run_lethe;
using lethe::test::TempDir;

namespace {

const std::string k_zip = "samples/alexa-delivery/Alexa-export.zip";
const std::string k_manifest = "samples/alexa-delivery/auditor-manifest.yaml";

// `lethe scan EXPORT` of the sample as its README says, in `format`.
lethe::test::RunResult scan_delivery(const std::string& export_path, const std::string& format) {
  return run_lethe({"scan", export_path, "--manifest", k_manifest, "--as-of", "2026-12-15",
                    "--format", format, "--no-progress"});
}

// Writes every member of the zip below `folder`, as an auditor's unzip would.
void extract(const fs::path& zip, const fs::path& folder) {
  auto reader = lethe::util::ArchiveReader::open_file(zip, {});
  REQUIRE(reader);
  while (true) {
    auto member = (*reader)->next();
    REQUIRE(member);
    if (!*member) break;
    fs::path path = folder / (*member)->path;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    char buffer[4096];
    while (true) {
      auto got = (*reader)->read(buffer, sizeof buffer);
      REQUIRE(got);
      if (*got == 0) break;
      out.write(buffer, static_cast<std::streamsize>(*got));
    }
  }
}

}  // namespace

TEST_CASE("the delivered sample: exactly the planted findings, from the zip and extracted",
          "[e2e][samples]") {
  auto text = scan_delivery(k_zip, "text");
  CHECK(text.exit_code == 1);
  CHECK(text.err.empty());
  check_golden("samples/alexa-delivery.txt", text.out);
  auto from_zip = scan_delivery(k_zip, "csv");
  CHECK(from_zip.exit_code == 1);
  check_golden("samples/alexa-delivery.csv", from_zip.out);

  TempDir dir;
  extract(lethe::test::source_path(k_zip), dir.path() / "extracted");
  auto from_folder = scan_delivery((dir.path() / "extracted").string(), "csv");
  CHECK(from_folder.exit_code == 1);
  CHECK(from_folder.err.empty());
  // The same findings, locations, sources and fingerprints, byte for byte.
  CHECK(from_folder.out == from_zip.out);
}

TEST_CASE("the delivered sample: inspect shows each source and the ambiguous wall times",
          "[e2e][samples]") {
  auto inspect = run_lethe({"inspect", k_zip, "--manifest", k_manifest});
  CHECK(inspect.exit_code == 0);
  check_golden("samples/alexa-delivery.inspect.txt", inspect.out);
}
