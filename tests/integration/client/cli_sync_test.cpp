// faltlogg-cli against the real server: login once, push, pull to a second device, edits, deletions,
// rejections, bad credentials, a foreign CA and a revoked device.
#include "client_server_fixture.hpp"

#include "faltlogg/core/json.hpp"
#include "sync/sync_engine.hpp"
#include "tls_client.hpp"

#include <fstream>
#include <iterator>

namespace faltlogg::client::testing {
namespace {

class CliSync : public ClientServerTest {};

TEST_F(CliSync, LogsInOnceThenSyncsWithTheSealedToken) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.insert(addRecord(dir, recordJson("note " + std::to_string(i))));
  }
  auto first = sync(dir);
  ASSERT_EQ(first.exitCode, 0) << first.err;
  auto summary = parseObject(first.out);
  EXPECT_EQ(summary.at("pushed").as_int64(), 3);
  EXPECT_EQ(summary.at("pending").as_int64(), 0);

  // No password now: stdin is empty and no --username is given.
  auto second = cli({"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(server_.port()),
                     "--ca", server_.ca_file(), "--json"});
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_EQ(parseObject(second.out).at("pushed").as_int64(), 0);

  auto status = parseObject(cli({"--store", dir, "status", "--json"}).out);
  EXPECT_TRUE(status.at("logged_in").as_bool());
  EXPECT_NE(status.at("last_sync").as_string(), "never");

  const auto onServer = idsOnServer();
  EXPECT_EQ(std::set<std::string>(onServer.begin(), onServer.end()), ids);
  EXPECT_EQ(onServer.size(), 3u);
}

TEST_F(CliSync, SecondDeviceSeesEditsAndDeletions) {
  const std::string a = storeDir("device-a");
  const std::string b = storeDir("device-b");
  initStore(a);
  initStore(b);
  const std::string kept = addRecord(a, recordJson("first version"));
  const std::string removed = addRecord(a, recordJson("to be deleted"));
  ASSERT_EQ(sync(a).exitCode, 0);
  ASSERT_EQ(sync(b).exitCode, 0);
  EXPECT_EQ(listedIds(b), (std::multiset<std::string>{kept, removed}));

  ASSERT_EQ(cli({"--store", a, "edit", "--id", kept, "--json", recordJson("second version")}).exitCode, 0);
  ASSERT_EQ(cli({"--store", a, "delete", "--id", removed}).exitCode, 0);
  ASSERT_EQ(sync(a).exitCode, 0);
  ASSERT_EQ(sync(b).exitCode, 0);
  const auto listing = listJson(b);
  const auto& records = listing.at("records").as_array();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("id").as_string(), kept);
  EXPECT_EQ(records[0].at("data").at("notes").as_string(), "second version");
  EXPECT_EQ(records[0].at("sync").as_string(), "synced");
}

TEST_F(CliSync, ServerRejectionIsKeptAndMarkedForCorrection) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  // Locally the team's area list is unknown, so only the server can refuse this area.
  const std::string id = addRecord(dir, recordJson("wrong area", "omr-999"));
  const std::string good = addRecord(dir, recordJson("fine"));
  auto result = sync(dir);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(parseObject(result.out).at("needs_correction").as_int64(), 1);
  const auto listing = listJson(dir);
  bool seen = false;
  for (const auto& record : listing.at("records").as_array()) {
    if (record.at("id").as_string() == id) {
      seen = true;
      EXPECT_EQ(record.at("sync").as_string(), "needs_correction");
      EXPECT_FALSE(record.at("rejection").at("code").as_string().empty());
    }
  }
  EXPECT_TRUE(seen) << "a rejected record must be kept";
  EXPECT_EQ(idsOnServer(), (std::multiset<std::string>{good}));

  ASSERT_EQ(cli({"--store", dir, "edit", "--id", id, "--json", recordJson("fixed area")}).exitCode, 0);
  ASSERT_EQ(sync(dir).exitCode, 0);
  EXPECT_EQ(idsOnServer("verifier-2"), (std::multiset<std::string>{good, id}));
}

