#include "faltlogg/analytics/table_render.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace chr = std::chrono;
namespace json = boost::json;

namespace {

fa::Aggregate sample_one_way() {
  fa::Aggregate a;
  a.measure = "contacts";
  a.period = {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31};
  a.scope.district_id = "D1";
  fa::Table1D t{"arena", {"centrum", "fritid", "skola"}, {{5, 5}, {4, 4}, {8, 8}}, {17, 17}};
  EXPECT_TRUE(fa::suppress_small_cells(t, {}).ok());
  a.table = t;
  return a;
}

}  // namespace

TEST(TableRender, DecimalsUseACommaAndNoTrailingZeros) {
  EXPECT_EQ(fa::format_decimal_sv(0.425), "0,425");
  EXPECT_EQ(fa::format_decimal_sv(17), "17");
  EXPECT_EQ(fa::format_decimal_sv(2.0 / 3), "0,6667");
  EXPECT_EQ(fa::format_decimal_sv(-1.5), "-1,5");
  EXPECT_EQ(fa::format_decimal_sv(-0.00001), "0");
  EXPECT_EQ(fa::format_decimal_sv(1e300 * 1e300), "");
}

TEST(TableRender, CsvFieldsAreQuotedAndNeverFormulas) {
  EXPECT_EQ(fa::csv_field("skola"), "skola");
  EXPECT_EQ(fa::csv_field("a;b"), "\"a;b\"");
  EXPECT_EQ(fa::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(fa::csv_field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(fa::csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(fa::csv_field("+46"), "'+46");
  EXPECT_EQ(fa::csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(fa::csv_field("Södermalm"), "Södermalm");
}

TEST(TableRender, OneWayCsvHasBomSemicolonsAndDotsForSuppressedCells) {
  const std::string csv = fa::aggregate_to_csv(sample_one_way());
  EXPECT_EQ(csv, "\xEF\xBB\xBF" "arena;contacts\r\ncentrum;..\r\nfritid;..\r\nskola;8\r\nTotalt;17\r\n");
}

TEST(TableRender, OneWayJsonMarksSuppressedCellsAsNull) {
  const auto j = fa::aggregate_to_json(sample_one_way());
  EXPECT_EQ(j.at("measure").as_string(), "contacts");
  EXPECT_EQ(j.at("suppression").at("k").as_int64(), 5);
  EXPECT_EQ(j.at("period").at("to").as_string(), "2026-03-31");
  const auto& cells = j.at("cells").as_array();
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[1].at("arena").as_string(), "fritid");
  EXPECT_TRUE(cells[1].at("value").is_null());
  EXPECT_TRUE(cells[1].at("suppressed").as_bool());
  EXPECT_EQ(cells[2].at("value").as_int64(), 8);
  EXPECT_FALSE(cells[2].at("suppressed").as_bool());
  EXPECT_EQ(j.at("total").at("value").as_int64(), 17);
}

TEST(TableRender, CrossTableCsvAndJsonKeepEveryCellAndMargin) {
  auto rows = fa::testing::rollups_of(fa::testing::load_fixture("field_contacts_march_2026.json")).rows();
  fa::AggregateRequest r;
  r.by = {"arena", "time_band"};
  r.period = {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31};
  r.scope.district_id = "D1";
  auto aggregate = fa::build_aggregate(rows, r);
  ASSERT_TRUE(aggregate.ok());
  const std::string csv = fa::aggregate_to_csv(*aggregate);
  const std::string expected =
      "\xEF\xBB\xBF"
      "contacts: arena \\ time_band;dag;helg;kvall;natt;Totalt\r\n"
      "centrum;..;0;0;0;..\r\n"
      "digital;0;6;0;0;6\r\n"
      "fritid;..;0;0;..;..\r\n"
      "kollektivtrafik;..;..;0;0;5\r\n"
      "skola;8;0;0;0;8\r\n"
      "utomhus;0;0;12;0;12\r\n"
      "Totalt;13;..;12;..;40\r\n";
  EXPECT_EQ(csv, expected);
  const auto j = fa::aggregate_to_json(*aggregate);
  EXPECT_EQ(j.at("cells").as_array().size(), 24u);
  EXPECT_EQ(j.at("row_totals").as_array().size(), 6u);
  EXPECT_EQ(j.at("column_totals").as_array().size(), 4u);
  EXPECT_EQ(j.at("by").as_array().size(), 2u);
  int suppressed = 0;
  for (const auto& cell : j.at("cells").as_array()) {
    if (cell.at("suppressed").as_bool()) {
      ++suppressed;
      EXPECT_TRUE(cell.at("value").is_null());
    }
  }
  // fritid/natt, and to hide it without hiding a margin the one-way tables show: centrum/dag,
  // kollektivtrafik/helg and two zeros (fritid/dag, kollektivtrafik/dag).
  EXPECT_EQ(suppressed, 5);
}

TEST(TableRender, CriteriaReportCsvMatchesTheSuppressedJson) {
  auto rows = fa::testing::rollups_of(fa::testing::load_fixture("field_contacts_march_2026.json")).rows();
  auto pack = fa::load_criteria_pack_file(std::string(FALTLOGG_CRITERIA_DIR_FOR_TESTS) + "/stockholmsstandard-2021.v1.json");
  ASSERT_TRUE(pack.ok());
  auto report = fa::evaluate_criteria(*pack, rows, {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31},
                                      fa::ReportScope{"D1", "T1"});
  ASSERT_TRUE(report.ok());
  const std::string csv = fa::report_to_csv(*report, 5);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF" "kriterium;benämning;värde;mål;jämförelse;status;", 0), 0u);
  EXPECT_NE(csv.find("\r\nC1;Uppsökande arbete;0,425;0,3;minst;uppfyllt;40;17;40;\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nC4;Arbete i par;0,8214;0,9;minst;ej uppfyllt;40;23;28;\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nC5;Samverkan;17;8;minst;uppfyllt;40;;;17\r\n"), std::string::npos) << csv;

  auto slice = fa::evaluate_criteria(*pack, rows, {chr::year{2026} / 3 / 14, chr::year{2026} / 3 / 19},
                                     fa::ReportScope{"D1", "T1"});
  ASSERT_TRUE(slice.ok());
  const std::string hidden = fa::report_to_csv(*slice, 5);
  EXPECT_NE(hidden.find("\r\nC5;Samverkan;..;8;minst;..;15;;;..\r\n"), std::string::npos) << hidden;
}
