// An unfinished draft survives the app being killed: a child process (this test binary, re-run with one
// test selected) opens the store, starts a field contact, types into it and reports once the draft is
// sealed in the vault; it is then killed with SIGKILL while it keeps typing. A cold start in this process
// asks for the passphrase and brings the draft back with what was typed.
#include "models/demo_data.hpp"
#include "models/record_draft.hpp"
#include "models/session.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace faltlogg::client {
namespace {

constexpr const char* kChildDirVariable = "FALTLOGG_TEST_DRAFT_CHILD_DIR";

SessionOptions optionsFor(const QString& directory) {
  SessionOptions options;
  options.dataDirectory = (directory + QStringLiteral("/store")).toStdString();
  options.demo = true;
  options.kdf = core::KdfStrength::test_fast;
  return options;
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 10000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  return done();
}

// The "app" that gets killed. Skipped unless the parent test runs it.
TEST(DraftRestart, ChildTypesADraftUntilKilled) {
  const QString directory = qEnvironmentVariable(kChildDirVariable);
  if (directory.isEmpty()) GTEST_SKIP() << "runs only as the child of DraftSurvivesAKillMidway";
  Session session(optionsFor(directory));
  ASSERT_TRUE(session.unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
  RecordDraft* draft = session.newDraft("faltkontakt");
  ASSERT_NE(draft, nullptr);
  draft->setInteger("duration_min", 45);
  draft->chooseOption("area_id", "demo-station");
  draft->chooseOption("arena", "utomhus");
  draft->stepGridCell("youths", 0, 2, 2);
  draft->setText("notes", "Samtal vid busshållplatsen");
  ASSERT_TRUE(waitUntil([&] { return session.store()->vault().hasSecret("ui.draft"); }));
  std::printf("draft-sealed\n");
  std::fflush(stdout);
  // Keeps changing the draft until the parent kills it, so the kill lands between writes or in one.
  for (int i = 0;; ++i) {
    draft->stepInteger("duration_min", i % 2 == 0 ? 1 : -1);
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QThread::msleep(3);
  }
}

TEST(DraftRestart, DraftSurvivesAKillMidway) {
  if (qEnvironmentVariableIsSet(kChildDirVariable)) GTEST_SKIP();
  QTemporaryDir dir;
  { Session create(optionsFor(dir.path())); }  // the demo store the child opens

  QProcess child;
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert(QString::fromLatin1(kChildDirVariable), dir.path());
  child.setProcessEnvironment(environment);
  child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  child.start(QCoreApplication::applicationFilePath(),
              {QStringLiteral("--gtest_filter=DraftRestart.ChildTypesADraftUntilKilled")});
  ASSERT_TRUE(child.waitForStarted());
  QByteArray output;
  QElapsedTimer timer;
  timer.start();
  while (!output.contains("draft-sealed") && timer.elapsed() < 30000 && child.state() == QProcess::Running) {
    child.waitForReadyRead(200);
    output += child.readAllStandardOutput();
  }
  ASSERT_TRUE(output.contains("draft-sealed")) << output.toStdString();
  QThread::msleep(150);  // mid-typing: some changes written, the last perhaps not
  child.kill();          // SIGKILL: no destructor, no flush
  ASSERT_TRUE(child.waitForFinished());
  EXPECT_EQ(child.exitStatus(), QProcess::CrashExit);

  Session restarted(optionsFor(dir.path()));
  ASSERT_EQ(restarted.stage(), Session::Stage::Locked) << "a cold start asks for the passphrase";
  EXPECT_EQ(restarted.openDraft(), nullptr) << "nothing readable before the unlock";
  ASSERT_TRUE(restarted.unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
  RecordDraft* draft = restarted.openDraft();
  ASSERT_NE(draft, nullptr) << "the draft came back";
  EXPECT_EQ(draft->formId(), "faltkontakt");
  const auto& values = draft->values();
  EXPECT_EQ(values.at("area_id"), "demo-station");
  EXPECT_EQ(values.at("arena"), "utomhus");
  EXPECT_EQ(values.at("notes"), "Samtal vid busshållplatsen");
  const auto minutes = values.at("duration_min").as_int64();
  EXPECT_TRUE(minutes == 45 || minutes == 46) << minutes;
  // v2 age columns: u10, 10_12, 13_15, … so column 2 is 13–15.
  EXPECT_EQ(values.at("youths").at("flicka").at("13_15"), 2) << boost::json::serialize(values);

  // Saving it removes it: the next cold start has no draft.
  draft->setBool("in_pair", true);
  draft->chooseOption("kontakt", "kand");  // faltkontakt v2, the form the tablet writes
  draft->chooseOption("aktivitet", "stodsamtal");
  ASSERT_TRUE(draft->save()) << draft->saveError().toStdString();
  restarted.lock();
  ASSERT_TRUE(restarted.unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
  EXPECT_EQ(restarted.openDraft(), nullptr);
  EXPECT_FALSE(restarted.store()->vault().hasSecret("ui.draft"));
}

TEST(DraftRestart, DiscardingTheDraftForgetsItAcrossRestarts) {
  if (qEnvironmentVariableIsSet(kChildDirVariable)) GTEST_SKIP();
  QTemporaryDir dir;
  {
    Session session(optionsFor(dir.path()));
    ASSERT_TRUE(session.unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    session.newDraft("faltkontakt")->setInteger("duration_min", 30);
    session.discardDraft();
  }
  Session again(optionsFor(dir.path()));
  ASSERT_TRUE(again.unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
  EXPECT_EQ(again.openDraft(), nullptr);
}

}  // namespace
}  // namespace faltlogg::client
