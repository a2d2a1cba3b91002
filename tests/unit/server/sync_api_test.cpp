// Forms, push and pull handlers: roles, per-record validation, hostile bodies, paging parameters.
#include "api/sync_api.hpp"

#include "api_fixture.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server::testing {
namespace {

class SyncApiTest : public ApiFixture {
 protected:
  void SetUp() override { anna_ = add_user("anna", Role::field_worker); }

  std::string body_of(const std::vector<core::Record>& records, const std::string& batch_id = core::make_uuid_v4()) {
    boost::json::array array;
    for (const auto& record : records) array.push_back(core::record_to_json(record));
    return core::to_json_text(boost::json::object{{"batch_id", batch_id}, {"records", array}});
  }

  boost::json::array results_of(const ApiResult& result) {
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    return parse(*result).at("results").as_array();
  }

  User anna_;
};

TEST_F(SyncApiTest, OneBadRecordNeverRejectsItsNeighbours) {
  auto good = field_contact(core::make_uuid_v4(), 1);
  auto bad = field_contact(core::make_uuid_v4(), 1);
  bad.data["area_id"] = "omr-99";  // not one of the team's areas
  auto results = results_of(handle_push(services_, context_for(anna_, body_of({good, bad}))));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].at("status").as_string(), "accepted");
  EXPECT_EQ(results[1].at("status").as_string(), "rejected");
  EXPECT_EQ(results[1].at("problem").at("code").as_string(), "validation_failed");
  EXPECT_EQ(results[1].at("problem").at("errors").at(0).at("field").as_string(), "area_id");
  EXPECT_EQ(store_->row_counts().at("records"), 1);
}

TEST_F(SyncApiTest, PersonnummerInNotesIsRejected) {
  auto record = field_contact(core::make_uuid_v4(), 1);
  record.data["notes"] = "Träffade 19811218-9876 vid skolan";
  auto results = results_of(handle_push(services_, context_for(anna_, body_of({record}))));
  EXPECT_EQ(results[0].at("status").as_string(), "rejected");
  EXPECT_EQ(results[0].at("problem").at("errors").at(0).at("code").as_string(), "personal_identity_number");
  EXPECT_EQ(store_->row_counts().at("records"), 0);
}

TEST_F(SyncApiTest, UnknownFormsAndVersionsHaveTheirOwnCodes) {
  auto unknown = field_contact(core::make_uuid_v4(), 1);
  unknown.form_id = "hemligt";
  auto version = field_contact(core::make_uuid_v4(), 1);
  version.form_version = 7;
  auto not_uuid = field_contact("record-1", 1);
  auto results = results_of(handle_push(services_, context_for(anna_, body_of({unknown, version, not_uuid}))));
  EXPECT_EQ(results[0].at("problem").at("code").as_string(), "unknown_form");
  EXPECT_EQ(results[1].at("problem").at("code").as_string(), "unsupported_form_version");
  EXPECT_EQ(results[2].at("problem").at("code").as_string(), "invalid_record");
  EXPECT_EQ(store_->row_counts().at("records"), 0);
}

TEST_F(SyncApiTest, HostileEnvelopesAreProblemsAndChangeNothing) {
  const auto before = store_->row_counts();
  for (const std::string& body : std::vector<std::string>{"", "{", "[]", "{\"batch_id\": 5, \"records\": []}",
                                 "{\"batch_id\": \"x\", \"records\": {}}", std::string(40, '[') + std::string(40, ']')}) {
    auto result = handle_push(services_, context_for(anna_, body));
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.problem().status, 400) << body;
  }
  auto after = store_->row_counts();
  EXPECT_EQ(after.at("records"), before.at("records"));
  EXPECT_EQ(after.at("push_batches"), before.at("push_batches"));
}

TEST_F(SyncApiTest, TooManyRecordsIs413) {
  std::vector<core::Record> records;
  for (std::uint32_t i = 0; i < 501; ++i) records.push_back(field_contact(core::make_uuid_v4(), i));
  auto result = handle_push(services_, context_for(anna_, body_of(records)));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.problem().code, "payload_too_large");
  EXPECT_EQ(store_->row_counts().at("records"), 0);
}

TEST_F(SyncApiTest, EvaluatorsAndAdminsMayNotPushAtAll) {
  for (Role role : {Role::evaluator, Role::admin}) {
    User user = add_user(std::string(to_string(role)), role);
    auto result = handle_push(services_, context_for(user, body_of({field_contact(core::make_uuid_v4(), 1)})));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.problem().code, "forbidden");
  }
  EXPECT_EQ(store_->row_counts().at("records"), 0);
}

