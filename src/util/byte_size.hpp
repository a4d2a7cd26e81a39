// Byte counts as people write them: "16MiB" in options, "16 MiB" in messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace lethe::util {

// Reads "1048576", "64KiB", "16MiB", "2GiB" (also "K"/"KB", "M"/"MB", "G"/"GB", all binary, any
// case, a space before the unit allowed). Fails on anything else, on zero and on overflow, with
// a message without the option's name ("expected a size such as 16MiB, got "x"").
Expected<std::uint64_t> parse_byte_size(std::string_view text);

// "16 MiB", "512 KiB", "1000 bytes": the largest binary unit that divides `bytes` exactly.
std::string format_byte_size(std::uint64_t bytes);

}  // namespace lethe::util
