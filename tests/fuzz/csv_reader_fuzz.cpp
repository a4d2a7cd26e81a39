// The CSV/TSV reader on arbitrary bytes: every record has one value per requested column and
// records come in file order; nothing crashes, leaks or hangs.
#include "data/csv_reader.hpp"
#include "fuzz_support.hpp"
#include "util/byte_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  if (size == 0) return 0;
  // The first byte picks the dialect: the delimiter, the quote, and whether there is a header.
  const data::CsvDialect dialect{data[0] % 2 ? '\t' : ',', data[0] & 2 ? '\'' : '"',
                                 data[0] & 4 ? data::HeaderRow::absent : data::HeaderRow::names};
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> columns{"id", "a", "b c", "a", "2"};
  auto source =
      data::open_csv_source(util::memory_bytes(std::string(bytes), "input.csv"), dialect, columns);
  if (!source) return 0;
  fuzz::read_all_records(**source, columns.size());
  fuzz::require((*source)->bytes_read() <= (*source)->bytes_total(),
                "no more bytes read than exist");
  return 0;
}
