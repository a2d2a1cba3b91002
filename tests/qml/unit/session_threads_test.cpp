// The UI thread never runs Argon2id: unlocking and first start with the real ("interactive") parameters
// leave the UI thread's event loop turning. Measured in CPU time, not wall clock: the UI thread's own CPU
// time between two turns of its event loop is what our code makes it do, whereas wall-clock gaps on a
// shared 2-core machine mostly measure the scheduler. The key derivation's CPU time must show up on
// another thread of the process, so the test fails if Argon2id ran on the UI thread (or not at all).
#include "models/demo_data.hpp"
#include "models/session.hpp"
#include "store/store_files.hpp"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <iostream>

namespace faltlogg::client {
namespace {

qint64 cpuMicros(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

struct UiTurns {
  int ticks = 0;
  qint64 longestUiCpuUs = 0;  // the UI thread's CPU time between two turns of its event loop
  qint64 uiCpuUs = 0;         // the UI thread's CPU time while waiting
  qint64 otherCpuUs = 0;      // every other thread's CPU time meanwhile (the worker's Argon2id)
};

// Runs the event loop while busy() holds (at most 60 s), counting its turns with a zero-interval timer.
UiTurns watchUiThread(const std::function<bool()>& busy) {
  UiTurns turns;
  const qint64 ui0 = cpuMicros(CLOCK_THREAD_CPUTIME_ID);
  const qint64 process0 = cpuMicros(CLOCK_PROCESS_CPUTIME_ID);
  qint64 last = ui0;
  QTimer ticker;
  ticker.setInterval(0);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const qint64 now = cpuMicros(CLOCK_THREAD_CPUTIME_ID);
    turns.longestUiCpuUs = std::max(turns.longestUiCpuUs, now - last);
    last = now;
    ++turns.ticks;
  });
  ticker.start();
  const qint64 deadline = cpuMicros(CLOCK_MONOTONIC) + 60'000'000;
  while (busy() && cpuMicros(CLOCK_MONOTONIC) < deadline) {
    QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
  }
  ticker.stop();
  turns.uiCpuUs = cpuMicros(CLOCK_THREAD_CPUTIME_ID) - ui0;
  turns.otherCpuUs = cpuMicros(CLOCK_PROCESS_CPUTIME_ID) - process0 - turns.uiCpuUs;
  return turns;
}

void report(const char* what, const UiTurns& turns) {
  std::cout << "[measure] " << what << ": " << turns.ticks << " event-loop turns, longest UI-thread CPU between turns "
            << turns.longestUiCpuUs / 1000.0 << " ms, UI thread " << turns.uiCpuUs / 1000.0 << " ms CPU, other threads "
            << turns.otherCpuUs / 1000.0 << " ms CPU\n";
}

// Argon2id at "interactive" (64 MiB, 2 passes) costs well over this on any machine we run on; a smaller
// number means the derivation did not run on another thread.
constexpr qint64 kArgonAtLeastUs = 30'000;
constexpr qint64 kFrameBudgetUs = 50'000;

TEST(SessionThreads, UnlockWithRealArgon2idKeepsTheUiThreadTurning) {
  QTemporaryDir dir;
  SessionOptions options;
  options.dataDirectory = (dir.path() + QStringLiteral("/store")).toStdString();
  options.demo = true;
  options.kdf = core::KdfStrength::interactive;
  Session session(options);
  ASSERT_EQ(session.stage(), Session::Stage::Locked);

  ASSERT_TRUE(session.unlock(QString::fromUtf8(kDemoPassphrase)));
  EXPECT_TRUE(session.unlocking()) << "unlock() returns at once and reports the outcome later";
  EXPECT_EQ(session.stage(), Session::Stage::Locked);
  EXPECT_FALSE(session.unlock(QString::fromUtf8(kDemoPassphrase))) << "one attempt at a time";
  const UiTurns turns = watchUiThread([&] { return session.unlocking(); });
  report("unlock (interactive Argon2id)", turns);
  ASSERT_EQ(session.stage(), Session::Stage::Unlocked) << session.lockMessage().toStdString();
  EXPECT_GE(turns.otherCpuUs, kArgonAtLeastUs) << "the key derivation ran on another thread";
  EXPECT_LT(turns.longestUiCpuUs, kFrameBudgetUs) << "no UI turn did Argon2id's work";
  EXPECT_GE(turns.ticks, 3) << "the UI thread's event loop kept turning";

  // A wrong passphrase goes the same way and is still counted.
  session.lock();
  const int left = session.attemptsLeft();
  ASSERT_TRUE(session.unlock(QStringLiteral("fel lösenfras")));
  const UiTurns wrong = watchUiThread([&] { return session.unlocking(); });
  EXPECT_EQ(session.stage(), Session::Stage::Locked);
  EXPECT_EQ(session.attemptsLeft(), left - 1);
  EXPECT_LT(wrong.longestUiCpuUs, kFrameBudgetUs);
}

TEST(SessionThreads, FirstStartMakesItsKeyOffTheUiThread) {
  QTemporaryDir dir;
  SessionOptions options;
  options.dataDirectory = (dir.path() + QStringLiteral("/store")).toStdString();
  options.kdf = core::KdfStrength::interactive;
  Session session(options);
  ASSERT_EQ(session.stage(), Session::Stage::NeedsSetup);
  // No server answers on port 1: the store is made (Argon2id wraps its key), the login fails, and the
  // half-made store is removed again.
  session.setUp(QStringLiteral("https://127.0.0.1:1"), "anna", "secret-password",
                QStringLiteral("/nonexistent/ca.pem"), QStringLiteral("tre vanliga ord och en siffra 7"));
  EXPECT_TRUE(session.setupBusy()) << "setUp() returns while the key is made";
  const UiTurns turns = watchUiThread([&] { return session.setupBusy() || session.setupError().isEmpty(); });
  report("first start (interactive Argon2id)", turns);
  EXPECT_FALSE(session.setupError().isEmpty());
  EXPECT_EQ(session.stage(), Session::Stage::NeedsSetup);
  EXPECT_FALSE(StoreFiles{options.dataDirectory}.exists()) << "nothing is left behind";
  EXPECT_GE(turns.otherCpuUs, kArgonAtLeastUs);
  EXPECT_LT(turns.longestUiCpuUs, kFrameBudgetUs);
  EXPECT_GE(turns.ticks, 3);
}

}  // namespace
}  // namespace faltlogg::client
