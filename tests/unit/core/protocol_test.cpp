#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace faltlogg::core::protocol {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kBatch = "0b6f3c2e-8d1a-4f5b-9c7d-2e3f4a5b6c7d";

Record sample_record(int n = 0) {
  Record r;
  r.id = "7f1c2a4e-3b5d-4c6e-8f70-11223344556" + std::to_string(n % 10);
  r.form_id = "faltkontakt";
  r.form_version = 1;
  r.hlc = "2026-11-22T18:04:05.123Z/0003/dev-1";
  r.occurred_at = "2026-11-22T18:00:00.000Z";
  r.data = boost::json::object{{"arena", "skola"}, {"in_pair", true}};
  return r;
}

boost::json::value reparse(const boost::json::object& obj) {
  auto parsed = parse_json(boost::json::serialize(obj));  // through text, as on the wire
  EXPECT_TRUE(parsed);
  return *parsed;
}

// Refusal tests start from valid wire JSON and break one member.
boost::json::object with(boost::json::object obj, std::string_view key, std::optional<std::string> value_json) {
  if (value_json) {
    obj[key] = *parse_json(*value_json);
  } else {
    obj.erase(key);
  }
  return obj;
}

TEST(PushStatusNames, RoundTrip) {
  for (auto s : {PushStatus::accepted, PushStatus::duplicate, PushStatus::stale, PushStatus::rejected}) {
    EXPECT_EQ(push_status_from_string(to_string(s)), s);
  }
  EXPECT_EQ(push_status_from_string("Accepted"), std::nullopt);
  EXPECT_EQ(push_status_from_string(""), std::nullopt);
}

TEST(LoginRequest, RoundTrips) {
  const LoginRequest request{"anna.f", "correct horse battery staple", "Surfplatta 3"};
  auto back = login_request_from_json(reparse(to_json(request)));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->username, request.username);
  EXPECT_EQ(back->password, request.password);
  EXPECT_EQ(back->device_name, request.device_name);
}

struct Refusal {
  std::string name;
  std::string member;
  std::optional<std::string> value_json;
  std::string detail_part;
  std::string code = "invalid_request";
};

void PrintTo(const Refusal& r, std::ostream* os) { *os << r.name; }

class LoginRequestRefusedTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(LoginRequestRefusedTest, WithDetail) {
  const auto& c = GetParam();
  auto input = with(to_json(LoginRequest{"anna.f", "secret", "Surfplatta 3"}), c.member, c.value_json);
  auto result = login_request_from_json(input);
  ASSERT_FALSE(result) << c.name << " was accepted";
  EXPECT_EQ(result.problem().code, c.code);
  EXPECT_EQ(result.problem().status, 400);
  EXPECT_THAT(result.problem().detail, HasSubstr(c.detail_part));
}

INSTANTIATE_TEST_SUITE_P(
    Members, LoginRequestRefusedTest,
    ::testing::Values(Refusal{"unknown_member", "remember_me", "true", "unknown member \"remember_me\""},
                      Refusal{"username_missing", "username", std::nullopt, "\"username\" is missing"},
                      Refusal{"username_number", "username", "7", "\"username\" must be a string"},
                      Refusal{"username_empty", "username", "\"\"", "\"username\" must be 1 to 128 bytes long"},
                      Refusal{"username_too_long", "username", "\"" + std::string(129, 'u') + "\"", "1 to 128"},
                      Refusal{"password_null", "password", "null", "\"password\" must be a string"},
                      Refusal{"password_empty", "password", "\"\"", "\"password\" must be 1 to 1024 bytes long"},
                      Refusal{"password_too_long", "password", "\"" + std::string(1025, 'p') + "\"", "1 to 1024"},
                      Refusal{"device_name_missing", "device_name", std::nullopt, "\"device_name\" is missing"},
                      Refusal{"device_name_object", "device_name", "{}", "\"device_name\" must be a string"}),
    [](const auto& info) { return info.param.name; });

