// The waivers file and the config file on arbitrary text: a result or an error naming the file.
#include "cli/config.hpp"
#include "engine/waivers.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto waivers_path = fuzz::scratch_file(text, "waivers.yaml");
  auto waivers = engine::read_waivers(waivers_path, "waivers.yaml");
  if (!waivers) {
    fuzz::require(waivers.error().message.find("waivers.yaml") != std::string::npos,
                  "errors name the file");
  }
  auto config_path = fuzz::scratch_file(text, "lethe.config.yaml");
  (void)cli::read_config(config_path);
  return 0;
}
