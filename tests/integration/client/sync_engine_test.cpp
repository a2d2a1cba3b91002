// SyncEngine through the library, as the QML app uses it: observable state, offline handling, login
// requirement, and a server restored from an older backup (410 cursor_expired) that is pulled again from 0.
#include "client_server_fixture.hpp"

#include "faltlogg/core/json.hpp"
#include "sync/server_api.hpp"
#include "sync/sync_engine.hpp"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTcpServer>
#include <QTimer>

#include <vector>

namespace faltlogg::client::testing {
namespace {

class SyncEngineTest : public ClientServerTest {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "sync_engine_test";
    static char* argv[] = {name, nullptr};
    if (QCoreApplication::instance() == nullptr) {
      new QCoreApplication(argc, argv);
    }
  }

  std::unique_ptr<LocalStore> openStore(const std::string& dir) {
    auto store = LocalStore::open(dir, LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE(store.value()->unlock(kPassphrase).ok());
    return std::move(store.value());
  }

  // Runs the engine until `signal` fires; records every state it passed through.
  template <typename Signal, typename Start>
  bool runUntil(SyncEngine& engine, Signal signal, Start start, std::vector<SyncEngine::State>* states = nullptr) {
    bool ok = false;
    QEventLoop loop;
    auto finished = QObject::connect(&engine, signal, &loop, [&](bool success) {
      ok = success;
      loop.quit();
    });
    auto stateWatch = QObject::connect(&engine, &SyncEngine::stateChanged, &loop, [&] {
      if (states != nullptr) {
        states->push_back(engine.state());
      }
    });
    start();
    if (engine.state() == SyncEngine::State::Syncing) {
      loop.exec();
    }
    QObject::disconnect(finished);
    QObject::disconnect(stateWatch);
    return ok;
  }

  QUrl serverUrl(std::uint16_t port) const { return QUrl(QString("https://127.0.0.1:%1").arg(port)); }
  QString ca() const { return QString::fromStdString(server_.ca_file()); }
};

TEST_F(SyncEngineTest, StatePassesThroughSyncingToIdleWithProgressAndLastSuccess) {
  const std::string dir = storeDir("app");
  initStore(dir);
  addRecordsDirect(dir, 1200);
  auto store = openStore(dir);
  ServerApi api(serverUrl(server_.port()), ca());
  ASSERT_TRUE(api.configure().ok());
  SyncEngine engine(*store, api);
  EXPECT_EQ(engine.pendingCount(), 1200);
  EXPECT_FALSE(engine.isLoggedIn());
  EXPECT_FALSE(engine.lastSuccess().isValid());
  ASSERT_TRUE(runUntil(engine, &SyncEngine::loginFinished, [&] { engine.login(kUser, kPassword, "tablet"); }));
  EXPECT_TRUE(engine.isLoggedIn());

  std::vector<double> progress;
  QObject::connect(&engine, &SyncEngine::progressChanged, [&] { progress.push_back(engine.progress()); });
  std::vector<SyncEngine::State> states;
  ASSERT_TRUE(runUntil(engine, &SyncEngine::finished, [&] { engine.syncNow(); }, &states));
  EXPECT_EQ(states, (std::vector<SyncEngine::State>{SyncEngine::State::Syncing, SyncEngine::State::Idle}));
  EXPECT_EQ(engine.pendingCount(), 0);
  EXPECT_EQ(engine.pushedThisRun(), 1200);
  EXPECT_TRUE(engine.lastSuccess().isValid());
  EXPECT_TRUE(engine.errorCode().isEmpty());
  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end())) << "progress never goes backwards";
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);
  EXPECT_GT(progress.size(), 2u) << "1200 records in batches of 500 report progress in steps";
}

TEST_F(SyncEngineTest, LoginKeepsTheTeamsSubAreasSealedForOfflineChoice) {
  const std::string dir = storeDir("areas");
  initStore(dir);
  auto store = openStore(dir);
  ServerApi api(serverUrl(server_.port()), ca());
  ASSERT_TRUE(api.configure().ok());
  SyncEngine engine(*store, api);
  ASSERT_TRUE(runUntil(engine, &SyncEngine::loginFinished, [&] { engine.login(kUser, kPassword, "tablet"); }));
  auto stored = store->vault().loadSecret("reference.areas");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored.value().has_value()) << "login must keep the team's areas";
  auto options = core::parse_json(*stored.value());
  ASSERT_TRUE(options.ok());
  std::vector<std::string> ids;
  for (const auto& option : options->as_array()) ids.emplace_back(option.at("value").as_string());
  EXPECT_EQ(ids, (std::vector<std::string>{"omr-1", "omr-2", "omr-3"}));
}

