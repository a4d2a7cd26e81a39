// How alike a vendor's name (`Customer ID`, `customer.childProfileId`, `Kids/profiles.csv`) and a
// canonical one (`account_id`, `child_profiles`) are, for guessing a manifest: both are cut into
// words (separators, camelCase), lower-cased, put in a canonical form through a small table of
// synonyms (customer and user are account, utterance is recording), stemmed (plurals, -ed), and
// rid of words that carry no meaning for a match (at, on, date, ts, utc, ms).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lethe::engine {

// The canonical words of `name`, in order, without repeats.
std::vector<std::string> name_words(std::string_view name);

// Dice similarity of two word lists (0..1), `id` counting half a word.
double word_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// The share of `wanted`'s words (`id` counting half) that `words` has (0..1).
double word_recall(const std::vector<std::string>& wanted, const std::vector<std::string>& words);

// How alike a source column and a canonical field are (0..1): their words, or for a dotted path
// the words of its last part, whichever is closer.
double column_similarity(std::string_view column, std::string_view field);

// Whether `column` names a time in milliseconds (`capturedAtMs`, `created_ms`).
bool names_milliseconds(std::string_view column);

}  // namespace lethe::engine
