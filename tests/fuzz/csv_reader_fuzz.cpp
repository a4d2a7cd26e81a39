// The CSV/TSV reader on arbitrary bytes, in every dialect and through each decoder: every record
// has one value per requested column and records come in file order; nothing crashes, leaks or
// hangs.
#include "data/csv_reader.hpp"
#include "fuzz_support.hpp"
#include "util/byte_source.hpp"
#include "util/text_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  if (size == 0) return 0;
  // The first byte picks the dialect: the delimiter, the quote, whether there is a header, and
  // the encoding (UTF-8 as it is, or decoded from UTF-16 or windows-1252).
  const std::uint8_t pick = data[0];
  const data::CsvDialect dialect{pick % 2 ? '\t' : ',', pick & 2 ? '\'' : '"',
                                 pick & 4 ? data::HeaderRow::absent : data::HeaderRow::names};
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> columns{"id", "a", "b c", "a", "2"};
  std::unique_ptr<util::ByteSource> input = util::memory_bytes(std::string(bytes), "input.csv");
  const bool decoded = pick & 24;
  if (decoded) {
    auto decoder = util::decode_to_utf8(
        std::move(input), pick & 8 ? util::Charset::utf16 : util::Charset::windows_1252);
    if (!decoder) return 0;
    input = std::move(*decoder);
  }
  auto source = data::open_csv_source(std::move(input), dialect, columns);
  if (!source) return 0;
  fuzz::read_all_records(**source, columns.size());
  // A decoder's output has no size known before it is read.
  if (!decoded) {
    fuzz::require((*source)->bytes_read() <= (*source)->bytes_total(),
                  "no more bytes read than exist");
  }
  return 0;
}
