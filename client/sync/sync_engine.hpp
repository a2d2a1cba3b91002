// SyncEngine: pushes dirty records in persistent batches, then pulls since the cursor, retrying transient
// failures with exponential backoff and jitter. Its state is observable (Q_PROPERTYs), so the QML app binds
// to it and the CLI waits for finished().
#pragma once

#include "faltlogg/core/protocol.hpp"
#include "store/local_store.hpp"
#include "sync/backoff.hpp"
#include "sync/server_api.hpp"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>
#include <random>

namespace faltlogg::client {

// Where a run's time went, summed in milliseconds (benches print it per batch and per page). Round trips of
// pipelined batches overlap, so their sum can exceed the phase's wall time.
struct SyncTimings {
  qint64 pushPrepareMs = 0;    // select, open, seal and persist the batch
  qint64 pushRoundTripMs = 0;  // request sent until answer parsed: network, TLS and server
  qint64 pushApplyMs = 0;      // settle the answer in one transaction
  qint64 pullRoundTripMs = 0;
  qint64 pullApplyMs = 0;      // seal and store one page in one transaction
  int pushBatches = 0;
  int pullPages = 0;
};

class SyncEngine : public QObject {
  Q_OBJECT
  Q_PROPERTY(State state READ state NOTIFY stateChanged)
  Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
  Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY lastSuccessChanged)
  Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
  Q_PROPERTY(QString errorMessageEn READ errorMessageEn NOTIFY errorChanged)
  Q_PROPERTY(QString errorCode READ errorCode NOTIFY errorChanged)
  Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
  Q_PROPERTY(int needsCorrectionCount READ needsCorrectionCount NOTIFY pendingCountChanged)
  Q_PROPERTY(bool loggedIn READ isLoggedIn NOTIFY loggedInChanged)

 public:
  enum class State { Idle, Syncing, Offline, Error };
  Q_ENUM(State)

  // Secret names in the vault.
  static constexpr std::string_view kTokenSecret = "server_token";
  static constexpr std::string_view kSessionSecret = "session";

  // The store must be unlocked while the engine syncs; both must outlive the engine.
  SyncEngine(LocalStore& store, ServerApi& api, QObject* parent = nullptr);

  void setBackoffPolicy(const BackoffPolicy& policy) { backoff_ = policy; }
  void setBatchSize(int records);
  void setPullPageSize(int records);
  void setRandomSeed(unsigned seed) { random_.seed(seed); }

  State state() const { return state_; }
  double progress() const { return progress_; }
  QDateTime lastSuccess() const { return lastSuccess_; }
  QString errorMessage() const { return errorMessageSv_; }
  QString errorMessageEn() const { return errorMessageEn_; }
  QString errorCode() const { return errorCode_; }
  int pendingCount() const { return pendingCount_; }
  int needsCorrectionCount() const { return needsCorrectionCount_; }
  bool isLoggedIn();

  int pushedThisRun() const { return pushedThisRun_; }
  int pulledThisRun() const { return pulledThisRun_; }
  int retriesThisRun() const { return retriesThisRun_; }
  int splitsThisRun() const { return splitsThisRun_; }  // batches halved after a 413 or a whole-batch 403
  // Wall time of this run's first push phase and of everything after it (pull, references), for benches.
  qint64 pushMsThisRun() const { return pushMs_; }
  const SyncTimings& timingsThisRun() const { return timings_; }
  qint64 pullMsThisRun() const { return runTimer_.isValid() && pushMs_ >= 0 ? runMs_ - pushMs_ : -1; }

  // Logs in once; the token is kept sealed in the vault and used by every later sync.
  Q_INVOKABLE void login(const QString& username, const QString& password, const QString& deviceName);
  // Enrolment by a one-time code (PROTOCOL.md): ends like a login, with loginFinished.
  Q_INVOKABLE void enrol(const QString& code, const QString& deviceName);
  Q_INVOKABLE void syncNow();
  Q_INVOKABLE void refreshCounts();

