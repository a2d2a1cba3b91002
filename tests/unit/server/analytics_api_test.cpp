// The criteria report and aggregates handlers against a real store: roles and scope, values for a
// known push set, cell-key protection for evaluators, CSV, and malformed queries that change nothing.
#include "api_fixture.hpp"

#include "api/analytics_api.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server::testing {
namespace {

using Query = std::map<std::string, std::string>;

class AnalyticsApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    worker_ = add_user("anna", Role::field_worker);
    other_worker_ = add_user("bert", Role::field_worker, "Team B");
    lead_ = add_user("lena", Role::team_lead);
    evaluator_ = add_user("eva", Role::evaluator);
    // Six contacts in Team A: four uppsökande (C1 numerator), two relation; eight youths 16-17 at skola.
    std::vector<core::Record> records;
    for (int i = 0; i < 6; ++i) {
      core::Record record = field_contact(core::make_uuid_v4(), static_cast<std::uint32_t>(i + 1));
      if (i >= 4) record.data["contact_kind"] = "relation";
      records.push_back(record);
    }
    push(worker_, records);
    push(other_worker_, {field_contact(core::make_uuid_v4(), 100)});
    day_ = analytics::format_date(analytics::to_stockholm_local(now_ - 3'600'000).date);
  }

  void push(const User& user, std::vector<core::Record> records) {
    Principal who = session_for(user);
    PushBatch batch{core::make_uuid_v4(), user.id, who.device.id, user.team_id, {}, std::nullopt};
    for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
    ASSERT_TRUE(store_->apply_push_batch(batch, {user.id, "push", "", ""}).ok());
  }

  // The whole month of day_: evaluators see whole months only.
  Query period(Query extra = {}) {
    const analytics::Date day = *analytics::parse_date(day_);
    extra.emplace("from", analytics::format_date(day.year() / day.month() / 1));
    extra.emplace("to", analytics::format_date(analytics::Date{day.year() / day.month() / std::chrono::last}));
    return extra;
  }

  Query one_day(Query extra = {}) {
    extra.emplace("from", day_);
    extra.emplace("to", day_);
    return extra;
  }

  const boost::json::object& criterion(const boost::json::value& report, std::string_view id) {
    for (const auto& item : report.at("criteria").as_array()) {
      if (item.at("id").as_string() == id) return item.as_object();
    }
    throw std::runtime_error("no criterion " + std::string(id));
  }

  User worker_;
  User other_worker_;
  User lead_;
  User evaluator_;
  std::string day_;
};

TEST_F(AnalyticsApiTest, ATeamLeadSeesTheirTeamsExactValues) {
  auto result = handle_criteria_report(services_, context_for(lead_, "", period()));
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto report = parse(*result);
  EXPECT_EQ(report.at("disclosure_control").at("method").as_string(), "none");
  EXPECT_EQ(report.at("scope").at("team_id").as_string(), lead_.team_id);
  const auto& c1 = criterion(report, "C1");
  EXPECT_EQ(c1.at("measures").at("numerator").to_number<double>(), 4);
  EXPECT_EQ(c1.at("measures").at("denominator").to_number<double>(), 6);
  EXPECT_EQ(c1.at("status").as_string(), "insufficient_data");  // C1 needs 30 contacts
}

