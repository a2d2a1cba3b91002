// Tablet enrolment against the real server over TLS: the URI's pin is the served certificate's key,
// a code redeems once (also when many try at once), `faltlogg-admin enrol` works beside the running
// server, and kill -9 in the middle of enrolments leaves every code either spent with its device and
// token, or unspent with neither.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <regex>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

// The pin computed with the openssl tool, independently of the server's code.
std::string openssl_pin(const std::filesystem::path& cert) {
  const std::string command = "openssl x509 -in '" + cert.string() +
                              "' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary"
                              " | base64 | tr '+/' '-_' | tr -d '=\\n'";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    ::pclose(pipe);
  }
  return "sha256/" + out;
}

std::string enrol_body(const std::string& code) {
  return boost::json::serialize(boost::json::object{{"code", code}, {"device_name", "Surfplatta"}});
}

// Codes printed by `faltlogg-admin enrol` ("ABCDE-FGHJK").
std::string admin_code(const ServerProcess& server, const std::string& username) {
  CommandResult result = server.admin({"enrol", username, "--qr", "none"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::smatch match;
  if (!std::regex_search(result.out, match, std::regex("([0-9A-Z]{5})-([0-9A-Z]{5})"))) return "";
  return match[1].str() + match[2].str();
}

class EnrolmentIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    anna_id_ = server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.add_user("lead", "team_lead", "Fält Nord", "lead-password");
    server_.start({"--login-rate-limit", "0"});
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    lead_ = login(*client_, "lead", "lead-password");
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string anna_id_;
  std::string lead_;
};

TEST_F(EnrolmentIntegration, ALeadEnrolsAColleaguesTabletByCodeAndThePinIsTheServedKey) {
  HttpReply created = client_->post("/api/v1/enrolments", R"({"user_id": ")" + anna_id_ + "\"}", lead_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = parse(created.body).as_object();
  const std::string code(body.at("code").as_string());
  const std::string pin = openssl_pin(server_.data_dir().parent_path() / "certs" / "server.pem");
  EXPECT_EQ(body.at("uri").as_string(), "faltlogg://enrol?server=https%3A%2F%2F127.0.0.1%3A" +
                                            std::to_string(server_.port()) + "&code=" + code + "&pin=" + pin);

  HttpReply enrolled = client_->post("/api/v1/auth/enrol", enrol_body(code));
  ASSERT_EQ(enrolled.status, 200) << enrolled.body;
  auto session = parse(enrolled.body).as_object();
  EXPECT_EQ(session.at("user").at("id").as_string(), anna_id_);
  EXPECT_EQ(session.at("reference_items").at("areas").at(0).at("id").as_string(), "omr-1");
  const std::string token(session.at("token").as_string());
  const std::string device(session.at("device_id").as_string());
  HttpReply push = client_->post("/api/v1/sync/push",
                                 push_body(core::make_uuid_v4(), {field_contact(core::make_uuid_v4(),
                                                                                make_hlc(core::now_millis(), 1, device))}),
                                 token);
  ASSERT_EQ(push.status, 200) << push.body;
  EXPECT_EQ(parse(push.body).at("results").at(0).at("status").as_string(), "accepted");

  HttpReply again = client_->post("/api/v1/auth/enrol", enrol_body(code));
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(problem_code(again), "enrolment_used");
  EXPECT_EQ(problem_code(client_->post("/api/v1/auth/enrol", enrol_body("ZZZZZ-ZZZZZ"))), "unauthorized");
  EXPECT_EQ(client_->post("/api/v1/auth/enrol", "{\"code\": [1]}").status, 400);
  EXPECT_EQ(client_->post("/api/v1/enrolments", R"({"user_id": ")" + anna_id_ + "\"}", token).status, 403);
}

TEST_F(EnrolmentIntegration, TheAdminToolIssuesCodesBesideTheRunningServer) {
  const std::string code = admin_code(server_, "anna");
  ASSERT_EQ(code.size(), 10u);
  HttpReply enrolled = client_->post("/api/v1/auth/enrol", enrol_body(code));
  EXPECT_EQ(enrolled.status, 200) << enrolled.body;
}

