#include "util/json_syntax.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace lethe::util {

namespace {

constexpr std::uint8_t k_space = 1;        // white space between tokens
constexpr std::uint8_t k_delimiter = 2;    // what ends a number or a literal
constexpr std::uint8_t k_string_stop = 4;  // what a string's plain bytes cannot be
constexpr std::uint8_t k_word = 8;         // what a bare word quoted in a message may hold

constexpr std::array<std::uint8_t, 256> k_classes = [] {
  std::array<std::uint8_t, 256> classes{};
  for (std::size_t byte = 0; byte < 0x20; ++byte)
    classes[byte] |= k_string_stop;
  for (std::size_t byte = 0x21; byte < 0x7f; ++byte)
    classes[byte] |= k_word;
  auto add = [&](std::string_view bytes, std::uint8_t mask) {
    for (char c : bytes)
      classes[static_cast<unsigned char>(c)] |= mask;
  };
  add(" \t\n\r", k_space | k_delimiter);
  add(",:\"{}[]", k_delimiter);
  add("\"\\", k_string_stop);
  return classes;
}();

inline bool has_class(char c, std::uint8_t mask) {
  return (k_classes[static_cast<unsigned char>(c)] & mask) != 0;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Bytes of a bare word shown in a message at most: enough for `Infinity`, little of a value.
constexpr std::size_t k_word_shown = 16;

std::string quote_word(std::string_view word) {
  if (word.size() > k_word_shown) return fmt::format("'{}...'", word.substr(0, k_word_shown));
  return fmt::format("'{}'", word);
}

// Where a token stops being a JSON number, and why.
enum class NumberFault : std::uint8_t {
  none,               // the whole token is one
  leading_zero,       // `01`
  no_integer_digit,   // `-`, `-x`, ``
  no_fraction_digit,  // `1.`
  no_exponent_digit,  // `1e+`
  trailing,           // a number, then a byte that cannot follow it (at `end`)
};

struct NumberScan {
  NumberFault fault = NumberFault::none;
  std::size_t end = 0;  // bytes of the token read as a number
};

// The JSON number grammar over `token`, which holds no delimiter.
NumberScan scan_number(std::string_view token) {
  std::size_t i = 0;
  const std::size_t n = token.size();
  auto digits = [&] {
    std::size_t start = i;
    while (i < n && is_digit(token[i]))
      ++i;
    return i > start;
  };
  if (i < n && token[i] == '-') ++i;
  if (i < n && token[i] == '0') {
    ++i;
    if (i < n && is_digit(token[i])) return {NumberFault::leading_zero, i};
  } else if (!digits()) {
    return {NumberFault::no_integer_digit, i};
  }
  if (i < n && token[i] == '.') {
    ++i;
    if (!digits()) return {NumberFault::no_fraction_digit, i};
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return {NumberFault::no_exponent_digit, i};
  }
  return {i == n ? NumberFault::none : NumberFault::trailing, i};
}

// Why `token`, which starts with '-' or a digit and holds no delimiter, is not a JSON number;
// "" when it is one.
std::string number_problem(std::string_view token) {
  NumberScan scan = scan_number(token);
  switch (scan.fault) {
    case NumberFault::none:
      return "";
    case NumberFault::leading_zero:
      return "a leading zero";
    case NumberFault::no_integer_digit:
      return "no digit after '-'";
    case NumberFault::no_fraction_digit:
      return "no digit after '.'";
    case NumberFault::no_exponent_digit:
      return "no digit in the exponent";
    case NumberFault::trailing:
      break;
  }
  char next = token[scan.end];
  std::string_view number = token.substr(0, scan.end);
  if (has_class(next, k_word)) return fmt::format("'{}' cannot follow '{}'", next, number);
  return fmt::format("byte 0x{:02X} cannot follow '{}'", static_cast<unsigned char>(next), number);
}

// What the checker expects at the next token.
enum class Expect : std::uint8_t {
  value,             // at the start, or after ':'
  element,           // after ',' in an array
  element_or_close,  // after '['
  key_or_close,      // after '{'
  key,               // after ',' in an object
  colon,             // after a key
  comma_or_close,    // after a member or an element
  end,               // after the outermost value
};

// One pass over one text.
class Pass {
 public:
  Pass(std::string_view text, std::vector<char>& open, std::size_t max_depth)
      : m_text(text), m_open(open), m_max_depth(max_depth) {
    m_open.clear();
  }

  std::optional<JsonSyntaxError> run() {
    const std::size_t n = m_text.size();
    for (;;) {
      while (m_pos < n && has_class(m_text[m_pos], k_space))
        ++m_pos;
      if (m_pos == n) break;
      if (!step(m_text[m_pos])) return std::move(m_error);
    }
    if (m_expect == Expect::end) return std::nullopt;
    unexpected();
    return std::move(m_error);
  }

 private:
  bool fail(std::size_t offset, std::string message,
            JsonSyntaxError::Kind kind = JsonSyntaxError::Kind::syntax) {
    m_error = JsonSyntaxError{kind, offset, std::move(message), std::string(m_key)};
    return false;
  }

  // "expected a value after ',', got ']'" for the token at the current byte.
  bool unexpected() { return fail(m_pos, fmt::format("{}, got {}", expected(), got(m_pos))); }

  std::string_view expected() const {
    switch (m_expect) {
      case Expect::value:
        return "expected a value";
      case Expect::element:
        return "expected a value after ','";
      case Expect::element_or_close:
        return "expected a value or ']'";
      case Expect::key_or_close:
        return "expected a string key or '}'";
      case Expect::key:
        return "expected a string key after ','";
      case Expect::colon:
        return "expected ':' after an object key";
      case Expect::comma_or_close:
        return m_open.back() == '{' ? "expected ',' or '}' after an object member"
                                    : "expected ',' or ']' after an array element";
      case Expect::end:
        break;
    }
    return "expected the end of the record";
  }

  // How a message names the token at `offset`.
  std::string got(std::size_t offset) const {
    if (offset >= m_text.size()) return "the end of the record";
    char c = m_text[offset];
    if (c == '"') return "a string";
    if (c == '/') return "'/' (JSON has no comments)";
    if (c == '\'') return "a single quote (JSON strings are in double quotes)";
    if (has_class(c, k_delimiter)) return fmt::format("'{}'", c);
    if (!has_class(c, k_word)) return fmt::format("byte 0x{:02X}", static_cast<unsigned char>(c));
    std::size_t end = offset;
    while (end < m_text.size() && has_class(m_text[end], k_word) &&
           !has_class(m_text[end], k_delimiter))
      ++end;
    return quote_word(m_text.substr(offset, end - offset));
  }

  bool step(char c) {
    switch (m_expect) {
      case Expect::element_or_close:
        if (c == ']') return close();
        return value(c);
      case Expect::value:
      case Expect::element:
        return value(c);
      case Expect::key_or_close:
        if (c == '}') return close();
        return key(c);
      case Expect::key:
        return key(c);
      case Expect::colon:
        if (c != ':') return unexpected();
        ++m_pos;
        m_expect = Expect::value;
        return true;
      case Expect::comma_or_close:
        return comma_or_close(c);
      case Expect::end:
        break;
    }
    return unexpected();
  }

  bool comma_or_close(char c) {
    bool in_object = m_open.back() == '{';
    if (c == ',') {
      ++m_pos;
      m_expect = in_object ? Expect::key : Expect::element;
      return true;
    }
    if (c == (in_object ? '}' : ']')) return close();
    return unexpected();
  }

  bool key(char c) {
    if (c != '"') return unexpected();
    std::size_t start = m_pos;
    if (!string()) return false;
    // The members of the outermost object name where an error is.
    if (m_open.size() == 1) m_key = m_text.substr(start + 1, m_pos - start - 2);
    m_expect = Expect::colon;
    return true;
  }

  bool value(char c) {
    if (c == '{' || c == '[') {
      if (m_open.size() >= m_max_depth) return fail(m_pos, "", JsonSyntaxError::Kind::too_deep);
      m_open.push_back(c);
      ++m_pos;
      m_expect = c == '{' ? Expect::key_or_close : Expect::element_or_close;
      return true;
    }
    if (c == '"') {
      if (!string()) return false;
    } else if (has_class(c, k_delimiter) || !scalar(c)) {
      return m_error ? false : unexpected();
    }
    after_value();
    return true;
  }

  bool close() {
    ++m_pos;
    m_open.pop_back();
    after_value();
    return true;
  }

  void after_value() {
    if (m_open.empty()) {
      m_expect = Expect::end;
      return;
    }
    if (m_open.size() == 1) m_key = {};  // the member is complete
    m_expect = Expect::comma_or_close;
  }

  // A string from its opening quote at m_pos; m_pos ends past its closing quote.
  bool string() {
    const std::size_t n = m_text.size();
    std::size_t i = m_pos + 1;
    for (;;) {
      while (i < n && !has_class(m_text[i], k_string_stop))
        ++i;
      if (i == n) return fail(m_pos, "unterminated string");
      char c = m_text[i];
      if (c == '"') {
        m_pos = i + 1;
        return true;
      }
      if (c != '\\') {
        return fail(i, fmt::format("unescaped control character U+{:04X} in a string",
                                   static_cast<unsigned char>(c)));
      }
      if (!escape(i)) return false;
    }
  }

  // The escape at `i` (a backslash); `i` ends past it.
  bool escape(std::size_t& i) {
    const std::size_t n = m_text.size();
    if (i + 1 == n) return fail(m_pos, "unterminated string");
    char e = m_text[i + 1];
    switch (e) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        i += 2;
        return true;
      case 'u':
        for (std::size_t k = i + 2; k < i + 6; ++k) {
          if (k >= n || !is_hex(m_text[k])) {
            return fail(i, "invalid escape in a string: \\u takes four hex digits");
          }
        }
        i += 6;
        return true;
      default:
        break;
    }
    if (has_class(e, k_word)) return fail(i, fmt::format("invalid escape '\\{}' in a string", e));
    return fail(i, fmt::format("invalid escape in a string: byte 0x{:02X} after '\\'",
                               static_cast<unsigned char>(e)));
  }

  // A number or a literal at m_pos, starting with `c`; false with no error set when it is
  // neither (the caller says what was expected).
  bool scalar(char c) {
    std::size_t end = m_pos;
    while (end < m_text.size() && !has_class(m_text[end], k_delimiter))
      ++end;
    std::string_view token = m_text.substr(m_pos, end - m_pos);
    if (c == '-' || is_digit(c)) {
      std::string problem = number_problem(token);
      if (!problem.empty()) {
        return fail(m_pos, fmt::format("invalid number {}: {}", quote_word(token), problem));
      }
    } else if (token != "true" && token != "false" && token != "null") {
      if (c != 't' && c != 'f' && c != 'n') return false;
      return fail(m_pos, fmt::format("invalid literal {}: expected true, false or null",
                                     quote_word(token)));
    }
    m_pos = end;
    return true;
  }

  std::string_view m_text;
  std::vector<char>& m_open;
  std::size_t m_max_depth;
  std::size_t m_pos = 0;
  Expect m_expect = Expect::value;
  std::string_view m_key;  // the outermost object's member being read
  std::optional<JsonSyntaxError> m_error;
};

}  // namespace

bool has_valid_escapes(std::string_view text) {
  for (std::size_t i = text.find('\\'); i != std::string_view::npos; i = text.find('\\', i)) {
    if (i + 1 == text.size()) return false;
    char e = text[i + 1];
    if (e == 'u') {
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        if (k >= text.size() || !is_hex(text[k])) return false;
      }
      i += 6;
      continue;
    }
    if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return false;
    i += 2;
  }
  return true;
}

bool is_json_number(std::string_view token) {
  return scan_number(token).fault == NumberFault::none;
}

std::optional<JsonSyntaxError> JsonSyntaxChecker::check(std::string_view text,
                                                        std::size_t max_depth) {
  return Pass(text, m_open, max_depth).run();
}

}  // namespace lethe::util
