#include "util/strings.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace lethe::util {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lower(c);
  return out;
}

bool iequals(std::string_view text, std::string_view other) {
  if (text.size() != other.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lower(other[i])) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: an adjacent transposition ("scna" for "scan") is one edit.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = previous[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: a candidate that far off cannot be a
    // typo, and a long hostile value costs no quadratic comparison.
    size_t longer = std::max(name.size(), candidate.size());
    size_t difference = longer - std::min(name.size(), candidate.size());
    if (difference > std::max<size_t>(1, longer / 3)) continue;
    size_t distance = edit_distance(name, candidate);
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // A plausible typo: at most a third of the name changed (and at least one edit allowed).
  size_t allowed = std::max<size_t>(1, std::max(name.size(), best.size()) / 3);
  return !best.empty() && best_distance <= allowed ? best : std::string();
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string quote_for_message(std::string_view text) {
  constexpr size_t k_max_bytes = 80;
  if (text.size() <= k_max_bytes) return double_quoted(text);
  std::string out = double_quoted(text.substr(0, k_max_bytes));
  out.insert(out.size() - 1, "...");
  return out;
}

std::string count_noun(std::uint64_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

namespace {

// Columns `text` takes on a terminal: its UTF-8 characters but those of colour codes.
size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      size_t end = text.find('m', i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

// One line of `wrap_lines`, appended to `out` with its newline.
void wrap_line(std::string_view line, size_t width, size_t hang, std::string& out) {
  size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || display_width(line) <= width) {
    out.append(line);
    out += '\n';
    return;
  }
  std::string continuation(indent + hang, ' ');
  std::string current(line.substr(0, indent));
  size_t used = indent;
  bool first_word = true;
  for (std::string_view word : split(line.substr(indent), ' ')) {
    size_t word_width = display_width(word);
    if (!first_word && used + 1 + word_width > width) {
      out += current + '\n';
      current = continuation;
      used = continuation.size();
      first_word = true;
    }
    if (!first_word) {
      current += ' ';
      ++used;
    }
    current.append(word);
    used += word_width;
    first_word = false;
  }
  out += current + '\n';
}

}  // namespace

std::string wrap_lines(std::string_view text, size_t width, size_t hang) {
  if (width == 0) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      // A last line without its newline keeps none.
      wrap_line(text.substr(start), width, hang, out);
      out.pop_back();
      break;
    }
    wrap_line(text.substr(start, end - start), width, hang, out);
    start = end + 1;
  }
  return out;
}

}  // namespace lethe::util
