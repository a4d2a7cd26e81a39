// Names of enum values kept in one constexpr table per enum, instead of a switch to print them
// and a chain of comparisons to read them back:
//
//   constexpr auto k_kinds = std::to_array<util::EnumName<Kind>>({{Kind::a, "a"}, {Kind::b, "b"}});
//   util::enum_name(k_kinds, Kind::b)      // "b"
//   util::parse_enum(k_kinds, "a")         // Kind::a
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lethe::util {

// One value of an enum and its name.
template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name of `value` in `names`, or `fallback` when the table lacks it.
template <class E, std::size_t N>
constexpr std::string_view enum_name(const std::array<EnumName<E>, N>& names, E value,
                                     std::string_view fallback = "?") {
  for (const auto& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return fallback;
}

// The value called `name` in `names` (exactly), or nullopt.
template <class E, std::size_t N>
constexpr std::optional<E> parse_enum(const std::array<EnumName<E>, N>& names,
                                      std::string_view name) {
  for (const auto& entry : names) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// Every name of `names` in table order, with `separator` between them ("a, b"), for a hint.
template <class E, std::size_t N>
std::string enum_names_joined(const std::array<EnumName<E>, N>& names, std::string_view separator) {
  std::string out;
  for (const auto& entry : names) {
    if (!out.empty()) out += separator;
    out += entry.name;
  }
  return out;
}

}  // namespace lethe::util
