#include "engine/target.hpp"

#include <string_view>

#include "engine/export_target.hpp"
#include "engine/postgres_target.hpp"

namespace lethe::engine {

using util::Error;
using util::Expected;

namespace {

using TargetOpener = Expected<std::unique_ptr<Target>> (*)(const TargetRequest&,
                                                           const data::Schema&);

Expected<std::unique_ptr<Target>> open_export(const TargetRequest& request,
                                              const data::Schema& schema) {
  return std::unique_ptr<Target>(
      new ExportTarget(request.location, schema, request.store, request.manifest));
}

// The kinds of target a location can name, by URL scheme; anything else is an export folder.
struct TargetScheme {
  std::string_view prefix;
  TargetOpener open;
};
constexpr TargetScheme k_schemes[] = {
    {"postgresql://", &PostgresTarget::open},
    {"postgres://", &PostgresTarget::open},
};

// The table's row whose scheme `location` starts with, or null (an export folder).
const TargetScheme* scheme_of(const std::string& location) {
  for (const auto& scheme : k_schemes) {
    if (location.rfind(scheme.prefix, 0) == 0) return &scheme;
  }
  return nullptr;
}

}  // namespace

bool is_database_url(const std::string& location) {
  return scheme_of(location) != nullptr;
}

Expected<std::unique_ptr<Target>> open_target(const TargetRequest& request,
                                              const data::Schema& schema) {
  const TargetScheme* scheme = scheme_of(request.location);
  return scheme ? scheme->open(request, schema) : open_export(request, schema);
}

}  // namespace lethe::engine
