// The app against the real server: first start (login, passphrase, first sync) through the Session the
// QML pages use, a field contact logged and synced, then found on the server by the team lead.
#include "faltlogg/core/protocol.hpp"
#include "models/record_draft.hpp"
#include "models/review_source.hpp"
#include "models/session.hpp"
#include "server_process.hpp"
#include "sync/server_api.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>

#include <gtest/gtest.h>

Q_IMPORT_QML_PLUGIN(FaltloggPlugin)
Q_IMPORT_QML_PLUGIN(Faltlogg_ModelsPlugin)

namespace faltlogg::client {
namespace {

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 20000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  return done();
}

class AppServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("falt1", "field_worker", "Team Norr", "falt1-lösenord");
    server_.add_user("lead1", "team_lead", "Team Norr", "lead1-lösenord");
    server_.add_user("fam1", "family_therapist", "Familj Norr", "fam1-lösenord");
    server_.add_user("lead2", "team_lead", "Familj Norr", "lead2-lösenord");
    server_.start();
    ASSERT_TRUE(dataDir_.isValid());
    SessionOptions options;
    options.dataDirectory = (dataDir_.path() + QStringLiteral("/store")).toStdString();
    options.kdf = core::KdfStrength::test_fast;
    Session::setDefaultOptions(options);
    engine_.addImportPath(QStringLiteral("qrc:/"));
    engine_.load(QUrl(QStringLiteral("qrc:/Faltlogg/Main.qml")));
    ASSERT_FALSE(engine_.rootObjects().isEmpty());
    session_ = engine_.singletonInstance<Session*>(qmlTypeId("Faltlogg.Models", 1, 0, "Session"));
    ASSERT_NE(session_, nullptr);
  }

  QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(server_.port()); }

  // A review client logged in as the team lead, the same client the app's lead mode uses.
  std::unique_ptr<HttpReviewSource> teamLeadReviews(const std::string& username = "lead1") {
    ServerApi api(QUrl(url()), QString::fromStdString(server_.ca_file()));
    EXPECT_TRUE(api.configure());
    std::optional<core::Result<LoginAnswer>> login;
    api.login({username, username + "-lösenord", "test"}, [&](auto reply) { login = std::move(reply); });
    EXPECT_TRUE(waitUntil([&] { return login.has_value(); }));
    if (!login || !*login) {
      ADD_FAILURE() << "team lead login failed";
      return nullptr;
    }
    return std::make_unique<HttpReviewSource>(QUrl(url()), QString::fromStdString(server_.ca_file()),
                                              QString::fromStdString(login->value().token));
  }

  std::vector<TeamRecord> recordsOnServer(HttpReviewSource& reviews) {
    std::optional<core::Result<std::vector<TeamRecord>>> list;
    reviews.fetch("", [&](auto reply) { list = std::move(reply); });
    EXPECT_TRUE(waitUntil([&] { return list.has_value(); }));
    if (!list || !*list) {
      ADD_FAILURE() << "review list failed: " << (list ? list->problem().detail : "timeout");
      return {};
    }
    return std::move(list->value());
  }

  test::ServerProcess server_;
  QTemporaryDir dataDir_;
  QQmlApplicationEngine engine_;
  Session* session_ = nullptr;
};

TEST_F(AppServerTest, LogsAContactSyncsItAndTheServerHasIt) {
  ASSERT_EQ(session_->stage(), Session::Stage::NeedsSetup);
  session_->setUp(url(), "falt1", "falt1-lösenord", QString::fromStdString(server_.ca_file()),
                  "tre vanliga ord och en siffra 7");
  ASSERT_TRUE(waitUntil([&] { return session_->stage() == Session::Stage::Unlocked; }))
      << session_->setupError().toStdString();
  ASSERT_TRUE(waitUntil([&] { return !session_->sync()->busy(); }));

  RecordDraft* draft = session_->newDraft("faltkontakt");
  ASSERT_NE(draft, nullptr);
  draft->setInteger("duration_min", 30);
  draft->setText("area_id", "omr-2");
  draft->chooseOption("arena", "kollektivtrafik");
  draft->chooseOption("kontakt", "kand");  // faltkontakt v2
  draft->chooseOption("aktivitet", "relationsskapande");
  draft->stepGridCell("youths", 0, 1, 1);
  draft->setBool("in_pair", true);
  ASSERT_TRUE(draft->save()) << draft->saveError().toStdString();
  ASSERT_TRUE(waitUntil([&] { return !draft->saving(); }));
  const std::string id = draft->recordId().toStdString();
  ASSERT_FALSE(id.empty()) << draft->saveError().toStdString();
  EXPECT_EQ(session_->sync()->pendingCount(), 1);

  session_->syncNow();
  ASSERT_TRUE(waitUntil([&] { return session_->sync()->state() == SyncStatus::State::Synced; }))
      << session_->sync()->headline().toStdString() << " / " << session_->sync()->advice().toStdString();
  EXPECT_EQ(session_->sync()->pendingCount(), 0);
  // The list is read on the sync thread and arrives a moment after the bar says synced.
  EXPECT_TRUE(waitUntil([&] {
    const int row = session_->records()->rowOf(QString::fromStdString(id));
    return row >= 0 && session_->records()->get(row)["syncState"] == "synced";
  }));

  auto lead = teamLeadReviews();
  ASSERT_NE(lead, nullptr);
  const auto onServer = recordsOnServer(*lead);
  const auto found = std::find_if(onServer.begin(), onServer.end(), [&](const TeamRecord& r) { return r.record.id == id; });
  ASSERT_NE(found, onServer.end()) << "the contact is on the server";
  EXPECT_EQ(found->record.data.at("arena").as_string(), "kollektivtrafik");
  EXPECT_EQ(found->record.data.at("area_id").as_string(), "omr-2");

  // The team lead asks for a change; the author's next sync brings the comment to the record.
  std::optional<core::Status> reviewed;
  lead->submit(id, "needs_changes", "Vilka insatser gjordes?", [&](core::Status s) { reviewed = std::move(s); });
  ASSERT_TRUE(waitUntil([&] { return reviewed.has_value(); }));
  ASSERT_TRUE(*reviewed) << reviewed->problem().detail;
  session_->syncNow();
  ASSERT_TRUE(waitUntil([&] {
    const int row = session_->records()->rowOf(QString::fromStdString(id));
    return row >= 0 && session_->records()->get(row)["reviewState"] == "needs_changes";
  })) << "the review reaches the author";
  const auto detail = session_->recordDetail(QString::fromStdString(id));
  EXPECT_EQ(detail["reviewComment"], "Vilka insatser gjordes?");
}

