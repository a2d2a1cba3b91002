#include "models/session.hpp"

#include "models/demo_data.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPalette>
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
    EXPECT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    return session;
  }

  static RecordDraft* fillContact(Session& session, const char* area) {
    RecordDraft* draft = session.newDraft("faltkontakt");
    draft->setInteger("duration_min", 15);
    draft->chooseOption("area_id", area);
    draft->chooseOption("arena", "digital");
    draft->chooseOption("kontakt", "kand");  // faltkontakt v2
    draft->chooseOption("aktivitet", "stodsamtal");
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
  ASSERT_TRUE(record.data.contains("in_pair")) << "working in a pair is remembered";
  EXPECT_FALSE(record.data.at("in_pair").as_bool());
  EXPECT_TRUE(next->prefilled("in_pair"));
  EXPECT_FALSE(record.data.contains("arena")) << "only area, partners and pair work are offered again";
}

TEST_F(SessionTest, LastUsedValuesSurviveLockButStaySealed) {
  auto session = unlockedDemo();
  ASSERT_TRUE(fillContact(*session, "demo-station")->save());
  session->lock();
  ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
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
  EXPECT_FALSE(session->unlockAndWait("fel"));
  EXPECT_EQ(session->attemptsLeft(), left - 1);
  EXPECT_TRUE(session->lockMessage().contains(QString::number(left - 1))) << session->lockMessage().toStdString();
  while (session->attemptsLeft() > 1) session->unlockAndWait("fel");
  EXPECT_TRUE(session->lockMessage().contains("Varning"));
  QSignalSpy destroyed(session.get(), &Session::storeDestroyed);
  EXPECT_FALSE(session->unlockAndWait("fel"));
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

TEST_F(SessionTest, APinUnlocksAfterALockWithinTheRun) {
  auto session = unlockedDemo();
  EXPECT_FALSE(session->setPin("12345")) << "six digits";
  EXPECT_FALSE(session->setPin("12345a"));
  ASSERT_TRUE(session->setPin("482913"));
  session->lock();
  ASSERT_EQ(session->stage(), Session::Stage::Locked);
  EXPECT_TRUE(session->pinUnlockAvailable());
  EXPECT_FALSE(session->unlockWithPin("000000"));
  EXPECT_TRUE(session->lockMessage().contains("4 försök kvar")) << session->lockMessage().toStdString();
  ASSERT_TRUE(session->unlockWithPin("482913"));
  EXPECT_EQ(session->stage(), Session::Stage::Unlocked);
  EXPECT_GT(session->records()->count(), 0) << "the records open with the held key";
  EXPECT_NE(session->newDraft("faltkontakt"), nullptr);
}

TEST_F(SessionTest, FiveWrongPinsFallBackToThePassphrase) {
  auto session = unlockedDemo();
  ASSERT_TRUE(session->setPin("482913"));
  session->lock();
  for (int i = 0; i < Session::kMaxPinAttempts; ++i) EXPECT_FALSE(session->unlockWithPin("111111"));
  EXPECT_FALSE(session->pinUnlockAvailable());
  EXPECT_FALSE(session->unlockWithPin("482913")) << "the right PIN no longer works";
  EXPECT_TRUE(session->lockMessage().contains("lösenfras"));
  ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
  EXPECT_TRUE(session->hasPin()) << "the PIN stays chosen for the next lock";
}

TEST_F(SessionTest, AColdStartAlwaysAsksForThePassphrase) {
  {
    auto session = unlockedDemo();
    ASSERT_TRUE(session->setPin("482913"));
    session->lock();
  }
  auto again = demoSession();
  EXPECT_EQ(again->stage(), Session::Stage::Locked);
  EXPECT_FALSE(again->pinUnlockAvailable());
  EXPECT_FALSE(again->unlockWithPin("482913"));
  EXPECT_EQ(again->stage(), Session::Stage::Locked);
  EXPECT_GE(again->unsentWhileLocked(), 1) << "the lock screen knows what waits to be sent";
}

TEST_F(SessionTest, ALeadWithoutALoggingRoleGetsNoForm) {
  auto session = unlockedDemo();
  session->setUser("Lena Lead", {QStringLiteral("team_lead")});
  EXPECT_FALSE(session->canLog());
  EXPECT_TRUE(session->forms().isEmpty());
  EXPECT_EQ(session->newDraft("faltkontakt"), nullptr);
  session->setUser("Lena Lead", {QStringLiteral("team_lead"), QStringLiteral("family_therapist")});
  ASSERT_EQ(session->forms().size(), 1);
  EXPECT_EQ(session->forms().first().toMap().value("id"), "familjebehandling");
  EXPECT_EQ(session->newDraft("faltkontakt"), nullptr);
  EXPECT_NE(session->newDraft("familjebehandling"), nullptr);
}

TEST_F(SessionTest, AColleaguesRecordIsListedApartAndCannotBeEdited) {
  auto session = unlockedDemo();
  const int own = session->records()->count();
  ASSERT_GT(own, 0);
  const QString id = session->records()->get(0)["recordId"].toString();
  // As a lead on a device with another id: every demo record was written elsewhere.
  session->setUser("Lena Lead", {QStringLiteral("team_lead")}, QStringLiteral("another-device"));
  session->refresh();
  EXPECT_EQ(session->records()->count(), 0);
  EXPECT_EQ(session->teamRecords()->count(), own);
  EXPECT_EQ(session->editDraft(id), nullptr);
  EXPECT_EQ(session->recordDetail(id)["editable"], false);
}

// Appearance and text size (docs/decisions/0090): "Följ systemet" follows the platform palette as it
// changes; the choice and the text size are kept in the store and read before unlock (the lock screen
// uses them); hand-edited or hostile values fall back to the defaults.
QPalette paletteWithWindow(const QColor& window) {
  QPalette palette;
  palette.setColor(QPalette::Window, window);
  return palette;
}

TEST_F(SessionTest, AppearanceFollowingTheSystemReadsThePlatformPalette) {
  QGuiApplication::setPalette(paletteWithWindow(QColor(0xf0, 0xf0, 0xf0)));
  auto session = demoSession();
  EXPECT_EQ(session->appearance(), QStringLiteral("system"));
  EXPECT_FALSE(session->systemDark());
  QSignalSpy changed(session.get(), &Session::appearanceChanged);
  // The system switches to its night mode while the app runs.
  QGuiApplication::setPalette(paletteWithWindow(QColor(0x20, 0x22, 0x25)));
  QCoreApplication::processEvents();
  EXPECT_TRUE(session->systemDark());
  EXPECT_GE(changed.count(), 1);
  QGuiApplication::setPalette(paletteWithWindow(QColor(0xfa, 0xfa, 0xfa)));
  QCoreApplication::processEvents();
  EXPECT_FALSE(session->systemDark());
  QGuiApplication::setPalette(QPalette());  // the platform's own again, for the tests after this one
}

TEST_F(SessionTest, AppearanceTheChoiceIsKeptAndReadBeforeUnlock) {
  {
    auto session = demoSession();
    ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    session->setAppearance(QStringLiteral("dark"));
    session->setTextScale(1.25);
  }
  auto again = demoSession();
  ASSERT_EQ(again->stage(), Session::Stage::Locked);
  EXPECT_EQ(again->appearance(), QStringLiteral("dark")) << "the lock screen is dark already";
  EXPECT_DOUBLE_EQ(again->textScale(), 1.25);
}

TEST_F(SessionTest, AppearanceUnknownValuesFallBackToTheDefaults) {
  {
    auto session = demoSession();
    ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    session->setTextScale(1.5);
    session->setAppearance(QStringLiteral("light"));
    session->setAppearance(QStringLiteral("purple"));
    EXPECT_EQ(session->appearance(), QStringLiteral("system"));
    session->setTextScale(-3);
    EXPECT_DOUBLE_EQ(session->textScale(), 1.0);
    session->setTextScale(40);
    EXPECT_DOUBLE_EQ(session->textScale(), 1.5) << "never larger than the largest size offered";
    // Values edited into the meta table by hand.
    ASSERT_TRUE(session->store()->setMetaValue("ui.appearance", "<script>"));
    ASSERT_TRUE(session->store()->setMetaValue("ui.text_scale", "nan"));
  }
  auto again = demoSession();
  EXPECT_EQ(again->appearance(), QStringLiteral("system"));
  EXPECT_DOUBLE_EQ(again->textScale(), 1.0);
}

}  // namespace
}  // namespace faltlogg::client
