#include "data/row_filter.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

namespace lethe::data {

std::string RowCondition::describe() const {
  static const char* const k_ops[] = {"=", "!=", "<", "<=", ">", ">="};
  switch (kind) {
    case Kind::not_null:
      return field + " not null";
    case Kind::is_null:
      return field + " is null";
    case Kind::in_values: {
      std::vector<std::string> quoted;
      for (const auto& value : values)
        quoted.push_back("'" + value + "'");
      return fmt::format("{} in ({})", field, fmt::join(quoted, ", "));
    }
    case Kind::in_dataset:
      return fmt::format("{} in {}.{}", field, in_dataset, in_field);
    case Kind::compare:
      return fmt::format("{} {} {}", field, k_ops[static_cast<int>(op)], number);
    case Kind::not_in_keys:
      return fmt::format("{} not in {}.{}", field, in_dataset, in_field);
  }
  return "";
}

std::string KeyProbe::column() const {
  return fmt::format("lethe_has__{}__{}__{}", in_dataset, in_field, field);
}

std::string KeyProbe::key_table() const {
  return fmt::format("lethe_keys__{}__{}", in_dataset, in_field);
}

std::set<std::string> datasets_loaded_before(const std::string& dataset,
                                             const std::map<std::string, RowFilter>& filters,
                                             const std::vector<KeyProbe>& probes) {
  std::set<std::string> names;
  if (auto it = filters.find(dataset); it != filters.end())
    names = it->second.datasets_looked_into();
  for (const auto& probe : probes) {
    if (probe.dataset == dataset) names.insert(probe.in_dataset);
  }
  return names;
}

std::string KeyProbe::describe() const {
  return fmt::format("{}.{} in {}.{}", dataset, field, in_dataset, in_field);
}

std::string RowFilter::describe() const {
  std::vector<std::string> parts;
  for (const auto& alternative : alternatives) {
    std::vector<std::string> conditions;
    conditions.reserve(alternative.size());
    for (const auto& condition : alternative)
      conditions.push_back(condition.describe());
    parts.push_back(fmt::format("[{}]", fmt::join(conditions, " and ")));
  }
  return fmt::format("{}", fmt::join(parts, " or "));
}

bool implies(const RowCondition& a, const RowCondition& b) {
  using Kind = RowCondition::Kind;
  using Op = RowCondition::Op;
  if (a.field != b.field) return false;
  if (a.describe() == b.describe()) return true;
  // Every condition but is_null and not_in_keys needs a value.
  if (b.kind == Kind::not_null) return a.kind != Kind::is_null && a.kind != Kind::not_in_keys;
  if (a.kind != Kind::compare || b.kind != Kind::compare) return false;
  // Bounds, made inclusive: f < n is f <= n - 1.
  auto upper = [](const RowCondition& c) -> std::optional<std::int64_t> {
    if (c.op == Op::less_equal || c.op == Op::equal) return c.number;
    if (c.op == Op::less && c.number > INT64_MIN) return c.number - 1;
    return std::nullopt;
  };
  auto lower = [](const RowCondition& c) -> std::optional<std::int64_t> {
    if (c.op == Op::greater_equal || c.op == Op::equal) return c.number;
    if (c.op == Op::greater && c.number < INT64_MAX) return c.number + 1;
    return std::nullopt;
  };
  if (b.op == Op::less || b.op == Op::less_equal) {
    auto a_max = upper(a), b_max = upper(b);
    return a_max && b_max && *a_max <= *b_max;
  }
  if (b.op == Op::greater || b.op == Op::greater_equal) {
    auto a_min = lower(a), b_min = lower(b);
    return a_min && b_min && *a_min >= *b_min;
  }
  return false;
}

namespace {

// Whether every row that meets all of `a` meets all of `b`.
bool implies_all(const std::vector<RowCondition>& a, const std::vector<RowCondition>& b) {
  return std::all_of(b.begin(), b.end(), [&](const RowCondition& wanted) {
    return std::any_of(a.begin(), a.end(),
                       [&](const RowCondition& given) { return implies(given, wanted); });
  });
}

}  // namespace

void RowFilter::simplify() {
  std::vector<std::vector<RowCondition>> kept;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    bool redundant = false;
    for (size_t j = 0; j < alternatives.size() && !redundant; ++j) {
      if (i == j || !implies_all(alternatives[i], alternatives[j])) continue;
      // Of two alternatives that imply each other, the first stays.
      redundant = !implies_all(alternatives[j], alternatives[i]) || j < i;
    }
    if (!redundant) kept.push_back(alternatives[i]);
  }
  alternatives = std::move(kept);
}

