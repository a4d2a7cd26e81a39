#include "util/regex.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <utility>
#include <vector>

namespace lethe::util {
namespace {

using namespace std::string_view_literals;

constexpr char32_t k_max_code_point = 0x10FFFF;
constexpr char32_t k_surrogates_first = 0xD800;
constexpr char32_t k_surrogates_last = 0xDFFF;
// RE2's case folding (Unicode's simple case folding) relates only code points below this one:
// the last cased letters are Adlam's, U+1E900 to U+1E943.
constexpr char32_t k_case_limit = 0x20000;
// PostgreSQL's RE_DUP_MAX, the largest count of {n,m} it accepts (RE2 accepts up to 1000).
constexpr int k_max_count = 255;

// PostgreSQL's regex compiler slows down about as the cube of the longest run of parts a match
// may pass over without taking a character (a?a?a?..., (?:a?b?){100}), and fails on a few
// dozen \b. So the heaviest such run it is given is bounded: each optional part or assertion
// weighs 1 and each \b or \B 16 (within the bound, it compiles in well under a second).
constexpr std::int64_t k_max_empty_run = 250;
constexpr std::int64_t k_word_boundary_weight = 16;

// What PostgreSQL is given for a pattern that cannot match: only NUL, which PostgreSQL's text
// never holds.
constexpr std::string_view k_are_nothing = "[^\\u0001-\\U0010FFFF]";
// RE2's \b and \B (ASCII word characters on one side and not on the other), which ARE lacks:
// its \b is a backspace.
constexpr std::string_view k_are_word_boundary =
    "(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))";
constexpr std::string_view k_are_not_word_boundary =
    "(?:(?<=[0-9A-Z_a-z])(?=[0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?![0-9A-Z_a-z]))";
// ^ and $ under (?m): at either end of the text, or next to a newline.
constexpr std::string_view k_are_line_start = "(?:^|(?<=\\n))";
constexpr std::string_view k_are_line_end = "(?:$|(?=\\n))";

const char* const k_syntax_hint = "the syntax is RE2's: https://github.com/google/re2/wiki/Syntax";

// ---- UTF-8 (the pattern is valid UTF-8 once RE2 has read it) ----

// The code point at `pos` of `text`, and its length in bytes.
std::pair<char32_t, size_t> decode_at(std::string_view text, size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (pos + length > text.size()) return {0xFFFD, 1};
  char32_t code = lead & (0x3F >> (length - 1));
  for (size_t i = 1; i < length; ++i)
    code = (code << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  return {code, length};
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
    return;
  }
  int length = code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  static constexpr unsigned char k_leads[] = {0, 0, 0xC0, 0xE0, 0xF0};
  out += static_cast<char>(k_leads[length] | (code >> (6 * (length - 1))));
  for (int i = length - 2; i >= 0; --i)
    out += static_cast<char>(0x80 | ((code >> (6 * i)) & 0x3F));
}

bool is_ascii_alnum(char32_t code) {
  return (code >= '0' && code <= '9') || (code >= 'A' && code <= 'Z') ||
         (code >= 'a' && code <= 'z');
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---- Sets of code points ----

struct Range {
  char32_t lo;
  char32_t hi;
};
// Sorted, disjoint and not adjacent once normalized.
using CodeSet = std::vector<Range>;

CodeSet normalized(CodeSet set) {
  std::sort(set.begin(), set.end(), [](Range a, Range b) { return a.lo < b.lo; });
  CodeSet merged;
  for (Range range : set) {
    if (!merged.empty() && range.lo <= merged.back().hi + 1)
      merged.back().hi = std::max(merged.back().hi, range.hi);
    else
      merged.push_back(range);
  }
  return merged;
}

// The code points of [0, U+10FFFF] that the normalized `set` lacks.
CodeSet complement(const CodeSet& set) {
  CodeSet result;
  char32_t next = 0;
  for (Range range : set) {
    if (range.lo > next) result.push_back({next, range.lo - 1});
    next = range.hi + 1;
  }
  if (next <= k_max_code_point) result.push_back({next, k_max_code_point});
  return result;
}

// The code points of the normalized `set` within [lo, hi].
CodeSet intersection(const CodeSet& set, char32_t lo, char32_t hi) {
  CodeSet result;
  for (Range range : set)
    if (range.hi >= lo && range.lo <= hi)
      result.push_back({std::max(range.lo, lo), std::min(range.hi, hi)});
  return result;
}

// `set` without what no text of both engines holds: NUL (PostgreSQL's text cannot) and the
// surrogates (no UTF-8 can).
CodeSet portable(const CodeSet& set) {
  CodeSet result;
  for (Range range : normalized(set)) {
    range.lo = std::max<char32_t>(range.lo, 1);
    if (range.lo > range.hi) continue;
    if (range.lo < k_surrogates_first && range.hi >= k_surrogates_first)
      result.push_back({range.lo, k_surrogates_first - 1});
    if (range.hi > k_surrogates_last && range.lo <= k_surrogates_last)
      result.push_back({k_surrogates_last + 1, range.hi});
    if (range.hi < k_surrogates_first || range.lo > k_surrogates_last) result.push_back(range);
  }
  return result;
}

// A set written as pairs of bounds: "09AZ" is [0-9A-Z].
CodeSet set_of_bounds(std::string_view bounds) {
  CodeSet set;
  for (size_t i = 0; i + 1 < bounds.size(); i += 2)
    set.push_back(
        {static_cast<unsigned char>(bounds[i]), static_cast<unsigned char>(bounds[i + 1])});
  return set;
}

// RE2's \d \s \w and their negations (ASCII only; \s has no \v).
std::optional<CodeSet> perl_class(char letter) {
  std::string_view bounds;
  switch (letter | 0x20) {
    case 'd':
      bounds = "09";
      break;
    case 's':
      bounds = "\t\n\f\r  ";
      break;
    case 'w':
      bounds = "09AZ__az";
      break;
    default:
      return std::nullopt;
  }
  CodeSet set = set_of_bounds(bounds);
  bool negated = letter >= 'A' && letter <= 'Z';
  return negated ? complement(set) : set;
}

// RE2's POSIX classes, [:alpha:] and the like (ASCII only), by name.
std::optional<CodeSet> posix_class(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> k_classes[] = {
      {"alnum", "09AZaz"},
      {"alpha", "AZaz"},
      {"ascii", "\0\x7f"sv},
      {"blank", "\t\t  "},
      {"cntrl", "\0\x1f\x7f\x7f"sv},
      {"digit", "09"},
      {"graph", "!~"},
      {"lower", "az"},
      {"print", " ~"},
      {"punct", "!/:@[`{~"},
      {"space", "\t\r  "},
      {"upper", "AZ"},
      {"word", "09AZ__az"},
      {"xdigit", "09AFaf"},
  };
  bool negated = name.starts_with('^');
  if (negated) name.remove_prefix(1);
  for (const auto& [class_name, bounds] : k_classes)
    if (class_name == name)
      return negated ? complement(set_of_bounds(bounds)) : set_of_bounds(bounds);
  return std::nullopt;
}

// ---- Case folding, as RE2 does it ----

// The code points U+0001 to U+1FFFF but the surrogates, in order: RE2 is asked which of them a
// class matches under (?i).
const std::string& cased_code_points() {
  static const std::string text = [] {
    std::string all;
    for (char32_t code = 1; code < k_case_limit; ++code)
      if (code < k_surrogates_first || code > k_surrogates_last) append_utf8(all, code);
    return all;
  }();
  return text;
}

// The code points below k_case_limit that `atom` (a class or a character, RE2 syntax) matches
// under (?i): read from RE2 itself, which has the Unicode tables. Each match of `atom+` in the
// ordered code points is one range of the set.
CodeSet folded_below_case_limit(std::string_view atom) {
  RE2 re("(?i)(?:" + std::string(atom) + ")+", RE2::Quiet);
  CodeSet set;
  if (!re.ok()) return set;
  const std::string& all = cased_code_points();
  re2::StringPiece text(all);
  re2::StringPiece run;
  size_t pos = 0;
  while (pos < all.size() && re.Match(text, pos, all.size(), RE2::UNANCHORED, &run, 1)) {
    if (run.empty()) break;
    auto start = static_cast<size_t>(run.data() - all.data());
    size_t last = start + run.size() - 1;
    while ((static_cast<unsigned char>(all[last]) & 0xC0) == 0x80)
      --last;
    set.push_back({decode_at(all, start).first, decode_at(all, last).first});
    pos = start + run.size();
  }
  return set;
}

// The set RE2 matches with a class under (?i): folded below k_case_limit, as it is above.
CodeSet folded_class(const CodeSet& set, std::string_view source) {
  CodeSet result = folded_below_case_limit(source);
  for (Range range : intersection(set, k_case_limit, k_max_code_point))
    result.push_back(range);
  return normalized(std::move(result));
}

// The cases of a character under (?i). ASCII letters are known: two cases each, and the
// Kelvin sign and the long s besides for k and s; the others are RE2's.
CodeSet folded_char(char32_t code) {
  if (code >= k_case_limit) return {{code, code}};
  if (code >= 0x80) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "\\x{%X}", static_cast<unsigned>(code));
    return normalized(folded_below_case_limit(hex));
  }
  char32_t lower = code | 0x20;
  if (lower < 'a' || lower > 'z') return {{code, code}};
  CodeSet set{{lower - 0x20, lower - 0x20}, {lower, lower}};
  if (lower == 'k') set.push_back({0x212A, 0x212A});
  if (lower == 's') set.push_back({0x17F, 0x17F});
  return set;
}

// ---- Writing ARE ----

// Whether `code` is written as itself: not a control, nor private use, nor a noncharacter.
bool written_as_itself(char32_t code) {
  if (code < 0x80) return code >= 0x20 && code < 0x7F;
  return code >= 0xA0 && !(code >= 0xE000 && code <= 0xF8FF) && code < 0xF0000 &&
         (code & 0xFFFE) != 0xFFFE && !(code >= 0xFDD0 && code <= 0xFDEF);
}

// `code` as ARE reads it as that one character, within brackets or not: a backslash before
// punctuation, a `\u` or `\U` escape (fixed length) for what is not visible, the character
// itself otherwise. A letter or a digit is never escaped (ARE's `\d`, `\m`, `\y` are not them).
void append_are_char(std::string& out, char32_t code) {
  if (is_ascii_alnum(code) || code == ' ' || (code >= 0x80 && written_as_itself(code))) {
    append_utf8(out, code);
  } else if (written_as_itself(code)) {
    out += '\\';
    out += static_cast<char>(code);
  } else if (code == '\t' || code == '\n' || code == '\r' || code == '\f' || code == '\v') {
    static constexpr std::string_view k_letters = "tnvfr";
    out += '\\';
    out += k_letters[code - '\t'];
  } else {
    char escape[16];
    std::snprintf(escape, sizeof escape, code > 0xFFFF ? "\\U%08X" : "\\u%04X",
                  static_cast<unsigned>(code));
    out += escape;
  }
}

// A bracket expression of `set` (normalized, not empty), negated or not.
std::string are_bracket(const CodeSet& set, bool negated) {
  std::string out = negated ? "[^" : "[";
  for (Range range : set) {
    append_are_char(out, range.lo);
    if (range.hi == range.lo) continue;
    if (range.hi > range.lo + 1) out += '-';
    append_are_char(out, range.hi);
  }
  out += ']';
  return out;
}

// The ARE of a set of code points: one character, `.` for all of them, else a bracket
// expression, negated when the set runs to U+10FFFF (`[^\n]` rather than a list of ranges).
std::string are_set(const CodeSet& set) {
  CodeSet members = portable(set);
  if (members.empty()) return std::string(k_are_nothing);
  if (members.size() == 1 && members[0].lo == members[0].hi) {
    std::string out;
    append_are_char(out, members[0].lo);
    return out;
  }
  CodeSet others = portable(complement(members));
  if (others.empty()) return ".";
  if (members.back().hi == k_max_code_point) return are_bracket(others, true);
  return are_bracket(members, false);
}

// ---- Reading RE2, writing ARE ----

struct Flags {
  bool fold_case = false;    // (?i)
  bool multi_line = false;   // (?m): ^ and $ next to newlines too
  bool dot_newline = false;  // (?s): . matches \n
};

// Where a construct can match the empty string, as far as RE2's byte positions and
// PostgreSQL's character positions differ: RE2 searches between the bytes of a character too,
// where only \B holds.
enum class EmptyMatch {
  nowhere_inside,  // not inside a character (it takes a character, or an assertion but \B)
  inside_char,     // with no assertion but \B: also inside a character, unlike in PostgreSQL
  anywhere,        // with no assertion at all: everywhere in both
};

// The weights of the runs of parts a construct may pass over without taking a character (see
// k_max_empty_run); k_no_run where there is no such path.
constexpr std::int64_t k_no_run = -1;
struct EmptyRuns {
  std::int64_t through = k_no_run;  // along a path that takes no character at all
  std::int64_t lead = k_no_run;     // before the first character of a path that takes some
  std::int64_t trail = k_no_run;    // after the last character of such a path
  std::int64_t heaviest = 0;        // anywhere, these three included
};

std::int64_t add_runs(std::int64_t a, std::int64_t b) {
  return a == k_no_run || b == k_no_run ? k_no_run : std::min(a + b, k_max_empty_run * 1000);
}

// The runs of `a` followed by `b`.
EmptyRuns sequence(const EmptyRuns& a, const EmptyRuns& b) {
  EmptyRuns both;
  both.through = add_runs(a.through, b.through);
  both.lead = std::max(a.lead, add_runs(a.through, b.lead));
  both.trail = std::max(b.trail, add_runs(a.trail, b.through));
  both.heaviest = std::max(
      {a.heaviest, b.heaviest, add_runs(a.trail, b.lead), both.through, both.lead, both.trail});
  return both;
}

// The runs of `a` or `b`: paths that take no character at all add up, as PostgreSQL has all of
// them to combine.
EmptyRuns either(const EmptyRuns& a, const EmptyRuns& b) {
  EmptyRuns one;
  one.through = a.through == k_no_run   ? b.through
                : b.through == k_no_run ? a.through
                                        : add_runs(a.through, b.through);
  one.lead = std::max(a.lead, b.lead);
  one.trail = std::max(a.trail, b.trail);
  one.heaviest = std::max({a.heaviest, b.heaviest, one.through});
  return one;
}

constexpr EmptyRuns k_no_parts{0, k_no_run, k_no_run, 0};
constexpr EmptyRuns k_skip{1, k_no_run, k_no_run, 1};
constexpr EmptyRuns k_one_char{k_no_run, 0, 0, 0};

// The runs of an atom repeated {min,max} (max -1 for no bound). A repeated character is one
// part for PostgreSQL; a repeated group is as many copies of it, of which all but `min` are
// optional (a loop counts as two), and two copies are enough to show the runs of a group that
// takes a character whichever way it matches (PostgreSQL repeats those cheaply).
EmptyRuns repeated(const EmptyRuns& atom, bool one_char, int min, int max) {
  if (one_char) return min == 0 ? either(atom, k_skip) : atom;
  int optional = max < 0 ? 2 : max - min;
  if (atom.through == k_no_run) {
    min = std::min(min, 2);
    optional = std::min(optional, 2 - min);
  }
  EmptyRuns all = k_no_parts;
  for (int i = 0; i < min + optional && all.heaviest <= k_max_empty_run; ++i)
    all = sequence(all, i < min ? atom : either(atom, k_skip));
  return all;
}

// One atom of an alternative, translated. ARE refuses to repeat an assertion, so it is known
// whether the atom matches only the empty string.
struct Atom {
  std::string text;
  bool zero_width = false;
  EmptyMatch empty = EmptyMatch::nowhere_inside;
  EmptyRuns runs = k_one_char;
  bool one_char = false;  // a character or a class, which PostgreSQL repeats cheaply
  size_t offset = 0;      // in the pattern
};

// A group being read: the flags it restores when it closes, its alternatives so far.
struct Group {
  Flags outer_flags;
  std::vector<std::string> alternatives;
  bool zero_width = true;  // every alternative so far matches only the empty string
  EmptyMatch empty = EmptyMatch::nowhere_inside;    // the widest of the alternatives so far
  EmptyRuns runs{k_no_run, k_no_run, k_no_run, 0};  // of the alternatives so far
  std::vector<Atom> atoms;                          // of the alternative being read
  size_t offset = 0;                                // of the `(` in the pattern
};

// Reads a valid RE2 pattern from left to right, the way RE2 parses it, writing each construct
// of the portable subset as ARE and stopping at the first one outside it.
class Translator {
 public:
  explicit Translator(std::string_view pattern) : m_pattern(pattern) { m_groups.emplace_back(); }

