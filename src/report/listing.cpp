#include "report/listing.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"

namespace lethe::report {

util::Error unknown_format_error(std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& known) {
  return {
      fmt::format("unknown {} \"{}\" (expected one of {})", kind, name, util::join(known, ", "))};
}

}  // namespace lethe::report
