#include "rules/rule_file.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <regex>

#include "rules/checker.hpp"
#include "rules/lexer.hpp"
#include "rules/parser.hpp"
#include "util/strings.hpp"
#include "util/timestamp.hpp"

namespace lethe::rules {

using util::Error;
using util::Expected;
using util::YamlFile;

namespace {

bool is_identifier(std::string_view text) {
  auto tokens = tokenize(text);
  return tokens.size() == 2 && tokens[0].kind == TokenKind::identifier &&
         tokens[0].length == text.size();
}

std::optional<Value> scalar_value(std::string_view text, bool quoted) {
  if (auto seconds = util::parse_iso8601(text, 0); seconds && text.size() >= 10 && text[4] == '-') {
    return Value::of_timestamp(*seconds);
  }
  if (quoted) return Value::of_string(std::string(text));
  if (text == "true") return Value::of_boolean(true);
  if (text == "false") return Value::of_boolean(false);
  std::int64_t integer = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
    return Value::of_integer(integer);
  }
  double real = 0;
  auto [real_end, real_error] = std::from_chars(text.data(), text.data() + text.size(), real);
  if (!text.empty() && real_error == std::errc() && real_end == text.data() + text.size() &&
      std::isfinite(real)) {
    return Value::of_real(real);
  }
  return Value::of_string(std::string(text));
}

const std::regex k_id_pattern("[a-z0-9]+([._-][a-z0-9]+)*");

struct RuleReader {
  const YamlFile& file;
  const data::Schema& schema;
  Rule rule;

  Expected<std::string> required_text(const char* key) {
    const YAML::Node& node = file.root()[key];
    if (!node) return file.error_at(file.root(), fmt::format("the rule has no '{}'", key));
    return file.scalar(node, fmt::format("'{}'", key));
  }

  Expected<std::string> optional_text(const char* key) {
    const YAML::Node& node = file.root()[key];
    if (!node) return std::string();
    return file.scalar(node, fmt::format("'{}'", key));
  }

  Expected<std::vector<std::string>> text_list(const char* key) {
    const YAML::Node& node = file.root()[key];
    if (!node) return std::vector<std::string>{};
    return file.string_list(node, fmt::format("'{}'", key));
  }

  Expected<void> read_header() {
    const YAML::Node& root = file.root();
    if (!root.IsMap()) {
      // A rule's test file is a list of cases: naming one instead of its rule is an easy slip.
      const bool test_file = root.IsSequence() && file.display_path().ends_with(".test.yaml");
      return file.error_at(root, "a rule file must be a mapping",
                           test_file ? "this is a rule's test file: give its rule file (X.yaml "
                                       "beside X.test.yaml) or their folder"
                                     : "");
    }
    if (auto ok =
            file.check_keys(root,
                            {"id", "title", "severity", "citations", "tags", "description",
                             "remediation", "applies_from", "params", "from", "where", "message"},
                            "a rule");
        !ok) {
      return ok.error();
    }
    auto id = required_text("id");
    if (!id) return id.error();
    rule.id = *id;
    rule.location = file.location(root["id"]);
    if (!std::regex_match(rule.id, k_id_pattern)) {
      return file.error_at(root["id"], fmt::format("invalid rule id '{}'", rule.id),
                           "ids are lower-case words joined by '.', '-' or '_', e.g. "
                           "coppa.indefinite-retention-policy");
    }
    auto severity_text = required_text("severity");
    if (!severity_text) return severity_text.error();
    auto severity = parse_severity(*severity_text);
    if (!severity) {
      return file.error_at(root["severity"], fmt::format("unknown severity '{}'", *severity_text),
                           "severities: info, low, medium, high, critical");
    }
    rule.severity = *severity;
    for (auto [key, out] :
         {std::pair{"title", &rule.title}, std::pair{"description", &rule.description},
          std::pair{"remediation", &rule.remediation}, std::pair{"message", &rule.message}}) {
      auto text = optional_text(key);
      if (!text) return text.error();
      *out = std::string(util::trim(*text));
    }
    if (rule.title.empty()) rule.title = rule.id;
    if (rule.message.empty()) rule.message = rule.title;
    auto citations = text_list("citations");
    if (!citations) return citations.error();
    rule.citations = std::move(*citations);
    auto tags = text_list("tags");
    if (!tags) return tags.error();
    rule.tags = std::move(*tags);
    if (const YAML::Node& applies = root["applies_from"]) {
      auto seconds = applies.IsScalar() ? util::parse_iso8601(applies.Scalar(), 0) : std::nullopt;
      if (!seconds) {
        return file.error_at(applies, "applies_from must be an ISO 8601 date such as 2026-04-22");
      }
      rule.applies_from = *seconds;
    }
    return {};
  }

  Expected<void> read_params() {
    const YAML::Node& params = file.root()["params"];
    if (!params) return {};
    if (auto ok = file.expect_map(params, "'params'"); !ok) return ok.error();
    for (const auto& entry : params) {
      std::string name = entry.first.Scalar();
      if (!is_identifier(name) || name == "as_of") {
        return file.error_at(entry.first, fmt::format("invalid parameter name '{}'", name),
                             "parameter names are words of letters, digits and '_', not keywords "
                             "or as_of");
      }
      if (rule.find_param(name)) {
        return file.error_at(entry.first, fmt::format("parameter '{}' is defined twice", name));
      }
      auto value = read_param_value(file, entry.second);
      if (!value) return value.error();
      rule.params.push_back({name, *value, *value, false});
    }
    return {};
  }

