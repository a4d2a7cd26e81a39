// The export manifest (lethe.yaml) on arbitrary text: a manifest or a `lethe.yaml:L:C:` message.
#include "data/manifest.hpp"
#include "fuzz_support.hpp"
#include "util/yaml_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto file = util::YamlFile::parse(std::move(text), "lethe.yaml");
  if (!file) {
    fuzz::require(file.error().message.rfind("lethe.yaml", 0) == 0, "errors name the file");
    return 0;
  }
  auto manifest = data::read_manifest(*file, fuzz::bundled_schema());
  if (!manifest) {
    fuzz::require(manifest.error().message.rfind("lethe.yaml", 0) == 0, "errors name the file");
  }
  return 0;
}
