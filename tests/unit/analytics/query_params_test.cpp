#include "faltlogg/analytics/query_params.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace chr = std::chrono;

namespace {

fa::QueryParams aggregate_params() {
  return {{"measure", "contacts"}, {"by", "arena,time_band"}, {"from", "2026-03-01"}, {"to", "2026-03-31"}};
}

std::string code_of(const fa::QueryParams& params, fa::Audience audience = fa::Audience::evaluator) {
  auto parsed = fa::parse_aggregate_query(params, audience, {});
  return parsed.ok() ? "ok" : parsed.problem().code + ": " + parsed.problem().detail;
}

}  // namespace

TEST(QueryParams, ReportQueryReadsPeriodScopeAndFormat) {
  auto q = fa::parse_report_query(
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"district_id", "D1"}, {"format", "csv"}});
  ASSERT_TRUE(q.ok()) << q.problem().detail;
  EXPECT_EQ(q->period.from, chr::year{2026} / 3 / 1);
  EXPECT_EQ(q->period.to, chr::year{2026} / 3 / 31);
  EXPECT_EQ(q->scope.district_id, "D1");
  EXPECT_FALSE(q->scope.team_id.has_value());
  EXPECT_EQ(q->format, fa::OutputFormat::csv);
}

TEST(QueryParams, ReportQueryRefusesMalformedAndHostileInput) {
  const std::vector<fa::QueryParams> bad = {
      {{"to", "2026-03-31"}},
      {{"from", "2026-03-01"}},
      {{"from", "2026-02-30"}, {"to", "2026-03-31"}},
      {{"from", "1 March"}, {"to", "2026-03-31"}},
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"format", "xml"}},
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"district_id", "D1' OR 1=1 --"}},
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"team_id", std::string(65, 'T')}},
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"team_id", ""}},
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"debug", "1"}}};
  for (const auto& params : bad) {
    auto q = fa::parse_report_query(params);
    ASSERT_FALSE(q.ok());
    EXPECT_EQ(q.problem().code, "invalid_request");
    EXPECT_EQ(q.problem().status, 400);
    EXPECT_LT(q.problem().detail.size(), 200u);
  }
}

TEST(QueryParams, AggregateQueryBuildsARequest) {
  auto q = fa::parse_aggregate_query(aggregate_params(), fa::Audience::evaluator, fa::SuppressionPolicy{7});
  ASSERT_TRUE(q.ok()) << q.problem().detail;
  EXPECT_EQ(q->request.rollup, fa::RollupKind::contact_daily);
  EXPECT_EQ(q->request.measure, "contacts");
  EXPECT_EQ(q->request.by, (std::vector<std::string>{"arena", "time_band"}));
  EXPECT_EQ(q->request.policy.k, 7);
  EXPECT_EQ(q->format, fa::OutputFormat::json);

  auto family = aggregate_params();
  family["form"] = "familjebehandling";
  family["measure"] = "sessions";
  family["by"] = "setting";
  auto f = fa::parse_aggregate_query(family, fa::Audience::evaluator, {});
  ASSERT_TRUE(f.ok()) << f.problem().detail;
  EXPECT_EQ(f->request.rollup, fa::RollupKind::session_daily);
}

TEST(QueryParams, AggregateQueryRefusesWhatTheAudienceMayNotSee) {
  auto daily = aggregate_params();
  daily["by"] = "day";
  EXPECT_EQ(code_of(daily).substr(0, 9), "forbidden");
  EXPECT_EQ(code_of(daily, fa::Audience::team_lead), "ok");
}

TEST(QueryParams, AggregateQueryRefusesMalformedAndHostileInput) {
  auto with = [](const char* name, std::string value) {
    auto p = aggregate_params();
    p[name] = std::move(value);
    return p;
  };
  auto without = [](const char* name) {
    auto p = aggregate_params();
    p.erase(name);
    return p;
  };
  const std::vector<fa::QueryParams> bad = {
      without("measure"), without("by"), with("by", ""), with("by", ","), with("by", "arena,"),
      with("by", "arena,time_band,contact_kind"), with("by", std::string(500, 'a')), with("measure", "notes"),
      with("measure", "contacts;DROP TABLE"), with("form", "other"), with("by", "arena,arena"),
      with("by", "case_key"), with("extra", "1"), with("from", "2026-03-32")};
  for (const auto& params : bad) {
    auto q = fa::parse_aggregate_query(params, fa::Audience::evaluator, {});
    ASSERT_FALSE(q.ok());
    EXPECT_TRUE(q.problem().status == 400) << q.problem().code;
  }
  EXPECT_FALSE(fa::parse_aggregate_query(aggregate_params(), fa::Audience::evaluator, fa::SuppressionPolicy{2}).ok());
}
