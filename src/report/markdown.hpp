// Escaping for Markdown: the one escaper that every Markdown output of lethe uses.
#pragma once

#include <string>
#include <string_view>

namespace lethe::report {

// `text` safe in a Markdown table cell (and inline text): pipes and backticks escaped, line breaks
// flattened to spaces, and &, < and > as entities so that no HTML gets through.
std::string markdown_cell(std::string_view text);

// Free text (a rule's description, notes) as Markdown paragraphs: escaped as markdown_cell does,
// a blank line between paragraphs, a paragraph's lines joined by spaces, and a first character
// that would start a heading, list, quote or rule escaped, so that the text stays paragraphs.
// Each paragraph ends with a blank line; "" when the text is blank.
std::string markdown_paragraphs(std::string_view text);

}  // namespace lethe::report
