// Review state in the rollups at the API and in SQLite (decision 0074): team leads review through the
// review API, evaluators read D2/D3 and the review measures protected like every count (never a row,
// never 1..k-1), hostile measures are refused, a review whose rollups disagree is refused whole, and
// migration 0009 recounts reviews stored before it once.
#include "api_fixture.hpp"

#include "api/analytics_api.hpp"
#include "api/review_api.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/core/json.hpp"
#include "store/rollup_store.hpp"
#include "store/sqlite_db.hpp"

namespace faltlogg::server::testing {
namespace {

using Query = std::map<std::string, std::string>;

class ReviewRollupsTest : public ApiFixture {
 protected:
  void SetUp() override {
    worker_ = add_user("anna", Role::field_worker);
    lead_ = add_user("lena", Role::team_lead);
    evaluator_ = add_user("eva", Role::evaluator);
    // Whole calendar month of the records (they occur an hour before the fixture's clock).
    const auto day = analytics::to_stockholm_local(now_ - 3'600'000).date;
    month_ = {{"from", analytics::format_date(day.year() / day.month() / 1)},
              {"to", analytics::format_date(analytics::Date{day.year() / day.month() / std::chrono::last})}};
    for (std::uint32_t i = 0; i < 3; ++i) records_.push_back(field_contact(core::make_uuid_v4(), i + 1));
    Principal who = session_for(worker_);
    PushBatch batch{core::make_uuid_v4(), worker_.id, who.device.id, worker_.team_id, {}, std::nullopt};
    for (const auto& record : records_) batch.items.push_back({record.id, record, std::nullopt});
    ASSERT_TRUE(store_->apply_push_batch(batch, {worker_.id, "push", "", ""}).ok());
  }

  ApiResult review(const User& who, const std::string& id, const std::string& state) {
    RequestContext context = context_for(who, R"({"state": ")" + state + R"("})");
    context.path_params["id"] = id;
    return handle_review_put(services_, context);
  }

  boost::json::value report(const User& who, Query query) {
    query.insert(month_.begin(), month_.end());
    auto result = handle_criteria_report(services_, context_for(who, "", query));
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    return result.ok() ? parse(*result) : boost::json::value{};
  }

  static const boost::json::object& criterion(const boost::json::value& report, std::string_view id) {
    for (const auto& item : report.at("criteria").as_array()) {
      if (item.at("id").as_string() == id) return item.as_object();
    }
    throw std::runtime_error("no criterion " + std::string(id));
  }

  std::int64_t measure(const boost::json::object& criterion, const char* name) {
    return static_cast<std::int64_t>(criterion.at("measures").at(name).to_number<double>());
  }

