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
  // Published values as protect_table leaves them (the 4 at fritid shows as 6).
  fa::Table1D t{"arena", {"centrum", "fritid", "skola"}, {{5, 5}, {6, 4}, {8, 8}}, {18, 17}};
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

TEST(TableRender, OneWayCsvSaysHowItsNumbersAreProtected) {
  const std::string csv = fa::aggregate_to_csv(sample_one_way());
  EXPECT_EQ(csv, "\xEF\xBB\xBF"
                 "Röjandeskydd;cellnyckelmetoden (cell key)\r\nk;5\r\nStörsta brus;20\r\n"
                 "arena;contacts\r\ncentrum;5\r\nfritid;6\r\nskola;8\r\nTotalt;18\r\n"
                 "Not;Talen har slumpat brus: samma fråga ger alltid samma tal, 0 betyder inga, 1-4 visas aldrig "
                 "och summor stämmer inte exakt.\r\n");
  auto exact = sample_one_way();
  exact.protected_values = false;
  EXPECT_EQ(fa::aggregate_to_csv(exact).rfind("\xEF\xBB\xBF" "Röjandeskydd;inget: exakta tal för ert eget team\r\n"
                                              "arena;contacts\r\n", 0), 0u);
}

TEST(TableRender, OneWayJsonCarriesTheDisclosureControlBlockAndNoMarkers) {
  const auto j = fa::aggregate_to_json(sample_one_way());
  EXPECT_EQ(j.at("measure").as_string(), "contacts");
  const auto& control = j.at("disclosure_control");
  EXPECT_EQ(control.at("method").as_string(), "cell_key");
  EXPECT_EQ(control.at("k").as_int64(), 5);
  EXPECT_EQ(control.at("max_noise").as_int64(), fa::kCellKeyMaxNoise);
  EXPECT_FALSE(control.at("additive").as_bool());
  EXPECT_EQ(j.at("period").at("to").as_string(), "2026-03-31");
  const auto& cells = j.at("cells").as_array();
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[1].at("arena").as_string(), "fritid");
  EXPECT_EQ(cells[1].at("value").as_int64(), 6);
  EXPECT_EQ(cells[1].as_object().count("suppressed"), 0u);
  EXPECT_EQ(j.at("total").at("value").as_int64(), 18);
  auto exact = sample_one_way();
  exact.protected_values = false;
  EXPECT_EQ(fa::aggregate_to_json(exact).at("disclosure_control").at("method").as_string(), "none");
}

TEST(TableRender, CrossTableCsvAndJsonKeepEveryCellAndMargin) {
  auto rows = fa::testing::rollups_of(fa::testing::load_fixture("field_contacts_march_2026.json")).rows();
  fa::AggregateRequest r;
  r.by = {"arena", "time_band"};
  r.period = {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31};
  r.scope.district_id = "D1";
  auto aggregate = fa::build_aggregate(rows, r);
  ASSERT_TRUE(aggregate.ok());
  const auto& t = std::get<fa::Table2D>(aggregate->table);
  const std::string csv = fa::aggregate_to_csv(*aggregate);
  std::string expected_lines = "contacts: arena \\ time_band;dag;helg;kvall;natt;Totalt\r\n";
  for (std::size_t row = 0; row < t.row_labels.size(); ++row) {
    expected_lines += t.row_labels[row];
    for (const auto& cell : t.cells[row]) expected_lines += ";" + std::to_string(cell.value);
    expected_lines += ";" + std::to_string(t.row_totals[row].value) + "\r\n";
  }
  EXPECT_NE(csv.find(expected_lines), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\ncentrum;"), std::string::npos);
  EXPECT_EQ(csv.find(".."), std::string::npos) << "no marker for small values";
  const auto j = fa::aggregate_to_json(*aggregate);
  EXPECT_EQ(j.at("cells").as_array().size(), 24u);
  EXPECT_EQ(j.at("row_totals").as_array().size(), 6u);
  EXPECT_EQ(j.at("column_totals").as_array().size(), 4u);
  EXPECT_EQ(j.at("by").as_array().size(), 2u);
  for (const auto& cell : j.at("cells").as_array()) {
    const std::int64_t value = cell.at("value").as_int64();
    EXPECT_TRUE(value == 0 || value >= 5) << boost::json::serialize(cell);
  }
}

TEST(TableRender, CriteriaReportCsvCarriesTheJsonNumbers) {
  auto rows = fa::testing::rollups_of(fa::testing::load_fixture("field_contacts_march_2026.json")).rows();
  auto pack = fa::load_criteria_pack_file(std::string(FALTLOGG_CRITERIA_DIR_FOR_TESTS) + "/stockholmsstandard-2021.v1.json");
  ASSERT_TRUE(pack.ok());
  auto report = fa::evaluate_criteria(*pack, rows, {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31},
                                      fa::ReportScope{"D1", "T1"});
  ASSERT_TRUE(report.ok());
  // The team lead's exact numbers (hand-computed in criteria_report_test).
  const std::string lead = fa::report_to_csv(*report);
  EXPECT_EQ(lead.rfind("\xEF\xBB\xBF" "Röjandeskydd;inget: exakta tal för ert eget team\r\n"
                       "kriterium;benämning;värde;mål;jämförelse;status;", 0), 0u) << lead;
  EXPECT_NE(lead.find("\r\nC1;Uppsökande arbete;0,425;0,3;minst;inom lokalt mål;40;17;40;\r\n"), std::string::npos) << lead;
  EXPECT_NE(lead.find("\r\nC4;Arbete i par;0,8214;0,9;minst;utanför lokalt mål;40;23;28;\r\n"), std::string::npos) << lead;
  EXPECT_NE(lead.find("\r\nC5;Samverkan;17;8;minst;inom lokalt mål;40;;;17\r\n"), std::string::npos) << lead;

  // The evaluator's CSV: the JSON's protected numbers, line by line, and the closing note.
  const std::string csv = fa::report_to_csv(*report, 5);
  const auto json = fa::report_to_json(*report, 5);
  for (const auto& item : json.at("criteria").as_array()) {
    const auto& measures = item.at("measures").as_object();
    const std::string records = std::to_string(measures.at("records").as_int64());
    const std::string line_start = "\r\n" + std::string(item.at("id").as_string()) + ";";
    const auto at = csv.find(line_start);
    ASSERT_NE(at, std::string::npos) << item.at("id");
    const std::string line = csv.substr(at + 2, csv.find("\r\n", at + 2) - at - 2);
    EXPECT_NE(line.find(";" + records + ";"), std::string::npos) << line;
  }
  EXPECT_NE(csv.find("\r\nNot;Talen har slumpat brus"), std::string::npos);
  EXPECT_EQ(csv.find(".."), std::string::npos);
}
