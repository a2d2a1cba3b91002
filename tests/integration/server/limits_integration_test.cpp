// Transport limits: oversized bodies and headers, slow clients, path traversal, keep-alive, TLS floor.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

class LimitsIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.start({"--idle-timeout", "2", "--body-limit", "65536"});
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    token_ = login(*client_, "anna", "anna-password");
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string token_;
};

TEST_F(LimitsIntegration, AnOversizedBodyGets413AndChangesNothing) {
  const auto before = row_counts(server_);
  HttpReply reply = client_->post("/api/v1/sync/push", std::string(70000, ' '), token_);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(problem_code(reply), "payload_too_large");
  client_->disconnect();
  EXPECT_EQ(row_counts(server_), before);
}

// A tablet (Qt) sends its whole batch before it reads the answer, and a write error fails the request. If the server closed as soon as it had answered,
// the kernel would reset the connection on the bytes still arriving, and the reset throws away the 413 the
// client has not read yet: the tablet saw "connection reset" and never split its batch. Every try must get
// the 413 itself.
TEST_F(LimitsIntegration, AClientStillSendingAnOversizedBodyReadsThe413) {
  const std::string body(4 * 1024 * 1024, ' ');
  client_->set_write_errors_fatal(true);
  for (int attempt = 0; attempt < 5; ++attempt) {
    client_->disconnect();
    HttpReply reply = client_->post("/api/v1/sync/push", body, token_);
    EXPECT_EQ(reply.status, 413) << "attempt " << attempt;
    EXPECT_EQ(problem_code(reply), "payload_too_large") << "attempt " << attempt;
  }
}

// The same for a refusal from the headers alone, at the default 4 MiB body limit: an expired login must reach
// the tablet as 401 (it then signs in again), not as a reset.
TEST(LimitsAtDefaults, AClientStillSendingABodyWithABadTokenReadsThe401) {
  ServerProcess server;
  server.start({});
  TlsHttpClient client(server.port(), server.ca_file());
  client.set_write_errors_fatal(true);
  const std::string body(3 * 1024 * 1024, ' ');
  for (int attempt = 0; attempt < 5; ++attempt) {
    client.disconnect();
    HttpReply reply = client.post("/api/v1/sync/push", body, "not-a-valid-token");
    EXPECT_EQ(reply.status, 401) << "attempt " << attempt;
  }
}

TEST_F(LimitsIntegration, ADeclaredOversizedBodyIsRefusedBeforeItIsSent) {
  // Only the header arrives; the server answers from the Content-Length alone.
  std::string head = "POST /api/v1/sync/push HTTP/1.1\r\nHost: localhost\r\nContent-Length: 999999999\r\n\r\n";
  std::string answer = client_->send_raw(head, 5s);
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer;
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);
}

TEST_F(LimitsIntegration, AnOversizedHeaderGets413) {
  HttpReply reply = client_->request("GET", "/healthz", "", "", {{"X-Padding", std::string(20000, 'a')}});
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(problem_code(reply), "payload_too_large");
}

TEST_F(LimitsIntegration, ASlowClientIsCutAfterTheRequestDeadline) {
  // Sends one byte every 300 ms: the whole request would take far longer than the 2 s deadline.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + std::string(40, 'a') + "\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  std::string answer = client_->send_raw(request, 8s, 1, 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(answer.find("200 OK"), std::string::npos) << "slow request was served";
  EXPECT_LT(elapsed, 6s);
}

TEST_F(LimitsIntegration, PathTraversalIsRefusedWithInvalidPath) {
  const auto before = row_counts(server_);
  for (const std::string target : {"/api/v1/../../etc/passwd", "/api/v1/review/..%2f..%2fetc", "/api/v1/%2e%2e/x",
                                   "/api/v1/review/.."}) {
    HttpReply reply = client_->get(target, token_);
    EXPECT_EQ(reply.status, 400) << target;
    EXPECT_EQ(problem_code(reply), "invalid_path") << target;
  }
  EXPECT_EQ(client_->post("/api/v1/sync/../sync/push", "{}", token_).status, 400);
  EXPECT_EQ(row_counts(server_), before);
}

// At the cap, a newcomer takes the slot of the connection idle the longest (kept alive between requests here),
// instead of being refused until that one's idle deadline (30 s).
TEST(ConnectionCap, ANewcomerToAFullServerTakesTheLongestIdleSlot) {
  ServerProcess server;
  server.start({"--max-connections", "2"});
  TlsHttpClient first(server.port(), server.ca_file());
  TlsHttpClient second(server.port(), server.ca_file());
  ASSERT_EQ(first.get("/healthz").status, 200);  // both stay open (keep-alive), idle
  ASSERT_EQ(second.get("/healthz").status, 200);
  TlsHttpClient third(server.port(), server.ca_file());
  third.set_timeout(3s);
  EXPECT_EQ(third.get("/healthz").status, 200);
  EXPECT_NE(server.log_text().find("connection_evicted"), std::string::npos);
  // The evicted client simply connects again (as Qt and the test client do on a closed kept-alive connection).
  EXPECT_EQ(first.get("/healthz").status, 200);
}

