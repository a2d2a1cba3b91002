// Version 2 at the API (issue 16): reports name their pack with pack=, evaluators ask for a month, a tertial
// or a year, the words say local targets, the case record is pushed like sessions, and district settings
// are set by admins only, refused when hostile, audit-logged, and change C8 and C3.
#include "api_fixture.hpp"

#include "api/admin_api.hpp"
#include "api/analytics_api.hpp"
#include "api/sync_api.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server::testing {
namespace {

using Query = std::map<std::string, std::string>;

class PacksV2ApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    worker_ = add_user("anna", Role::field_worker);
    therapist_ = add_user("fia", Role::family_therapist, "Familj");
    lead_ = add_user("lena", Role::team_lead);
    evaluator_ = add_user("eva", Role::evaluator);
    admin_ = add_user("adam", Role::admin);
    district_ = store_->find_team(lead_.team_id)->district_id;
    const auto day = analytics::to_stockholm_local(now_ - 3'600'000).date;
    month_ = {{"from", analytics::format_date(day.year() / day.month() / 1)},
              {"to", analytics::format_date(analytics::Date{day.year() / day.month() / std::chrono::last})}};
    year_ = {{"from", analytics::format_date(day.year() / 1 / 1)}, {"to", analytics::format_date(day.year() / 12 / 31)}};
    // One v1 and one v2 contact: 10-12-year-olds count in C8 by default, digital does not count in C3.
    core::Record v1 = field_contact(core::make_uuid_v4(), 1);
    core::Record v2 = field_contact(core::make_uuid_v4(), 2);
    v2.form_version = 2;
    v2.data.erase("contact_kind");
    v2.data["kontakt"] = "ny";
    v2.data["aktivitet"] = "uppsokande_runda";
    v2.data["arena"] = "digital";
    v2.data["youths"] = {{"flicka", {{"10_12", 2}}}};
    push(worker_, {v1, v2});
  }

  void push(const User& user, std::vector<core::Record> records) {
    Principal who = session_for(user);
    PushBatch batch{core::make_uuid_v4(), user.id, who.device.id, user.team_id, {}, std::nullopt};
    for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
    auto result = store_->apply_push_batch(batch, {user.id, "push", "", ""});
    ASSERT_TRUE(result.ok()) << result.problem().detail;
    ASSERT_EQ(result->accepted, batch.items.size());
  }

  boost::json::value report(const User& user, Query query) {
    auto result = handle_criteria_report(services_, context_for(user, "", query));
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    return result.ok() ? parse(*result) : boost::json::value{};
  }

  const boost::json::object& criterion(const boost::json::value& report, std::string_view id) {
    for (const auto& item : report.at("criteria").as_array()) {
      if (item.at("id").as_string() == id) return item.as_object();
    }
    throw std::runtime_error("no criterion " + std::string(id));
  }

  // What a refused request must not touch (each context_for opens a session, which is not the request's doing).
  std::map<std::string, std::int64_t> data_counts() {
    auto counts = store_->row_counts();
    std::map<std::string, std::int64_t> out;
    for (const char* table : {"records", "record_versions", "rollup_cell", "criteria_target", "reviews"}) {
      out[table] = counts[table];
    }
    for (const auto& entry : store_->audit_entries()) {
      if (entry.event.action.rfind("criteria_set", 0) == 0 || entry.event.action == "read_criteria_report") ++out["audit"];
    }
    return out;
  }

  Query with(Query base, Query extra) {
    base.insert(extra.begin(), extra.end());
    return base;
  }

  User worker_, therapist_, lead_, evaluator_, admin_;
  std::string district_;
  Query month_, year_;
};

TEST_F(PacksV2ApiTest, TheDefaultPackIsTheActivityPackAndSaysWhatItIs) {
  auto shown = report(lead_, month_);
  EXPECT_EQ(shown.at("pack").at("id").as_string(), "faltarbete-aktivitet");
  EXPECT_EQ(shown.at("pack").at("version").as_int64(), 2);
  EXPECT_NE(shown.at("pack").at("about").at("en").as_string().find("ctivity indicators with local targets"),
            std::string::npos);
  EXPECT_EQ(shown.at("period").at("kind").as_string(), "month");
  EXPECT_EQ(criterion(shown, "C1").at("measures").at("numerator").to_number<double>(), 2);  // v1 uppsokande + v2 ny
  EXPECT_EQ(criterion(shown, "C1").at("status_text").at("sv").as_string(), "för lite underlag");
  EXPECT_EQ(shown.at("district_settings").at("c8_age_band").as_string(), "10-20");
}

