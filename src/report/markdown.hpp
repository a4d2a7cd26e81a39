// Escaping for Markdown: the one escaper that every Markdown output of lethe uses.
#pragma once

#include <string>
#include <string_view>

namespace lethe::report {

// `text` safe in a Markdown table cell (and inline text): pipes and backticks escaped, line breaks
// flattened to spaces, and &, < and > as entities so that no HTML gets through.
std::string markdown_cell(std::string_view text);

}  // namespace lethe::report