  // Reads the whole pattern; false at the first construct outside the subset (see error()).
  bool run() {
    while (m_pos < m_pattern.size())
      if (!step()) return false;
    while (m_groups.size() > 1)
      close_group();
    end_alternative();
    if (m_too_complex_at) {
      return refuse(
          *m_too_complex_at,
          "pattern is too complex for PostgreSQL: too many optional parts or \\b in a row",
          "make fewer parts optional next to each other, or repeat one character "
          "(a{0,200}, not (?:a?){200})");
    }
    return true;
  }

  // The ARE. A pattern that matches the empty string inside a character (`\B`, `a*\B`) matches
  // every text with a character of more than one byte; PostgreSQL has no position inside one,
  // so it is told so.
  std::string result() const {
    const Group& top = m_groups.front();
    bool inside = top.empty == EmptyMatch::inside_char;
    return join(top.alternatives) + (inside ? "|[\\u0080-\\U0010FFFF]" : "");
  }
  const PatternError& error() const { return m_error; }

 private:
  static std::string join(const std::vector<std::string>& alternatives) {
    std::string out;
    for (const auto& alternative : alternatives) {
      if (&alternative != &alternatives.front()) out += '|';
      out += alternative;
    }
    return out;
  }

  char at(size_t pos) const { return pos < m_pattern.size() ? m_pattern[pos] : '\0'; }
  bool step();
  bool refuse(size_t offset, std::string message, std::string hint);

