#include "rules/sqlite_dialect.hpp"

#include <fmt/format.h>

#include "util/like.hpp"
#include "util/regex.hpp"
#include "util/timestamp.hpp"

namespace lethe::rules {

std::string Dialect::identifier(std::string_view name) const {
  return util::quote_identifier(name);
}

std::string Dialect::add_seconds(const std::string& timestamp, const std::string& seconds) const {
  return fmt::format("({} + {})", timestamp, seconds);
}

namespace {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string placeholder(int index, ValueType type) const override;
  std::string add_months(const std::string& timestamp, const std::string& months) const override;
  std::string row_id(const std::string& alias) const override;
  std::string boolean_constant(bool value) const override;
  std::string like(const std::string& text, const std::string& pattern) const override;
  std::string regex_pattern(std::string_view pattern) const override;
  std::string matches(const std::string& text, const std::string& pattern) const override;
  std::string ascii_case(std::string_view function, const std::string& text) const override;
  std::string substring(const std::string& text, const std::string& start,
                        const std::string& length) const override;
};

std::string SqliteDialect::placeholder(int index, ValueType) const {
  return fmt::format("?{}", index);
}

std::string SqliteDialect::add_months(const std::string& timestamp,
                                      const std::string& months) const {
  return fmt::format("lethe_add_months({}, {})", timestamp, months);
}

std::string SqliteDialect::row_id(const std::string& alias) const {
  return alias + ".rowid";
}

std::string SqliteDialect::boolean_constant(bool value) const {
  return value ? "1" : "0";
}

// SQLite's own LIKE ignores the case of ASCII letters (and PRAGMA case_sensitive_like is
// refused by the store's authorizer): a function of ours matches as PostgreSQL does.
std::string SqliteDialect::like(const std::string& text, const std::string& pattern) const {
  return fmt::format("lethe_like({}, {})", text, pattern);
}

std::string SqliteDialect::regex_pattern(std::string_view pattern) const {
  return std::string(pattern);
}

std::string SqliteDialect::matches(const std::string& text, const std::string& pattern) const {
  return fmt::format("lethe_matches({}, {})", text, pattern);
}

std::string SqliteDialect::ascii_case(std::string_view function, const std::string& text) const {
  return fmt::format("{}({})", function, text);
}

std::string SqliteDialect::substring(const std::string& text, const std::string& start,
                                     const std::string& length) const {
  if (length.empty()) return fmt::format("substr({}, {})", text, start);
  return fmt::format("substr({}, {}, {})", text, start, length);
}

}  // namespace

const Dialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

namespace {

// Calendar month arithmetic with the same clamping as constant folding (util::add_months).
void add_months_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL ||
      sqlite3_value_type(arguments[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  std::int64_t months = sqlite3_value_int64(arguments[1]);
  constexpr std::int64_t k_max_months = std::int64_t{12} * 20000;
  if (months > k_max_months || months < -k_max_months) {
    sqlite3_result_null(context);
    return;
  }
  sqlite3_result_int64(context, util::add_months(sqlite3_value_int64(arguments[0]), months));
}

std::string_view text_argument(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return {text ? text : "", static_cast<size_t>(sqlite3_value_bytes(value))};
}

// lethe_like(text, pattern): util::like_match; null when either is.
void like_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL ||
      sqlite3_value_type(arguments[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  sqlite3_result_int(context,
                     util::like_match(text_argument(arguments[0]), text_argument(arguments[1])));
}

void delete_regex(void* regex) {
  delete static_cast<util::Regex*>(regex);
}

// lethe_matches(text, pattern): RE2's search; null when either is. The pattern is compiled once
// per statement (SQLite keeps it with the constant argument).
void matches_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL ||
      sqlite3_value_type(arguments[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  std::string_view text = text_argument(arguments[0]);
  if (const auto* kept = static_cast<const util::Regex*>(sqlite3_get_auxdata(context, 1))) {
    sqlite3_result_int(context, kept->search(text));
    return;
  }
  auto compiled = util::Regex::compile(text_argument(arguments[1]));
  if (!compiled) {
    sqlite3_result_error(context, compiled.error().message.c_str(), -1);
    return;
  }
  auto* regex = new util::Regex(std::move(*compiled));
  sqlite3_result_int(context, regex->search(text));
  // SQLite keeps it for the next row (or frees it at once if the pattern were no constant).
  sqlite3_set_auxdata(context, 1, regex, delete_regex);
}

struct SqlFunction {
  const char* name;
  int arguments;
  void (*function)(sqlite3_context*, int, sqlite3_value**);
};

constexpr SqlFunction k_functions[] = {
    {"lethe_add_months", 2, add_months_function},
    {"lethe_like", 2, like_function},
    {"lethe_matches", 2, matches_function},
};

}  // namespace

util::Expected<void> register_sqlite_functions(sqlite3* db) {
  for (const auto& function : k_functions) {
    int rc = sqlite3_create_function_v2(db, function.name, function.arguments,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                        nullptr, function.function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return util::Error{sqlite3_errmsg(db)};
  }
  return {};
}

void bind_sqlite_value(util::SqliteStatement& statement, int index, const Value& value) {
  switch (value.type) {
    case ValueType::string:
      statement.bind_text(index, value.text);
      break;
    case ValueType::integer:
    case ValueType::boolean:
    case ValueType::timestamp:
      statement.bind_int(index, value.integer);
      break;
    case ValueType::real:
      statement.bind_real(index, value.real);
      break;
    default:
      statement.bind_null(index);
      break;
  }
}

}  // namespace lethe::rules
