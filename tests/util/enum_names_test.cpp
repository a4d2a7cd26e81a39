#include "util/enum_names.hpp"

#include <catch2/catch.hpp>

namespace lethe::util {
namespace {

enum class Color { red, green, blue };

constexpr auto k_colors = std::to_array<EnumName<Color>>({
    {Color::red, "red"},
    {Color::green, "green"},
});

TEST_CASE("enum names: name, parse and the list for a hint", "[enum-names]") {
  static_assert(enum_name(k_colors, Color::green) == "green");
  CHECK(enum_name(k_colors, Color::red) == "red");
  CHECK(enum_name(k_colors, Color::blue) == "?");
  CHECK(enum_name(k_colors, Color::blue, "none") == "none");
  CHECK(parse_enum(k_colors, "green") == Color::green);
  CHECK_FALSE(parse_enum(k_colors, "Green"));  // exact
  CHECK_FALSE(parse_enum(k_colors, "blue"));
  CHECK(enum_names_joined(k_colors, ", ") == "red, green");
  CHECK(enum_names_joined(k_colors, "|") == "red|green");
}

}  // namespace
}  // namespace lethe::util