TEST_F(EnrolmentIntegration, OfManyTabletsRedeemingOneCodeAtOnceExactlyOneWins) {
  const std::string code = admin_code(server_, "anna");
  const auto before = row_counts(server_);
  std::atomic<int> won{0};
  std::atomic<int> used{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      TlsHttpClient client(server_.port(), server_.ca_file());
      HttpReply reply = client.post("/api/v1/auth/enrol", enrol_body(code));
      if (reply.status == 200) ++won;
      if (reply.status == 410 && problem_code(reply) == "enrolment_used") ++used;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(used.load(), 5);
  EXPECT_EQ(row_counts(server_).at("devices"), before.at("devices") + 1);
}

// (code_hash, used, device_id, device exists, token exists) for every code in the server's file.
struct CodeRow {
  bool used = false;
  bool has_device_id = false;
  bool device_exists = false;
  bool token_exists = false;
};

std::vector<CodeRow> code_rows(const ServerProcess& server) {
  sqlite3* db = nullptr;
  sqlite3_open_v2((server.data_dir() / "faltlogg.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::vector<CodeRow> rows;
  const char* sql =
      "SELECT c.used_at IS NOT NULL, c.device_id IS NOT NULL,"
      " EXISTS (SELECT 1 FROM devices d WHERE d.id = c.device_id),"
      " EXISTS (SELECT 1 FROM tokens t WHERE t.device_id = c.device_id) FROM enrolment_codes c";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      rows.push_back({sqlite3_column_int(stmt, 0) != 0, sqlite3_column_int(stmt, 1) != 0,
                      sqlite3_column_int(stmt, 2) != 0, sqlite3_column_int(stmt, 3) != 0});
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

TEST_F(EnrolmentIntegration, Kill9AmidEnrolmentsLeavesNoHalfEnrolledCode) {
  std::vector<std::string> codes;
  for (int i = 0; i < 12; ++i) {
    // A new code replaces the user's older ones, so each code belongs to its own user.
    const std::string name = "worker" + std::to_string(i);
    server_.add_user(name, "field_worker", "Fält Nord", "password-123");
    codes.push_back(admin_code(server_, name));
  }
  const std::int64_t devices_before = row_counts(server_).at("devices");
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      try {
        TlsHttpClient client(server_.port(), server_.ca_file());
        for (std::size_t i = static_cast<std::size_t>(t); i < codes.size(); i += 3) {
          if (client.post("/api/v1/auth/enrol", enrol_body(codes[i])).status == 200) ++answered;
        }
      } catch (const std::exception&) {
        // the server died under this request: its outcome is what the store says after restart
      }
    });
  }
  // Kill once enrolments are flowing, so some are in flight when the process dies.
  for (int i = 0; i < 500 && answered.load() < 3; ++i) std::this_thread::sleep_for(10ms);
  server_.kill9();
  for (auto& thread : threads) thread.join();
  server_.restart();

  int spent = 0;
  for (const CodeRow& row : code_rows(server_)) {
    EXPECT_EQ(row.used, row.has_device_id);
    if (row.used) {
      ++spent;
      EXPECT_TRUE(row.device_exists);
      EXPECT_TRUE(row.token_exists);
    }
  }
  EXPECT_GE(spent, answered.load());
  EXPECT_EQ(row_counts(server_).at("devices"), devices_before + spent);  // no device without its code
  // Every code answers consistently after the restart: spent ones 410, the others still work once.
  TlsHttpClient client(server_.port(), server_.ca_file());
  int redeemed_now = 0;
  for (const std::string& code : codes) {
    HttpReply reply = client.post("/api/v1/auth/enrol", enrol_body(code));
    EXPECT_TRUE(reply.status == 200 || (reply.status == 410 && problem_code(reply) == "enrolment_used")) << reply.body;
    redeemed_now += reply.status == 200 ? 1 : 0;
  }
  EXPECT_EQ(spent + redeemed_now, static_cast<int>(codes.size()));
}

}  // namespace
}  // namespace faltlogg::test
