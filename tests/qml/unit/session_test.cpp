#include "models/session.hpp"

#include "models/demo_data.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 3000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  return done();
}

class SessionTest : public ::testing::Test {
 protected:
  std::unique_ptr<Session> demoSession() {
    SessionOptions options;
    options.dataDirectory = (dir_.path() + QStringLiteral("/store")).toStdString();
    options.demo = true;
    options.kdf = core::KdfStrength::test_fast;
    return std::make_unique<Session>(options);
  }

  std::unique_ptr<Session> unlockedDemo() {
    auto session = demoSession();
    EXPECT_EQ(session->stage(), Session::Stage::Locked);
    EXPECT_TRUE(session->unlock(QString::fromUtf8(kDemoPassphrase)));
    return session;
  }

  static RecordDraft* fillContact(Session& session, const char* area) {
    RecordDraft* draft = session.newDraft("faltkontakt");
    draft->setInteger("duration_min", 15);
    draft->chooseOption("area_id", area);
    draft->chooseOption("arena", "digital");
    draft->chooseOption("contact_kind", "stodsamtal");
    draft->toggleOption("partners", "region");
    draft->stepGridCell("youths", 2, 3, 1);
    draft->setBool("in_pair", false);
    return draft;
  }

  QTemporaryDir dir_;
};

TEST_F(SessionTest, NoStoreMeansFirstStart) {
  SessionOptions options;
  options.dataDirectory = (dir_.path() + QStringLiteral("/empty")).toStdString();
  Session session(options);
  EXPECT_EQ(session.stage(), Session::Stage::NeedsSetup);
  EXPECT_EQ(session.newDraft("faltkontakt"), nullptr) << "nothing can be written without a store";
}

TEST_F(SessionTest, SavedRecordIsListedAsWaitingAndAreaAndPartnersAreOfferedAgain) {
  auto session = unlockedDemo();
  const int before = session->records()->count();
  RecordDraft* draft = fillContact(*session, "demo-parken");
  ASSERT_TRUE(draft->save()) << draft->saveError().toStdString();
  EXPECT_EQ(session->records()->count(), before + 1);
  const auto row = session->records()->get(session->records()->rowOf(draft->recordId()));
  EXPECT_EQ(row["syncState"], "waiting");
  EXPECT_EQ(session->openDraft(), nullptr) << "a saved draft is no longer unfinished";

  RecordDraft* next = session->newDraft("faltkontakt");
  const auto record = next->buildRecord();
  EXPECT_EQ(record.data.at("area_id").as_string(), "demo-parken");
  EXPECT_EQ(record.data.at("partners").as_array().size(), 1u);
  EXPECT_FALSE(record.data.contains("arena")) << "only area and partners are offered again";
}

TEST_F(SessionTest, LastUsedValuesSurviveLockButStaySealed) {
  auto session = unlockedDemo();
  ASSERT_TRUE(fillContact(*session, "demo-station")->save());
  session->lock();
  ASSERT_TRUE(session->unlock(QString::fromUtf8(kDemoPassphrase)));
  EXPECT_EQ(session->newDraft("faltkontakt")->buildRecord().data.at("area_id").as_string(), "demo-station");
}

TEST_F(SessionTest, DeleteWaitsForTheUndoWindowAndUndoKeepsTheRecord) {
  auto session = unlockedDemo();
  session->setUndoWindowMs(50);
  const int before = session->records()->count();
  const QString id = session->records()->get(0)["recordId"].toString();
  session->deleteRecord(id);
  EXPECT_EQ(session->records()->count(), before - 1) << "hidden at once";
  session->undoDelete();
  EXPECT_EQ(session->records()->count(), before);
  QCoreApplication::processEvents();
  EXPECT_FALSE(session->recordDetail(id).isEmpty());

  session->deleteRecord(id);
  ASSERT_TRUE(waitUntil([&] { return session->pendingDeleteId().isEmpty(); }));
  EXPECT_EQ(session->records()->count(), before - 1);
  EXPECT_TRUE(session->recordDetail(id).value("rows").toList().size() > 0 ||
              session->records()->rowOf(id) == -1);
  EXPECT_EQ(session->records()->rowOf(id), -1) << "the tombstone is not listed";
}

TEST_F(SessionTest, LocksAfterInactivity) {
  auto session = unlockedDemo();
  session->setInactivityIntervalMs(30);
  session->noteActivity();
  ASSERT_TRUE(waitUntil([&] { return session->stage() == Session::Stage::Locked; }));
  EXPECT_EQ(session->records()->count(), 0);
}

TEST_F(SessionTest, WrongPassphraseCountsDownAndWarnsBeforeTheLast) {
  auto session = demoSession();
  const int left = session->attemptsLeft();
  EXPECT_FALSE(session->unlock("fel"));
  EXPECT_EQ(session->attemptsLeft(), left - 1);
  EXPECT_TRUE(session->lockMessage().contains(QString::number(left - 1))) << session->lockMessage().toStdString();
  while (session->attemptsLeft() > 1) session->unlock("fel");
  EXPECT_TRUE(session->lockMessage().contains("Varning"));
  QSignalSpy destroyed(session.get(), &Session::storeDestroyed);
  EXPECT_FALSE(session->unlock("fel"));
  EXPECT_EQ(destroyed.count(), 1);
  EXPECT_EQ(session->stage(), Session::Stage::NeedsSetup);
  EXPECT_FALSE(StoreFiles{(dir_.path() + QStringLiteral("/store")).toStdString()}.exists());
}

TEST_F(SessionTest, LanguageIsKeptAcrossRestarts) {
  {
    auto session = unlockedDemo();
    session->setLanguage("en");
    EXPECT_TRUE(session->english());
    session->setLanguage("klingon");
    EXPECT_FALSE(session->english()) << "anything but en is Swedish";
    session->setLanguage("en");
  }
  auto again = demoSession();
  EXPECT_TRUE(again->english());
}

TEST_F(SessionTest, SyncWithoutServerSaysWhatToDo) {
  auto session = unlockedDemo();
  session->syncNow();
  EXPECT_EQ(session->sync()->state(), SyncStatus::State::Error);
  EXPECT_FALSE(session->sync()->advice().isEmpty());
}

TEST_F(SessionTest, SetUpRefusesBadInputWithoutCreatingAStore) {
  SessionOptions options;
  options.dataDirectory = (dir_.path() + QStringLiteral("/new")).toStdString();
  options.kdf = core::KdfStrength::test_fast;
  Session session(options);
  session.setUp("http://example.invalid", "anna", "secret-password", "/tmp/ca.pem", "lång lösenfras med ord");
  EXPECT_FALSE(session.setupError().isEmpty()) << "plain http is refused";
  session.setUp("https://127.0.0.1:1", "anna", "secret-password", "", "lång lösenfras med ord");
  EXPECT_FALSE(session.setupError().isEmpty()) << "a CA file is required";
  session.setUp("https://127.0.0.1:1", "anna", "secret-password", "/tmp/ca.pem", "kort");
  EXPECT_FALSE(session.setupError().isEmpty()) << "a weak passphrase is refused";
  EXPECT_EQ(session.stage(), Session::Stage::NeedsSetup);
  EXPECT_FALSE(StoreFiles{options.dataDirectory}.exists());
}

}  // namespace
}  // namespace faltlogg::client