  void push_atom(Atom atom) {
    atom.offset = m_start;
    m_groups.back().atoms.push_back(std::move(atom));
  }
  void push_char(std::string text) {
    push_atom({std::move(text), false, EmptyMatch::nowhere_inside, k_one_char, true});
  }
  void push_assertion(std::string_view text, std::int64_t weight, EmptyMatch empty) {
    push_atom({std::string(text), true, empty, {weight, k_no_run, k_no_run, weight}});
  }
  void push_literal(char32_t code) {
    push_char(are_set(m_flags.fold_case ? folded_char(code) : CodeSet{{code, code}}));
  }
  void push_class(const CodeSet& set, std::string_view source) {
    push_char(are_set(m_flags.fold_case ? folded_class(set, source) : set));
  }
  void check_runs(const EmptyRuns& runs, size_t offset) {
    if (runs.heaviest > k_max_empty_run && !m_too_complex_at) m_too_complex_at = offset;
  }

  void open(size_t offset) {
    m_groups.emplace_back();
    m_groups.back().outer_flags = m_flags;
    m_groups.back().offset = offset;
  }
  bool open_group();
  bool flag_group(size_t start);
  void close_group();
  void end_alternative();

  bool repeat_operator();
  bool counted_repeat_or_literal();
  std::optional<std::pair<int, int>> parse_counts();
  bool apply_repeat(size_t start, const std::string& suffix, int min, int max);

