#include "data/schema.hpp"

#include <catch2/catch.hpp>

using lethe::data::FieldType;
using lethe::data::Schema;

TEST_CASE("the bundled schema has the canonical datasets and fields", "[schema]") {
  auto schema = Schema::load(LETHE_SOURCE_RULES_DIR "/schema.yaml", "schema.yaml");
  REQUIRE(schema);
  CHECK(schema->dataset_names() ==
        std::vector<std::string>{"accounts", "child_profiles", "voice_recordings", "transcripts",
                                 "geolocations", "deletion_requests", "legal_holds", "videos",
                                 "face_embeddings", "video_access_log", "training_examples",
                                 "retention_policies"});
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
