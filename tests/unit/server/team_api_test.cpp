// Team activity per member and ISO week: counts, minutes, the 72 h sync share, periods, roles, input.
#include "api/team_api.hpp"

#include "api/sync_api.hpp"
#include "api_fixture.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server::testing {
namespace {

using analytics::Date;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr core::Millis kHour = 3'600'000;

class TeamActivityTest : public ApiFixture {
 protected:
  void SetUp() override {
    anna_ = add_user("anna", Role::field_worker);
    lead_ = add_user("lead", {Role::team_lead, Role::field_worker});
    olle_ = add_user("olle", Role::field_worker, "Team B");
  }

  // Stores a record of `who` that occurred at `occurred` and reached the server at `received`.
  void store_record(const User& who, core::Millis occurred, core::Millis received, int minutes) {
    core::Record record = field_contact(core::make_uuid_v4(), 1);
    record.occurred_at = core::format_rfc3339(occurred);
    record.hlc = core::Hlc{occurred, 0, "node"}.to_string();
    record.data["duration_min"] = minutes;
    const Principal session = session_for(who);
    PushBatch batch{core::make_uuid_v4(), who.id, session.device.id, who.team_id, {}, received};
    batch.items.push_back({record.id, record, std::nullopt});
    auto outcome = store_->apply_push_batch(batch, {who.id, "push", batch.batch_id, ""});
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(outcome->accepted, 1u);
  }

  boost::json::object activity(const User& who, std::map<std::string, std::string> query) {
    auto result = handle_team_activity(services_, context_for(who, "", std::move(query)));
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    return result.ok() ? parse(*result).as_object() : boost::json::object{};
  }

  static const boost::json::object* member(const boost::json::object& body, const std::string& id) {
    for (const auto& item : body.at("members").as_array()) {
      if (item.at("user_id").as_string() == id) return &item.as_object();
    }
    return nullptr;
  }

  User anna_;
  User lead_;
  User olle_;
};

TEST(StockholmMidnight, FollowsWinterAndSummerTime) {
  // 2026-01-15 00:00 CET = 2026-01-14T23:00Z; 2026-07-01 00:00 CEST = 2026-06-30T22:00Z.
  EXPECT_EQ(core::format_rfc3339(stockholm_midnight_utc(Date{year{2026}, month{1}, day{15}})),
            "2026-01-14T23:00:00.000Z");
  EXPECT_EQ(core::format_rfc3339(stockholm_midnight_utc(Date{year{2026}, month{7}, day{1}})),
            "2026-06-30T22:00:00.000Z");
  // The day summer time starts (29 March 2026) still begins at 23:00Z the day before.
  EXPECT_EQ(core::format_rfc3339(stockholm_midnight_utc(Date{year{2026}, month{3}, day{29}})),
            "2026-03-28T23:00:00.000Z");
}

TEST_F(TeamActivityTest, CountsPerMemberAndIsoWeekWithTheSyncShare) {
  // Week 2026-W46 is 9-15 November; W47 16-22 November (Stockholm, CET = UTC+1).
  const core::Millis mon_w46 = *core::parse_rfc3339("2026-11-09T18:00:00Z");
  const core::Millis sun_w46_late = *core::parse_rfc3339("2026-11-15T22:30:00Z");  // Sunday 23:30 in Stockholm
  const core::Millis tue_w47 = *core::parse_rfc3339("2026-11-17T12:00:00Z");
  store_record(anna_, mon_w46, mon_w46 + 2 * kHour, 30);        // synced within 72 h
  store_record(anna_, sun_w46_late, sun_w46_late + 80 * kHour, 45);  // late
  store_record(anna_, tue_w47, tue_w47 + 72 * kHour, 60);       // exactly 72 h counts as within
  store_record(lead_, tue_w47, tue_w47 + kHour, 20);
  store_record(olle_, tue_w47, tue_w47 + kHour, 90);              // another team: never listed
  now_ = *core::parse_rfc3339("2026-11-25T12:00:00Z");

  auto body = activity(lead_, {{"from", "2026-11-09"}, {"to", "2026-11-22"}});
  EXPECT_EQ(body.at("weeks"), (boost::json::array{"2026-W46", "2026-W47"}));
  const auto* anna = member(body, anna_.id);
  ASSERT_NE(anna, nullptr);
  EXPECT_EQ(anna->at("display_name").as_string(), "anna");
  const auto& weeks = anna->at("weeks").as_array();
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].at("week").as_string(), "2026-W46");
  EXPECT_EQ(weeks[0].at("records").as_int64(), 2);
  EXPECT_EQ(weeks[0].at("minutes").as_int64(), 75);
  EXPECT_EQ(weeks[0].at("synced_within_72h").as_int64(), 1);
  EXPECT_DOUBLE_EQ(weeks[0].at("share_synced_within_72h").as_double(), 0.5);
  EXPECT_EQ(weeks[1].at("records").as_int64(), 1);
  EXPECT_DOUBLE_EQ(weeks[1].at("share_synced_within_72h").as_double(), 1.0);
  EXPECT_EQ(anna->at("total").at("records").as_int64(), 3);
  EXPECT_EQ(anna->at("total").at("minutes").as_int64(), 135);
  const auto* lead = member(body, lead_.id);
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->at("total").at("minutes").as_int64(), 20);
  EXPECT_EQ(member(body, olle_.id), nullptr);
  EXPECT_EQ(store_->audit_entries().back().event.action, "read_activity");
}