std::set<std::string> RowFilter::datasets_looked_into() const {
  std::set<std::string> datasets;
  for (const auto& alternative : alternatives) {
    for (const auto& condition : alternative) {
      if (condition.kind == RowCondition::Kind::in_dataset ||
          condition.kind == RowCondition::Kind::not_in_keys) {
        datasets.insert(condition.in_dataset);
      }
    }
  }
  return datasets;
}

BoundRowFilter::BoundRowFilter(const RowFilter& filter, const std::vector<std::string_view>& fields,
                               const ValueSets& value_sets) {
  if (!bind(filter, fields, value_sets)) {
    m_alternatives.clear();
    return;
  }
  // The cheapest alternatives go first: a row that meets one is not looked up further.
  auto lookups = [](const std::vector<Condition>& alternative) {
    return std::count_if(alternative.begin(), alternative.end(),
                         [](const Condition& c) { return c.values != nullptr; });
  };
  std::stable_sort(m_alternatives.begin(), m_alternatives.end(),
                   [&](const auto& a, const auto& b) { return lookups(a) < lookups(b); });
}

// Turns the filter's field names into indexes and its value lists into sets; false when some
// condition cannot be checked, so that every row is kept.
bool BoundRowFilter::bind(const RowFilter& filter, const std::vector<std::string_view>& fields,
                          const ValueSets& value_sets) {
  for (const auto& alternative : filter.alternatives) {
    std::vector<Condition> conditions;
    for (const auto& condition : alternative) {
      // A probe's answer is a column of its own; a row whose answer was not worked out (no
      // such column) cannot be left out.
      std::string column = condition.field;
      if (condition.kind == RowCondition::Kind::not_in_keys) {
        column = KeyProbe{"", condition.field, condition.in_dataset, condition.in_field}.column();
      }
      auto field = std::find(fields.begin(), fields.end(), column);
      if (field == fields.end()) return false;
      Condition bound{&condition, static_cast<std::size_t>(field - fields.begin()), nullptr};
      if (condition.kind == RowCondition::Kind::in_dataset) {
        auto it = value_sets.find({condition.in_dataset, condition.in_field});
        if (it == value_sets.end()) return false;
        bound.values = &it->second;
      } else if (condition.kind == RowCondition::Kind::in_values) {
        util::StringSet& set = m_own_sets.emplace_back();
        for (const auto& value : condition.values) {
          if (!set.insert(value)) return false;
        }
        bound.values = &set;
      }
      conditions.push_back(bound);
    }
    if (conditions.empty()) return false;  // an alternative without conditions keeps every row
    // Set lookups last: they cost a cache miss where the others cost nothing.
    std::stable_sort(conditions.begin(), conditions.end(),
                     [](const Condition& a, const Condition& b) { return !a.values && b.values; });
    m_alternatives.push_back(std::move(conditions));
  }
  return true;
}

bool BoundRowFilter::holds(const Condition& condition, const Cell& cell) {
  using Kind = RowCondition::Kind;
  using Op = RowCondition::Op;
  switch (condition.spec->kind) {
    case Kind::not_null:
      return cell.kind != Cell::Kind::null;
    case Kind::is_null:
      return cell.kind == Cell::Kind::null;
    case Kind::in_values:
    case Kind::in_dataset:
      return cell.kind == Cell::Kind::text && condition.values->contains(cell.text);
    case Kind::not_in_keys:  // the probe's answer: 0 none, 1 some, null not worked out
      return cell.kind != Cell::Kind::integer || cell.integer == 0;
    case Kind::compare: {
      if (cell.kind != Cell::Kind::integer) return false;
      std::int64_t value = cell.integer, number = condition.spec->number;
      switch (condition.spec->op) {
        case Op::equal:
          return value == number;
        case Op::not_equal:
          return value != number;
        case Op::less:
          return value < number;
        case Op::less_equal:
          return value <= number;
        case Op::greater:
          return value > number;
        case Op::greater_equal:
          return value >= number;
      }
    }
  }
  return false;
}

bool BoundRowFilter::keep(const std::vector<Cell>& cells) const {
  for (const auto& alternative : m_alternatives) {
    bool all = std::all_of(alternative.begin(), alternative.end(),
                           [&](const Condition& c) { return holds(c, cells[c.field]); });
    if (all) return true;
  }
  return false;
}

std::string BoundRowFilter::describe() const {
  RowFilter applied;
  for (const auto& alternative : m_alternatives) {
    applied.alternatives.emplace_back();
    for (const auto& condition : alternative)
      applied.alternatives.back().push_back(*condition.spec);
  }
  return applied.describe();
}

}  // namespace lethe::data