TEST(LoginRequest, NonObjectIsRefused) {
  auto result = login_request_from_json(boost::json::array{"anna", "secret"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.problem().code, "invalid_request");
}

LoginResponse sample_login_response() {
  return LoginResponse{"tok-abc", "dev-1", "2026-12-22T18:00:00.000Z",
                       UserInfo{"u-1", "Anna F", {"field_worker", "team_lead"}, "team-1", "district-1"}, {}};
}

TEST(LoginResponse, RoundTrips) {
  const LoginResponse response = sample_login_response();
  auto back = login_response_from_json(reparse(to_json(response)));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->token, response.token);
  EXPECT_EQ(back->device_id, response.device_id);
  EXPECT_EQ(back->expires_at, response.expires_at);
  EXPECT_EQ(back->user.id, "u-1");
  EXPECT_EQ(back->user.display_name, "Anna F");
  EXPECT_EQ(back->user.roles, (std::vector<std::string>{"field_worker", "team_lead"}));
  EXPECT_EQ(back->user.team_id, "team-1");
  EXPECT_EQ(back->user.district_id, "district-1");
}

TEST(LoginResponse, CarriesTheTeamsReferenceLists) {
  LoginResponse response = sample_login_response();
  response.references["areas"] = {"norra-torget", "stationen"};
  auto back = login_response_from_json(reparse(to_json(response)));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->references, response.references);

  auto without = to_json(sample_login_response());
  without.erase("references");  // an older server
  auto old = login_response_from_json(without);
  ASSERT_TRUE(old) << old.problem().detail;
  EXPECT_TRUE(old->references.empty());

  auto bad_list = to_json(response);
  bad_list["references"].as_object()["areas"] = boost::json::array{"norra-torget", 7};
  EXPECT_THAT(login_response_from_json(bad_list).problem().detail, HasSubstr("array of strings"));
  auto bad_object = to_json(response);
  bad_object["references"] = "areas";
  EXPECT_THAT(login_response_from_json(bad_object).problem().detail, HasSubstr("\"references\" must be an object"));
}

TEST(LoginResponse, ToleratesNewMembersButNotWrongTypes) {
  auto json = to_json(sample_login_response());
  json["added_in_v2"] = 1;
  EXPECT_TRUE(login_response_from_json(json));
  auto bad_roles = json;
  bad_roles["user"].as_object()["roles"] = boost::json::array{"field_worker", 3};
  auto result = login_response_from_json(bad_roles);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.problem().detail, HasSubstr("user: member \"roles\" must hold only strings"));
  auto no_user = with(json, "user", std::nullopt);
  EXPECT_THAT(login_response_from_json(no_user).problem().detail, HasSubstr("\"user\" is missing"));
  auto token_number = with(json, "token", "12");
  EXPECT_THAT(login_response_from_json(token_number).problem().detail, HasSubstr("\"token\" must be a string"));
}

TEST(PushRequest, RoundTrips) {
  PushRequest request{std::string(kBatch), {sample_record(1), sample_record(2)}};
  request.records[1].deleted = true;
  auto back = push_request_from_json(reparse(to_json(request)));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->batch_id, kBatch);
  ASSERT_EQ(back->records.size(), 2u);
  EXPECT_EQ(back->records[0], request.records[0]);
  EXPECT_EQ(back->records[1], request.records[1]);
  EXPECT_TRUE(back->unparsable.empty());
}

TEST(PushRequest, BadRecordsAreReportedOneByOneAndNeighboursKept) {
  auto json = to_json(PushRequest{std::string(kBatch), {sample_record(1), sample_record(2), sample_record(3)}});
  auto& records = json["records"].as_array();
  records[1].as_object()["form_version"] = "one";
  records.push_back(42);  // not even an object: no id to report
  boost::json::object long_id = records[0].as_object();
  long_id["id"] = std::string(200, 'x');
  records.push_back(long_id);
  auto push = push_request_from_json(json);
  ASSERT_TRUE(push) << push.problem().detail;
  ASSERT_EQ(push->records.size(), 2u);
  EXPECT_EQ(push->records[0].id, sample_record(1).id);
  EXPECT_EQ(push->records[1].id, sample_record(3).id);
  ASSERT_EQ(push->unparsable.size(), 3u);
  EXPECT_EQ(push->unparsable[0].first, sample_record(2).id);
  EXPECT_EQ(push->unparsable[0].second.code, "invalid_record");
  EXPECT_THAT(push->unparsable[0].second.detail, HasSubstr("form_version"));
  EXPECT_EQ(push->unparsable[1].first, "");
  EXPECT_EQ(push->unparsable[2].first, "");  // a 200-character "id" is not echoed back
}

