// Outputs chosen by format name from a table: the scan reports and the `rules list` and `schema`
// listings all look their format up the same way, and an unknown name is an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace lethe::report {

// `unknown KIND "NAME" (expected one of A, B, ...)`.
util::Error unknown_format_error(std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& known);

// One format of a listing of `Subjects`: its name and how it renders them.
template <class... Subjects>
struct ListingFormat {
  std::string_view name;
  std::string (*render)(const Subjects&...);
};

// The names of `table`'s formats, in its order.
template <class Format>
std::vector<std::string> format_names(const std::vector<Format>& table) {
  std::vector<std::string> names;
  for (const auto& format : table)
    names.emplace_back(format.name);
  return names;
}

// `table`'s entry called `name`, or null.
template <class Format>
const Format* find_format(const std::vector<Format>& table, std::string_view name) {
  for (const auto& format : table) {
    if (format.name == name) return &format;
  }
  return nullptr;
}

// `subjects` rendered by `table`'s format called `name`, or an error naming the known formats.
template <class... Subjects>
util::Expected<std::string> render_listing(const std::vector<ListingFormat<Subjects...>>& table,
                                           std::string_view name, const Subjects&... subjects) {
  const ListingFormat<Subjects...>* format = find_format(table, name);
  if (!format) return unknown_format_error("format", name, format_names(table));
  return format->render(subjects...);
}

}  // namespace lethe::report
