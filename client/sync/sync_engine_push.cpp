// The push half of SyncEngine (decision 0085): up to two fresh batches on the wire, each persisted in the
// outbox before it is sent; a failure drains the other batch, then takes the sequential replay path.
#include "sync/sync_engine.hpp"

#include <QPointer>

#include <memory>
#include <utility>

namespace faltlogg::client {

void SyncEngine::pushNext() {
  // Only called with nothing in flight. A batch left in the outbox (a crash, a failed send) goes out alone
  // under its own id, so the server answers it from its stored response if it already committed it.
  auto leftover = store_.pendingBatch();
  if (!leftover) {
    finishWithProblem(leftover.problem(), State::Error);
    return;
  }
  if (leftover->has_value()) {
    sendBatch(std::move(**leftover));
    return;
  }
  pushAfterRowid_ = 0;
  fillPushPipeline();
}

void SyncEngine::fillPushPipeline() {
  while (pushesInFlight_ < kPushesInFlight) {
    QElapsedTimer prepare;
    prepare.start();
    auto batch = store_.preparePushBatch(static_cast<std::size_t>(batchSize_), pushAfterRowid_);
    timings_.pushPrepareMs += prepare.elapsed();
    if (!batch) {
      failPush([this, problem = batch.problem()] { finishWithProblem(problem, State::Error); });
      return;
    }
    if (!batch->has_value()) {
      break;
    }
    pushAfterRowid_ = (*batch)->lastRowid;
    sendBatch(std::move(**batch));
  }
  if (pushesInFlight_ > 0) {
    return;
  }
  if (pushAfterRowid_ > 0) {
    pushNext();  // rows before the cursor still dirty (edited, unanswered) go out in a scan from the start
    return;
  }
  pullNext();
}

void SyncEngine::sendBatch(PendingBatch batch) {
  ++pushesInFlight_;
  auto pending = std::make_shared<const PendingBatch>(std::move(batch));
  QElapsedTimer sent;
  sent.start();
  api_.push(pending->request, [this, alive = QPointer<SyncEngine>(this), pending, sent](
                                  core::Result<core::protocol::PushResponse> reply) {
    if (alive) {
      timings_.pushRoundTripMs += sent.elapsed();
      ++timings_.pushBatches;
      onPushReply(*pending, std::move(reply));
    }
  });
}

void SyncEngine::failPush(std::function<void()> action) {
  if (!afterPushDrain_) {
    afterPushDrain_ = std::move(action);  // the first failure decides; later ones' batches stay in the outbox
  }
  if (pushesInFlight_ == 0) {
    std::exchange(afterPushDrain_, {})();
  }
}

void SyncEngine::onPushReply(const PendingBatch& batch, core::Result<core::protocol::PushResponse> reply) {
  --pushesInFlight_;
  if (auto failure = settlePushReply(batch, std::move(reply)); failure || afterPushDrain_) {
    failPush(std::move(failure));
    return;
  }
  if (pushesInFlight_ == 0) {
    pushNext();
  } else {
    fillPushPipeline();
  }
}

std::function<void()> SyncEngine::settlePushReply(const PendingBatch& batch,
                                                  core::Result<core::protocol::PushResponse> reply) {
  if (!reply && refusesWholeBatch(reply.problem())) {
    return [this, batch, problem = reply.problem()] { splitRefusedBatch(batch, problem); };
  }
  if (!reply) {
    return [this, problem = reply.problem()] { handleServerProblem(problem, [this]() { pushNext(); }); };
  }
  if (reply->batch_id != batch.request.batch_id) {
    return [this] {
      finishWithProblem(core::make_problem("invalid_response", 0, "Wrong batch",
                                           "the server answered for another batch than the one sent"),
                        State::Error);
    };
  }
  QElapsedTimer apply;
  apply.start();
  auto applied = store_.applyPushResponse(batch, reply.value());
  timings_.pushApplyMs += apply.elapsed();
  if (!applied) {
    return [this, problem = applied.problem()] { finishWithProblem(problem, State::Error); };
  }
  attempt_ = 0;
  pushedThisRun_ += static_cast<int>(batch.request.records.size());
  refreshCounts();
  if (pendingAtStart_ > 0) {
    setProgress(std::min(1.0, static_cast<double>(pushedThisRun_) / pendingAtStart_));
  }
  return {};
}

// A whole batch refused for what may be one record in it: too large (the body limit is configurable and may
// be below what 500 records take), or forbidden (a server that refuses a batch whole when one record is not
// the caller's to write, e.g. a team lead's edit of a colleague's record). Sent again in halves; the batch
// never reached the server's store, so dropping it loses nothing. A single record still refused is marked
// for correction like a rejected one, so it cannot hold up the records behind it.
bool SyncEngine::refusesWholeBatch(const core::Problem& problem) {
  return problem.status == 413 || problem.code == "payload_too_large" ||
         (problem.status == 403 && problem.code == "forbidden");
}

void SyncEngine::splitRefusedBatch(const PendingBatch& batch, const core::Problem& problem) {
  const auto size = batch.request.records.size();
  if (size <= 1) {
    core::protocol::PushResponse alone;
    alone.batch_id = batch.request.batch_id;
    if (size == 1) {
      core::protocol::PushResult result;
      result.id = batch.request.records.front().id;
      result.status = core::protocol::PushStatus::rejected;
      result.problem = problem;
      alone.results.push_back(std::move(result));
    }
    if (auto status = store_.applyPushResponse(batch, alone); !status) {
      finishWithProblem(status.problem(), State::Error);
      return;
    }
    refreshCounts();
    pushNext();
    return;
  }
  if (auto status = store_.discardBatch(batch.request.batch_id); !status) {
    finishWithProblem(status.problem(), State::Error);
    return;
  }
  batchSize_ = std::max(1, static_cast<int>(size / 2));
  ++splitsThisRun_;
  pushNext();
}

}  // namespace faltlogg::client
