// Escaping text for XML and HTML, and the character-by-character replacement that the escapers
// of the other markups (Markdown, workflow commands) are built on.
#pragma once

#include <string>
#include <string_view>

namespace lethe::util {

// What stands for a character in escaped text: its escape, or null to keep the character.
using CharEscape = const char* (*)(char c);

// `text` with every character that `escape` maps to a string replaced by that string.
std::string escape_chars(std::string_view text, CharEscape escape);

// The entity for &, < or >, or null for any other character (what HTML text needs).
const char* html_entity(char c);

// `text` safe inside XML/HTML text and quoted attributes: & < > " ' escaped, and characters XML 1.0
// forbids (control characters other than tab, line feed and carriage return) replaced by U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace lethe::util
