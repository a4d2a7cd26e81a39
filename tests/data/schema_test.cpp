#include "data/schema.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

using lethe::data::FieldType;
using lethe::data::Schema;

TEST_CASE("the bundled schema has the canonical datasets and fields", "[schema]") {
  auto schema = Schema::load(LETHE_SOURCE_RULES_DIR "/schema.yaml", "schema.yaml");
  REQUIRE(schema);
  CHECK(schema->dataset_names() ==
        std::vector<std::string>{"accounts", "child_profiles", "voice_recordings", "transcripts",
                                 "geolocations", "deletion_requests", "legal_holds", "videos",
                                 "face_embeddings", "video_access_log", "training_examples",
                                 "retention_policies", "disclosures", "biometric_templates",
                                 "security_incidents"});
  const auto* profiles = schema->find("child_profiles");
  REQUIRE(profiles);
  CHECK(profiles->key().name == "profile_id");
  CHECK(profiles->field_names() == std::vector<std::string>{"profile_id", "account_id",
                                                            "created_at", "last_active_at",
                                                            "keep_requested", "consent_at"});
  CHECK(profiles->find("keep_requested")->type == FieldType::boolean);
  CHECK(profiles->find("keep_requested")->default_value == std::optional<bool>(false));
  CHECK(profiles->find("last_active_at")->type == FieldType::timestamp);
  const auto* geolocations = schema->find("geolocations");
  CHECK(geolocations->find("latitude")->pii);
  CHECK(geolocations->find("latitude")->type == FieldType::real);
  CHECK(schema->find("transcripts")->find("text")->pii);
  CHECK_FALSE(schema->find("transcripts")->find("transcript_id")->pii);
  CHECK(schema->find("retention_policies")->key().name == "category");
  CHECK(schema->find("retention_policies")->find("max_age_days")->type == FieldType::integer);
  CHECK(schema->find("video_access_log")->find("customer_consent")->default_value ==
        std::optional<bool>(false));
  // Every field ending in _at is a timestamp.
  for (const auto& dataset : schema->datasets()) {
    for (const auto& field : dataset.fields) {
      if (field.name.size() > 3 && field.name.substr(field.name.size() - 3) == "_at") {
        CHECK(field.type == FieldType::timestamp);
      }
    }
  }
}

namespace {

// The bundled schema extended by `yaml` (as pack/schema.yaml), or the error.
std::string extend_with(const std::string& yaml, Schema& schema) {
  lethe::test::TempDir dir;
  auto path = dir.write("schema.yaml", yaml);
  auto ok = schema.extend(path, "pack/schema.yaml");
  return ok ? "ok" : ok.error().message;
}

Schema bundled() {
  auto schema = Schema::load(LETHE_SOURCE_RULES_DIR "/schema.yaml", "rules/schema.yaml");
  REQUIRE(schema);
  return std::move(*schema);
}

}  // namespace

TEST_CASE("a rule pack's schema adds datasets and fields, after the bundled ones", "[schema]") {
  Schema schema = bundled();
  CHECK(extend_with("datasets:\n"
                    "  support_tickets:\n"
                    "    fields:\n"
                    "      ticket_id: {type: string, key: true}\n"
                    "      opened_at: {type: timestamp}\n"
                    "  video_access_log:\n"
                    "    fields:\n"
                    "      actor_email: {type: string, pii: true}\n"
                    "      purpose: {type: string}\n",
                    schema) == "ok");
  CHECK(schema.dataset_names().back() == "support_tickets");
  CHECK(schema.find("support_tickets")->key().name == "ticket_id");
  CHECK(schema.find("support_tickets")->origin == "pack/schema.yaml:2:3");
  const auto* log = schema.find("video_access_log");
  CHECK(log->fields.back().name == "actor_email");
  CHECK(log->fields.back().pii);
  CHECK(log->fields.back().origin == "pack/schema.yaml:8:7");
  // `purpose` was there already, defined the same way: nothing changes.
  CHECK(log->find("purpose")->origin.rfind("rules/schema.yaml:", 0) == 0);
  REQUIRE(schema.extensions().size() == 1);
  CHECK(schema.extensions()[0].first == "pack/schema.yaml");
}

TEST_CASE("a rule pack's schema never changes a field or redefines a dataset", "[schema]") {
  Schema schema = bundled();
  CHECK(extend_with("datasets:\n  accounts:\n    fields:\n      mfa_enabled: {type: string}\n",
                    schema) ==
        "pack/schema.yaml:4:20: field 'accounts.mfa_enabled' is defined in rules/schema.yaml:16:7 "
        "as boolean, default false; here as string\n"
        "        mfa_enabled: {type: string}\n"
        "                     ^\n"
        "hint: a rule pack's schema never changes a field: give it another name");
  CHECK(extend_with("datasets:\n  videos:\n    fields:\n      clip_id: {type: string, key: true}\n",
                    schema) ==
        "pack/schema.yaml:2:3: dataset 'videos' is already defined in rules/schema.yaml:71:3\n"
        "    videos:\n"
        "    ^\n"
        "hint: a rule pack's schema can add fields to an existing dataset (no description, no "
        "key), or define a dataset of another name");
  // A failed extension adds nothing.
  CHECK(extend_with("datasets:\n  support_tickets:\n    fields:\n"
                    "      ticket_id: {type: string, key: true}\n"
                    "  accounts:\n    fields:\n      mfa_enabled: {type: string}\n",
                    schema)
            .find("mfa_enabled") != std::string::npos);
  CHECK_FALSE(schema.find("support_tickets"));
  CHECK(schema.extensions().empty());
}

TEST_CASE("two packs: the second names the first when they disagree", "[schema]") {
  Schema schema = bundled();
  CHECK(extend_with("datasets:\n  support_tickets:\n    fields:\n"
                    "      ticket_id: {type: string, key: true}\n"
                    "      priority: {type: integer}\n",
                    schema) == "ok");
  CHECK(extend_with("datasets:\n  support_tickets:\n    fields:\n"
                    "      priority: {type: string}\n",
                    schema) ==
        "pack/schema.yaml:4:17: field 'support_tickets.priority' is defined in "
        "pack/schema.yaml:5:7 as integer; here as string\n"
        "        priority: {type: string}\n"
        "                  ^\n"
        "hint: a rule pack's schema never changes a field: give it another name");
  CHECK(extend_with("datasets:\n  support_tickets:\n    fields:\n"
                    "      ticket_id: {type: string, key: true}\n",
                    schema) ==
        "pack/schema.yaml:2:3: dataset 'support_tickets' is already defined in "
        "pack/schema.yaml:2:3\n"
        "    support_tickets:\n"
        "    ^\n"
        "hint: a rule pack's schema can add fields to an existing dataset (no description, no "
        "key), or define a dataset of another name");
}
