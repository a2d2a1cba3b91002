// Criteria report and aggregates through the real faltlogg-server over TLS: values for a known push
// set, the role matrix, CSV as Swedish spreadsheets read it, and malformed queries that change nothing.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sqlite3.h>

namespace faltlogg::test {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// The tables the shared row_counts() helper does not read: rollups (every stored byte), targets and the
// audit log.
std::vector<std::string> analytics_counts(const ServerProcess& server) {
  std::vector<std::string> counts;
  sqlite3* db = nullptr;
  const std::string file = (server.data_dir() / "faltlogg.db").string();
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    for (const char* sql : {"SELECT count(*), COALESCE(group_concat(grain || period || team_id || dims || hex(counters)),"
                            " '') FROM (SELECT * FROM rollup_cell ORDER BY 1, 2, 3, 4, 5, 6)",
                            "SELECT count(*), '' FROM criteria_target", "SELECT count(*), '' FROM audit_log"}) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        for (int column : {0, 1}) {
          const unsigned char* text = sqlite3_column_text(stmt, column);
          counts.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
        }
      }
      sqlite3_finalize(stmt);
    }
  }
  sqlite3_close(db);
  EXPECT_EQ(counts.size(), 6u) << "cannot read " << file;
  return counts;
}

class AnalyticsIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    for (const char* role : {"field_worker", "family_therapist", "team_lead", "evaluator", "admin"}) {
      server_->add_user(role, role, "Fält Nord", "password-" + std::string(role));
    }
    server_->add_user("other_worker", "field_worker", "Fält Syd", "password-other");
    server_->add_user("other_lead", "team_lead", "Fält Syd", "password-other-lead");
    server_->start({"--login-rate-limit", "0", "--suppression-k", "5"});
    client_ = new TlsHttpClient(server_->port(), server_->ca_file());
    // Fält Nord: six contacts, four uppsökande and two relation, 30 minutes each at skola.
    std::string device;
    const std::string worker = login(*client_, "field_worker", "password-field_worker", &device);
    boost::json::array records;
    for (int i = 0; i < 6; ++i) {
      auto record = field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 1000, i, device));
      record["data"].as_object()["duration_min"] = 30;
      record["data"].as_object()["arena"] = "skola";
      record["data"].as_object()["contact_kind"] = i < 4 ? "uppsokande" : "relation";
      records.push_back(record);
    }
    auto pushed = client_->post("/api/v1/sync/push", push_body(core::make_uuid_v4(), records), worker);
    ASSERT_EQ(pushed.status, 200) << pushed.body;
    // Fält Syd: one contact, at centrum.
    const std::string other = login(*client_, "other_worker", "password-other", &device);
    auto record = field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 1000, 0, device));
    record["data"].as_object()["arena"] = "centrum";
    ASSERT_EQ(client_->post("/api/v1/sync/push", push_body(core::make_uuid_v4(), {record}), other).status, 200);
    const std::int64_t now = core::now_millis();
    // Stockholm's date of "an hour ago" lies within these UTC dates; evaluators see whole months only, so
    // the period is the months they fall in.
    period_ = whole_months_query(now - 2 * kDayMs, now + kDayMs);
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
  }

  std::string token(const std::string& role) { return login(*client_, role, "password-" + role); }

  static ServerProcess* server_;
  static TlsHttpClient* client_;
  static std::string period_;
};

ServerProcess* AnalyticsIntegration::server_ = nullptr;
TlsHttpClient* AnalyticsIntegration::client_ = nullptr;
std::string AnalyticsIntegration::period_;

const boost::json::object& criterion(const boost::json::value& report, std::string_view id) {
  for (const auto& item : report.at("criteria").as_array()) {
    if (item.at("id").as_string() == id) return item.as_object();
  }
  throw std::runtime_error("no criterion " + std::string(id));
}

