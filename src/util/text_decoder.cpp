#include "util/text_decoder.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace lethe::util {

namespace {

constexpr std::size_t k_input_block = std::size_t{1} << 16;

class DecodingSource final : public ByteSource {
 public:
  DecodingSource(std::unique_ptr<ByteSource> inner, iconv_t converter, std::string_view label,
                 std::uint64_t offset)
      : m_inner(std::move(inner)), m_converter(converter), m_label(label), m_offset(offset) {}
  ~DecodingSource() override { iconv_close(m_converter); }
  DecodingSource(const DecodingSource&) = delete;
  DecodingSource& operator=(const DecodingSource&) = delete;

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (!m_error.empty()) return Error{m_error};
    char* out = buffer;
    std::size_t out_left = size;
    while (out_left == size) {
      if (m_pending.empty() || m_incomplete) {
        if (m_eof) {
          if (!m_pending.empty()) {
            return Error{fmt::format("the {} text ends inside a character (at offset {})", m_label,
                                     m_offset)};
          }
          return std::size_t{0};
        }
        if (auto more = fill(); !more) return more.error();
        m_incomplete = false;
        continue;
      }
      char* in = m_pending.data();
      std::size_t in_left = m_pending.size();
      std::size_t result = iconv(m_converter, &in, &in_left, &out, &out_left);
      const int error = result == static_cast<std::size_t>(-1) ? errno : 0;
      const std::size_t used = m_pending.size() - in_left;
      m_offset += used;
      m_pending.erase(0, used);
      if (error == EILSEQ) {
        m_error = fmt::format("byte 0x{:02X} at offset {} is no {} character",
                              static_cast<unsigned char>(m_pending[0]), m_offset, m_label);
        // The text before it is read first: the error comes with the next read.
        if (out_left < size) break;
        return Error{m_error};
      }
      // EINVAL: a sequence cut by the end of the block; read on before converting it.
      if (error == EINVAL) m_incomplete = true;
      // E2BIG with nothing written cannot happen for buffers of a few bytes or more.
      if (error == E2BIG) break;
    }
    return size - out_left;
  }

  std::optional<std::uint64_t> total_size() const override { return std::nullopt; }
  const std::string& name() const override { return m_inner->name(); }

 private:
  Expected<void> fill() {
    const std::size_t kept = m_pending.size();
    m_pending.resize(kept + k_input_block);
    auto got = m_inner->read(m_pending.data() + kept, k_input_block);
    if (!got) return got.error();
    m_pending.resize(kept + *got);
    if (*got == 0) m_eof = true;
    return {};
  }

  std::unique_ptr<ByteSource> m_inner;
  iconv_t m_converter;
  std::string m_label;
  std::uint64_t m_offset;     // of m_pending's first byte in the file
  std::string m_pending;      // read, not yet converted
  bool m_incomplete = false;  // m_pending ends inside a character
  bool m_eof = false;
  std::string m_error;  // a byte that is no character: every read from here fails
};

}  // namespace

Expected<std::unique_ptr<ByteSource>> decode_to_utf8(std::unique_ptr<ByteSource> source,
                                                     Charset charset) {
  const char* from = charset == Charset::windows_1252 ? "WINDOWS-1252" : "ISO-8859-1";
  std::string_view label = charset == Charset::windows_1252 ? "windows-1252" : "iso-8859-1";
  std::uint64_t offset = 0;
  if (charset == Charset::utf16) {
    label = "UTF-16";
    auto head = peek_bytes(source, 2);
    if (!head) return head.error();
    if (*head == "\xFF\xFE") {
      from = "UTF-16LE";
    } else if (*head == "\xFE\xFF") {
      from = "UTF-16BE";
    } else {
      return Error{
          "UTF-16 text needs a byte order mark (FF FE or FE FF) at its start\n"
          "hint: without one, lethe cannot tell its byte order"};
    }
    char bom[2];
    if (auto got = source->read(bom, 2); !got) return got.error();
    offset = 2;
  }
  iconv_t converter = iconv_open("UTF-8", from);
  // iconv_open's documented failure value is (iconv_t)-1.
  if (converter == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return Error{fmt::format("cannot decode {}: {}", label, std::strerror(errno))};
  }
  return std::unique_ptr<ByteSource>(
      std::make_unique<DecodingSource>(std::move(source), converter, label, offset));
}

}  // namespace lethe::util