 signals:
  void stateChanged();
  void progressChanged();
  void lastSuccessChanged();
  void errorChanged();
  void pendingCountChanged();
  void loggedInChanged();
  void loginFinished(bool ok);
  void finished(bool ok);
  // The server revoked this device; the local store has been erased.
  void storeWiped();
  // New reference lists were stored in the vault (at login or after a sync).
  void referencesChanged();

 private:
  void pushNext();
  // Keeps up to kPushesInFlight fresh batches on the wire (decision 0085); a batch left in the outbox by a
  // crash or a failed send is replayed alone first.
  void fillPushPipeline();
  void sendBatch(PendingBatch batch);
  void onPushReply(const PendingBatch& batch, core::Result<core::protocol::PushResponse> reply);
  // Applies a good answer; for a failure returns what to do about it once no other batch is in flight.
  std::function<void()> settlePushReply(const PendingBatch& batch, core::Result<core::protocol::PushResponse> reply);
  void failPush(std::function<void()> action);
  static bool refusesWholeBatch(const core::Problem& problem);
  void splitRefusedBatch(const PendingBatch& batch, const core::Problem& problem);
  void pullNext();
  void requestPullPage(std::int64_t cursor);
  void onPullReply(std::int64_t cursor, core::Result<core::protocol::PullResponse> reply);
  // Decides what a failed server call means: retry later, give up, or wipe (revoked device).
  void handleServerProblem(const core::Problem& problem, std::function<void()> retry);
  void finishWithProblem(const core::Problem& problem, State state);
  void attemptLogin();
  void onLoginReply(const QString& username, core::Result<LoginAnswer> reply);
  core::Status saveSession(const QString& username, const LoginAnswer& response);
  core::Status saveReferences(const ReferenceItems& lists);
  // After the pull: the team's reference lists, so a changed area list arrives without a new login. A
  // server without the endpoint (or a failure here) does not fail the run; the lists stay as they were.
  void refreshReferences();
  void finishOk();
  void setState(State state);
  void setProgress(double progress);
  void clearError();

  LocalStore& store_;
  ServerApi& api_;
  BackoffPolicy backoff_;
  std::mt19937 random_{std::random_device{}()};
  QTimer retryTimer_;
  int batchSize_ = static_cast<int>(core::protocol::kMaxPushRecords);
  int configuredBatchSize_ = batchSize_;
  int splitsThisRun_ = 0;
  int pullPageSize_ = static_cast<int>(core::protocol::kMaxPullLimit);

  // Pipelining (decision 0085): two push batches on the wire, and the next pull page requested before the
  // previous one is applied. A failure waits for the other batch's answer, then takes the sequential path.
  static constexpr int kPushesInFlight = 2;
  int pushesInFlight_ = 0;
  std::int64_t pushAfterRowid_ = 0;
  std::function<void()> afterPushDrain_;  // what the first failed batch calls for, once nothing is in flight
  int pullGeneration_ = 0;
  QElapsedTimer runTimer_;
  qint64 pushMs_ = -1;
  qint64 runMs_ = -1;
  SyncTimings timings_;  // replies to a pull request of an ended run or an abandoned page are dropped

  State state_ = State::Idle;
  double progress_ = 0.0;
  QDateTime lastSuccess_;
  QString errorMessageSv_;
  QString errorMessageEn_;
  QString errorCode_;
  int pendingCount_ = 0;
  int needsCorrectionCount_ = 0;

  enum class Run { none, login, sync };
  Run run_ = Run::none;
  int attempt_ = 0;
  int pendingAtStart_ = 0;
  int pushedThisRun_ = 0;
  int pulledThisRun_ = 0;
  int retriesThisRun_ = 0;
  bool cursorResetThisRun_ = false;
  bool extraPushDone_ = false;
  std::optional<core::protocol::LoginRequest> pendingLogin_;
  QString pendingEnrolCode_;
};

}  // namespace faltlogg::client
