#include "sync/sync_engine.hpp"

#include "faltlogg/core/json.hpp"
#include "sync/sync_messages.hpp"

#include <QPointer>

#include <utility>

namespace faltlogg::client {

SyncEngine::SyncEngine(LocalStore& store, ServerApi& api, QObject* parent)
    : QObject(parent), store_(store), api_(api) {
  retryTimer_.setSingleShot(true);
  if (auto last = store_.metaValue("last_sync_ms"); last && last->has_value()) {
    lastSuccess_ = QDateTime::fromMSecsSinceEpoch(QString::fromStdString(**last).toLongLong(), Qt::UTC);
  }
  refreshCounts();
}

void SyncEngine::setBatchSize(int records) {
  batchSize_ = std::clamp(records, 1, static_cast<int>(core::protocol::kMaxPushRecords));
  configuredBatchSize_ = batchSize_;
}

void SyncEngine::setPullPageSize(int records) {
  pullPageSize_ = std::clamp(records, 1, static_cast<int>(core::protocol::kMaxPullLimit));
}

bool SyncEngine::isLoggedIn() { return store_.isOpen() && store_.vault().hasSecret(kTokenSecret); }

void SyncEngine::refreshCounts() {
  int pending = 0;
  int needsCorrection = 0;
  if (store_.isOpen()) {
    if (auto counts = store_.counts()) {
      pending = static_cast<int>(counts->pending);
      needsCorrection = static_cast<int>(counts->needsCorrection);
    }
  }
  if (pending != pendingCount_ || needsCorrection != needsCorrectionCount_) {
    pendingCount_ = pending;
    needsCorrectionCount_ = needsCorrection;
    emit pendingCountChanged();
  }
}

void SyncEngine::setState(State state) {
  if (state_ != state) {
    state_ = state;
    emit stateChanged();
  }
}

void SyncEngine::setProgress(double progress) {
  if (progress_ != progress) {
    progress_ = progress;
    emit progressChanged();
  }
}

void SyncEngine::clearError() {
  if (!errorCode_.isEmpty()) {
    errorCode_.clear();
    errorMessageSv_.clear();
    errorMessageEn_.clear();
    emit errorChanged();
  }
}

void SyncEngine::login(const QString& username, const QString& password, const QString& deviceName) {
  if (run_ != Run::none) {
    return;
  }
  run_ = Run::login;
  attempt_ = 0;
  clearError();
  setState(State::Syncing);
  api_.setToken({});
  // Kept only while this login runs (for its retries) and dropped when it ends, either way.
  pendingEnrolCode_.clear();
  pendingLogin_ = core::protocol::LoginRequest{username.toStdString(), password.toStdString(),
                                               deviceName.toStdString()};
  attemptLogin();
}

void SyncEngine::enrol(const QString& code, const QString& deviceName) {
  if (run_ != Run::none) {
    return;
  }
  run_ = Run::login;
  attempt_ = 0;
  clearError();
  setState(State::Syncing);
  api_.setToken({});
  // The code is used once by the server; kept only while this enrolment runs, for its retries.
  pendingLogin_ = core::protocol::LoginRequest{"", "", deviceName.toStdString()};
  pendingEnrolCode_ = code;
  attemptLogin();
}

void SyncEngine::attemptLogin() {
  if (!pendingLogin_) {
    return;
  }
  // Replies may outlive the engine (the API object can be longer-lived): a QPointer guards every callback.
  auto onReply = [this, alive = QPointer<SyncEngine>(this)](core::Result<LoginAnswer> reply) {
    if (!alive) {
      return;
    }
    if (!reply) {
      handleServerProblem(reply.problem(), [this]() { attemptLogin(); });
      return;
    }
    onLoginReply(QString::fromStdString(pendingLogin_->username), std::move(reply));
  };
  if (!pendingEnrolCode_.isEmpty()) {
    api_.enrol(pendingEnrolCode_, QString::fromStdString(pendingLogin_->device_name), std::move(onReply));
    return;
  }
  api_.login(*pendingLogin_, std::move(onReply));
}

core::Status SyncEngine::saveSession(const QString& username, const LoginAnswer& response) {
  boost::json::object session;
  session["username"] = username.toStdString();
  session["device_id"] = response.device_id;
  session["expires_at"] = response.expires_at;
  session["user"] = core::protocol::to_json(response.user);
  if (auto status = store_.vault().storeSecret(kTokenSecret, response.token); !status) {
    return status;
  }
  if (auto status = store_.vault().storeSecret(kSessionSecret, core::to_json_text(session)); !status) {
    return status;
  }
  if (auto status = saveReferences(response.referenceItems); !status) {
    return status;
  }
  // From now on every local write carries this device's id in its HLC.
  return store_.setNodeId(response.device_id);
}

// Reference lists (the team's sub-areas) are kept sealed as "reference.<name>", in the option shape the form
// UI reads, so an area can be chosen offline and is shown by its name.
core::Status SyncEngine::saveReferences(const ReferenceItems& lists) {
  for (const auto& [name, items] : lists) {
    if (auto status = store_.vault().storeSecret("reference." + name, referenceOptionsJson(items)); !status) {
      return status;
    }
  }
  if (!lists.empty()) emit referencesChanged();
  return core::Ok{};
}

void SyncEngine::refreshReferences() {
  api_.references([this, alive = QPointer<SyncEngine>(this)](core::Result<ReferenceItems> reply) {
    if (!alive) return;
    if (reply) {
      // Lists not kept now are fetched again at the next sync; the forms keep the last ones meanwhile.
      if (auto saved = saveReferences(reply.value()); !saved) {
        qWarning("Reference lists could not be kept on the tablet: %s", saved.problem().code.c_str());
      }
    }
    finishOk();
  });
}

void SyncEngine::onLoginReply(const QString& username, core::Result<LoginAnswer> reply) {
  if (auto status = saveSession(username, reply.value()); !status) {
    finishWithProblem(status.problem(), State::Error);
    return;
  }
  run_ = Run::none;
  pendingLogin_.reset();
  pendingEnrolCode_.clear();
  setState(State::Idle);
  emit loggedInChanged();
  emit loginFinished(true);
}

void SyncEngine::syncNow() {
  if (run_ != Run::none) {
    return;  // one run at a time; the running one picks up new dirty records before it ends
  }
  auto token = store_.isOpen() ? store_.vault().loadSecret(kTokenSecret)
                               : core::Result<std::optional<std::string>>(std::optional<std::string>{});
  run_ = Run::sync;
  clearError();
  if (!token) {
    finishWithProblem(token.problem(), State::Error);
    return;
  }
  if (!token->has_value()) {
    finishWithProblem(core::make_problem("login_required", 401, "Login required", "log in before syncing"),
                      State::Error);
    return;
  }
  api_.setToken(QString::fromStdString(**token));
  batchSize_ = configuredBatchSize_;  // a split last run need not shrink this one
  splitsThisRun_ = 0;
  attempt_ = 0;
  pushedThisRun_ = 0;
  pulledThisRun_ = 0;
  retriesThisRun_ = 0;
  cursorResetThisRun_ = false;
  extraPushDone_ = false;
  refreshCounts();
  pendingAtStart_ = pendingCount_;
  runTimer_.start();
  timings_ = {};
  pushMs_ = -1;
  runMs_ = -1;
  setProgress(0.0);
  setState(State::Syncing);
  pushNext();
}

void SyncEngine::pullNext() {
  if (pushMs_ < 0 && runTimer_.isValid()) {
    pushMs_ = runTimer_.elapsed();
  }
  auto cursor = store_.pullCursor();
  if (!cursor) {
    finishWithProblem(cursor.problem(), State::Error);
    return;
  }
  requestPullPage(cursor.value());
}

void SyncEngine::requestPullPage(std::int64_t cursor) {
  QElapsedTimer sent;
  sent.start();
  api_.pull(cursor, pullPageSize_,
            [this, alive = QPointer<SyncEngine>(this), cursor, generation = pullGeneration_, sent](
                core::Result<core::protocol::PullResponse> reply) {
              if (alive && generation == pullGeneration_) {
                timings_.pullRoundTripMs += sent.elapsed();
                ++timings_.pullPages;
                onPullReply(cursor, std::move(reply));
              }
            });
}

void SyncEngine::onPullReply(std::int64_t cursor, core::Result<core::protocol::PullResponse> reply) {
  if (!reply) {
    if (reply.problem().code == "cursor_expired" && !cursorResetThisRun_) {
      // The server cannot serve our cursor (restored backup, retention): pull everything again. Unsent
      // local changes stay dirty and win over older server versions in applyPullPage.
      cursorResetThisRun_ = true;
      if (auto status = store_.resetPullCursor(); !status) {
        finishWithProblem(status.problem(), State::Error);
        return;
      }
      pullNext();
      return;
    }
    handleServerProblem(reply.problem(), [this]() { pullNext(); });
    return;
  }
  // A page answers the cursor the store holds: the one before it was applied before this reply could run.
  // The next page is on its way while this one is sealed and stored; if storing fails, its answer is dropped.
  auto stored = store_.pullCursor();
  if (!stored || stored.value() != cursor) {
    ++pullGeneration_;
    pullNext();
    return;
  }
  if (reply->more) {
    requestPullPage(reply->next_cursor);
  }
  QElapsedTimer apply;
  apply.start();
  auto applied = store_.applyPullPage(reply.value());
  timings_.pullApplyMs += apply.elapsed();
  if (!applied) {
    finishWithProblem(applied.problem(), State::Error);
    return;
  }
  attempt_ = 0;
  pulledThisRun_ += static_cast<int>(reply->records.size());
  if (reply->more) {
    return;
  }
  // Records saved while this run pushed go out now rather than waiting for the next run.
  refreshCounts();
  if (pendingCount_ > 0 && !extraPushDone_) {
    extraPushDone_ = true;  // once per run, so steady typing cannot keep a run alive forever
    pushNext();
    return;
  }
  refreshReferences();
}

void SyncEngine::handleServerProblem(const core::Problem& problem, std::function<void()> retry) {
  if (problem.code == "device_revoked") {
    store_.destroy();
    finishWithProblem(problem, State::Error);
    emit storeWiped();
    return;
  }
  if (problem.status == 401 && run_ == Run::sync) {
    // An expired or revoked token: forget it, so the next sync asks for a login instead of retrying.
    // The server refuses this token either way; one left behind only costs one more refused request.
    if (auto forgotten = store_.vault().removeSecret(kTokenSecret); !forgotten) {
      qWarning("A refused token could not be removed from the tablet: %s", forgotten.problem().code.c_str());
    }
    core::Problem unauthorized = problem;
    unauthorized.code = "unauthorized";
    finishWithProblem(unauthorized, State::Error);
    emit loggedInChanged();
    return;
  }
  if (!isTransient(problem)) {
    finishWithProblem(problem, State::Error);
    return;
  }
  ++attempt_;
  if (attempt_ > backoff_.maxAttempts) {
    finishWithProblem(problem, isNetworkProblem(problem) ? State::Offline : State::Error);
    return;
  }
  ++retriesThisRun_;
  const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  const int delay = backoffDelayMs(backoff_, attempt_, unit);
  retryTimer_.disconnect();
  connect(&retryTimer_, &QTimer::timeout, this, std::move(retry));
  retryTimer_.start(delay);
}

void SyncEngine::finishWithProblem(const core::Problem& problem, State state) {
  ++pullGeneration_;  // a page still in flight belongs to this run and is not applied
  const HumanMessage message = humanMessageFor(problem);
  errorCode_ = QString::fromStdString(problem.code);
  errorMessageSv_ = QString::fromStdString(message.sv);
  errorMessageEn_ = QString::fromStdString(message.en);
  emit errorChanged();
  const Run ended = std::exchange(run_, Run::none);
  pendingLogin_.reset();
  pendingEnrolCode_.clear();
  setState(state);
  refreshCounts();
  if (ended == Run::login) {
    emit loginFinished(false);
  } else {
    emit finished(false);
  }
}

void SyncEngine::finishOk() {
  ++pullGeneration_;
  runMs_ = runTimer_.isValid() ? runTimer_.elapsed() : -1;
  run_ = Run::none;
  lastSuccess_ = QDateTime::currentDateTimeUtc();
  // Only the "senast skickat" text after a restart depends on it; the records are settled already.
  if (auto saved = store_.setMetaValue("last_sync_ms", std::to_string(lastSuccess_.toMSecsSinceEpoch())); !saved) {
    qWarning("The last sync time could not be kept on the tablet: %s", saved.problem().code.c_str());
  }
  emit lastSuccessChanged();
  setProgress(1.0);
  setState(State::Idle);
  emit finished(true);
}

}  // namespace faltlogg::client