TEST_F(TeamActivityTest, AMemberWithoutRecordsIsListedWithNoShare) {
  now_ = *core::parse_rfc3339("2026-11-25T12:00:00Z");
  auto body = activity(lead_, {});  // default: the last 8 ISO weeks up to today
  EXPECT_EQ(body.at("to").as_string(), "2026-11-25");
  EXPECT_EQ(body.at("from").as_string(), "2026-10-05");
  EXPECT_EQ(body.at("weeks").as_array().size(), 8u);
  const auto* anna = member(body, anna_.id);
  ASSERT_NE(anna, nullptr);
  EXPECT_TRUE(anna->at("weeks").as_array().empty());
  EXPECT_TRUE(anna->at("total").at("share_synced_within_72h").is_null());
}

TEST_F(TeamActivityTest, RecordsOnTheLocalDayBoundaryFallInTheRightWeek) {
  // Sunday 15 Nov 23:30 Stockholm is 22:30Z: still W46. Monday 16 Nov 00:30 Stockholm is 23:30Z on the 15th: W47.
  store_record(anna_, *core::parse_rfc3339("2026-11-15T22:30:00Z"), *core::parse_rfc3339("2026-11-16T08:00:00Z"), 10);
  store_record(anna_, *core::parse_rfc3339("2026-11-15T23:30:00Z"), *core::parse_rfc3339("2026-11-16T08:00:00Z"), 10);
  now_ = *core::parse_rfc3339("2026-11-25T12:00:00Z");
  auto body = activity(lead_, {{"from", "2026-11-15"}, {"to", "2026-11-16"}});
  const auto& weeks = member(body, anna_.id)->at("weeks").as_array();
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].at("week").as_string(), "2026-W46");
  EXPECT_EQ(weeks[1].at("week").as_string(), "2026-W47");
  // A one-day period starting on Monday 16th sees only the second.
  auto monday = activity(lead_, {{"from", "2026-11-16"}, {"to", "2026-11-16"}});
  EXPECT_EQ(member(monday, anna_.id)->at("total").at("records").as_int64(), 1);
}

TEST_F(TeamActivityTest, OnlyTeamLeadsAndOnlyGoodPeriods) {
  EXPECT_EQ(handle_team_activity(services_, context_for(anna_)).problem().code, "forbidden");
  EXPECT_EQ(handle_team_activity(services_, context_for(add_user("eva", Role::evaluator))).problem().code,
            "forbidden");
  const std::vector<std::map<std::string, std::string>> bad = {
      {{"from", "2026-13-01"}},
      {{"from", "yesterday"}},
      {{"to", "2026-11-31"}},
      {{"from", "2026-11-20"}, {"to", "2026-11-19"}},
      {{"from", "2024-01-01"}, {"to", "2026-01-01"}},
      {{"team_id", olle_.team_id}},
      {{"from", "2026-11-01T00:00:00Z"}}};
  for (const auto& query : bad) {
    auto result = handle_team_activity(services_, context_for(lead_, "", query));
    ASSERT_FALSE(result.ok()) << query.begin()->first << "=" << query.begin()->second;
    EXPECT_EQ(result.problem().status, 400);
  }
  for (const auto& entry : store_->audit_entries()) EXPECT_NE(entry.event.action, "read_activity");
}

}  // namespace
}  // namespace faltlogg::server::testing