// Issue 11: a lead's push used to be a whole-batch 403, which blocked every later push of the tablet.
TEST_F(SyncApiTest, ALeadWithoutALoggingRoleGetsAForbiddenPerRecordNotAFailedBatch) {
  User lead = add_user("lead", Role::team_lead);
  auto results = results_of(handle_push(services_, context_for(lead, body_of({field_contact(core::make_uuid_v4(), 1)}))));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("status").as_string(), "rejected");
  EXPECT_EQ(results[0].at("problem").at("code").as_string(), "forbidden");
  EXPECT_EQ(results[0].at("problem").at("errors").at(0).at("code").as_string(), "form_not_permitted");
  EXPECT_EQ(store_->row_counts().at("records"), 0);
}

TEST_F(SyncApiTest, ALeadWhoAlsoLogsPushesOwnRecordsWhileAColleaguesIsRejectedAlone) {
  const core::Record annas = field_contact(core::make_uuid_v4(), 1);
  ASSERT_EQ(results_of(handle_push(services_, context_for(anna_, body_of({annas}))))[0].at("status").as_string(),
            "accepted");
  User lead = add_user("lead", {Role::team_lead, Role::field_worker});
  core::Record edited = annas;  // the lead edited Anna's record on the tablet: a newer hlc
  edited.hlc = core::Hlc{now_, 9, "lead-tablet"}.to_string();
  edited.data["duration_min"] = 90;
  const core::Record own = field_contact(core::make_uuid_v4(), 1, "lead-tablet");
  const core::Record own2 = field_contact(core::make_uuid_v4(), 2, "lead-tablet");
  auto results = results_of(handle_push(services_, context_for(lead, body_of({own, edited, own2}))));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("status").as_string(), "accepted");
  EXPECT_EQ(results[1].at("status").as_string(), "rejected");
  EXPECT_EQ(results[1].at("problem").at("code").as_string(), "forbidden");
  EXPECT_EQ(results[1].at("problem").at("errors").at(0).at("code").as_string(), "other_author");
  EXPECT_EQ(results[2].at("status").as_string(), "accepted");
  // Anna's record is untouched, and the next push of the lead goes through as well.
  auto rows = store_->team_records({anna_.team_id, std::nullopt, std::nullopt, std::nullopt, 10, anna_.id});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].record.data.at("duration_min").as_int64(), 30);
  auto later = results_of(handle_push(services_, context_for(lead, body_of({field_contact(core::make_uuid_v4(), 3)}))));
  EXPECT_EQ(later[0].at("status").as_string(), "accepted");
}

core::Record family_session(const std::string& id, core::Millis now) {
  core::Record record;
  record.id = id;
  record.form_id = "familjebehandling";
  record.form_version = 1;
  record.hlc = core::Hlc{now - 60'000, 1, "node-1"}.to_string();
  record.occurred_at = core::format_rfc3339(now - 3'600'000);
  record.data = {{"case_code", "NV-2026-1001"}, {"duration_min", 60}};
  return record;
}

TEST_F(SyncApiTest, AFormTheAuthorsRolesMayNotWriteIsRefusedPerRecord) {
  User sara = add_user("sara", Role::family_therapist);
  const core::Record session = family_session(core::make_uuid_v4(), now_);
  const core::Record contact = field_contact(core::make_uuid_v4(), 1);
  auto annas = results_of(handle_push(services_, context_for(anna_, body_of({session, contact}))));
  EXPECT_EQ(annas[0].at("problem").at("code").as_string(), "forbidden");
  EXPECT_EQ(annas[1].at("status").as_string(), "accepted");
  auto saras = results_of(handle_push(services_, context_for(sara, body_of({family_session(core::make_uuid_v4(), now_),
                                                                             field_contact(core::make_uuid_v4(), 1)}))));
  EXPECT_EQ(saras[0].at("status").as_string(), "accepted");
  EXPECT_EQ(saras[1].at("problem").at("errors").at(0).at("code").as_string(), "form_not_permitted");
  EXPECT_EQ(store_->row_counts().at("records"), 2);
}

TEST_F(SyncApiTest, TheFailPointHookRunsAfterCommitAndNotOnReplay) {
  int calls = 0;
  std::int64_t records_at_call = -1;
  services_.after_push_commit = [&] {
    ++calls;
    records_at_call = store_->row_counts().at("records");
  };
  const std::string body = body_of({field_contact(core::make_uuid_v4(), 1)});
  auto context = context_for(anna_, body);
  ASSERT_TRUE(handle_push(services_, context).ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(records_at_call, 1);  // committed before the hook runs
  ASSERT_TRUE(handle_push(services_, context).ok());
  EXPECT_EQ(calls, 1);
}

TEST_F(SyncApiTest, PullValidatesCursorAndLimit) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"cursor", "-1"}, {"cursor", "1e3"}, {"cursor", "99999999999999999999"}, {"limit", "0"}, {"limit", "x"}}) {
    auto result = handle_pull(services_, context_for(anna_, "", {{key, value}}));
    ASSERT_FALSE(result.ok()) << key << "=" << value;
    EXPECT_EQ(result.problem().status, 400);
  }
  auto big_limit = handle_pull(services_, context_for(anna_, "", {{"limit", "5000"}}));
  EXPECT_TRUE(big_limit.ok());  // clamped to 1000, not refused
}

