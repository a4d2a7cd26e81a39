// Row filters: which rows of a dataset the loader stores, as alternatives of conditions on one
// row's fields, and the same bound to a dataset's loaded fields to test converted rows.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data/value_parser.hpp"
#include "util/string_set.hpp"

namespace lethe::data {

// A condition on one field of a row, as SQL would evaluate it to true (a null field meets none
// but `is_null`).
struct RowCondition {
  enum class Kind {
    not_null,    // the field is not null
    is_null,     // the field is null
    in_values,   // a string field equals one of `values`
    in_dataset,  // a string field equals `in_field` of some stored row of `in_dataset`
    compare,     // an integer, boolean or timestamp field `op` `number`
    // a string field is null or equals `in_field` of no loaded row of `in_dataset`: the answer
    // of a KeyProbe, read from its column (a row without the answer is kept)
    not_in_keys,
  };
  enum class Op { equal, not_equal, less, less_equal, greater, greater_equal };

  Kind kind = Kind::not_null;
  std::string field;
  std::vector<std::string> values;
  std::string in_dataset;
  std::string in_field;
  Op op = Op::equal;
  std::int64_t number = 0;

  // `account_id in deletion_requests.account_id`, `recorded_at < 1514764800`, ...
  std::string describe() const;
};

// Which rows of a dataset to store: those for which every condition of at least one alternative
// holds. Rows left out are still read, converted and counted, and their keys still checked for
// duplicates; the datasets that `in_dataset` conditions look into are loaded first.
struct RowFilter {
  std::vector<std::vector<RowCondition>> alternatives;

  // `[a and b] or [c]`.
  std::string describe() const;
  // Drops the alternatives that add no row: those that imply another (`f in ...` implies
  // `f not null`, `f < 5` implies `f <= 9`; of two equivalent ones, the first stays).
  void simplify();
  // The datasets that conditions look into (`in_dataset`, `not_in_keys`): they are loaded first.
  std::set<std::string> datasets_looked_into() const;
};

// `not exists(E e where e.k = y.f)` (k and f strings), answered while loading: the keys of every
// loaded row of E go into an exact set, and each stored row of Y gets the answer in a column of
// its own, so that E's rows need not be stored for it. Keys too many for memory go into a table
// of their own instead (ProbeAnswer::key_table), which the query then looks into.
struct KeyProbe {
  std::string dataset;     // Y
  std::string field;       // f
  std::string in_dataset;  // E
  std::string in_field;    // k

  // Y's column holding whether some row of E has k = f (0 when f is null).
  std::string column() const;
  // The table holding every k of E, when they did not fit in memory.
  std::string key_table() const;
  // `recording_id in voice_recordings.recording_id`
  std::string describe() const;
  auto operator<=>(const KeyProbe&) const = default;
};

// The datasets to load before `dataset`: those its filter (in `filters`) looks into, and those
// whose keys its probes (among `probes`) read.
std::set<std::string> datasets_loaded_before(const std::string& dataset,
                                             const std::map<std::string, RowFilter>& filters,
                                             const std::vector<KeyProbe>& probes);

// Where a query reads a probe's answer.
enum class ProbeAnswer {
  column,     // KeyProbe::column() of the row
  key_table,  // a lookup in KeyProbe::key_table()
};

struct AppliedProbe {
  KeyProbe probe;
  ProbeAnswer answer = ProbeAnswer::column;
};

// Whether every row that meets `a` meets `b` (both about one row).
bool implies(const RowCondition& a, const RowCondition& b);

// The stored values of (dataset, field) that `in_dataset` conditions look up.
using ValueSets = std::map<std::pair<std::string, std::string>, util::StringSet>;

// A RowFilter bound to the fields of a dataset as they are loaded, testing converted rows.
class BoundRowFilter {
 public:
  // Binds `filter` (which must outlive this) to `fields`, the loaded fields' names in the order
  // of a row's cells, and to `value_sets` (likewise). A condition that cannot be checked (on a
  // field not loaded, or a value set missing or too big) or an alternative without conditions
  // keeps every row: then the filter is not active().
  BoundRowFilter(const RowFilter& filter, const std::vector<std::string_view>& fields,
                 const ValueSets& value_sets);
  BoundRowFilter() = default;
  // Moves keep the value sets where conditions point to them; a copy would not.
  BoundRowFilter(BoundRowFilter&&) = default;
  BoundRowFilter& operator=(BoundRowFilter&&) = default;
  BoundRowFilter(const BoundRowFilter&) = delete;
  BoundRowFilter& operator=(const BoundRowFilter&) = delete;

  // Whether some row may be left out.
  bool active() const { return !m_alternatives.empty(); }
  // Whether to store the row of `cells` (one per loaded field).
  bool keep(const std::vector<Cell>& cells) const;
  // RowFilter::describe() of the filter as applied (alternatives in the order tried), "" when
  // it is not active.
  std::string describe() const;

 private:
  struct Condition {
    const RowCondition* spec;
    std::size_t field;              // index into a row's cells
    const util::StringSet* values;  // in_values and in_dataset
  };

  bool bind(const RowFilter& filter, const std::vector<std::string_view>& fields,
            const ValueSets& value_sets);
  static bool holds(const Condition& condition, const Cell& cell);

  std::deque<util::StringSet> m_own_sets;              // in_values (a deque: addresses stay put)
  std::vector<std::vector<Condition>> m_alternatives;  // empty: keep every row
};

}  // namespace lethe::data
