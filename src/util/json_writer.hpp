// A small streaming JSON writer with stable, indented output (for byte-identical reports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lethe::util {

class JsonWriter {
 public:
  // Appends to `out`; `indent` spaces per level (0: compact, on one line).
  explicit JsonWriter(std::string& out, int indent = 2) : m_out(out), m_indent(indent) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The key of the next value inside an object.
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(double number);
  void value(bool flag);
  // `text`, or null when there is none.
  void value(const std::optional<std::string>& text);
  // An array of the strings `items`.
  void value(const std::vector<std::string>& items);
  void null();
  // `text`, or null when it is empty.
  void value_or_null(std::string_view text);

  // A member of an object: key(name), then value(item), for every type that value() takes
  // (strings, numbers, bools, optional strings, string lists). Unconstrained: a constraint on
  // value() would name this class before it is complete, which clang refuses.
  template <class T>
  void member(std::string_view name, const T& item) {
    key(name);
    value(item);
  }
  // A member whose value is `text`, or null when it is empty.
  void member_or_null(std::string_view name, std::string_view text) {
    key(name);
    value_or_null(text);
  }

  // Writes pre-rendered JSON as the next value.
  void raw(std::string_view json);

  // A writer into `out` that continues where this one is, inside a container that already has
  // items: what it writes can be appended after this writer's output (e.g. elements of a long
  // array rendered on other threads). Call appended_items() on this writer afterwards.
  JsonWriter continuation(std::string& out) const;
  // Records that items were appended to the current container from a continuation (its text
  // goes to the output after this writer's).
  void appended_items() { m_has_items.back() = true; }

 private:
  void before_value();
  void newline();
  void close(char bracket);

  std::string& m_out;
  int m_indent;
  std::vector<bool> m_has_items;  // one per open container
  bool m_after_key = false;
};

// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);
// Appends json_quote(text) to `out`.
void append_json_quoted(std::string& out, std::string_view text);

}  // namespace lethe::util