TEST_F(AnalyticsIntegration, TheTeamLeadsReportHasTheirTeamsValues) {
  auto reply = client_->get("/api/v1/criteria/report?" + period_, token("team_lead"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto report = parse(reply.body);
  EXPECT_EQ(report.at("pack").at("id").as_string(), "faltarbete-aktivitet");
  EXPECT_EQ(report.at("disclosure_control").at("method").as_string(), "none");
  const auto& c1 = criterion(report, "C1");
  EXPECT_EQ(c1.at("measures").at("numerator").to_number<double>(), 4);
  EXPECT_EQ(c1.at("measures").at("denominator").to_number<double>(), 6);
  EXPECT_NEAR(c1.at("value").to_number<double>(), 4.0 / 6.0, 1e-12);
}

TEST_F(AnalyticsIntegration, TheEvaluatorsAggregateIsProtectedAndTheLeadsIsExact) {
  auto reply = client_->get("/api/v1/aggregates?measure=contacts&by=arena&" + period_, token("evaluator"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto aggregate = parse(reply.body);
  EXPECT_EQ(aggregate.at("disclosure_control").at("method").as_string(), "cell_key");
  EXPECT_EQ(aggregate.at("disclosure_control").at("k").as_int64(), 5);
  EXPECT_LE(std::abs(aggregate.at("total").at("value").as_int64() - 7), 20);
  for (const auto& cell : aggregate.at("cells").as_array()) {
    // centrum (1 contact) publishes as 5 or more, never 1, and nothing is marked as hidden.
    const auto value = cell.at("value").as_int64();
    EXPECT_TRUE(value == 0 || value >= 5) << boost::json::serialize(cell);
    EXPECT_EQ(cell.as_object().count("suppressed"), 0u);
  }
  auto again = client_->get("/api/v1/aggregates?measure=contacts&by=arena&" + period_, token("evaluator"));
  EXPECT_EQ(again.body, reply.body) << "the same request gives the same numbers";
  auto lead = parse(client_->get("/api/v1/aggregates?measure=contacts&by=arena&" + period_, token("team_lead")).body);
  EXPECT_EQ(lead.at("disclosure_control").at("method").as_string(), "none");
  EXPECT_EQ(lead.at("total").at("value").as_int64(), 6);  // Fält Nord's own six contacts, exactly
}

TEST_F(AnalyticsIntegration, RolesScopesAndGrainsOutsideTheMatrixAre403) {
  for (const char* role : {"field_worker", "family_therapist", "admin"}) {
    EXPECT_EQ(client_->get("/api/v1/criteria/report?" + period_, token(role)).status, 403) << role;
    EXPECT_EQ(client_->get("/api/v1/aggregates?measure=contacts&by=arena&" + period_, token(role)).status, 403) << role;
  }
  EXPECT_EQ(client_->get("/api/v1/criteria/report?" + period_, "").status, 401);
  // The other team's lead asking for Fält Nord's team: read its id from a report of their own.
  auto own = parse(client_->get("/api/v1/criteria/report?" + period_, token("team_lead")).body);
  const std::string nord = std::string(own.at("scope").at("team_id").as_string());
  const std::string syd_lead = login(*client_, "other_lead", "password-other-lead");
  auto foreign = client_->get("/api/v1/criteria/report?" + period_ + "&team_id=" + nord, syd_lead);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(problem_code(foreign), "forbidden");
  EXPECT_EQ(client_->get("/api/v1/criteria/report?" + period_ + "&team_id=" + nord, token("evaluator")).status, 403);
  EXPECT_EQ(client_->get("/api/v1/aggregates?measure=contacts&by=day&" + period_, token("evaluator")).status, 403);
}

TEST_F(AnalyticsIntegration, CsvHasBomSemicolonsAndDecimalCommas) {
  auto reply = client_->get("/api/v1/criteria/report?format=csv&" + period_, token("team_lead"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(reply.header("content-disposition").find("attachment; filename=\"kriterier-"), std::string::npos);
  EXPECT_EQ(reply.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(reply.body.find(';'), std::string::npos);
  EXPECT_NE(reply.body.find("0,6667"), std::string::npos) << "C1 = 4/6 with a decimal comma:\n" << reply.body;
  auto aggregate = client_->get("/api/v1/aggregates?measure=minutes&by=arena&format=csv&" + period_, token("team_lead"));
  ASSERT_EQ(aggregate.status, 200) << aggregate.body;
  EXPECT_NE(aggregate.body.find("skola;180"), std::string::npos) << aggregate.body;
}

TEST_F(AnalyticsIntegration, AdminTargetsAndExportsReachTheRunningServersData) {
  const std::string lead = token("team_lead");
  auto report = parse(client_->get("/api/v1/criteria/report?" + period_, lead).body);
  const std::string district = std::string(report.at("scope").at("district_id").as_string());
  auto set = server_->admin({"criteria", "set-target", "--district", district, "--pack", "faltarbete-aktivitet",
                             "--criterion", "C1", "--target", "0.6"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  report = parse(client_->get("/api/v1/criteria/report?" + period_, lead).body);
  const auto& c1 = criterion(report, "C1");
  EXPECT_EQ(c1.at("target").at("value").to_number<double>(), 0.6);
  EXPECT_TRUE(c1.at("target").at("overridden").as_bool());
  EXPECT_NE(server_->admin({"criteria", "set-target", "--district", district, "--pack", "faltarbete-aktivitet",
                            "--criterion", "C1", "--target", "6"}).exit_code, 0);

  const std::string from = period_.substr(5, 10);
  const std::string to = period_.substr(period_.size() - 10);
  auto exported = server_->admin({"export", "aggregates", "--measure", "contacts", "--by", "arena", "--from", from,
                                  "--to", to, "--format", "csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(exported.out.find("Röjandeskydd;cellnyckelmetoden"), std::string::npos) << exported.out;
  auto csv = client_->get("/api/v1/aggregates?measure=contacts&by=arena&format=csv&" + period_, token("evaluator"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(exported.out, csv.body) << "the export is the evaluator's endpoint, number for number";
}

TEST_F(AnalyticsIntegration, MalformedQueriesAre400ProblemsAndChangeNothing) {
  const std::string evaluator = token("evaluator");
  const auto before = row_counts(*server_);
  const auto analytics_before = analytics_counts(*server_);
  const std::vector<std::string> targets = {
           "/api/v1/criteria/report",
           "/api/v1/criteria/report?from=2026-02-30&to=2026-03-01",
           "/api/v1/criteria/report?" + period_ + "&format=xlsx",
           "/api/v1/criteria/report?" + period_ + "&from=2026-01-01",  // repeated
           "/api/v1/criteria/report?" + period_ + "&district_id=%27%3B%20DROP%20TABLE%20records",
           "/api/v1/criteria/report?" + period_ + "&x=" + std::string(2000, 'a'),
           "/api/v1/aggregates?" + period_ + "&measure=notes&by=arena",
           "/api/v1/aggregates?" + period_ + "&measure=contacts&by=arena,time_band,contact_kind",
           "/api/v1/aggregates?from=2026-03-31&to=2026-03-01&measure=contacts&by=arena",
           "/api/v1/criteria/report?" + period_ + "&pack=no-such-pack",
           "/api/v1/criteria/report?" + period_ + "&pack=%00",
           "/api/v1/criteria/report?from=2026-02-01&to=2026-05-31",  // not a month, tertial or year
  };
  for (const std::string& target : targets) {
    auto reply = client_->get(target, evaluator);
    EXPECT_EQ(reply.status, 400) << target << " -> " << reply.body;
    EXPECT_EQ(reply.header("content-type").rfind("application/problem+json", 0), 0u) << target;
  }
  EXPECT_EQ(row_counts(*server_), before);
  EXPECT_EQ(analytics_counts(*server_), analytics_before) << "no rollup change and no audit entry for a refusal";
}

// Issue 16: the district decides C8's age band and whether digital counts for C3, through the admin CLI
// against the running server's database; the report says which settings it used.
TEST_F(AnalyticsIntegration, DistrictSettingsFromTheAdminCliReachTheReport) {
  const std::string lead = token("team_lead");
  auto report = parse(client_->get("/api/v1/criteria/report?" + period_, lead).body);
  const std::string district = std::string(report.at("scope").at("district_id").as_string());
  EXPECT_EQ(report.at("district_settings").at("c8_age_band").as_string(), "10-20");
  auto set = server_->admin({"criteria", "set-setting", "--district", district, "--pack", "faltarbete-aktivitet",
                             "--setting", "c8_age_band", "--value", "13-17"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  report = parse(client_->get("/api/v1/criteria/report?" + period_, lead).body);
  EXPECT_EQ(report.at("district_settings").at("c8_age_band").as_string(), "13-17");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--setting", "c8_age_band", "--value", "12-17"},
        std::vector<std::string>{"--setting", "c3_digital", "--value", "sometimes"},
        std::vector<std::string>{"--setting", "c9", "--value", "on"},
        std::vector<std::string>{"--setting", "c3_digital"}}) {
    std::vector<std::string> args{"criteria", "set-setting", "--district", district, "--pack", "faltarbete-aktivitet"};
    args.insert(args.end(), bad.begin(), bad.end());
    auto refused = server_->admin(args);
    EXPECT_NE(refused.exit_code, 0) << bad[1];
    EXPECT_FALSE(refused.err.empty());
  }
  ASSERT_EQ(server_->admin({"criteria", "set-setting", "--district", district, "--pack", "faltarbete-aktivitet",
                            "--setting", "c8_age_band", "--value", "10-20"}).exit_code, 0);
}

}  // namespace
}  // namespace faltlogg::test
