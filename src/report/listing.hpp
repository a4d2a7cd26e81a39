// Outputs chosen by format name from a table: the scan reports and the `rules list`, `schema` and
// `inspect` listings all look their format up the same way, and an unknown name is an error.
#pragma once

#include <initializer_list>
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
  names.reserve(table.size());
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

// The formats of one listing, looked up by name.
template <class... Subjects>
class Listing {
 public:
  // The formats, in the order that help texts list them.
  Listing(std::initializer_list<ListingFormat<Subjects...>> formats)
      : m_formats(formats), m_names(format_names(m_formats)) {}

  // The formats' names, in order.
  const std::vector<std::string>& names() const { return m_names; }

  // `subjects` in the format called `name`, or an error naming the known formats.
  util::Expected<std::string> render(std::string_view name, const Subjects&... subjects) const {
    const ListingFormat<Subjects...>* format = find_format(m_formats, name);
    if (!format) return unknown_format_error("format", name, m_names);
    return format->render(subjects...);
  }

 private:
  std::vector<ListingFormat<Subjects...>> m_formats;
  std::vector<std::string> m_names;
};

}  // namespace lethe::report
