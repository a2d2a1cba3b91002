#include "client_server_fixture.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"

namespace faltlogg::client::testing {

void ClientServerTest::SetUp() {
  server_.add_user(kUser, "field_worker", "Team Norr", kPassword);
  server_.start();
}

CliResult ClientServerTest::cli(const std::vector<std::string>& args, const std::string& stdinText) const {
  return runner_.run(args, stdinText, {{"FALTLOGG_PASSPHRASE", kPassphrase}});
}

void ClientServerTest::initStore(const std::string& dir) const {
  auto result = cli({"--store", dir, "init", "--passphrase-stdin"}, std::string(kPassphrase) + "\n");
  ASSERT_EQ(result.exitCode, 0) << result.err;
}

CliResult ClientServerTest::sync(const std::string& dir, std::uint16_t port, const std::vector<std::string>& extra) const {
  std::vector<std::string> args{"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(port),
                                "--ca", server_.ca_file(), "--username", kUser, "--password-stdin", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return cli(args, std::string(kPassword) + "\n");
}

std::string ClientServerTest::recordJson(const std::string& notes, const std::string& area) {
  boost::json::object record{{"occurred_at", core::format_rfc3339(core::now_millis() - 3600 * 1000)},
                             {"duration_min", 45},
                             {"area_id", area},
                             {"arena", "fritid"},
                             {"kontakt", "kand"},  // faltkontakt v2, the form tablets write now
                             {"aktivitet", "relationsskapande"},
                             {"youths", boost::json::object{{"pojke", boost::json::object{{"16_17", 3}}}}},
                             {"parents", 0},
                             {"concerns", boost::json::array{"skolfranvaro"}},
                             {"actions", boost::json::array{"samtal"}},
                             {"partners", boost::json::array{}},
                             {"in_pair", true}};
  if (!notes.empty()) {
    record["notes"] = notes;
  }
  return core::to_json_text(record);
}

boost::json::object ClientServerTest::parseObject(const std::string& text) {
  auto json = core::parse_json(text);
  EXPECT_TRUE(json.ok() && json->is_object()) << text;
  return json.ok() && json->is_object() ? json->as_object() : boost::json::object{};
}

std::string ClientServerTest::addRecord(const std::string& dir, const std::string& json) const {
  auto result = cli({"--store", dir, "add", "--form", "faltkontakt", "--json", json});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string id = result.out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  return id;
}

void ClientServerTest::addRecordsDirect(const std::string& dir, int n, const std::string& notes,
                                        std::vector<std::string>* ids) const {
  auto store = LocalStore::open(dir, LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
  ASSERT_TRUE(store.ok()) << store.problem().detail;
  ASSERT_TRUE(store.value()->unlock(kPassphrase).ok());
  auto parsed = core::parse_json(recordJson(notes));
  boost::json::object data = parsed->as_object();
  const std::string occurredAt(data.at("occurred_at").as_string());
  data.erase("occurred_at");
  std::vector<LocalStore::NewRecord> drafts;
  for (int i = 0; i < n; ++i) {
    data["duration_min"] = 1 + i % 600;
    drafts.push_back({"faltkontakt", 2, occurredAt, data});
  }
  auto created = store.value()->createRecords(std::move(drafts));
  ASSERT_TRUE(created.ok()) << created.problem().detail;
  if (ids != nullptr) {
    for (const auto& record : created.value()) {
      ids->push_back(record.id);
    }
  }
}

boost::json::object ClientServerTest::listJson(const std::string& dir) const {
  auto result = cli({"--store", dir, "list", "--json"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  auto json = core::parse_json(result.out, core::JsonLimits{64 * 1024 * 1024, 32});
  EXPECT_TRUE(json.ok()) << result.out.substr(0, 200);
  if (!json.ok()) {
    return {};
  }
  return json->as_object();
}

std::multiset<std::string> ClientServerTest::listedIds(const std::string& dir) const {
  const auto listing = listJson(dir);
  std::multiset<std::string> ids;
  if (listing.empty()) {
    return ids;
  }
  EXPECT_TRUE(listing.at("unreadable").as_array().empty());
  for (const auto& record : listing.at("records").as_array()) {
    ids.insert(std::string(record.at("id").as_string()));
  }
  return ids;
}

std::multiset<std::string> ClientServerTest::idsOnServer(const std::string& name) const {
  const std::string dir = storeDir(name);
  std::filesystem::remove_all(dir);
  initStore(dir);
  auto result = sync(dir);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return listedIds(dir);
}

}  // namespace faltlogg::client::testing