TEST_F(PacksV2ApiTest, PackNamesAPackAndUnknownOnesAreRefusedNamingTheLoadedOnes) {
  auto quality = report(evaluator_, with(month_, {{"pack", "datakvalitet"}}));
  EXPECT_EQ(quality.at("pack").at("id").as_string(), "datakvalitet");
  EXPECT_EQ(quality.at("criteria").as_array().size(), 3u);  // D1-D3
  EXPECT_EQ(report(lead_, with(month_, {{"pack", "stockholmsstandard-2021"}})).at("pack").at("version").as_int64(), 1);
  const auto before = data_counts();
  for (const std::string& bad : {std::string("nope"), std::string(200, 'x'), std::string("../../etc/passwd"),
                                 std::string("datakvalitet\n")}) {
    auto refused = handle_criteria_report(services_, context_for(evaluator_, "", with(month_, {{"pack", bad}})));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "unknown_criteria_pack");
    EXPECT_EQ(refused.problem().status, 400);
    EXPECT_NE(refused.problem().detail.find("faltarbete-aktivitet"), std::string::npos) << refused.problem().detail;
  }
  auto mismatch = handle_criteria_report(
      services_, context_for(lead_, "", with(month_, {{"pack", "datakvalitet"}, {"form", "familjebehandling"}})));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.problem().code, "invalid_request");
  EXPECT_EQ(data_counts(), before);
}

TEST_F(PacksV2ApiTest, EvaluatorsAskForAMonthATertialOrAYear) {
  EXPECT_EQ(report(evaluator_, year_).at("period").at("kind").as_string(), "year");
  const std::string year = year_.at("from").substr(0, 4);
  EXPECT_EQ(report(evaluator_, {{"from", year + "-09-01"}, {"to", year + "-12-31"}}).at("period").at("kind").as_string(),
            "tertial");
  for (const Query& odd : {Query{{"from", year + "-02-01"}, {"to", year + "-05-31"}},
                           Query{{"from", year + "-01-01"}, {"to", year + "-06-30"}},
                           Query{{"from", year + "-03-01"}, {"to", year + "-03-15"}}}) {
    auto refused = handle_criteria_report(services_, context_for(evaluator_, "", odd));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "invalid_period");
    EXPECT_NE(refused.problem().detail.find("tertial"), std::string::npos);
    EXPECT_NE(refused.problem().detail.find("calendar year"), std::string::npos);
  }
  // A team lead may still ask for any days of their own team.
  EXPECT_EQ(report(lead_, {{"from", year + "-03-01"}, {"to", year + "-03-15"}}).at("period").at("kind").as_string(),
            "days");
}

TEST_F(PacksV2ApiTest, CsvCarriesTheWordsOfLocalTargets) {
  auto result = handle_criteria_report(services_, context_for(lead_, "", with(month_, {{"format", "csv"}})));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->body.rfind("\xEF\xBB\xBF" "Kriteriepaket;", 0), 0u) << result->body;
  EXPECT_NE(result->body.find("Indikatorer;Aktivitetsindikatorer med lokala mål"), std::string::npos);
  EXPECT_NE(result->body.find("(månad)"), std::string::npos);
}

