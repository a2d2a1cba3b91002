// faltlogg-admin commands through run_admin, with string streams for stdin/stdout/stderr.
#include "admin/admin_cli.hpp"

#include "api_fixture.hpp"
#include "store/sqlite_store.hpp"

#include <cstdlib>
#include <sstream>

namespace faltlogg::server::testing {
namespace {

class AdminCliTest : public ::testing::Test {
 protected:
  AdminCliTest() : dir_(make_temp_dir()) { ::setenv("FALTLOGG_KDF", "test_fast", 1); }
  ~AdminCliTest() override { std::filesystem::remove_all(dir_); }

  int run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--data-dir", dir_.string()});
    std::istringstream in(input);
    out_.str("");
    err_.str("");
    return run_admin(args, in, out_, err_);
  }

  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(AdminCliTest, CreatesDistrictTeamAndUserWithAWorkingPassword) {
  ASSERT_EQ(run({"district", "add", "Norr"}), 0) << err_.str();
  ASSERT_EQ(run({"team", "add", "Fält Norr", "--district", "Norr", "--areas", "a,b,c"}), 0) << err_.str();
  ASSERT_EQ(run({"user", "add", "anna", "--role", "field_worker", "--team", "Fält Norr", "--password-stdin"},
                "correct horse\n"),
            0)
      << err_.str();
  SqliteStore store(dir_);
  auto user = store.find_user_by_username("anna");
  ASSERT_TRUE(user.has_value());
  EXPECT_TRUE(core::verify_password(user->password_hash, "correct horse"));
  EXPECT_EQ(store.find_team(user->team_id)->areas, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(store.verify_audit().intact);
  EXPECT_EQ(store.verify_audit().entries, 4);  // district, team, its areas, user
}

TEST_F(AdminCliTest, AUserMayHoldSeveralRolesButEvaluatorAndAdminAlone) {
  ASSERT_EQ(run({"district", "add", "Norr"}), 0);
  ASSERT_EQ(run({"team", "add", "T", "--district", "Norr"}), 0);
  ASSERT_EQ(run({"user", "add", "ali", "--role", "team_lead,field_worker", "--team", "T", "--password-stdin"},
                "password123\n"),
            0)
      << err_.str();
  for (const char* roles : {"admin,team_lead", "evaluator,field_worker", "team_lead,team_lead", "team_lead,",
                            ",field_worker", "team_lead;field_worker", ""}) {
    EXPECT_NE(run({"user", "add", "x", "--role", roles, "--team", "T", "--password-stdin"}, "password123\n"), 0)
        << roles;
    EXPECT_NE(err_.str().find("role"), std::string::npos) << roles << ": " << err_.str();
  }
  ASSERT_EQ(run({"user", "list"}), 0);
  EXPECT_NE(out_.str().find("field_worker,team_lead"), std::string::npos) << out_.str();
  SqliteStore store(dir_);
  auto ali = store.find_user_by_username("ali");
  ASSERT_TRUE(ali.has_value());
  EXPECT_EQ(ali->roles, (RoleSet{Role::team_lead, Role::field_worker}));
  EXPECT_FALSE(store.find_user_by_username("x").has_value());
  EXPECT_EQ(store.row_counts().at("user_roles"), 2);
}

TEST_F(AdminCliTest, AreasCarryDisplayNamesAndCanBeReplaced) {
  ASSERT_EQ(run({"district", "add", "Norr"}), 0);
  ASSERT_EQ(run({"team", "add", "T", "--district", "Norr", "--areas", "ekbacken=Ekbacken,torget=Stora torget,x"}), 0)
      << err_.str();
  const std::string team_id = out_.str().substr(0, out_.str().find('\n'));
  {
    SqliteStore store(dir_);
    auto team = store.find_team(team_id);
    ASSERT_TRUE(team.has_value());
    EXPECT_EQ(team->areas, (std::vector<std::string>{"ekbacken", "torget", "x"}));
    EXPECT_EQ(team->area_name("torget"), "Stora torget");
    EXPECT_EQ(team->area_name("x"), "x");
  }
  EXPECT_NE(run({"team", "add", "T2", "--district", "Norr", "--areas", "a=A,a=B"}), 0);
  {
    SqliteStore store(dir_);
    EXPECT_EQ(store.row_counts().at("teams"), 1);  // the refused team was not half-created
  }
  ASSERT_EQ(run({"team", "set-areas", "T", "--areas", "torget=Torget,hamnen=Hamnen"}), 0) << err_.str();
  EXPECT_NE(run({"team", "set-areas", "Nope", "--areas", "a"}), 0);
  EXPECT_NE(run({"team", "set-areas", "T", "--areas", "=Namnlös"}), 0);
  EXPECT_NE(run({"team", "set-areas", "T"}), 0);
  SqliteStore store(dir_);
  auto team = store.find_team(team_id);
  EXPECT_EQ(team->areas, (std::vector<std::string>{"torget", "hamnen"}));
  EXPECT_EQ(team->area_name("torget"), "Torget");
}

TEST_F(AdminCliTest, RefusesBadInputWithAMessageAndNonZeroExit) {
  run({"district", "add", "Norr"});
  run({"team", "add", "T", "--district", "Norr"});
  EXPECT_NE(run({"district", "add", "Norr"}), 0);
  EXPECT_NE(err_.str().find("exists"), std::string::npos);
  EXPECT_NE(run({"team", "add", "T2", "--district", "Nowhere"}), 0);
  EXPECT_NE(run({"team", "add", "T3"}), 0);
  EXPECT_NE(run({"user", "add", "u", "--role", "king", "--team", "T", "--password-stdin"}, "password123\n"), 0);
  EXPECT_NE(err_.str().find("role"), std::string::npos);
  EXPECT_NE(run({"user", "add", "u", "--role", "admin", "--team", "T", "--password-stdin"}, "short\n"), 0);
  EXPECT_NE(run({"user", "add", "u", "--role", "admin", "--team", "Nope", "--password-stdin"}, "password123\n"), 0);
  EXPECT_NE(run({"user", "add", "u", "--role", "admin", "--team", "T"}, "password123\n"), 0);
  EXPECT_NE(run({"frobnicate"}), 0);
  EXPECT_NE(run({"device", "revoke", "nope"}), 0);
  std::istringstream in;
  EXPECT_NE(run_admin({"district", "add", "x"}, in, out_, err_), 0);  // no --data-dir
  SqliteStore store(dir_);
  EXPECT_EQ(store.row_counts().at("users"), 0);
}

TEST_F(AdminCliTest, DisableBlocksLoginAndRevokesDevicesSetPasswordReplacesIt) {
  run({"district", "add", "Norr"});
  run({"team", "add", "T", "--district", "Norr"});
  run({"user", "add", "anna", "--role", "field_worker", "--team", "T", "--password-stdin"}, "password123\n");
  std::string device_id;
  {
    SqliteStore store(dir_);
    device_id = store.create_session(store.find_user_by_username("anna")->id, "tablet", "h", 0,
                                     {"t", "login", "", ""})->id;
  }
  ASSERT_EQ(run({"user", "set-password", "anna", "--password-stdin"}, "new-password-1\n"), 0) << err_.str();
  EXPECT_NE(run({"user", "set-password", "anna", "--password-stdin"}, "short\n"), 0);
  EXPECT_NE(run({"user", "set-password", "nobody", "--password-stdin"}, "new-password-2\n"), 0);
  {
    SqliteStore store(dir_);
    auto anna = store.find_user_by_username("anna");
    EXPECT_TRUE(core::verify_password(anna->password_hash, "new-password-1"));
    EXPECT_FALSE(core::verify_password(anna->password_hash, "password123"));
  }
  ASSERT_EQ(run({"user", "list"}), 0);
  EXPECT_NE(out_.str().find("\tanna\tfield_worker\t"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("active"), std::string::npos);
  ASSERT_EQ(run({"user", "disable", "anna"}), 0) << err_.str();
  EXPECT_NE(run({"user", "disable", "nobody"}), 0);
  run({"user", "list"});
  EXPECT_NE(out_.str().find("disabled"), std::string::npos);
  SqliteStore store(dir_);
  EXPECT_TRUE(store.find_user_by_username("anna")->disabled);
  EXPECT_TRUE(store.find_device(device_id)->revoked_at.has_value());
  EXPECT_TRUE(store.verify_audit().intact);
}

TEST_F(AdminCliTest, DeviceListAndRevoke) {
  run({"district", "add", "Norr"});
  run({"team", "add", "T", "--district", "Norr"});
  run({"user", "add", "anna", "--role", "field_worker", "--team", "T", "--password-stdin"}, "password123\n");
  std::string device_id;
  {
    SqliteStore store(dir_);
    device_id = store.create_session(store.find_user_by_username("anna")->id, "Surfplatta 3", "h", 0,
                                     {"t", "login", "", ""})->id;
  }
  ASSERT_EQ(run({"device", "list"}), 0);
  EXPECT_NE(out_.str().find(device_id + "\tanna\tSurfplatta 3"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("active"), std::string::npos);
  ASSERT_EQ(run({"device", "revoke", device_id}), 0) << err_.str();
  run({"device", "list"});
  EXPECT_NE(out_.str().find("revoked"), std::string::npos);
}

TEST_F(AdminCliTest, AuditVerifyReportsIntactAndBroken) {
  run({"district", "add", "Norr"});
  run({"district", "add", "Syd"});
  ASSERT_EQ(run({"audit", "verify"}), 0);
  EXPECT_NE(out_.str().find("intact: 2 entries"), std::string::npos);
  const std::string output = out_.str();
  const std::string anchor = output.substr(output.rfind(' ') + 1, output.size() - output.rfind(' ') - 2);
  EXPECT_EQ(anchor.rfind("2:", 0), 0u) << output;
  EXPECT_EQ(run({"audit", "verify", "--expect-head", anchor}), 0) << err_.str();
  EXPECT_NE(run({"audit", "verify", "--expect-head", "2:0000"}), 0);
  {
    sqlite::Connection db(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    db.exec("UPDATE audit_log SET actor_id = 'someone' WHERE seq = 1");
  }
  EXPECT_NE(run({"audit", "verify"}), 0);
  EXPECT_NE(err_.str().find("BROKEN"), std::string::npos);
}

TEST_F(AdminCliTest, DemoDataCoversEveryRoleAndNinetyDays) {
  ASSERT_EQ(run({"demo-data"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("lead.maria"), std::string::npos);
  SqliteStore store(dir_);
  for (const char* name : {"falt.anna", "fam.sara", "lead.maria", "fou.eva", "admin"}) {
    EXPECT_TRUE(store.find_user_by_username(name).has_value()) << name;
  }
  auto counts = store.row_counts();
  EXPECT_GT(counts.at("records"), 300);
  auto lead = store.find_user_by_username("lead.maria");
  ReviewQuery old_only{lead->team_id, std::nullopt, core::now_millis() - 80LL * 86'400'000, std::nullopt, 1000};
  EXPECT_FALSE(store.team_records(old_only).empty());  // the spread reaches back ~90 days
  // The leads have reviewed (D2/D3): some records need changes, some are still unreviewed.
  EXPECT_GT(counts.at("reviews"), 100);
  for (const char* state : {"needs_changes", "approved", "unreviewed"}) {
    ReviewQuery in_state{lead->team_id, std::nullopt, std::nullopt, std::string(state), 1000};
    EXPECT_FALSE(store.team_records(in_state).empty()) << state;
  }
  EXPECT_TRUE(store.verify_audit().intact);
}

// The skewed profile (decision 0027's audit): a tiny district, a night team and a small family team
// beside the plain demo; late records then arrive synced now, dated in closed months.
TEST_F(AdminCliTest, DemoDataSkewedProfileAndLateRecords) {
  EXPECT_EQ(run({"demo-data", "--late-records", "3"}), 1) << "late records need demo data first";
  ASSERT_EQ(run({"demo-data", "--profile", "skewed"}), 0) << err_.str();
  std::int64_t before = 0;
  std::int64_t reviews_before = 0;
  {
    SqliteStore store(dir_);
    for (const char* name : {"falt.anna", "falt.linnea", "natt.nils", "fam.lisa", "lead.lotta", "fou.eva"}) {
      EXPECT_TRUE(store.find_user_by_username(name).has_value()) << name;
    }
    const auto nils = store.find_user_by_username("natt.nils");
    ReviewQuery night{nils->team_id, std::nullopt, std::nullopt, std::nullopt, 1000};
    const auto records = store.team_records(night);
    EXPECT_FALSE(records.empty());
    EXPECT_LT(records.size(), 40u) << "a night team with few contacts";
    before = store.row_counts().at("records");
    reviews_before = store.row_counts().at("reviews");
  }
  ASSERT_EQ(run({"demo-data", "--late-records", "5"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("Late records synced now: 5"), std::string::npos) << out_.str();
  {
    SqliteStore store(dir_);
    EXPECT_EQ(store.row_counts().at("records"), before + 5);
    EXPECT_GT(store.row_counts().at("reviews"), reviews_before) << "late reviews too";
    EXPECT_TRUE(store.verify_audit().intact);
  }
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"demo-data", "--profile", "huge"},
           {"demo-data", "--late-records", "0"},
           {"demo-data", "--late-records", "12abc"},
           {"demo-data", "--late-records", "99999999999"},
           {"demo-data", "--profile", "skewed", "--late-records", "2"},
           {"demo-data", "--colour", "blue"}}) {
    EXPECT_EQ(run(bad), 1) << bad[1];
    EXPECT_FALSE(err_.str().empty());
  }
}

}  // namespace
}  // namespace faltlogg::server::testing