  User worker_, lead_, evaluator_;
  Query month_;
  std::vector<core::Record> records_;
};

TEST_F(ReviewRollupsTest, ALeadSeesExactD2AndD3ForTheOwnTeam) {
  ASSERT_TRUE(review(lead_, records_[0].id, "needs_changes").ok());
  ASSERT_TRUE(review(lead_, records_[1].id, "approved").ok());
  auto shown = report(lead_, {{"pack", "datakvalitet"}});
  ASSERT_EQ(shown.at("criteria").as_array().size(), 3u);
  const auto& d2 = criterion(shown, "D2");
  EXPECT_EQ(d2.at("title_sv").as_string(), "Poster som behöver ändras");
  EXPECT_EQ(measure(d2, "numerator"), 1);
  EXPECT_EQ(measure(d2, "denominator"), 2);
  const auto& d3 = criterion(shown, "D3");
  EXPECT_EQ(d3.at("title_en").as_string(), "Reviewed within 14 days");
  EXPECT_EQ(measure(d3, "numerator"), 2) << "both reviews came the day the records arrived";
  EXPECT_EQ(measure(d3, "denominator"), 3);
  EXPECT_EQ(d3.at("status_text").at("sv").as_string(), "för lite underlag");
  ASSERT_TRUE(review(lead_, records_[0].id, "approved").ok());
  EXPECT_EQ(measure(criterion(report(lead_, {{"pack", "datakvalitet"}}), "D2"), "numerator"), 0);
}

TEST_F(ReviewRollupsTest, AnEvaluatorNeverSeesARowNorASmallCountOfReviews) {
  ASSERT_TRUE(review(lead_, records_[0].id, "needs_changes").ok());
  ASSERT_TRUE(review(lead_, records_[1].id, "approved").ok());
  const int k = services_.options.suppression_k;
  auto shown = report(evaluator_, {{"pack", "datakvalitet"}});
  const std::string body = boost::json::serialize(shown);
  for (const auto& record : records_) EXPECT_EQ(body.find(record.id), std::string::npos);
  EXPECT_EQ(body.find(lead_.id), std::string::npos);
  for (const char* id : {"D2", "D3"}) {
    for (const auto& [name, value] : criterion(shown, id).at("measures").as_object()) {
      const auto n = static_cast<std::int64_t>(value.to_number<double>());
      EXPECT_FALSE(n >= 1 && n < k) << id << " " << name << " = " << n;
    }
  }
  for (const char* m : {"reviewed", "needs_changes", "reviewed_within_14d"}) {
    Query query = month_;
    query.insert({{"measure", m}, {"by", "arena"}});
    auto result = handle_aggregates(services_, context_for(evaluator_, "", query));
    ASSERT_TRUE(result.ok()) << m << ": " << result.problem().detail;
    const auto table = parse(*result);
    EXPECT_EQ(table.at("disclosure_control").at("method").as_string(), "cell_key");
    for (const auto& cell : table.at("cells").as_array()) {
      const auto n = cell.at("value").to_number<std::int64_t>();
      EXPECT_FALSE(n >= 1 && n < k) << m << " " << boost::json::serialize(cell);
    }
  }
}

TEST_F(ReviewRollupsTest, HostileOrUnauthorisedRequestsForReviewMeasuresAreRefusedAndChangeNothing) {
  ASSERT_TRUE(review(lead_, records_[0].id, "needs_changes").ok());
  const auto before = store_->row_counts();
  for (const std::string& bad : {std::string("review.needs_changes"), std::string("needs_changes;x"),
                                 std::string("reviewed "), std::string(300, 'r'), std::string("record_key_sum"),
                                 std::string("needs_changes\n")}) {
    Query query = month_;
    query.insert({{"measure", bad}, {"by", "arena"}});
    auto refused = handle_aggregates(services_, context_for(evaluator_, "", query));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.problem().status, 400) << bad;
  }
  Query query = month_;
  query.insert({{"measure", "needs_changes"}, {"by", "arena"}});
  EXPECT_EQ(handle_aggregates(services_, context_for(worker_, "", query)).problem().status, 403);
  EXPECT_EQ(review(worker_, records_[1].id, "approved").problem().status, 403) << "only leads review";
  EXPECT_EQ(review(evaluator_, records_[1].id, "approved").problem().status, 403);
  auto after = store_->row_counts();
  after.erase("audit_log");
  after.erase("tokens");
  after.erase("devices");
  auto expected = before;
  expected.erase("audit_log");
  expected.erase("tokens");
  expected.erase("devices");
  EXPECT_EQ(after, expected);
}

// A review is cut off midway when its record's counters cannot move (the rollups disagree with the
// store): the review row, its audit entry and every counter stay as they were.
TEST_F(ReviewRollupsTest, AReviewWhoseRollupsDisagreeIsRefusedWhole) {
  ASSERT_TRUE(review(lead_, records_[0].id, "needs_changes").ok());
  {
    // Take the review's counters out from under it, as a bug would.
    sqlite::Connection raw(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    sqlite::Transaction tx(raw);
    RollupWriter writer(raw);
    auto stored = store_->rollup_rows({analytics::RollupKind::contact_daily, "2000-01-01", "2100-12-31",
                                       std::nullopt, std::nullopt});
    for (const auto& row : stored) {
      if (!row.counters.contains("needs_changes")) continue;
      writer.add({analytics::RollupRow{row.key, {{"needs_changes", -1}}}});
    }
    writer.flush();
    tx.commit();
  }
  const auto counts = store_->row_counts();
  auto review_entries = [&] {
    int n = 0;  // each context_for opens a session, which is audited; reviews are what must not grow
    for (const auto& entry : store_->audit_entries()) n += entry.event.action == "review" ? 1 : 0;
    return n;
  };
  const int entries = review_entries();
  auto refused = review(lead_, records_[0].id, "approved");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().code, "rollup_inconsistent");
  EXPECT_EQ(refused.problem().status, 500);
  EXPECT_EQ(store_->row_counts().at("reviews"), counts.at("reviews"));
  EXPECT_EQ(review_entries(), entries);
  auto bulk = store_->add_reviews({lead_.team_id, lead_.id, {records_[1].id, records_[0].id}, "approved", ""});
  ASSERT_FALSE(bulk.ok()) << "one bad record refuses the whole bulk request";
  EXPECT_EQ(bulk.problem().code, "rollup_inconsistent");
  EXPECT_EQ(store_->row_counts().at("reviews"), counts.at("reviews"));
  EXPECT_EQ(review_entries(), entries) << "not even the healthy record's review";
  EXPECT_TRUE(store_->verify_audit().intact);
}

TEST_F(ReviewRollupsTest, ReviewsStoredBefore0009AreCountedOnceAtTheNextStart) {
  ASSERT_TRUE(review(lead_, records_[0].id, "needs_changes").ok());
  auto all_rows = [&] {
    return store_->rollup_rows({analytics::RollupKind::contact_daily, "2000-01-01", "2100-12-31", std::nullopt,
                                std::nullopt});
  };
  const auto counted = all_rows();
  // What a database from before 0009 holds: the same rollups without review counters, no migration 9.
  auto before_0009 = counted;
  for (auto& row : before_0009) {
    for (const char* name : {"reviewed", "needs_changes", "reviewed_within_14d"}) row.counters.erase(name);
  }
  rewrite_as_before_migration(9, before_0009);
  reopen_store();
  EXPECT_EQ(all_rows(), counted);
  EXPECT_EQ(audit_entries_of("rollups_rebuild"), 1);
  reopen_store();
  EXPECT_EQ(all_rows(), counted);
  EXPECT_EQ(audit_entries_of("rollups_rebuild"), 1) << "the marker is gone: a second start does not count them again";
}

}  // namespace
}  // namespace faltlogg::server::testing