TEST_F(PacksV2ApiTest, DistrictSettingsAreForAdminsRefusedWhenHostileAndChangeTheReport) {
  auto set = [&](const User& who, const std::string& body) {
    return handle_admin_setting_set(services_, context_for(who, body));
  };
  const std::string prefix = R"({"district_id":")" + district_ + R"(","pack_id":"faltarbete-aktivitet",)";
  const auto before = data_counts();
  for (const User* who : {&worker_, &lead_, &evaluator_, &therapist_}) {
    auto refused = set(*who, prefix + R"("setting":"c8_age_band","value":"13-17"})");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "forbidden") << who->username;
    EXPECT_EQ(handle_admin_settings(services_, context_for(*who, "", {{"district_id", district_}})).problem().code,
              "forbidden");
  }
  for (const std::string& body : std::vector<std::string>{
           prefix + R"("setting":"c8_age_band","value":"9-20"})", prefix + R"("setting":"c8_age_band","value":20})",
        prefix + R"("setting":"c3_digital","value":"maybe"})", prefix + R"("setting":"C1","value":"0.5"})",
        prefix + R"("setting":"c8_age_band","value":")" + std::string(5000, '1') + R"("})",
        prefix + R"("setting":"c8_age_band","value":"13-17","extra":1})", prefix + R"("setting":"c8_age_band"})",
        std::string(R"({"district_id":"nope","pack_id":"faltarbete-aktivitet","setting":"c3_digital","value":"on"})"),
        R"({"district_id":")" + district_ + R"(","pack_id":"familjebehandling-uppfoljning","setting":"c3_digital","value":"on"})",
        std::string("{\"district_id\":"), std::string("[]")}) {
    auto refused = set(admin_, body);
    ASSERT_FALSE(refused.ok()) << body.substr(0, 120);
    EXPECT_GE(refused.problem().status, 400);
    EXPECT_LT(refused.problem().status, 500);
  }
  EXPECT_EQ(data_counts(), before) << "refused settings change nothing";

  ASSERT_TRUE(set(admin_, prefix + R"("setting":"c8_age_band","value":"13-17"})").ok());
  ASSERT_TRUE(set(admin_, prefix + R"("setting":"c3_digital","value":"on"})").ok());
  const auto listed = parse(*handle_admin_settings(services_, context_for(admin_, "", {{"district_id", district_}})));
  const auto& settings = listed.at("packs").as_array()[0].at("settings");
  EXPECT_EQ(settings.at("c8_age_band").as_string(), "13-17");
  EXPECT_TRUE(settings.at("c3_digital").as_bool());
  const auto audit = store_->audit_entries();
  int logged = 0;
  for (const auto& entry : audit) logged += entry.event.action == "criteria_set_setting" ? 1 : 0;
  EXPECT_EQ(logged, 2);

  auto shown = report(lead_, month_);
  EXPECT_EQ(shown.at("district_settings").at("c8_age_band").as_string(), "13-17");
  // C8 now counts 13-17 only: the v1 contact's three 16-17-year-olds, not the v2 contact's two 10-12s.
  EXPECT_EQ(criterion(shown, "C8").at("measures").at("numerator").to_number<double>(), 3);
  EXPECT_EQ(criterion(shown, "C8").at("measures").at("denominator").to_number<double>(), 5);
  EXPECT_EQ(criterion(shown, "C3").at("value").to_number<double>(), 2);  // skola and digital
  // A setting is not a target: the targets endpoint refuses the setting's id.
  auto as_target = handle_admin_target_set(services_, context_for(admin_, prefix + R"("criterion_id":"setting.c3_digital","target":1})"));
  EXPECT_FALSE(as_target.ok());
}

// Tables by activity (decision 0096): a v1 record counts under its image's activity, a v2 record under its
// own; a lead sees them exactly, an evaluator through the cell key like every other dimension.
TEST_F(PacksV2ApiTest, TablesByActivityCountV1AndV2RecordsAndAreProtectedForEvaluators) {
  auto table = [&](const User& user, Query query) {
    auto result = handle_aggregates(services_, context_for(user, "", with(month_, query)));
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    return result.ok() ? parse(*result) : boost::json::value{};
  };
  auto cell = [](const boost::json::value& body, Query where) -> std::int64_t {
    for (const auto& c : body.at("cells").as_array()) {
      bool match = true;
      for (const auto& [dim, value] : where) match = match && c.at(dim).as_string() == value;
      if (match) return c.at("value").as_int64();
    }
    return -1;
  };
  // The v1 contact is `uppsokande` at school, the v2 one (ny, uppsokande_runda) is digital.
  const auto exact = table(lead_, {{"measure", "contacts"}, {"by", "aktivitet,arena"}});
  EXPECT_EQ(exact.at("disclosure_control").at("method").as_string(), "none");
  EXPECT_EQ(cell(exact, {{"aktivitet", "uppsokande_runda"}, {"arena", "skola"}}), 1);
  EXPECT_EQ(cell(exact, {{"aktivitet", "uppsokande_runda"}, {"arena", "digital"}}), 1);
  EXPECT_EQ(exact.at("cells").as_array().size(), 2u);
  EXPECT_EQ(exact.at("total").at("value").as_int64(), 2);

  const auto one_way = table(evaluator_, {{"measure", "contacts"}, {"by", "aktivitet"}});
  EXPECT_EQ(one_way.at("disclosure_control").at("method").as_string(), "cell_key");
  const std::int64_t shown = cell(one_way, {{"aktivitet", "uppsokande_runda"}});
  EXPECT_GE(shown, 5) << "two contacts never show as 2";
  // The same two records asked through another dimension give the same number (decision 0027).
  const auto by_kind = table(evaluator_, {{"measure", "contacts"}, {"by", "contact_kind"}});
  EXPECT_EQ(cell(by_kind, {{"contact_kind", "uppsokande"}}), shown);
  for (const auto& two_way : {table(evaluator_, {{"measure", "contacts"}, {"by", "aktivitet,arena"}}),
                              table(evaluator_, {{"measure", "minutes"}, {"by", "district_id,aktivitet"}})}) {
    for (const auto& c : two_way.at("cells").as_array()) {
      const auto value = c.at("value").as_int64();
      EXPECT_TRUE(value == 0 || value >= 5) << boost::json::serialize(c);
    }
  }
  // Sessions have no activity: a clear 400, nothing read.
  auto refused = handle_aggregates(services_, context_for(evaluator_, "",
      with(month_, {{"form", "familjebehandling"}, {"measure", "sessions"}, {"by", "aktivitet"}})));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 400);
}

