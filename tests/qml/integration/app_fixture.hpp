// Shared by the app-against-real-server tests: the real faltlogg-server (ServerProcess), the real QML app
// (Main.qml through QQmlApplicationEngine, offscreen) and its Session, plus a synchronous look at what the
// server holds (as the team lead, over TLS with the dev CA).
#pragma once

#include "faltlogg/core/json.hpp"
#include "models/record_draft.hpp"
#include "models/session.hpp"
#include "server_process.hpp"
#include "tls_client.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QQmlApplicationEngine>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

namespace faltlogg::client::testing {

inline bool waitUntil(const std::function<bool()>& done, int timeoutMs = 20000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  return done();
}

// Saves as the form does and waits for the write, which happens on the sync thread: true once stored.
inline bool saveAndWait(RecordDraft* draft) {
  if (draft == nullptr || !draft->save()) return false;
  waitUntil([&] { return !draft->saving(); });
  return !draft->saving() && draft->saveError().isEmpty() && !draft->recordId().isEmpty();
}

inline constexpr const char* kTestPassphrase = "tre vanliga ord och en siffra 7";

class AppFixture : public ::testing::Test {
 protected:
  // Adds falt1 (field worker) and lead1 (team lead) of Team Norr; starts the server with serverArgs.
  void startServer(const std::vector<std::string>& serverArgs = {}) {
    server_.add_user("falt1", "field_worker", "Team Norr", "falt1-lösenord");
    server_.add_user("lead1", "team_lead", "Team Norr", "lead1-lösenord");
    server_.start(serverArgs);
  }

  void loadApp(SessionOptions options = {}) {
    ASSERT_TRUE(dataDir_.isValid());
    options.dataDirectory = (dataDir_.path() + QStringLiteral("/store")).toStdString();
    options.kdf = core::KdfStrength::test_fast;
    Session::setDefaultOptions(options);
    engine_.addImportPath(QStringLiteral("qrc:/"));
    engine_.load(QUrl(QStringLiteral("qrc:/Faltlogg/Main.qml")));
    ASSERT_FALSE(engine_.rootObjects().isEmpty());
    session_ = engine_.singletonInstance<Session*>(qmlTypeId("Faltlogg.Models", 1, 0, "Session"));
    ASSERT_NE(session_, nullptr);
  }

  QString url(std::uint16_t port = 0) const {
    return QStringLiteral("https://127.0.0.1:%1").arg(port != 0 ? port : server_.port());
  }

  // First start as falt1 against url; waits until the first sync is over.
  void setUpApp(const QString& serverUrl) {
    session_->setUp(serverUrl, "falt1", "falt1-lösenord", QString::fromStdString(server_.ca_file()), kTestPassphrase);
    ASSERT_TRUE(waitUntil([&] { return session_->stage() == Session::Stage::Unlocked; }))
        << session_->setupError().toStdString();
    ASSERT_TRUE(waitUntil([&] {
      return !session_->sync()->busy() && session_->sync()->state() != SyncStatus::State::NeverSynced;
    }));
  }

  // Every record of the lead's team on the server (id -> its data), as that lead's review list shows them.
  // The lead logs in once (a login per poll would trip the server's rate limit).
  std::map<std::string, boost::json::object> recordsOnServer(const std::string& lead, const std::string& password) {
    std::map<std::string, boost::json::object> records;
    try {
      test::TlsHttpClient client(server_.port(), server_.ca_file(), "127.0.0.1");
      std::string& token = leadTokens_[lead];
      if (token.empty()) {
        auto login = client.request("POST", "/api/v1/auth/login",
                                    core::to_json_text(boost::json::object{
                                        {"username", lead}, {"password", password}, {"device_name", "test"}}));
        auto json = core::parse_json(login.body);
        if (login.status != 200 || !json) return records;
        token = std::string(json->as_object().at("token").as_string());
      }
      auto reply = client.get("/api/v1/review/records?limit=1000", token);
      auto json = core::parse_json(reply.body, core::JsonLimits{64 * 1024 * 1024, 32});
      if (reply.status != 200 || !json) return records;
      const auto* items = json->as_object().if_contains("items");
      if (items == nullptr) items = json->as_object().if_contains("records");
      if (items == nullptr || !items->is_array()) return records;
      for (const auto& item : items->as_array()) {
        const auto& record = item.at("record").as_object();
        const auto* data = record.if_contains("data");
        records[std::string(record.at("id").as_string())] =
            data != nullptr && data->is_object() ? data->as_object() : boost::json::object{};
      }
    } catch (const std::exception&) {
      // server down: nothing visible
    }
    return records;
  }

  // The ids of every record of the team on the server, as the team lead's review list shows them.
  std::set<std::string> idsOnServer() {
    std::set<std::string> ids;
    for (const auto& [id, data] : recordsOnServer("lead1", "lead1-lösenord")) ids.insert(id);
    return ids;
  }

  test::ServerProcess server_;
  QTemporaryDir dataDir_;
  QQmlApplicationEngine engine_;
  Session* session_ = nullptr;
  std::map<std::string, std::string> leadTokens_;
};

}  // namespace faltlogg::client::testing
