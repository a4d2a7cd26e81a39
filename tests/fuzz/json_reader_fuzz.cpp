// The NDJSON and JSON-array readers on arbitrary bytes: every record has one value per requested
// path, records come in file order; nothing crashes, leaks or hangs (deep nesting included).
#include "data/json_reader.hpp"
#include "fuzz_support.hpp"
#include "util/byte_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  if (size == 0) return 0;
  auto layout = data[0] % 2 ? data::JsonLayout::array : data::JsonLayout::lines;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> columns{"id", "geo.lat", "a.b.c", "id"};
  auto source =
      data::open_json_source(util::memory_bytes(std::string(bytes), "input.json"), layout, columns);
  if (!source) return 0;
  fuzz::read_all_records(**source, columns.size());
  return 0;
}