TEST_F(CliSync, InvalidRecordIsRefusedLocallyWithTheProblem) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  auto result = cli({"--store", dir, "add", "--form", "faltkontakt", "--json",
                     recordJson("call me on 070-123 45 67")});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_NE(result.err.find("notes"), std::string::npos) << result.err;
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "nosuchform", "--json", "{}"}).exitCode, 3);
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--json", "{not json"}).exitCode, 3);
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--json", "[1,2]"}).exitCode, 3);
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--json", recordJson(std::string(2100, 'n'))}).exitCode,
            3)
      << "notes over the form's max_length";
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--json",
                 std::string(100, '[') + std::string(100, ']')})
                .exitCode,
            3)
      << "deep nesting";
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--version", "99", "--json", recordJson("")}).exitCode,
            3);
  EXPECT_EQ(cli({"--store", dir, "add", "--form", "faltkontakt", "--version", "one", "--json", "{}"}).exitCode, 2);
  EXPECT_EQ(cli({"--store", dir, "edit", "--id", "not-a-record", "--json", recordJson("")}).exitCode, 1);
  EXPECT_TRUE(listedIds(dir).empty()) << "nothing may be saved from refused input";
}

TEST_F(CliSync, PassphraseComesFromStdinWhenAskedElseFromTheEnvironment) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  const std::map<std::string, std::string> wrongEnv{{"FALTLOGG_PASSPHRASE", "not it"}};
  EXPECT_EQ(runner_.run({"--store", dir, "list", "--passphrase-stdin"}, std::string(kPassphrase) + "\n", wrongEnv)
                .exitCode,
            0);
  auto wrong = runner_.run({"--store", dir, "list"}, std::string(kPassphrase) + "\n", wrongEnv);
  EXPECT_EQ(wrong.exitCode, 4);
  EXPECT_NE(wrong.err.find("wrong_passphrase"), std::string::npos) << wrong.err;
  EXPECT_EQ(runner_.run({"--store", dir, "list"}, std::string(kPassphrase) + "\n").exitCode, 0)
      << "no environment variable: stdin";
  EXPECT_EQ(runner_.run({"--store", dir, "list"}, "").exitCode, 2) << "no passphrase at all is a usage error";
  auto status = core::parse_json(cli({"--store", dir, "status", "--json"}).out);
  EXPECT_EQ(status->at("failed_attempts").as_int64(), 0) << "the success after the wrong attempt reset the count";
}

TEST_F(CliSync, RevokedTokenIsForgottenAndTheNextSyncLogsInAgainKeepingEveryRecord) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  addRecord(dir, recordJson("before logout"));
  ASSERT_EQ(sync(dir).exitCode, 0);
  std::string token;
  {
    auto store = LocalStore::open(dir, LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
    ASSERT_TRUE(store.ok() && store.value()->unlock(kPassphrase).ok());
    token = store.value()->vault().loadSecret(SyncEngine::kTokenSecret).value().value();
  }
  faltlogg::test::TlsHttpClient http(server_.port(), server_.ca_file());
  ASSERT_LT(http.post("/api/v1/auth/logout", "{}", token).status, 300);
  addRecord(dir, recordJson("after logout"));

  auto rejected = cli({"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(server_.port()),
                       "--ca", server_.ca_file()});
  EXPECT_EQ(rejected.exitCode, 5);
  EXPECT_NE(rejected.err.find("unauthorized"), std::string::npos) << rejected.err;
  auto status = parseObject(cli({"--store", dir, "status", "--json"}).out);
  EXPECT_FALSE(status.at("logged_in").as_bool()) << "a refused token is forgotten";
  EXPECT_EQ(status.at("records").as_int64(), 2) << "a refused token is no reason to touch records";
  EXPECT_EQ(status.at("pending").as_int64(), 1);

  ASSERT_EQ(sync(dir).exitCode, 0) << "with the password, the next sync logs in again";
  EXPECT_EQ(idsOnServer().size(), 2u);
}

TEST_F(CliSync, WrongPasswordFailsCleanlyAndStoresNoToken) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  auto result = cli({"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(server_.port()), "--ca",
                     server_.ca_file(), "--username", kUser, "--password-stdin"},
                    "not-the-password\n");
  EXPECT_EQ(result.exitCode, 5);
  EXPECT_NE(result.err.find("login_failed"), std::string::npos) << result.err;
  EXPECT_FALSE(parseObject(cli({"--store", dir, "status", "--json"}).out).at("logged_in").as_bool());
}

