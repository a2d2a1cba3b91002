// Hostile clients against the real server (issue 15): idle connections from one address, bodies sent before
// authentication, HTTP framing tricks, bodies that are not JSON, and a SIGTERM while answers are in flight.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

// A plain TCP connection from `source` (a loopback address) to the server, sending nothing.
int idle_connection(const char* source, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// True once the server has closed the connection (read gives EOF or an error) within `timeout`.
bool closed_by_server(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte = 0;
  return ::recv(fd, &byte, 1, MSG_DONTWAIT) <= 0;
}

TEST(HostileClients, IdleConnectionsFromOneAddressDoNotLockOthersOutAndAreDroppedSoon) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start({"--max-connections-per-address", "50", "--handshake-timeout", "2"});
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) {
    const int fd = idle_connection("127.0.0.2", server.port());
    ASSERT_GE(fd, 0) << "could not connect from 127.0.0.2";
    idle.push_back(fd);
  }
  // Everyone else is still served at once.
  TlsHttpClient client(server.port(), server.ca_file());
  client.set_timeout(5s);
  EXPECT_FALSE(login(client, "anna", "anna-password").empty());
  // Over the per-address cap the server closed the extra connections right away.
  std::this_thread::sleep_for(300ms);  // well inside the 2 s handshake deadline
  int refused = 0;
  for (int fd : idle) refused += closed_by_server(fd, 0ms) ? 1 : 0;
  EXPECT_EQ(refused, 250);
  // The rest said nothing, so the handshake deadline ends them too.
  int ended = 0;
  for (int fd : idle) ended += closed_by_server(fd, 4000ms) ? 1 : 0;
  EXPECT_EQ(ended, 300);
  for (int fd : idle) ::close(fd);
}

// A full server makes room by closing the connection idle the longest, instead of refusing everyone until the
// idle ones reach their deadline (here 30 s: nothing else would free a slot within the test).
TEST(HostileClients, AFullServerClosesTheLongestIdleConnectionForANewcomer) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start({"--max-connections", "40", "--max-connections-per-address", "10", "--handshake-timeout", "30",
                "--idle-timeout", "30"});
  std::vector<int> idle;
  for (const char* source : {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"}) {
    for (int i = 0; i < 10; ++i) {
      const int fd = idle_connection(source, server.port());
      ASSERT_GE(fd, 0) << "could not connect from " << source;
      idle.push_back(fd);
      std::this_thread::sleep_for(5ms);  // so "longest idle" is the order they were opened in
    }
  }
  std::this_thread::sleep_for(300ms);
  for (int fd : idle) EXPECT_FALSE(closed_by_server(fd, 0ms)) << "the server was not full yet";
  TlsHttpClient client(server.port(), server.ca_file());
  client.set_timeout(5s);
  EXPECT_FALSE(login(client, "anna", "anna-password").empty()) << "a newcomer to a full server was refused";
  // The oldest idle connection made room; the newest ones were kept.
  EXPECT_TRUE(closed_by_server(idle.front(), 2000ms));
  EXPECT_FALSE(closed_by_server(idle.back(), 0ms));
  for (int fd : idle) ::close(fd);
}

class HostileRequests : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.start();
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    token_ = login(*client_, "anna", "anna-password");
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string token_;
};

TEST_F(HostileRequests, AnUnauthenticatedPushIsRefusedBeforeItsBodyIsRead) {
  // Only the header arrives: the server answers 401 from the header alone instead of waiting for 3 MB.
  const std::string head =
      "POST /api/v1/sync/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Authorization: Bearer not-a-token\r\nContent-Length: 3000000\r\n\r\n";
  const std::string answer = client_->send_raw(head, 5s);
  EXPECT_NE(answer.find("HTTP/1.1 401"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
}

TEST_F(HostileRequests, RoutesWithoutLoginTakeOnlySmallBodies) {
  const std::string big_login = R"({"username": "anna", "password": ")" + std::string(70000, 'x') + R"("})";
  HttpReply reply = client_->post("/api/v1/auth/login", big_login);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(problem_code(reply), "payload_too_large");
  client_->disconnect();
  // An authenticated push of the same size is fine (within the 4 MiB limit).
  boost::json::array records;
  auto record = field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 1000, 0, "t1"));
  records.push_back(record);
  std::string body = push_body(core::make_uuid_v4(), records);
  body.insert(body.size() - 1, ",\"padding_is_refused\":\"" + std::string(70000, 'x') + "\"");
  HttpReply push = client_->post("/api/v1/sync/push", body, token_);
  EXPECT_EQ(push.status, 400) << "the body was read and judged on its content, not refused by size";
}

