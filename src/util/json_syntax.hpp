// A check of one JSON text against the grammar of RFC 8259, for readers that extract only some
// of its values and would otherwise never look at the rest. UTF-8 is left to the parser that
// reads the values: every byte from 0x80 up is taken as part of a string.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::util {

// Where and why a JSON text is not valid.
struct JsonSyntaxError {
  enum class Kind {
    syntax,    // the text breaks the grammar
    too_deep,  // objects and arrays nest deeper than the limit
  };
  Kind kind = Kind::syntax;
  std::size_t offset = 0;  // of the first byte that is wrong
  std::string message;     // "expected a value after ',', got ']'"; "" for too_deep
  std::string key;         // the member of the outermost object the error is in; "" for none
};

// Whether `token` is one number as the JSON grammar writes it (of any size: `1e400` is one).
bool is_json_number(std::string_view token);

// Whether every backslash in `text`, the inside of a JSON string, starts an escape the grammar
// allows. A `\u` escape of half a surrogate pair is one: RFC 8259 leaves its meaning open.
bool has_valid_escapes(std::string_view text);

// Checks texts one after the other, reusing its memory.
class JsonSyntaxChecker {
 public:
  // Why `text` is not one JSON value (surrounded by white space at most), or nothing when it is.
  // Nesting deeper than `max_depth` objects and arrays is an error of its own kind.
  std::optional<JsonSyntaxError> check(std::string_view text, std::size_t max_depth);

 private:
  std::vector<char> m_open;  // the containers open at the current byte: '{' or '['
};

}  // namespace lethe::util