TEST_F(CliSync, ServerCertificateFromAnotherCaIsRefused) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  const auto otherCerts = server_.data_dir().parent_path() / "other-ca";
  ASSERT_EQ(std::system(("bash '" FALTLOGG_SOURCE_DIR_FOR_TESTS "/certs/gen-dev-certs.sh' '" + otherCerts.string() +
                         "' >/dev/null 2>&1")
                            .c_str()),
            0);
  auto result = cli({"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(server_.port()), "--ca",
                     (otherCerts / "ca.pem").string(), "--username", kUser, "--password-stdin"},
                    std::string(kPassword) + "\n");
  EXPECT_EQ(result.exitCode, 5);
  EXPECT_NE(result.err.find("tls_error"), std::string::npos) << result.err;
}

TEST_F(CliSync, RevokedDeviceWipesTheStore) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  addRecord(dir, recordJson("synced before revocation"));
  ASSERT_EQ(sync(dir).exitCode, 0);
  auto devices = server_.admin({"device", "list"});
  ASSERT_EQ(devices.exit_code, 0) << devices.err;
  const std::string deviceId = devices.out.substr(0, devices.out.find('\t'));
  ASSERT_FALSE(deviceId.empty());
  ASSERT_EQ(server_.admin({"device", "revoke", deviceId}).exit_code, 0);

  auto result = sync(dir);
  EXPECT_EQ(result.exitCode, 6) << result.err;
  EXPECT_NE(result.err.find("device_revoked"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / "store.sqlite"));
  EXPECT_NE(cli({"--store", dir, "status"}).exitCode, 0);
}

TEST_F(CliSync, TeamLeadsReviewArrivesWithTheNextPullAndIsStoredSealed) {
  server_.add_user("lead.lisa", "team_lead", "Team Norr", "lead-password");
  const std::string dir = storeDir("anna");
  initStore(dir);
  const std::string id = addRecord(dir, recordJson("please review"));
  ASSERT_EQ(sync(dir).exitCode, 0);

  faltlogg::test::TlsHttpClient http(server_.port(), server_.ca_file());
  auto login = http.post("/api/v1/auth/login",
                         R"({"username":"lead.lisa","password":"lead-password","device_name":"lead laptop"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token(core::parse_json(login.body)->at("token").as_string());
  auto review = http.put("/api/v1/review/" + id,
                         R"({"state":"needs_changes","comment":"REVIEW-MARKER-44 add the partners"})", token);
  ASSERT_EQ(review.status, 201) << review.body;

  ASSERT_EQ(sync(dir).exitCode, 0);
  const auto listing = listJson(dir);
  const auto& record = listing.at("records").as_array().at(0);
  ASSERT_EQ(record.at("reviews").as_array().size(), 1u);
  EXPECT_EQ(record.at("reviews").as_array()[0].at("state").as_string(), "needs_changes");
  EXPECT_EQ(record.at("reviews").as_array()[0].at("comment").as_string(), "REVIEW-MARKER-44 add the partners");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::ifstream in(std::filesystem::path(dir) / (std::string("store.sqlite") + suffix), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("REVIEW-MARKER-44"), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find("needs_changes"), std::string::npos) << suffix;
  }
}

TEST_F(CliSync, SyncedStoreHoldsNoPlaintextOfRecordsOrTheSession) {
  const std::string dir = storeDir("anna");
  initStore(dir);
  for (int i = 0; i < 20; ++i) {
    addRecord(dir, recordJson("PRIVATE-MARKER-5c2e talk " + std::to_string(i), "omr-2"));
  }
  ASSERT_EQ(sync(dir).exitCode, 0);
  initStore(storeDir("second"));
  ASSERT_EQ(sync(storeDir("second")).exitCode, 0);  // pulled records are sealed too
  for (const std::string& store : {dir, storeDir("second")}) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const auto file = std::filesystem::path(store) / (std::string("store.sqlite") + suffix);
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      for (const char* marker : {"PRIVATE-MARKER-5c2e", "omr-2", "faltkontakt", "skolfranvaro", kUser}) {
        EXPECT_EQ(bytes.find(marker), std::string::npos) << marker << " in " << file;
      }
    }
  }
}

}  // namespace
}  // namespace faltlogg::client::testing
