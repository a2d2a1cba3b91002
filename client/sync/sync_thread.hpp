// SyncThread: the sync engine, its HTTPS client and its own connection to the store, on a thread of their
// own, so the UI thread never waits for SQLite, sealing or the network while records go out or come in.
// The UI side talks to it only through queued calls and sees it through a copied snapshot (SyncSnapshot),
// never through shared objects. The worker's store connection opens with the data key the UI's connection
// unwrapped (no second Argon2id), and gives it back up when the thread stops (lock, sign-out).
#pragma once

#include "store/local_store.hpp"
#include "sync/backoff.hpp"
#include "sync/sync_engine.hpp"

#include <QDateTime>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <filesystem>
#include <functional>
#include <memory>

namespace faltlogg::client {

// What the UI needs to know about sync, copied across threads.
struct SyncSnapshot {
  SyncEngine::State state = SyncEngine::State::Idle;
  QString errorSv;
  QString errorEn;
  QString errorCode;
  int pending = 0;
  int needsCorrection = 0;
  QDateTime lastSuccess;
  bool loggedIn = false;
};

struct SyncThreadConfig {
  std::filesystem::path directory;  // the store's directory (opened a second time by the worker)
  QUrl serverUrl;
  QString caFile;      // empty when the server is trusted by its pinned key
  QByteArray pinSha256;
  int transferTimeoutMs = 30000;
  BackoffPolicy backoff;
  int batchSize = 0;  // 0 = the protocol's maximum
};

// Handed to exactly one receiver, which may move the records out.
using SharedListing = std::shared_ptr<RecordListing>;

class SyncWorker;

class SyncThread : public QObject {
  Q_OBJECT

 public:
  // Starts the thread; started() reports whether the worker's store and HTTPS client are ready.
  SyncThread(SyncThreadConfig config, core::SecureBuffer dataKey, QObject* parent = nullptr);
  // Stops the engine (waiting for the step it is in, never for the network) and wipes its key.
  ~SyncThread() override;

  const SyncSnapshot& snapshot() const { return snapshot_; }

  void login(const QString& username, const QString& password, const QString& deviceName);
  void enrol(const QString& code, const QString& deviceName);
  void syncNow();
  // The store's listing, read and opened on the worker; arrives as listingReady.
  void requestListing();
  // Writes a record (new when its hlc is empty, else a new version) on the worker's connection, so the UI
  // thread never waits for SQLite or a sync transaction; `done` runs on `context`'s thread with the stored
  // record or the problem. Queued behind the step the worker is in; a stop() still writes it first.
  void save(core::Record record, QObject* context, std::function<void(core::Result<core::Record>)> done);
  // Seals a small named secret in the vault (the draft, the last-used values), or removes it (an empty
  // value), on the worker's connection: never a wait for the write lock on the UI thread.
  void writeSecret(std::string name, std::string value);

 signals:
  void started(bool ok, const QString& problem);
  void snapshotChanged();
  void loginFinished(bool ok);
  void finished(bool ok);
  void storeWiped();
  void listingReady(faltlogg::client::SharedListing listing);
  void referencesChanged();

 private:
  void onSnapshot(const SyncSnapshot& snapshot);

  QThread thread_;
  SyncWorker* worker_ = nullptr;  // lives on thread_, deleted there
  SyncSnapshot snapshot_;
};

// Lives on SyncThread's thread; every slot runs there.
class SyncWorker : public QObject {
  Q_OBJECT

 public:
  SyncWorker(SyncThreadConfig config, std::shared_ptr<core::SecureBuffer> dataKey);
  ~SyncWorker() override;

  void start();
  void stop();
  void login(const QString& username, const QString& password, const QString& deviceName);
  void enrol(const QString& code, const QString& deviceName);
  void syncNow();
  void list();
  core::Result<core::Record> save(const core::Record& record);
  void writeSecret(const std::string& name, const std::string& value);

 signals:
  void started(bool ok, const QString& problem);
  void snapshot(const faltlogg::client::SyncSnapshot& snapshot);
  void loginFinished(bool ok);
  void finished(bool ok);
  void storeWiped();
  void listingReady(faltlogg::client::SharedListing listing);
  void referencesChanged();

 private:
  void publish();

  SyncThreadConfig config_;
  std::shared_ptr<core::SecureBuffer> dataKey_;
  std::unique_ptr<LocalStore> store_;
  std::unique_ptr<ServerApi> api_;
  std::unique_ptr<SyncEngine> engine_;
};

}  // namespace faltlogg::client

Q_DECLARE_METATYPE(faltlogg::client::SyncSnapshot)
Q_DECLARE_METATYPE(faltlogg::client::SharedListing)