// When every connection is mid-request, nothing is cut: the newcomer is refused, and served once one finishes.
TEST(ConnectionCap, ConnectionsOverTheCapAreClosedWhileNoneIsIdle) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start({"--max-connections", "2", "--fail-point", "slow_push"});
  std::string token;
  {
    TlsHttpClient signin(server.port(), server.ca_file());
    token = login(signin, "anna", "anna-password");
  }
  TlsHttpClient first(server.port(), server.ca_file());
  TlsHttpClient second(server.port(), server.ca_file());
  auto push = [&](TlsHttpClient& client) {
    boost::json::array records;
    records.push_back(field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 5000, 0, "t1")));
    return client.post("/api/v1/sync/push", push_body(core::make_uuid_v4(), records), token).status;
  };
  auto pushed_first = std::async(std::launch::async, [&] { return push(first); });
  auto pushed_second = std::async(std::launch::async, [&] { return push(second); });
  std::this_thread::sleep_for(600ms);  // both pushes are now held in the handler for 1.5 s
  TlsHttpClient third(server.port(), server.ca_file());
  third.set_timeout(500ms);
  EXPECT_ANY_THROW(third.get("/healthz"));
  EXPECT_EQ(pushed_first.get(), 200) << "a request in flight was cut";
  EXPECT_EQ(pushed_second.get(), 200) << "a request in flight was cut";
  third.set_timeout(3s);
  EXPECT_EQ(third.get("/healthz").status, 200);
}

// Handshakes with the openssl command-line client: TLS 1.2/1.3 with forward-secret AEAD suites work,
// TLS 1.1 and CBC / static-RSA suites are refused by the server.
TEST_F(LimitsIntegration, OnlyModernTlsIsAccepted) {
  auto handshake = [&](const std::string& options) {
    const std::string command = "openssl s_client -connect 127.0.0.1:" + std::to_string(server_.port()) + " " +
                                options + " -CAfile " + server_.ca_file() + " </dev/null >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  };
  EXPECT_TRUE(handshake("-tls1_2"));
  EXPECT_TRUE(handshake("-tls1_3"));
  // SECLEVEL=0 lets the client offer TLS 1.1 at all, so the refusal below is the server's.
  EXPECT_FALSE(handshake("-tls1_1 -cipher DEFAULT@SECLEVEL=0"));
  EXPECT_FALSE(handshake("-tls1_2 -cipher AES128-SHA"));
  EXPECT_FALSE(handshake("-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA"));
}

TEST_F(LimitsIntegration, UnknownPathsAre404AndWrongMethods405) {
  EXPECT_EQ(problem_code(client_->get("/api/v1/nothing-here", token_)), "not_found");
  EXPECT_EQ(client_->get("/api/v1/sync/push", token_).status, 405);
}

TEST_F(LimitsIntegration, KeepAliveServesSeveralRequestsOnOneConnection) {
  for (int i = 0; i < 5; ++i) {
    HttpReply reply = client_->get("/healthz");
    EXPECT_EQ(reply.status, 200);
    EXPECT_NE(reply.header("connection"), "close");
  }
  HttpReply version = client_->get("/api/v1/version");
  EXPECT_EQ(parse(version.body).at("protocol").as_int64(), 1);
}

TEST_F(LimitsIntegration, MetricsCountRequestsWithoutPersonalData) {
  client_->get("/healthz");
  // Only on the metrics listener: the public port does not know the path.
  EXPECT_EQ(client_->get("/metrics").status, 404);
  ASSERT_NE(server_.metrics_port(), 0);
  TlsHttpClient scraper(server_.metrics_port(), server_.ca_file());
  HttpReply metrics = scraper.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("faltlogg_http_requests_total{route=\"/healthz\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("faltlogg_logins_total 1"), std::string::npos);
  EXPECT_EQ(metrics.body.find("anna"), std::string::npos);
  EXPECT_EQ(server_.log_text().find("anna"), std::string::npos) << "a username reached the log";
  // The metrics listener serves nothing of the API.
  EXPECT_EQ(scraper.get("/api/v1/version").status, 404);
  EXPECT_EQ(scraper.post("/api/v1/auth/login", R"({"username":"anna","password":"anna-password"})").status, 404);
}

TEST(MetricsListener, IsLoopbackByDefaultAndCanBeTurnedOff) {
  ServerProcess server;
  CommandResult config;
  {
    // --print-config shows the default without starting anything.
    const std::string command = ServerProcess::server_binary().string() + " --print-config";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) config.out += buffer;
    ::pclose(pipe);
  }
  EXPECT_NE(config.out.find("metrics_listen = 127.0.0.1:9464"), std::string::npos) << config.out;
  server.start({"--metrics-listen", "off"});
  EXPECT_EQ(server.metrics_port(), 0);
  TlsHttpClient client(server.port(), server.ca_file());
  EXPECT_EQ(client.get("/metrics").status, 404);
  EXPECT_EQ(client.get("/healthz").status, 200);
}

}  // namespace
}  // namespace faltlogg::test