// Migration 0011 on a database from before it: contact rows without `aktivitet`. The next start recounts
// them once (audited) into the rows the push path writes today; a second start does nothing.
TEST_F(PacksV2ApiTest, ContactsStoredBefore0011AreRecountedWithTheirActivityOnce) {
  auto all_rows = [&] {
    return store_->rollup_rows({analytics::RollupKind::contact_daily, "2000-01-01", "2100-12-31", std::nullopt,
                                std::nullopt});
  };
  const auto counted = all_rows();
  ASSERT_EQ(counted.size(), 2u);
  for (const auto& row : counted) EXPECT_EQ(row.key.dimensions.at("aktivitet"), "uppsokande_runda");
  const int rebuilt_before = audit_entries_of("rollups_rebuild");
  auto without_activity = counted;
  for (auto& row : without_activity) row.key.dimensions.erase("aktivitet");
  rewrite_as_before_migration(11, without_activity);
  reopen_store();
  EXPECT_EQ(all_rows(), counted);
  EXPECT_EQ(audit_entries_of("rollups_rebuild"), rebuilt_before + 1);
  EXPECT_TRUE(store_->verify_audit().intact);
  reopen_store();
  EXPECT_EQ(all_rows(), counted);
  EXPECT_EQ(audit_entries_of("rollups_rebuild"), rebuilt_before + 1)
      << "the mark is gone: a second start does not count them again";
}

TEST_F(PacksV2ApiTest, ACaseRecordIsPushedByTheTherapistAndCountedPerCase) {
  core::Record started;
  started.id = core::make_uuid_v4();
  started.form_id = "familjearende";
  started.form_version = 1;
  started.hlc = core::Hlc{now_ - 60'000, 1, "node-1"}.to_string();
  started.occurred_at = core::format_rfc3339(now_ - 3'600'000);
  started.data = {{"case_code", "AB-2026-0421"}, {"barn_alder_band", "10_12"}, {"barn_kon", "flicka"},
                  {"antal_barn", 2}, {"grund", "bistand"}};
  EXPECT_TRUE(writable_forms(therapist_.roles).contains("familjearende"));
  EXPECT_FALSE(writable_forms(worker_.roles).contains("familjearende"));
  push(therapist_, {started});
  const User family_lead = add_user("frida", Role::team_lead, "Familj");
  auto shown = report(family_lead, month_);
  EXPECT_EQ(shown.at("pack").at("id").as_string(), "familjebehandling-uppfoljning");
  EXPECT_EQ(shown.at("pack").at("version").as_int64(), 2);
  EXPECT_EQ(criterion(shown, "F6").at("measures").at("cases").to_number<double>(), 1);
  EXPECT_EQ(criterion(shown, "F6").at("breakdown").at("alder_10_12").as_int64(), 1);
  auto protected_view = report(evaluator_, with(month_, {{"form", "familjebehandling"}}));
  const double cases = criterion(protected_view, "F6").at("measures").at("cases").to_number<double>();
  EXPECT_GE(cases, 5) << "one case never shows as 1";
}

}  // namespace
}  // namespace faltlogg::server::testing