  Expected<void> read_from() {
    auto from = required_text("from");
    if (!from) return from.error();
    const YAML::Node& node = file.root()["from"];
    auto parts = util::split(util::trim(*from), ' ');
    parts.erase(std::remove(parts.begin(), parts.end(), std::string_view()), parts.end());
    if (parts.size() != 2 || !is_identifier(parts[1])) {
      return file.error_at(node, fmt::format("expected 'dataset alias', got '{}'", *from),
                           "e.g. from: child_profiles p");
    }
    rule.from_dataset = std::string(parts[0]);
    rule.from_alias = std::string(parts[1]);
    if (!schema.find(rule.from_dataset)) {
      std::string suggestion = util::closest_match(rule.from_dataset, schema.dataset_names());
      return file.error_at(
          node, fmt::format("unknown dataset '{}'", rule.from_dataset),
          suggestion.empty() ? fmt::format("datasets: {}", util::join(schema.dataset_names(), ", "))
                             : fmt::format("did you mean '{}'?", suggestion));
    }
    return {};
  }

  Expected<void> read_where() {
    auto where = required_text("where");
    if (!where) return where.error();
    const YAML::Node& node = file.root()["where"];
    rule.where_text = *where;
    auto at = [&](const ExprError& error) {
      return file.error_at(file.scalar_location(node, error.offset), error.message, error.hint);
    };
    ParseOutcome parsed = parse_expression(rule.where_text);
    if (parsed.error) return at(*parsed.error);
    rule.where = std::move(parsed.expr);
    if (auto error = check_where(rule, schema)) return at(*error);
    if (auto error = check_message(rule)) {
      const YAML::Node& message = file.root()["message"];
      if (!message) return file.error_at(file.root(), error->message, error->hint);
      return file.error_at(file.scalar_location(message, error->offset), error->message,
                           error->hint);
    }
    return {};
  }
};

}  // namespace

Expected<Value> read_param_value(const YamlFile& file, const YAML::Node& node) {
  if (node.IsScalar()) {
    auto value = scalar_value(node.Scalar(), node.Tag() == "!");
    return *value;
  }
  if (node.IsSequence()) {
    Value list;
    list.type = ValueType::list;
    for (const auto& item : node) {
      if (!item.IsScalar()) return file.error_at(item, "a list parameter holds single values");
      Value value = *scalar_value(item.Scalar(), item.Tag() == "!");
      if (list.item_type != ValueType::null && list.item_type != value.type) {
        return file.error_at(
            item, fmt::format("list mixes {} and {} values", value_type_name(list.item_type),
                              value_type_name(value.type)));
      }
      list.item_type = value.type;
      list.items.push_back(std::move(value));
    }
    return list;
  }
  return file.error_at(node, "a parameter's default must be a value or a list of values");
}

Expected<Value> parse_value_like(const Value& like, std::string_view text) {
  auto fail = [&](std::string_view what) {
    return Error{fmt::format("expected {}, got '{}'", what, text)};
  };
  switch (like.type) {
    case ValueType::list: {
      Value list;
      list.type = ValueType::list;
      list.item_type = like.item_type;
      Value item_like;
      item_like.type = like.item_type == ValueType::null ? ValueType::string : like.item_type;
      if (util::trim(text).empty()) return list;
      for (auto part : util::split(text, ',')) {
        auto item = parse_value_like(item_like, util::trim(part));
        if (!item) return item.error();
        list.items.push_back(std::move(*item));
      }
      return list;
    }
    case ValueType::string:
      return Value::of_string(std::string(text));
    case ValueType::boolean:
      if (text == "true" || text == "false") return Value::of_boolean(text == "true");
      return fail("true or false");
    case ValueType::timestamp:
      if (auto seconds = util::parse_iso8601(text, 0)) return Value::of_timestamp(*seconds);
      return fail("an ISO 8601 date or date-time");
    case ValueType::integer: {
      auto value = scalar_value(text, false);
      if (value->type == ValueType::integer) return *value;
      return fail("an integer");
    }
    case ValueType::real: {
      auto value = scalar_value(text, false);
      if (value->type == ValueType::integer)
        return Value::of_real(static_cast<double>(value->integer));
      if (value->type == ValueType::real) return *value;
      return fail("a number");
    }
    default:
      return fail("a value");
  }
}

Expected<Rule> read_rule(const YamlFile& file, const data::Schema& schema, std::string pack) {
  RuleReader reader{file, schema, {}};
  reader.rule.path = file.display_path();
  reader.rule.pack = std::move(pack);
  if (auto ok = reader.read_header(); !ok) return ok.error();
  if (auto ok = reader.read_params(); !ok) return ok.error();
  if (auto ok = reader.read_from(); !ok) return ok.error();
  if (auto ok = reader.read_where(); !ok) return ok.error();
  return std::move(reader.rule);
}

}  // namespace lethe::rules
