#include "engine/name_match.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "util/strings.hpp"

namespace lethe::engine {

namespace {

// Phrases that mean one canonical word, matched on lower-case words before stemming.
struct Phrase {
  std::array<std::string_view, 2> words;
  std::string_view means;
};
constexpr auto k_phrases = std::to_array<Phrase>({
    {{"two", "step"}, "mfa"},
    {{"two", "factor"}, "mfa"},
    {{"multi", "factor"}, "mfa"},
    {{"child", "profile"}, "profile"},
    {{"shared", "user"}, "profile"},
    {{"kid", "profile"}, "profile"},
});

// A word and the canonical word it stands for (after plurals are stemmed).
constexpr auto k_synonyms = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"customer", "account"},
    {"user", "account"},
    {"client", "account"},
    {"member", "account"},
    {"kid", "profile"},
    {"child", "profile"},
    {"utterance", "recording"},
    {"clip", "video"},
    {"ding", "video"},
    {"media", "video"},
    {"camera", "device"},
    {"doorbot", "device"},
    {"hub", "device"},
    {"serial", "id"},
    {"uuid", "id"},
    {"guid", "id"},
    {"key", "id"},
    {"view", "access"},
    {"viewer", "actor"},
    {"viewed", "accessed"},
    {"type", "kind"},
    {"matter", "purpose"},
    {"reason", "purpose"},
    {"signup", "created"},
    {"registered", "created"},
    {"joined", "created"},
    {"deactivated", "closed"},
    {"terminated", "closed"},
    {"activity", "active"},
    {"lat", "latitude"},
    {"lng", "longitude"},
    {"lon", "longitude"},
    {"long", "longitude"},
    {"transcript", "text"},
    {"table", "dataset"},
    {"voiceprint", "template"},
    {"faceprint", "template"},
    {"2fa", "mfa"},
    {"location", "geolocation"},
    {"geo", "geolocation"},
    {"cust", "account"},
    {"acct", "account"},
    {"dev", "device"},
    {"rec", "recording"},
});

// Words that say nothing about which field a column is.
constexpr auto k_noise = std::to_array<std::string_view>({
    "at",     "on",    "date", "time",   "ts",          "timestamp", "datetime", "dt",
    "utc",    "local", "ms",   "millis", "millisecond", "epoch",     "sec",      "second",
    "code",   "to",    "of",   "the",    "is",          "has",       "flag",     "part",
    "export", "file",  "data", "in",     "value",
});

constexpr auto k_millisecond_words =
    std::to_array<std::string_view>({"ms", "millis", "millisecond", "milliseconds"});

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_lower(c) || is_upper(c) || is_digit(c);
}

// Lower-case words: cut at separators and at camelCase boundaries (`childProfileId`,
// `URLPath`).
std::vector<std::string> raw_words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(util::to_lower(word));
    word.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_alnum(c)) {
      flush();
      continue;
    }
    bool camel = is_upper(c) && !word.empty() &&
                 (is_lower(word.back()) ||
                  (is_upper(word.back()) && i + 1 < name.size() && is_lower(name[i + 1])));
    if (camel) flush();
    word += c;
  }
  flush();
  return words;
}

std::string singular(std::string word) {
  if (word.size() > 4 && word.ends_with("ies")) return word.substr(0, word.size() - 3) + "y";
  if (word.size() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") &&
      !word.ends_with("is"))
    word.pop_back();
  return word;
}

std::string without_ed(std::string word) {
  if (word.size() > 4 && word.ends_with("ed")) word.resize(word.size() - 2);
  return word;
}

std::vector<std::string> join_phrases(const std::vector<std::string>& words) {
  std::vector<std::string> joined;
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto phrase = std::find_if(k_phrases.begin(), k_phrases.end(), [&](const Phrase& p) {
      return i + 1 < words.size() && p.words[0] == words[i] && p.words[1] == words[i + 1];
    });
    if (phrase == k_phrases.end()) {
      joined.push_back(words[i]);
      continue;
    }
    joined.emplace_back(phrase->means);
    ++i;
  }
  return joined;
}

std::string canonical_word(const std::string& word) {
  for (const auto& [from, to] : k_synonyms) {
    if (from == word) return std::string(to);
  }
  return word;
}

bool is_noise(std::string_view word) {
  bool digits = std::all_of(word.begin(), word.end(), is_digit);
  return digits || std::find(k_noise.begin(), k_noise.end(), word) != k_noise.end();
}

double weight(std::string_view word) {
  return word == "id" ? 0.5 : 1.0;
}

double total_weight(const std::vector<std::string>& words) {
  double total = 0;
  for (const auto& word : words)
    total += weight(word);
  return total;
}

double common_weight(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  double common = 0;
  for (const auto& word : a) {
    if (std::find(b.begin(), b.end(), word) != b.end()) common += weight(word);
  }
  return common;
}

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  for (const auto& raw : join_phrases(raw_words(name))) {
    std::string word = without_ed(canonical_word(singular(raw)));
    if (is_noise(word) || is_noise(raw)) continue;
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

double word_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  double total = total_weight(a) + total_weight(b);
  return total == 0 ? 0 : 2 * common_weight(a, b) / total;
}

double word_recall(const std::vector<std::string>& wanted, const std::vector<std::string>& words) {
  double total = total_weight(wanted);
  return total == 0 ? 0 : common_weight(wanted, words) / total;
}

double column_similarity(std::string_view column, std::string_view field) {
  auto field_words = name_words(field);
  double score = word_similarity(name_words(column), field_words);
  if (std::size_t dot = column.rfind('.'); dot != std::string_view::npos)
    score = std::max(score, word_similarity(name_words(column.substr(dot + 1)), field_words));
  return score;
}

bool names_milliseconds(std::string_view column) {
  auto words = raw_words(column);
  return std::any_of(words.begin(), words.end(), [](const std::string& word) {
    return std::find(k_millisecond_words.begin(), k_millisecond_words.end(), word) !=
           k_millisecond_words.end();
  });
}

}  // namespace lethe::engine