TEST_F(AnalyticsApiTest, AnEvaluatorSeesTheDistrictProtected) {
  auto result = handle_criteria_report(services_, context_for(evaluator_, "", period()));
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto report = parse(*result);
  EXPECT_EQ(report.at("disclosure_control").at("method").as_string(), "cell_key");
  EXPECT_EQ(report.at("disclosure_control").at("k").as_int64(), 5);
  // Both teams: seven contacts, five uppsökande, two not. Published within the noise bound, never as a
  // small number, and the share from the published numbers.
  const auto& c1 = criterion(report, "C1");
  const double denominator = c1.at("measures").at("denominator").to_number<double>();
  const double numerator = c1.at("measures").at("numerator").to_number<double>();
  EXPECT_LE(std::abs(denominator - 7), analytics::kCellKeyMaxNoise);
  EXPECT_GE(numerator, 5);
  EXPECT_DOUBLE_EQ(c1.at("value").to_number<double>(), std::min(1.0, numerator / denominator));
  // C6's numerator is zero (no parents met): a zero identifies no one and stays zero.
  EXPECT_EQ(criterion(report, "C6").at("measures").at("numerator").to_number<double>(), 0);
  // The same request gives the same numbers.
  auto again = handle_criteria_report(services_, context_for(evaluator_, "", period()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(parse(*again), report);
}

TEST_F(AnalyticsApiTest, ATeamLeadsOwnAggregatesAreExactAndAnEvaluatorsAreNot) {
  const Query by_kind = period({{"measure", "contacts"}, {"by", "contact_kind"}});
  auto lead = handle_aggregates(services_, context_for(lead_, "", by_kind));
  ASSERT_TRUE(lead.ok()) << lead.problem().detail;
  auto exact = parse(*lead);
  EXPECT_EQ(exact.at("disclosure_control").at("method").as_string(), "none");
  for (const auto& cell : exact.at("cells").as_array()) {
    EXPECT_FALSE(cell.at("value").is_null());
    EXPECT_EQ(cell.as_object().count("suppressed"), 0u);
  }
  EXPECT_EQ(exact.at("total").at("value").as_int64(), 6);  // the lead's own team: six contacts, exactly
  auto evaluator = handle_aggregates(services_, context_for(evaluator_, "", by_kind));
  ASSERT_TRUE(evaluator.ok());
  auto shown = parse(*evaluator);
  EXPECT_EQ(shown.at("disclosure_control").at("method").as_string(), "cell_key");
  for (const auto& cell : shown.at("cells").as_array()) {
    const auto value = cell.at("value").as_int64();
    EXPECT_TRUE(value == 0 || value >= 5) << boost::json::serialize(cell);
  }
}

TEST_F(AnalyticsApiTest, EvaluatorsSeeWholeMonthsOnlyAndAreToldHow) {
  // A day, or any period not made of whole months, could be differenced against its neighbours.
  for (const Query& query : {one_day(), one_day({{"measure", "contacts"}, {"by", "arena"}})}) {
    const bool aggregate = query.count("measure") > 0;
    auto result = aggregate ? handle_aggregates(services_, context_for(evaluator_, "", query))
                            : handle_criteria_report(services_, context_for(evaluator_, "", query));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.problem().status, 400);
    EXPECT_EQ(result.problem().code, "invalid_period");
    // Tables: whole months; criteria reports: a month, a tertial or a year (DOMAIN.md v2), named in the message.
    const std::string told = aggregate ? "first day of a month" : "a tertial";
    EXPECT_NE(result.problem().detail.find(told), std::string::npos) << result.problem().detail;
  }
  // A team lead may look at a single day of their own team.
  EXPECT_TRUE(handle_criteria_report(services_, context_for(lead_, "", one_day())).ok());
  EXPECT_TRUE(handle_aggregates(services_, context_for(lead_, "", one_day({{"measure", "contacts"}, {"by", "arena"}}))).ok());
}

TEST_F(AnalyticsApiTest, RolesOutsideTheMatrixAndForeignScopesAreForbidden) {
  for (const User& user : {worker_, add_user("fia", Role::family_therapist), add_user("adam", Role::admin)}) {
    EXPECT_EQ(handle_criteria_report(services_, context_for(user, "", period())).problem().status, 403);
    EXPECT_EQ(handle_aggregates(services_, context_for(user, "", period({{"measure", "contacts"}, {"by", "arena"}})))
                  .problem().status, 403);
  }
  EXPECT_EQ(handle_criteria_report(services_, context_for(lead_, "", period({{"team_id", other_worker_.team_id}})))
                .problem().status, 403);
  EXPECT_EQ(handle_criteria_report(services_, context_for(evaluator_, "", period({{"team_id", lead_.team_id}})))
                .problem().status, 403);
  EXPECT_EQ(handle_aggregates(services_, context_for(lead_, "", period({{"measure", "contacts"}, {"by", "arena"},
                                                                         {"team_id", other_worker_.team_id}})))
                .problem().status, 403);
  // Evaluators never get days or teams as a dimension.
  EXPECT_EQ(handle_aggregates(services_, context_for(evaluator_, "", period({{"measure", "contacts"}, {"by", "day"}})))
                .problem().status, 403);
}

TEST_F(AnalyticsApiTest, MalformedQueriesAre400AndChangeNothing) {
  const auto before = store_->row_counts();
  const std::vector<Query> bad_reports = {
      {},
      {{"from", day_}},
      {{"from", "2026-13-01"}, {"to", day_}},
      {{"from", day_}, {"to", day_}, {"format", "xml"}},
      {{"from", day_}, {"to", day_}, {"sql", "1; DROP TABLE records"}},
      {{"from", day_}, {"to", day_}, {"form", "../../etc/passwd"}},
      {{"from", day_}, {"to", day_}, {"district_id", std::string(5000, 'x')}},
      {{"from", "2026-03-31"}, {"to", "2026-03-01"}},
  };
  for (const auto& query : bad_reports) {
    auto result = handle_criteria_report(services_, context_for(evaluator_, "", query));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.problem().status, 400) << result.problem().detail;
  }
  const std::vector<Query> bad_aggregates = {
      period({{"measure", "notes"}, {"by", "arena"}}),
      period({{"measure", "contacts"}}),
      period({{"measure", "contacts"}, {"by", "arena,arena"}}),
      period({{"measure", "contacts"}, {"by", "arena,time_band,contact_kind"}}),
      period({{"measure", "contacts"}, {"by", "arena"}, {"format", "pdf"}}),
  };
  for (const auto& query : bad_aggregates) {
    auto result = handle_aggregates(services_, context_for(evaluator_, "", query));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.problem().status, 400) << result.problem().detail;
  }
  auto after = store_->row_counts();
  // context_for logs in (devices, tokens, audit): compare what analytics could have touched.
  for (const char* table : {"records", "rollup_cell", "criteria_target", "record_versions"}) {
    EXPECT_EQ(after[table], before.at(table)) << table;
  }
}