  bool escape();
  bool refuse_unicode_class(size_t start);
  std::optional<char32_t> char_escape();
  std::optional<char32_t> octal_escape();
  std::optional<char32_t> hex_escape();
  std::optional<char32_t> class_char();
  bool char_class();
  bool class_item(CodeSet& set);

  std::string_view m_pattern;
  size_t m_pos = 0;
  Flags m_flags;
  size_t m_start = 0;  // of the construct being read
  std::vector<Group> m_groups;
  std::optional<size_t> m_too_complex_at;
  PatternError m_error;
};

bool Translator::refuse(size_t offset, std::string message, std::string hint) {
  m_error = {offset, std::move(message), std::move(hint)};
  return false;
}

bool Translator::step() {
  m_start = m_pos;
  switch (m_pattern[m_pos]) {
    case '(':
      return open_group();
    case ')':
      ++m_pos;
      close_group();
      return true;
    case '|':
      ++m_pos;
      end_alternative();
      return true;
    case '*':
    case '+':
    case '?':
      return repeat_operator();
    case '{':
      return counted_repeat_or_literal();
    case '[':
      return char_class();
    case '\\':
      return escape();
    case '.':
      ++m_pos;
      push_char(m_flags.dot_newline ? "." : "[^\\n]");
      return true;
    case '^':
      ++m_pos;
      push_assertion(m_flags.multi_line ? k_are_line_start : "^", 1, EmptyMatch::nowhere_inside);
      return true;
    case '$':
      ++m_pos;
      push_assertion(m_flags.multi_line ? k_are_line_end : "$", 1, EmptyMatch::nowhere_inside);
      return true;
    default: {
      auto [code, length] = decode_at(m_pattern, m_pos);
      m_pos += length;
      push_literal(code);
      return true;
    }
  }
}

// ---- Groups and flags ----

bool Translator::open_group() {
  size_t start = m_pos;
  std::string_view rest = m_pattern.substr(m_pos);
  if (!rest.starts_with("(?")) {
    ++m_pos;
    open(start);
    return true;
  }
  if (rest.starts_with("(?P<")) {
    // A named group is a group: the name is no part of what matches.
    size_t close = rest.find('>');
    if (close == std::string_view::npos)
      return refuse(start, "unterminated group name", k_syntax_hint);
    m_pos += close + 1;
    open(start);
    return true;
  }
  return flag_group(start);
}

// (?flags) for the rest of the group, (?flags:re) for re alone; flags i, m, s and U, each one
// written into the ARE as what it does, so that it may be anywhere.
bool Translator::flag_group(size_t start) {
  Flags flags = m_flags;
  bool negated = false;
  for (size_t pos = start + 2; pos < m_pattern.size(); ++pos) {
    char c = m_pattern[pos];
    if (c == ')' || c == ':') {
      m_pos = pos + 1;
      if (c == ':') open(start);
      m_flags = flags;
      return true;
    }
    if (c == '-') {
      negated = true;
    } else if (c == 'i') {
      flags.fold_case = !negated;
    } else if (c == 'm') {
      flags.multi_line = !negated;
    } else if (c == 's') {
      flags.dot_newline = !negated;
    } else if (c != 'U') {
      // (?U) only swaps greedy and lazy repetition, which decides which match is found, never
      // whether there is one: it is read and has no effect.
      break;
    }
  }
  return refuse(start, "unsupported group " + std::string(m_pattern.substr(start, 3)),
                k_syntax_hint);
}

void Translator::close_group() {
  end_alternative();
  if (m_groups.size() < 2) return;
  Group group = std::move(m_groups.back());
  m_groups.pop_back();
  m_flags = group.outer_flags;
  check_runs(group.runs, group.offset);
  Atom atom{"(?:" + join(group.alternatives) + ")", group.zero_width, group.empty, group.runs};
  atom.offset = group.offset;
  m_groups.back().atoms.push_back(std::move(atom));
}

void Translator::end_alternative() {
  Group& group = m_groups.back();
  std::string text;
  bool zero_width = true;
  EmptyMatch empty = EmptyMatch::anywhere;
  EmptyRuns runs = group.atoms.empty() ? k_skip : k_no_parts;
  for (const Atom& atom : group.atoms) {
    text += atom.text;
    zero_width = zero_width && atom.zero_width;
    empty = std::min(empty, atom.empty);
    runs = sequence(runs, atom.runs);
    check_runs(runs, atom.offset);
  }
  group.alternatives.push_back(std::move(text));
  group.zero_width = group.zero_width && zero_width;
  group.empty = std::max(group.empty, empty);
  group.runs = either(group.runs, runs);
  group.atoms.clear();
}

// ---- Repetition ----

bool Translator::repeat_operator() {
  size_t start = m_pos;
  char op = m_pattern[m_pos++];
  // A lazy repetition matches where the greedy one does.
  if (at(m_pos) == '?') ++m_pos;
  return apply_repeat(start, std::string(1, op), op == '+' ? 1 : 0, op == '?' ? 1 : -1);
}

bool Translator::counted_repeat_or_literal() {
  size_t start = m_pos;
  auto counts = parse_counts();
  if (!counts) {
    // As in RE2, a `{` that starts no count is a literal.
    ++m_pos;
    push_literal('{');
    return true;
  }
  auto [min, max] = *counts;
  std::string counted(m_pattern.substr(start, m_pos - start));
  if (std::max(min, max) > k_max_count) {
    return refuse(start,
                  "repetition " + counted + " is not supported: PostgreSQL allows counts up to " +
                      std::to_string(k_max_count),
                  "repeat a group instead: x{300} is (?:x{150}){2}");
  }
  if (at(m_pos) == '?') ++m_pos;
  std::string suffix = "{" + std::to_string(min);
  if (max != min) suffix += max < 0 ? "," : "," + std::to_string(max);
  return apply_repeat(start, suffix + "}", min, max);
}

// RE2's {n}, {n,} and {n,m} (max -1 for none), read as RE2 reads them: a count is 0 or has no
// leading zero, and has at most 9 digits; anything else is no count.
std::optional<std::pair<int, int>> Translator::parse_counts() {
  size_t pos = m_pos + 1;
  auto integer = [&]() -> std::optional<int> {
    if (!(at(pos) >= '0' && at(pos) <= '9')) return std::nullopt;
    if (at(pos) == '0' && at(pos + 1) >= '0' && at(pos + 1) <= '9') return std::nullopt;
    int value = 0;
    for (; at(pos) >= '0' && at(pos) <= '9'; ++pos) {
      if (value >= 100'000'000) return std::nullopt;
      value = value * 10 + (at(pos) - '0');
    }
    return value;
  };
  auto min = integer();
  if (!min) return std::nullopt;
  int max = *min;
  if (at(pos) == ',') {
    ++pos;
    if (at(pos) == '}') {
      max = -1;
    } else {
      auto given = integer();
      if (!given) return std::nullopt;
      max = *given;
    }
  }
  if (at(pos) != '}') return std::nullopt;
  m_pos = pos + 1;
  return std::pair{*min, max};
}

// Repeats the last atom. An atom that matches only the empty string is not repeated (ARE
// refuses `^*`): once or more is the same as once, and none or more always matches.
bool Translator::apply_repeat(size_t start, const std::string& suffix, int min, int max) {
  auto& atoms = m_groups.back().atoms;
  if (atoms.empty()) return refuse(start, "missing argument to repetition operator", k_syntax_hint);
  Atom& atom = atoms.back();
  if (min == 0) atom.empty = EmptyMatch::anywhere;
  if (!atom.zero_width) {
    atom.text += suffix;
    atom.runs = repeated(atom.runs, atom.one_char, min, max);
    check_runs(atom.runs, atom.offset);
  } else if (min == 0) {
    atom.text.clear();
    atom.runs = k_skip;
  }
  return true;
}

// ---- Escapes ----

bool Translator::escape() {
  size_t start = m_pos;
  char letter = at(m_pos + 1);
  auto assertion = [&](std::string_view text) {
    m_pos += 2;
    bool boundary = letter == 'b' || letter == 'B';
    push_assertion(text, boundary ? k_word_boundary_weight : 1,
                   letter == 'B' ? EmptyMatch::inside_char : EmptyMatch::nowhere_inside);
    return true;
  };
  switch (letter) {
    case 'A':
      return assertion("^");
    case 'z':
      return assertion("$");
    case 'b':
      return assertion(k_are_word_boundary);
    case 'B':
      return assertion(k_are_not_word_boundary);
    case 'p':
    case 'P':
      return refuse_unicode_class(start);
    case 'Q':
      return refuse(start, "\\Q...\\E is not supported",
                    "escape each special character with a backslash instead: a\\.b\\*");
    case 'C':
      return refuse(start, "\\C (any byte) is not supported",
                    "use . for any character but a newline");
    default:
      break;
  }
  if (auto set = perl_class(letter)) {
    m_pos += 2;
    push_class(*set, m_pattern.substr(start, 2));
    return true;
  }
  auto code = char_escape();
  if (!code)
    return refuse(start, "unsupported escape " + std::string(m_pattern.substr(start, 2)),
                  k_syntax_hint);
  push_literal(*code);
  return true;
}

bool Translator::refuse_unicode_class(size_t start) {
  size_t end = start + 3;
  if (at(start + 2) == '{') {
    size_t close = m_pattern.find('}', start);
    end = close == std::string_view::npos ? m_pattern.size() : close + 1;
  }
  return refuse(start,
                std::string(m_pattern.substr(start, end - start)) +
                    " is not supported: Unicode classes differ between RE2 and PostgreSQL",
                "list the characters in a class instead, e.g. [A-Za-zÀ-ÖØ-öø-ÿ]");
}

// The character of an escape at m_pos (\n, \x41, \x{263a}, \101, \.), as RE2 reads it; moves
// past it.
std::optional<char32_t> Translator::char_escape() {
  char c = at(m_pos + 1);
  if (is_octal(c)) return octal_escape();
  if (c == 'x') return hex_escape();
  static constexpr std::pair<char, char32_t> k_controls[] = {{'a', '\a'}, {'f', '\f'}, {'n', '\n'},
                                                             {'r', '\r'}, {'t', '\t'}, {'v', '\v'}};
  for (auto [letter, code] : k_controls) {
    if (c == letter) {
      m_pos += 2;
      return code;
    }
  }
  auto byte = static_cast<unsigned char>(c);
  if (byte == 0 || byte >= 0x80 || is_ascii_alnum(byte)) return std::nullopt;
  m_pos += 2;
  return byte;
}

// \0, \012, \12 (up to three octal digits; \1 to \7 alone would be a back reference, which
// RE2 refuses).
std::optional<char32_t> Translator::octal_escape() {
  size_t pos = m_pos + 1;
  if (at(pos) != '0' && !is_octal(at(pos + 1))) return std::nullopt;
  char32_t code = 0;
  for (size_t end = pos + 3; pos < end && is_octal(at(pos)); ++pos)
    code = code * 8 + (at(pos) - '0');
  m_pos = pos;
  return code;
}

// \x41 (two hex digits) or \x{263a} (any number).
std::optional<char32_t> Translator::hex_escape() {
  size_t pos = m_pos + 2;
  char32_t code = 0;
  if (at(pos) != '{') {
    if (hex_value(at(pos)) < 0 || hex_value(at(pos + 1)) < 0) return std::nullopt;
    m_pos = pos + 2;
    return static_cast<char32_t>(hex_value(at(pos)) * 16 + hex_value(at(pos + 1)));
  }
  size_t digits = ++pos;
  for (; hex_value(at(pos)) >= 0 && code <= k_max_code_point; ++pos)
    code = code * 16 + hex_value(at(pos));
  if (pos == digits || at(pos) != '}' || code > k_max_code_point) return std::nullopt;
  m_pos = pos + 1;
  return code;
}

// ---- Classes ----

// [...] and [^...], read as RE2 reads them: `]` first is a literal, `-` is a literal where it
// cannot make a range, [:name:] is a POSIX class, \d \s \w are allowed, \p is refused.
bool Translator::char_class() {
  size_t start = m_pos++;
  bool negated = at(m_pos) == '^';
  if (negated) ++m_pos;
  CodeSet set;
  for (bool first = true; m_pos < m_pattern.size() && (first || at(m_pos) != ']'); first = false)
    if (!class_item(set)) return false;
  ++m_pos;
  set = normalized(std::move(set));
  if (negated) set = complement(set);
  push_class(set, m_pattern.substr(start, m_pos - start));
  return true;
}

bool Translator::class_item(CodeSet& set) {
  std::string_view rest = m_pattern.substr(m_pos);
  if (rest.size() > 2 && rest.starts_with("[:")) {
    size_t close = rest.find(":]", 2);
    if (close != std::string_view::npos) {
      auto posix = posix_class(rest.substr(2, close - 2));
      if (!posix)
        return refuse(m_pos, "invalid character class " + std::string(rest.substr(0, close + 2)),
                      k_syntax_hint);
      set.insert(set.end(), posix->begin(), posix->end());
      m_pos += close + 2;
      return true;
    }
  }
  if (rest.size() > 1 && rest[0] == '\\') {
    if (rest[1] == 'p' || rest[1] == 'P') return refuse_unicode_class(m_pos);
    if (auto perl = perl_class(rest[1])) {
      set.insert(set.end(), perl->begin(), perl->end());
      m_pos += 2;
      return true;
    }
  }
  size_t start = m_pos;
  auto lo = class_char();
  auto hi = lo;
  if (lo && at(m_pos) == '-' && m_pos + 1 < m_pattern.size() && at(m_pos + 1) != ']') {
    ++m_pos;
    hi = class_char();
  }
  if (!lo || !hi || *hi < *lo) return refuse(start, "invalid character class item", k_syntax_hint);
  set.push_back({*lo, *hi});
  return true;
}

std::optional<char32_t> Translator::class_char() {
  if (at(m_pos) == '\\') return char_escape();
  auto [code, length] = decode_at(m_pattern, m_pos);
  m_pos += length;
  return code;
}

std::optional<PatternError> syntax_error(const RE2& re, std::string_view pattern) {
  if (re.ok()) return std::nullopt;
  size_t offset = re.error_arg().empty() ? std::string_view::npos : pattern.find(re.error_arg());
  return PatternError{offset == std::string_view::npos ? 0 : offset,
                      "invalid regular expression: " + re.error(), k_syntax_hint};
}

re2::StringPiece piece(std::string_view text) {
  return {text.data(), text.size()};
}

}  // namespace

std::optional<PatternError> check_regex(std::string_view pattern) {
  RE2 re(piece(pattern), RE2::Quiet);
  if (auto error = syntax_error(re, pattern)) return error;
  Translator translator(pattern);
  if (!translator.run()) return translator.error();
  return std::nullopt;
}

std::string to_postgres_regex(std::string_view pattern) {
  RE2 re(piece(pattern), RE2::Quiet);
  Translator translator(pattern);
  if (!re.ok() || !translator.run()) return std::string(k_are_nothing);
  return translator.result();
}

Regex::Regex() = default;
Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

Expected<Regex, PatternError> Regex::compile(std::string_view pattern) {
  auto re = std::make_unique<RE2>(piece(pattern), RE2::Quiet);
  if (auto error = syntax_error(*re, pattern)) return *error;
  Translator translator(pattern);
  if (!translator.run()) return translator.error();
  Regex regex;
  regex.m_re = std::move(re);
  return regex;
}

bool Regex::search(std::string_view text) const {
  return RE2::PartialMatch(piece(text), *m_re);
}

}  // namespace lethe::util
