// Escaping text for XML and HTML.
#pragma once

#include <string>
#include <string_view>

namespace lethe::util {

// `text` safe inside XML/HTML text and quoted attributes: & < > " ' escaped, and characters XML 1.0
// forbids (control characters other than tab, line feed and carriage return) replaced by U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace lethe::util