TEST_F(SyncApiTest, ATeamLeadsPullSeesTheTeamAndIsAudited) {
  ASSERT_TRUE(handle_push(services_, context_for(anna_, body_of({field_contact(core::make_uuid_v4(), 1)}))).ok());
  User other = add_user("olle", Role::field_worker, "Team B");
  ASSERT_TRUE(handle_push(services_, context_for(other, body_of({field_contact(core::make_uuid_v4(), 1)}))).ok());
  User lead = add_user("lead", Role::team_lead);
  auto result = handle_pull(services_, context_for(lead));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(parse(*result).at("records").as_array().size(), 1u);
  EXPECT_EQ(store_->audit_entries().back().event.action, "read_records");
  EXPECT_EQ(store_->audit_entries().back().event.actor_id, lead.id);

  for (Role role : {Role::evaluator, Role::admin}) {
    User user = add_user(std::string(to_string(role)), role);
    EXPECT_EQ(handle_pull(services_, context_for(user)).problem().code, "forbidden");
  }
}

std::vector<std::string> form_ids(const boost::json::value& forms) {
  std::vector<std::string> ids;
  for (const auto& form : forms.as_array()) ids.emplace_back(form.at("id").as_string());
  return ids;
}

TEST_F(SyncApiTest, FormsListOnlyWhatTheRolesMayUse) {
  using Ids = std::vector<std::string>;
  EXPECT_EQ(form_ids(parse(*handle_forms(services_, context_for(anna_)))), Ids{"faltkontakt"});
  User sara = add_user("sara", Role::family_therapist, "Familj");
  // A family therapist writes sessions and the case record they belong to (issue 16).
  EXPECT_EQ(form_ids(parse(*handle_forms(services_, context_for(sara)))), (Ids{"familjearende", "familjebehandling"}));
  // A lead sees the forms the team writes (to read and review them), the lead's own included.
  EXPECT_EQ(form_ids(parse(*handle_forms(services_, context_for(add_user("lead", Role::team_lead))))),
            Ids{"faltkontakt"});
  EXPECT_EQ(form_ids(parse(*handle_forms(services_, context_for(add_user("flead", Role::team_lead, "Familj"))))),
            (Ids{"familjearende", "familjebehandling"}));
  EXPECT_EQ(form_ids(parse(*handle_forms(
                services_, context_for(add_user("both", {Role::team_lead, Role::family_therapist}))))),
            (Ids{"faltkontakt", "familjearende", "familjebehandling"}));
  for (Role role : {Role::evaluator, Role::admin}) {
    EXPECT_TRUE(parse(*handle_forms(services_, context_for(add_user(std::string(to_string(role)), role))))
                    .as_array()
                    .empty());
  }
}

TEST(ParseCount, AcceptsOnlyPlainNonNegativeIntegers) {
  EXPECT_EQ(parse_count("0"), 0);
  EXPECT_EQ(parse_count("1042"), 1042);
  EXPECT_FALSE(parse_count(""));
  EXPECT_FALSE(parse_count("+1"));
  EXPECT_FALSE(parse_count(" 1"));
  EXPECT_FALSE(parse_count("1234567890123456789"));
}

}  // namespace
}  // namespace faltlogg::server::testing
