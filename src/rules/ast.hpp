// The syntax tree of rule expressions, and the values they compute with.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/row_filter.hpp"
#include "data/schema.hpp"

namespace lethe::rules {

enum class ValueType { unknown, null, string, integer, real, boolean, timestamp, duration, list };

// "string", "timestamp", "a duration", ... for messages.
std::string value_type_name(ValueType type);

// The value type rules see for a field of `type`.
ValueType value_type_of(data::FieldType type);

// A literal, parameter or bound value.
struct Value {
  ValueType type = ValueType::null;
  std::int64_t integer = 0;  // integer; boolean as 0/1; timestamp as Unix seconds
  double real = 0;
  std::string text;
  std::vector<Value> items;  // lists
  ValueType item_type = ValueType::null;

  static Value of_string(std::string text);
  static Value of_integer(std::int64_t value);
  static Value of_real(double value);
  static Value of_boolean(bool value);
  static Value of_timestamp(std::int64_t seconds);

  // How the value reads in a rule: 'text', 42, true, timestamp('2018-01-01T00:00:00Z'), [...].
  std::string to_source() const;
  // How the value reads in a report: text as is, timestamps in ISO 8601, lists comma-separated.
  std::string to_display() const;
};

enum class ExprKind {
  literal,  // value
  field,    // alias.name
  param,    // name
  as_of,    // the audit instant
  logical_not,
  logical_and,
  logical_or,
  compare,   // children[0] op children[1]
  in_list,   // children[0] [not] in (children[1..])
  is_null,   // children[0] is [not] null
  arith,     // children[0] +/- children[1]
  duration,  // days|months|years(children[0])
  call,      // coalesce(...), lower(x), substr(s, start, len), ...
  exists,    // exists(dataset alias where children[0])
  between,   // children[0] [not] between children[1] and children[2]
  like,      // children[0] [not] like children[1] [escape children[2]]
  matches,   // children[0] [not] matches children[1] (an RE2 pattern)
  count,     // count(dataset alias where children[0]): the number of matching rows
  // count(distinct children[0], dataset alias where children[1]): the number of distinct
  // non-null values of children[0] over the matching rows
  count_distinct,
};

// Whether `kind` reads rows of a dataset of its own (exists, count): it introduces an alias.
bool is_subquery(ExprKind kind);

enum class CompareOp { equal, not_equal, less, less_equal, greater, greater_equal };
enum class DurationUnit { days, months, years };

// "=", "!=", "<", ...
std::string compare_op_text(CompareOp op);

struct Expr {
  ExprKind kind = ExprKind::literal;
  size_t offset = 0;     // where the expression starts in the source text
  size_t op_offset = 0;  // its operator (binary, in, is); a field: its name; exists: the dataset
  ValueType type = ValueType::unknown;  // set by the type checker

  Value value;        // literal
  std::string alias;  // field: the alias; exists, count: the alias it introduces
  std::string name;   // field: the field; param: the name; call: the function; exists, count:
                      // the dataset
  CompareOp compare = CompareOp::equal;
  bool negated = false;  // not in, is not null, not between, not like, not matches
  char arith = '+';
  DurationUnit unit = DurationUnit::days;
  std::vector<std::unique_ptr<Expr>> children;

  // Set by the type checker.
  const data::DatasetSpec* dataset = nullptr;  // field, exists, count
  const data::FieldSpec* field = nullptr;      // field
};

using ExprPtr = std::unique_ptr<Expr>;

// The `where` of an exists() or count (null when it has none).
const Expr* subquery_where(const Expr& expr);
Expr* subquery_where(Expr& expr);

// The operands of nested `and`s, left to right (`expr` itself when it is no `and`).
void and_terms(const Expr& expr, std::vector<const Expr*>& terms);

// How an exists() bears on whether the expression holds.
enum class Polarity {
  positive,  // through and/or and an even number of nots: rows of its dataset make it hold
  negative,  // under an odd number of nots: rows of its dataset can only make it fail
  mixed,     // inside a comparison or a call, where either can be true
};

// Calls `visit(exists, polarity)` for every exists() and count in `expr`, those nested in
// another's `where` included (an exists() inside a positive one keeps its polarity; inside a
// negative one it is flipped). A count is always mixed: more rows can make it hold or fail.
void for_each_exists(const Expr& expr,
                     const std::function<void(const Expr& exists, Polarity polarity)>& visit);

// The positive exists() clauses of `where` (through and/or and an even number of nots, not
// nested in another's `where`), in text order: those whose first matching row a finding
// reports as its related row.
std::vector<const Expr*> related_exists(const Expr& where);

// An exists() whose `where` is one equality of a string field of its own row with a string field
// of an enclosing row, `exists(E e where e.k = y.f)`: its answer is whether f is among the keys
// k of E (data::KeyProbe), and `outer_alias` is y.
struct ProbeMatch {
  data::KeyProbe probe;
  std::string outer_alias;
};
std::optional<ProbeMatch> key_probe_of(const Expr& exists);

// The tree as an S-expression, for tests and debugging:
// (and (< p.last_active_at (- as_of (months 18))) (not p.keep_requested)).
std::string print_expr(const Expr& expr);

}  // namespace lethe::rules
