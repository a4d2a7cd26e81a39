// The seam between the rule compiler and a SQL engine: everything that differs between SQL
// dialects goes through here, so that the compiler itself is dialect-neutral.
#pragma once

#include <string>
#include <string_view>

#include "rules/ast.hpp"

namespace lethe::rules {

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "sqlite", "postgresql".
  virtual std::string_view name() const = 0;
  // The placeholder of 1-based bound parameter `index`, which is bound a value of `type`.
  virtual std::string placeholder(int index, ValueType type) const = 0;
  // `name` as a quoted identifier: standard SQL's double quotes, an embedded one doubled.
  virtual std::string identifier(std::string_view name) const;
  // SQL for the timestamp `timestamp` plus `seconds` (an integer expression) seconds: both
  // engines keep timestamps as integer Unix seconds.
  virtual std::string add_seconds(const std::string& timestamp, const std::string& seconds) const;
  // SQL for `timestamp` plus `months` calendar months, clamping the day to the month's end.
  virtual std::string add_months(const std::string& timestamp, const std::string& months) const = 0;
  // SQL for a value that identifies a row of table alias `alias` (to fetch it again later).
  virtual std::string row_id(const std::string& alias) const = 0;
  // SQL for the constant `false` / `true`.
  virtual std::string boolean_constant(bool value) const = 0;
  // SQL for whether `text` matches the LIKE pattern `pattern` (an expression bound to a pattern
  // from util::canonical_like_pattern: backslash escapes), case-sensitively; null on a null.
  virtual std::string like(const std::string& text, const std::string& pattern) const = 0;
  // The pattern to bind for the RE2 pattern `pattern` (checked by util::check_regex).
  virtual std::string regex_pattern(std::string_view pattern) const = 0;
  // SQL for whether the bound pattern `pattern` (from regex_pattern) occurs in `text`.
  virtual std::string matches(const std::string& text, const std::string& pattern) const = 0;
  // SQL for upper(text) or lower(text) (`function`), changing ASCII letters only, as SQLite's
  // built-in functions do whatever the server's locale.
  virtual std::string ascii_case(std::string_view function, const std::string& text) const = 0;
  // SQL for the characters of `text` from the 1-based `start` on, `length` of them (all when
  // empty); `start` at least 1 and `length` at least 0, which callers see to.
  virtual std::string substring(const std::string& text, const std::string& start,
                                const std::string& length) const = 0;
  // Whether the first related row of each match is found by a join of the matches with the
  // related dataset (which a planner can hash) rather than by a subquery per match (which an
  // index on the join key makes cheap in the store).
  virtual bool related_rows_by_join() const { return false; }
  // Whether an exists() below an OR (or a NOT below one) that is correlated by one equality is
  // written `outer IN (SELECT inner ...)`, which a planner can run once and hash, instead of
  // EXISTS, which it then runs once per row (cheap in the store, where the inner field has an
  // index). At the top of the WHERE, (NOT) EXISTS stays: planners make it a hashed join.
  virtual bool exists_as_in() const { return false; }
  // Whether a count() correlated with the `from` row by an equality is computed once for every
  // distinct value of the `from` fields it reads, by a join the planner can hash, and joined to
  // the rows, instead of by a subquery per row (cheap in the store, where an index on the join
  // key and the window makes each a lookup; quadratic on a server, whose views of the tables
  // convert the columns and so hide their indexes).
  virtual bool counts_by_join() const { return false; }
};

}  // namespace lethe::rules