TEST_F(SyncEngineTest, UnreachableServerEndsOfflineWithAHumanMessageAfterBoundedRetries) {
  const std::string dir = storeDir("app");
  initStore(dir);
  // Log in for real, then point the engine at a port where nothing listens.
  ASSERT_EQ(sync(dir).exitCode, 0);
  addRecordsDirect(dir, 3);
  auto store = openStore(dir);
  QTcpServer probe;
  ASSERT_TRUE(probe.listen(QHostAddress::LocalHost));
  const auto closedPort = probe.serverPort();
  probe.close();
  ServerApi api(serverUrl(closedPort), ca());
  ASSERT_TRUE(api.configure().ok());
  SyncEngine engine(*store, api);
  engine.setBackoffPolicy(BackoffPolicy{10, 40, 3});
  EXPECT_FALSE(runUntil(engine, &SyncEngine::finished, [&] { engine.syncNow(); }));
  EXPECT_EQ(engine.state(), SyncEngine::State::Offline);
  EXPECT_EQ(engine.errorCode(), "network_error");
  EXPECT_EQ(engine.retriesThisRun(), 3);
  EXPECT_TRUE(engine.errorMessage().contains(QStringLiteral("sparade")));  // Swedish: records are saved
  EXPECT_TRUE(engine.errorMessageEn().contains(QStringLiteral("saved")));
  EXPECT_EQ(engine.pendingCount(), 3) << "nothing is lost or settled while offline";
}

TEST_F(SyncEngineTest, EngineDestroyedWhileARequestIsInFlightIgnoresTheLateReply) {
  const std::string dir = storeDir("app");
  initStore(dir);
  ASSERT_EQ(sync(dir).exitCode, 0);
  addRecordsDirect(dir, 600);
  auto store = openStore(dir);
  ServerApi api(serverUrl(server_.port()), ca());  // outlives the engine, as it may in the app
  ASSERT_TRUE(api.configure().ok());
  {
    SyncEngine engine(*store, api);
    engine.syncNow();
    ASSERT_EQ(engine.state(), SyncEngine::State::Syncing);
  }
  QEventLoop loop;
  QTimer::singleShot(1500, &loop, &QEventLoop::quit);  // let the push reply arrive with nobody to take it
  loop.exec();
  EXPECT_EQ(store->counts()->pending, 600) << "an unacknowledged batch settles nothing";
  SyncEngine again(*store, api);
  ASSERT_TRUE(runUntil(again, &SyncEngine::finished, [&] { again.syncNow(); }));
  EXPECT_EQ(store->counts()->pending, 0) << "the next engine replays the persisted batch and finishes";
}

TEST_F(SyncEngineTest, SyncWithoutLoginAsksForOne) {
  const std::string dir = storeDir("app");
  initStore(dir);
  auto store = openStore(dir);
  ServerApi api(serverUrl(server_.port()), ca());
  ASSERT_TRUE(api.configure().ok());
  SyncEngine engine(*store, api);
  EXPECT_FALSE(runUntil(engine, &SyncEngine::finished, [&] { engine.syncNow(); }));
  EXPECT_EQ(engine.state(), SyncEngine::State::Error);
  EXPECT_EQ(engine.errorCode(), "login_required");
}

TEST_F(SyncEngineTest, ServerRestoredFromOlderBackupIsPulledAgainFromZeroKeepingLocalChanges) {
  const std::string dir = storeDir("app");
  initStore(dir);
  addRecordsDirect(dir, 5);
  ASSERT_EQ(sync(dir).exitCode, 0);
  server_.stop();
  const auto backup = server_.data_dir().parent_path() / "backup";
  std::filesystem::copy(server_.data_dir(), backup, std::filesystem::copy_options::recursive);
  server_.start({});
  addRecordsDirect(dir, 20);
  ASSERT_EQ(sync(dir).exitCode, 0);  // the device's cursor now points past what the backup holds
  server_.stop();
  std::filesystem::remove_all(server_.data_dir());
  std::filesystem::copy(backup, server_.data_dir(), std::filesystem::copy_options::recursive);
  server_.start({});

  addRecordsDirect(dir, 2);  // unsent local changes must survive the re-pull
  auto store = openStore(dir);
  const auto cursorBefore = store->pullCursor().value();
  ServerApi api(serverUrl(server_.port()), ca());
  ASSERT_TRUE(api.configure().ok());
  SyncEngine engine(*store, api);
  ASSERT_TRUE(runUntil(engine, &SyncEngine::finished, [&] { engine.syncNow(); })) << engine.errorCode().toStdString();
  EXPECT_LT(store->pullCursor().value(), cursorBefore) << "the cursor was reset and rebuilt from the server";
  EXPECT_EQ(store->counts()->total, 27) << "no local record is lost by the re-pull";
  EXPECT_EQ(store->counts()->pending, 0);
  EXPECT_EQ(idsOnServer().size(), 7u) << "the restored server holds its 5 plus the 2 new ones";
}

}  // namespace
}  // namespace faltlogg::client::testing