// Refusals made before any route sees the request carry the same security headers as every other answer.
void expect_refusal(const std::string& answer, const std::string& status_line) {
  EXPECT_NE(answer.find(status_line), std::string::npos) << answer;
  for (const char* header : {"Content-Security-Policy: default-src 'none'", "Strict-Transport-Security: max-age=",
                             "X-Frame-Options: DENY", "Cache-Control: no-store", "application/problem+json"}) {
    EXPECT_NE(answer.find(header), std::string::npos) << header << " missing in\n" << answer;
  }
}

TEST_F(HostileRequests, FramingThatRfc9112RefusesGets400) {
  const std::string no_host = "GET /healthz HTTP/1.1\r\n\r\n";
  expect_refusal(client_->send_raw(no_host, 5s), "HTTP/1.1 400");
  const std::string gzip_only =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}";
  expect_refusal(client_->send_raw(gzip_only, 5s), "HTTP/1.1 400");
  const std::string both =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  expect_refusal(client_->send_raw(both, 5s), "HTTP/1.1 400");
  const std::string garbage = "HELLO THERE\r\n\r\n";
  expect_refusal(client_->send_raw(garbage, 5s), "HTTP/1.1 400");
  const std::string form_post =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
      "Content-Length: 2\r\n\r\n{}";
  expect_refusal(client_->send_raw(form_post, 5s), "HTTP/1.1 415");
  const std::string too_big =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 900000\r\n\r\n";
  expect_refusal(client_->send_raw(too_big, 5s), "HTTP/1.1 413");
  // HTTP/1.0 without Host is still fine.
  EXPECT_NE(client_->send_raw("GET /healthz HTTP/1.0\r\n\r\n", 5s).find(" 200 "), std::string::npos);
}

TEST_F(HostileRequests, BodiesThatAreNotJsonGet415AndChangeNothing) {
  const auto before = row_counts(server_);
  const std::string login_json = R"({"username":"anna","password":"anna-password","device_name":"x"})";
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                 "application/jsonp", ""}) {
    std::map<std::string, std::string> headers{{"Content-Type", type}};
    HttpReply reply = client_->request("POST", "/api/v1/auth/login", login_json, "", headers);
    EXPECT_EQ(reply.status, 415) << type;
    EXPECT_EQ(problem_code(reply), "unsupported_media_type") << type;
    client_->disconnect();
  }
  EXPECT_EQ(row_counts(server_), before);  // no device row, no token
  HttpReply ok = client_->request("POST", "/api/v1/auth/login", login_json, "",
                                  {{"Content-Type", "Application/JSON ; charset=utf-8"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(GracefulStop, SigtermAnswersThePushInFlightThenExits) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start({"--fail-point", "slow_push"});
  TlsHttpClient client(server.port(), server.ca_file());
  const std::string token = login(client, "anna", "anna-password");
  boost::json::array records;
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(core::make_uuid_v4());
    records.push_back(field_contact(ids.back(), make_hlc(core::now_millis() - 5000 + i, 0, "t1")));
  }
  const std::string body = push_body(core::make_uuid_v4(), records);
  auto pushed = std::async(std::launch::async, [&] { return client.post("/api/v1/sync/push", body, token); });
  std::this_thread::sleep_for(400ms);  // the push is now held in the handler for 1.5 s
  server.stop();                       // SIGTERM, waits for the exit
  HttpReply reply = pushed.get();
  ASSERT_EQ(reply.status, 200) << "the answer in flight was dropped: " << reply.body;
  const auto reply_json = parse(reply.body);
  for (const auto& result : reply_json.at("results").as_array()) {
    EXPECT_EQ(result.at("status").as_string(), "accepted");
  }
  EXPECT_NE(server.log_text().find("\"draining\""), std::string::npos);
  // What was acknowledged is there after a restart.
  server.restart();
  TlsHttpClient after(server.port(), server.ca_file());
  const std::string token2 = login(after, "anna", "anna-password");
  HttpReply pulled = after.get("/api/v1/sync/pull?cursor=0&limit=1000", token2);
  EXPECT_EQ(parse(pulled.body).at("records").as_array().size(), ids.size());
}

}  // namespace
}  // namespace faltlogg::test
