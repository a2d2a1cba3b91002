#include "sync/server_api.hpp"

#include "test_store_dir.hpp"

#include <QCoreApplication>
#include <QNetworkReply>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace faltlogg::client {
namespace {

core::Result<boost::json::value> reply(int status, const char* body,
                                       QNetworkReply::NetworkError error = QNetworkReply::NoError) {
  return interpretReply(status, QByteArray(body), static_cast<int>(error), QStringLiteral("boom"));
}

TEST(InterpretReply, SuccessBodyIsParsed) {
  auto json = reply(200, R"({"records": [], "next_cursor": 0, "more": false})");
  ASSERT_TRUE(json.ok());
  EXPECT_TRUE(json->as_object().contains("records"));
}

TEST(InterpretReply, UnreadableSuccessBodyIsTheServersFault) {
  auto json = reply(200, "<html>proxy login</html>");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.problem().code, "invalid_response");
}

TEST(InterpretReply, ProblemJsonKeepsTheServersCodeAndStatus) {
  auto json = reply(401, R"({"type":"https://faltlogg.se/problems/device_revoked","title":"Device revoked",
                              "status":401,"detail":"ask your lead","code":"device_revoked"})");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.problem().code, "device_revoked");
  EXPECT_EQ(json.problem().status, 401);
}

TEST(InterpretReply, ErrorWithoutProblemBodyGetsAGenericCode) {
  EXPECT_EQ(reply(502, "Bad gateway").problem().code, "server_error");
  EXPECT_EQ(reply(502, "Bad gateway").problem().status, 502);
  EXPECT_EQ(reply(404, "").problem().code, "http_error");
  EXPECT_EQ(reply(400, R"({"no_code": true})").problem().code, "http_error");
}

TEST(InterpretReply, TransportFailuresAreNamed) {
  EXPECT_EQ(reply(0, "", QNetworkReply::ConnectionRefusedError).problem().code, "network_error");
  EXPECT_EQ(reply(0, "", QNetworkReply::RemoteHostClosedError).problem().code, "network_error");
  EXPECT_EQ(reply(0, "", QNetworkReply::SslHandshakeFailedError).problem().code, "tls_error");
  EXPECT_EQ(reply(0, "", QNetworkReply::TimeoutError).problem().code, "timeout");
}

TEST(InterpretReply, BodyCutOffAfterTheStatusLineIsANetworkFailureNotData) {
  auto cut = reply(200, R"({"records": [{"id": "x"}, )", QNetworkReply::RemoteHostClosedError);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.problem().code, "network_error");
  EXPECT_EQ(reply(200, "{}", QNetworkReply::ProtocolFailure).problem().code, "network_error");
  // An HTTP-level error code that Qt sets for a 404 is still answered from the body.
  EXPECT_EQ(reply(404, R"({"code": "not_found", "title": "x", "status": 404})", QNetworkReply::ContentNotFoundError)
                .problem()
                .code,
            "not_found");
}

class ServerApiConfigure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "server_api_test";
    static char* argv[] = {name, nullptr};
    if (QCoreApplication::instance() == nullptr) {
      new QCoreApplication(argc, argv);
    }
  }
  testing::TempDir dir_;
};

TEST_F(ServerApiConfigure, RefusesPlainHttpAndMissingCa) {
  ServerApi plain(QUrl("http://127.0.0.1:1"), QString());
  EXPECT_EQ(plain.configure().problem().code, "invalid_argument");
  ServerApi noCa(QUrl("https://127.0.0.1:1"), QString::fromStdString((dir_.path() / "none.pem").string()));
  EXPECT_EQ(noCa.configure().problem().code, "tls_error");
  const auto garbage = dir_.path() / "garbage.pem";
  std::ofstream(garbage) << "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
  ServerApi badCa(QUrl("https://127.0.0.1:1"), QString::fromStdString(garbage.string()));
  EXPECT_EQ(badCa.configure().problem().code, "tls_error");
}

TEST_F(ServerApiConfigure, AcceptsARealCaFile) {
  const std::string command = "bash '" FALTLOGG_SOURCE_DIR_FOR_TESTS "/certs/gen-dev-certs.sh' '" +
                              dir_.path().string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  ServerApi api(QUrl("https://127.0.0.1:1"), QString::fromStdString((dir_.path() / "ca.pem").string()));
  EXPECT_TRUE(api.configure().ok());
}

}  // namespace
}  // namespace faltlogg::client