TEST(PushRequest, BatchIdIsLowerCased) {
  auto json = to_json(PushRequest{"0B6F3C2E-8D1A-4F5B-9C7D-2E3F4A5B6C7D", {}});
  auto push = push_request_from_json(json);
  ASSERT_TRUE(push) << push.problem().detail;
  EXPECT_EQ(push->batch_id, kBatch);
}

TEST(PushRequest, AtMostMaxRecords) {
  PushRequest request{std::string(kBatch), {}};
  request.records.assign(kMaxPushRecords, sample_record());
  auto at_limit = push_request_from_json(to_json(request));
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->records.size(), kMaxPushRecords);
  request.records.push_back(sample_record());
  auto over = push_request_from_json(to_json(request));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.problem().code, "payload_too_large");
  EXPECT_EQ(over.problem().status, 413);
  EXPECT_THAT(over.problem().detail, HasSubstr("at most 500 records; this one has 501"));
}

class PushRequestRefusedTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(PushRequestRefusedTest, AsAWhole) {
  const auto& c = GetParam();
  auto input = with(to_json(PushRequest{std::string(kBatch), {sample_record()}}), c.member, c.value_json);
  auto result = push_request_from_json(input);
  ASSERT_FALSE(result) << c.name << " was accepted";
  EXPECT_EQ(result.problem().code, c.code);
  EXPECT_THAT(result.problem().detail, HasSubstr(c.detail_part));
}

INSTANTIATE_TEST_SUITE_P(
    Envelope, PushRequestRefusedTest,
    ::testing::Values(Refusal{"unknown_member", "device_id", "\"d\"", "unknown member \"device_id\""},
                      Refusal{"batch_id_missing", "batch_id", std::nullopt, "\"batch_id\" is missing"},
                      Refusal{"batch_id_not_uuid", "batch_id", "\"batch-1\"", "UUID version 4"},
                      Refusal{"batch_id_uuid_v1", "batch_id", "\"0b6f3c2e-8d1a-1f5b-9c7d-2e3f4a5b6c7d\"", "UUID"},
                      Refusal{"batch_id_number", "batch_id", "5", "\"batch_id\" must be a string"},
                      Refusal{"records_missing", "records", std::nullopt, "\"records\" is missing"},
                      Refusal{"records_object", "records", "{}", "\"records\" must be an array"},
                      Refusal{"records_null", "records", "null", "\"records\" must be an array"}),
    [](const auto& info) { return info.param.name; });

TEST(PushRequest, NonObjectIsRefused) {
  EXPECT_EQ(push_request_from_json(boost::json::value(nullptr)).problem().code, "invalid_request");
}

PushResponse sample_push_response() {
  PushResponse response{std::string(kBatch), {}};
  response.results.push_back(PushResult{"id-1", PushStatus::accepted, 1042, std::nullopt});
  response.results.push_back(PushResult{"id-2", PushStatus::duplicate, 977, std::nullopt});
  response.results.push_back(PushResult{"id-3", PushStatus::stale, 1001, std::nullopt});
  Problem problem = make_problem("validation_failed", 422, "Validation failed", "fix it");
  problem.errors.push_back(FieldError{"arena", "required", "Fyll i ”Arena”.", "Fill in “Arena”."});
  response.results.push_back(PushResult{"id-4", PushStatus::rejected, 0, problem});
  return response;
}

