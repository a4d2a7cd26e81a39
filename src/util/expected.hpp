// Expected<T>: a value or an Error, returned by every parser and loader instead of throwing.
// Expected<T, E> carries another error type where the caller wants the parts of the error apart
// (a reader's line and column, say) rather than one finished message.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace lethe::util {

// A user-facing error: `message` is complete (location included), ready to print.
struct Error {
  std::string message;
};

template <class T, class E = Error>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  Expected(E error) : m_state(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return m_state.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const { return std::get<1>(m_state); }

 private:
  std::variant<T, E> m_state;
};

// Success or an Error, for operations that produce nothing.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(E error) : m_error(std::move(error)), m_failed(true) {}

  bool has_value() const { return !m_failed; }
  explicit operator bool() const { return has_value(); }
  const E& error() const { return m_error; }

 private:
  E m_error;
  bool m_failed = false;
};

}  // namespace lethe::util
