// Rule files and the expression language on arbitrary text: the lexer, the parser, the type
// checker (through read_rule) and the SQL emitter for rules that check. Either a rule or an
// error naming the file; never a crash, even 10,000 levels deep.
#include "fuzz_support.hpp"
#include "rules/lexer.hpp"
#include "rules/parser.hpp"
#include "rules/rule_file.hpp"
#include "rules/sql_emitter.hpp"
#include "rules/sqlite_dialect.hpp"
#include "util/yaml_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace lethe;
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)rules::tokenize(text);
  auto parsed = rules::parse_expression(text);
  fuzz::require(parsed.expr || parsed.error, "a parse gives an expression or an error");
  if (parsed.error)
    fuzz::require(parsed.error->offset <= text.size(), "errors point into the text");
  auto file = util::YamlFile::parse(text, "rule.yaml");
  if (!file) return 0;
  auto rule = rules::read_rule(*file, fuzz::bundled_schema(), "");
  if (!rule) {
    fuzz::require(rule.error().message.rfind("rule.yaml", 0) == 0, "errors name the file");
    return 0;
  }
  auto compiled = rules::compile_rule(*rule, 1793491200, rules::sqlite_dialect());
  fuzz::require(!compiled.sql.empty(), "a checked rule compiles");
  return 0;
}