TEST(PushResponse, RoundTripsEveryStatus) {
  const PushResponse response = sample_push_response();
  const auto json = to_json(response);
  EXPECT_FALSE(json.at("results").as_array()[3].as_object().contains("server_seq"));
  EXPECT_FALSE(json.at("results").as_array()[0].as_object().contains("problem"));
  auto back = push_response_from_json(reparse(json));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->batch_id, kBatch);
  ASSERT_EQ(back->results.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->results[i].id, response.results[i].id);
    EXPECT_EQ(back->results[i].status, response.results[i].status);
    EXPECT_EQ(back->results[i].server_seq, response.results[i].server_seq);
    EXPECT_FALSE(back->results[i].problem);
  }
  const PushResult& rejected = back->results[3];
  EXPECT_EQ(rejected.status, PushStatus::rejected);
  ASSERT_TRUE(rejected.problem);
  EXPECT_EQ(rejected.problem->code, "validation_failed");
  EXPECT_EQ(rejected.problem->status, 422);
  ASSERT_EQ(rejected.problem->errors.size(), 1u);
  EXPECT_EQ(rejected.problem->errors[0].message_sv, "Fyll i ”Arena”.");
}

struct ResultRefusal {
  std::string name;
  std::string result_json;
  std::string detail_part;
};

void PrintTo(const ResultRefusal& r, std::ostream* os) { *os << r.name; }

class PushResponseRefusedTest : public ::testing::TestWithParam<ResultRefusal> {};

TEST_P(PushResponseRefusedTest, NamesTheResult) {
  auto json = to_json(sample_push_response());
  json["results"].as_array().push_back(*parse_json(GetParam().result_json));
  auto result = push_response_from_json(json);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.problem().code, "invalid_request");
  EXPECT_THAT(result.problem().detail, StartsWith("results[4]: "));
  EXPECT_THAT(result.problem().detail, HasSubstr(GetParam().detail_part));
}

INSTANTIATE_TEST_SUITE_P(
    Results, PushResponseRefusedTest,
    ::testing::Values(
        ResultRefusal{"not_object", "7", "a result must be an object"},
        ResultRefusal{"unknown_status", R"({"id": "x", "status": "lost", "server_seq": 1})", "unknown push status"},
        ResultRefusal{"accepted_without_seq", R"({"id": "x", "status": "accepted"})", "\"server_seq\" is missing"},
        ResultRefusal{"negative_seq", R"({"id": "x", "status": "stale", "server_seq": -1})", "cannot be negative"},
        ResultRefusal{"seq_string", R"({"id": "x", "status": "duplicate", "server_seq": "9"})", "must be an integer"},
        ResultRefusal{"rejected_without_problem", R"({"id": "x", "status": "rejected"})", "\"problem\" is missing"},
        ResultRefusal{"rejected_problem_string", R"({"id": "x", "status": "rejected", "problem": "bad"})",
                      "\"problem\" must be an object"},
        ResultRefusal{"id_missing", R"({"status": "accepted", "server_seq": 1})", "\"id\" is missing"}),
    [](const auto& info) { return info.param.name; });

TEST(PushResponse, EnvelopeErrors) {
  EXPECT_THAT(push_response_from_json(boost::json::object{{"results", boost::json::array{}}}).problem().detail,
              HasSubstr("\"batch_id\" is missing"));
  EXPECT_THAT(push_response_from_json(boost::json::object{{"batch_id", "b"}, {"results", 1}}).problem().detail,
              HasSubstr("\"results\" must be an array"));
  EXPECT_FALSE(push_response_from_json(boost::json::array{}));
}

Review sample_review() {
  return Review{"rev-1", "7f1c2a4e-3b5d-4c6e-8f70-112233445561", "needs_changes", "Ange område, tack.", "lead-1",
                "2026-11-23T08:15:00.000Z", 1101};
}

TEST(Review, RoundTrips) {
  const Review review = sample_review();
  auto back = review_from_json(reparse(to_json(review)));
  ASSERT_TRUE(back) << back.problem().detail;
  EXPECT_EQ(back->id, review.id);
  EXPECT_EQ(back->record_id, review.record_id);
  EXPECT_EQ(back->state, review.state);
  EXPECT_EQ(back->comment, review.comment);
  EXPECT_EQ(back->reviewer_id, review.reviewer_id);
  EXPECT_EQ(back->created_at, review.created_at);
  EXPECT_EQ(back->server_seq, review.server_seq);
}

class ReviewRefusedTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(ReviewRefusedTest, WithDetail) {
  const auto& c = GetParam();
  auto result = review_from_json(with(to_json(sample_review()), c.member, c.value_json));
  ASSERT_FALSE(result) << c.name << " was accepted";
  EXPECT_EQ(result.problem().code, c.code);
  EXPECT_THAT(result.problem().detail, HasSubstr(c.detail_part));
}

INSTANTIATE_TEST_SUITE_P(
    Members, ReviewRefusedTest,
    ::testing::Values(Refusal{"state_unknown", "state", "\"rejected\"", "\"approved\" or \"needs_changes\""},
                      Refusal{"state_missing", "state", std::nullopt, "\"state\" is missing"},
                      Refusal{"created_at_not_time", "created_at", "\"tisdag\"", "RFC 3339"},
                      Refusal{"comment_number", "comment", "3", "\"comment\" must be a string"},
                      Refusal{"record_id_missing", "record_id", std::nullopt, "\"record_id\" is missing"},
                      Refusal{"server_seq_negative", "server_seq", "-5", "cannot be negative"},
                      Refusal{"server_seq_fraction", "server_seq", "1.5", "must be an integer"}),
    [](const auto& info) { return info.param.name; });

PullResponse sample_pull_response() {
  PullResponse response;
  response.records = {sample_record(1), sample_record(2)};
  response.records[1].deleted = true;
  response.reviews = {sample_review()};
  response.next_cursor = 1100;
  response.more = true;
  return response;
}

TEST(PullResponse, RoundTrips) {
  const PullResponse response = sample_pull_response();
  auto back = pull_response_from_json(reparse(to_json(response)));
  ASSERT_TRUE(back) << back.problem().detail;
  ASSERT_EQ(back->records.size(), 2u);
  EXPECT_EQ(back->records[0], response.records[0]);
  EXPECT_EQ(back->records[1], response.records[1]);
  ASSERT_EQ(back->reviews.size(), 1u);
  EXPECT_EQ(back->reviews[0].comment, "Ange område, tack.");
  EXPECT_EQ(back->next_cursor, 1100);
  EXPECT_TRUE(back->more);
}

TEST(PullResponse, EmptyPageRoundTrips) {
  auto back = pull_response_from_json(reparse(to_json(PullResponse{})));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->records.empty());
  EXPECT_EQ(back->next_cursor, 0);
  EXPECT_FALSE(back->more);
}

TEST(PullResponse, ABadItemNamesItsPosition) {
  auto json = to_json(sample_pull_response());
  json["records"].as_array()[1].as_object()["hlc"] = "not-a-clock";
  auto result = pull_response_from_json(json);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.problem().code, "invalid_record");
  EXPECT_THAT(result.problem().detail, HasSubstr("records[1]: record: \"hlc\""));

  json = to_json(sample_pull_response());
  json["reviews"].as_array()[0].as_object()["state"] = "maybe";
  EXPECT_THAT(pull_response_from_json(json).problem().detail, HasSubstr("reviews[0]: \"state\""));
}

TEST(PullResponse, EnvelopeErrors) {
  const auto json = to_json(sample_pull_response());
  EXPECT_THAT(pull_response_from_json(with(json, "next_cursor", "-1")).problem().detail,
              HasSubstr("cannot be negative"));
  EXPECT_THAT(pull_response_from_json(with(json, "more", std::nullopt)).problem().detail,
              HasSubstr("\"more\" is missing"));
  EXPECT_THAT(pull_response_from_json(with(json, "reviews", "{}")).problem().detail,
              HasSubstr("\"reviews\" must be an array"));
  EXPECT_TRUE(pull_response_from_json(with(json, "server_time", "\"2026-11-22T18:00:00.000Z\"")));
}

}  // namespace
}  // namespace faltlogg::core::protocol