TEST_F(AnalyticsApiTest, AggregatesAsCsvUseTheSwedishSpreadsheetConventions) {
  auto result = handle_aggregates(services_, context_for(lead_, "", one_day({{"measure", "minutes"}, {"by", "arena"},
                                                                             {"format", "csv"}})));
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  EXPECT_EQ(result->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(result->body.rfind("\xEF\xBB\xBF", 0), 0u) << "BOM first";
  EXPECT_NE(result->body.find("skola;180"), std::string::npos) << result->body;  // six contacts of 30 minutes
  ASSERT_EQ(result->headers.size(), 1u);
  EXPECT_NE(result->headers[0].second.find("aggregat-" + day_), std::string::npos);
}

TEST_F(AnalyticsApiTest, DistrictsAreShownByNameInCsvAndNamedInJson) {
  const std::string district_id = store_->find_team(lead_.team_id)->district_id;
  const std::string name = store_->find_district(district_id)->name;
  ASSERT_FALSE(name.empty());
  auto csv = handle_aggregates(services_, context_for(evaluator_, "", period({{"measure", "contacts"},
                                                                             {"by", "district_id"}, {"format", "csv"}})));
  ASSERT_TRUE(csv.ok()) << csv.problem().detail;
  EXPECT_NE(csv->body.find("\r\n" + name + ";"), std::string::npos) << csv->body;
  EXPECT_EQ(csv->body.find(district_id), std::string::npos) << "people read names, not ids";
  auto json = handle_aggregates(services_, context_for(evaluator_, "", period({{"measure", "contacts"},
                                                                              {"by", "district_id,arena"}})));
  ASSERT_TRUE(json.ok());
  const auto body = parse(*json);
  EXPECT_EQ(body.at("labels").at("district_id").at(district_id).as_string(), name);
  EXPECT_EQ(body.at("row_totals").as_array()[0].at("district_id").as_string(), district_id) << "cells keep the id";
}

TEST_F(AnalyticsApiTest, ReadsAreAuditedWithoutValues) {
  ASSERT_TRUE(handle_criteria_report(services_, context_for(evaluator_, "", period())).ok());
  const auto entries = store_->audit_entries();
  const auto& last = entries.back().event;
  EXPECT_EQ(last.action, "read_criteria_report");
  EXPECT_EQ(last.actor_id, evaluator_.id);
  EXPECT_EQ(last.subject, "district=* team=*");
  const Query asked = period();
  EXPECT_EQ(last.detail, "from=" + asked.at("from") + " to=" + asked.at("to") + " pack=faltarbete-aktivitet")
      << "who, scope, period; no values";
}

TEST_F(AnalyticsApiTest, ADistrictTargetOverrideChangesTheTargetAndIsMarked) {
  ASSERT_TRUE(store_->set_criteria_target({store_->find_team(lead_.team_id)->district_id, "faltarbete-aktivitet", "C1", 0.5},
                                          {"test", "criteria_set_target", "", ""})
                  .ok());
  auto report = parse(*handle_criteria_report(services_, context_for(lead_, "", period())));
  const auto& target = criterion(report, "C1").at("target");
  EXPECT_EQ(target.at("value").to_number<double>(), 0.5);
  EXPECT_TRUE(target.at("overridden").as_bool());
}

TEST_F(AnalyticsApiTest, AFamilyTeamsLeadGetsTheFamilyPackUnlessAnotherFormIsAsked) {
  add_user("fia", Role::family_therapist, "Familj");
  const User family_lead = add_user("frida", Role::team_lead, "Familj");
  auto report = parse(*handle_criteria_report(services_, context_for(family_lead, "", period())));
  EXPECT_EQ(report.at("pack").at("id").as_string(), "familjebehandling-uppfoljning");
  report = parse(*handle_criteria_report(services_, context_for(family_lead, "", period({{"form", "faltkontakt"}}))));
  EXPECT_EQ(report.at("pack").at("id").as_string(), "faltarbete-aktivitet");
  EXPECT_EQ(parse(*handle_criteria_report(services_, context_for(lead_, "", period()))).at("pack").at("id").as_string(),
            "faltarbete-aktivitet");
}

}  // namespace
}  // namespace faltlogg::server::testing