// Issue 16: a family therapist starts a case once, logs a session by picking the case (no retyping of
// the code), closes the case with a reason; the server has all three, and the case is closed there.
TEST_F(AppServerTest, ACaseIsStartedOnceASessionPicksItAndClosingReachesTheServer) {
  session_->setUp(url(), "fam1", "fam1-lösenord", QString::fromStdString(server_.ca_file()),
                  "tre vanliga ord och en siffra 7");
  ASSERT_TRUE(waitUntil([&] { return session_->stage() == Session::Stage::Unlocked; }))
      << session_->setupError().toStdString();
  ASSERT_TRUE(waitUntil([&] { return !session_->sync()->busy(); }));

  RecordDraft* start = session_->newDraft("familjearende");
  ASSERT_NE(start, nullptr) << "the server offers the case record to a family therapist";
  start->setText("case_code", "NV-2026-0420");
  start->chooseOption("barn_alder_band", "10_12");
  start->chooseOption("barn_kon", "pojke");
  start->setInteger("antal_barn", 1);
  start->chooseOption("grund", "bistand");
  ASSERT_TRUE(start->save()) << start->saveError().toStdString();
  // Saves run on the sync thread (decision 0037): the case is known once the list shows it.
  ASSERT_TRUE(waitUntil([&] { return session_->cases()->rowOf("NV-2026-0420") >= 0; }));
  const auto listed = session_->cases()->get(session_->cases()->rowOf("NV-2026-0420"));
  EXPECT_EQ(listed["status"].toString().toStdString(), "open");
  const QString caseId = listed["caseRecordId"].toString();
  ASSERT_FALSE(caseId.isEmpty());

  RecordDraft* visit = session_->newSessionForCase("NV-2026-0420");
  ASSERT_NE(visit, nullptr);
  visit->setInteger("duration_min", 60);
  ASSERT_TRUE(visit->save()) << visit->saveError().toStdString();
  ASSERT_TRUE(waitUntil([&] {
    const int row = session_->cases()->rowOf("NV-2026-0420");
    return row >= 0 && session_->cases()->get(row)["sessionCount"].toInt() == 1;
  }));
  EXPECT_EQ(session_->closeCase(caseId, "planerat"), QString());
  ASSERT_TRUE(waitUntil([&] {
    const int row = session_->cases()->rowOf("NV-2026-0420");
    return row >= 0 && session_->cases()->get(row)["status"].toString() == QLatin1String("closed") &&
           session_->cases()->get(row)["sessionCount"].toInt() == 1;
  }));

  session_->syncNow();
  ASSERT_TRUE(waitUntil([&] { return session_->sync()->state() == SyncStatus::State::Synced; }))
      << session_->sync()->headline().toStdString() << " / " << session_->sync()->advice().toStdString();
  EXPECT_EQ(session_->sync()->pendingCount(), 0) << "nothing refused by the server";
  auto lead = teamLeadReviews("lead2");
  ASSERT_NE(lead, nullptr);
  const auto onServer = recordsOnServer(*lead);
  const auto byId = [&](const std::string& id) {
    return std::find_if(onServer.begin(), onServer.end(), [&](const TeamRecord& r) { return r.record.id == id; });
  };
  const auto closedCase = byId(caseId.toStdString());
  ASSERT_NE(closedCase, onServer.end());
  EXPECT_EQ(closedCase->record.form_id, "familjearende");
  EXPECT_EQ(closedCase->record.data.at("avslutsorsak").as_string(), "planerat");
  EXPECT_TRUE(closedCase->record.data.contains("slutdatum"));
  // The session's id is known only once the sync thread stored it: find it by its form and case code.
  const auto session = std::find_if(onServer.begin(), onServer.end(), [](const TeamRecord& r) {
    return r.record.form_id == "familjebehandling" && r.record.data.contains("case_code") &&
           r.record.data.at("case_code") == "NV-2026-0420";
  });
  ASSERT_NE(session, onServer.end());
  EXPECT_EQ(session->record.data.at("duration_min"), 60);
}

TEST_F(AppServerTest, WrongPasswordLeavesNothingBehind) {
  session_->setUp(url(), "falt1", "fel-lösenord-helt", QString::fromStdString(server_.ca_file()),
                  "tre vanliga ord och en siffra 7");
  ASSERT_TRUE(waitUntil([&] { return !session_->setupBusy(); }));
  EXPECT_EQ(session_->stage(), Session::Stage::NeedsSetup);
  EXPECT_FALSE(session_->setupError().isEmpty());
  EXPECT_FALSE(StoreFiles{(dataDir_.path() + QStringLiteral("/store")).toStdString()}.exists())
      << "a failed first start removes the half-made store";
}

}  // namespace
}  // namespace faltlogg::client

int main(int argc, char** argv) {
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
