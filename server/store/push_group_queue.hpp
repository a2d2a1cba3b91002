// Group commit for pushes (decision 0080): the SQLite writer is one connection, and each commit costs an
// fsync. Pushes that arrive while a commit is running wait here; the next thread to find no commit running
// becomes the leader and commits every push waiting at that moment in one transaction, while the others
// (followers) sleep until their answer is ready. No extra thread: the leader is a worker that pushed.
#pragma once

#include "faltlogg/core/result.hpp"
#include "store/store.hpp"

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace faltlogg::server {

// One push waiting for, or taking part in, a group commit. The leader fills exactly one of result/error;
// the caller reads them only after submit() returns.
struct PendingPush {
  const PushBatch* batch = nullptr;
  const AuditEvent* audit = nullptr;
  std::optional<core::Result<PushOutcome>> result;
  std::exception_ptr error;
  bool done = false;  // guarded by the queue's mutex
};

class PushGroupQueue {
 public:
  using CommitGroup = std::function<void(const std::vector<PendingPush*>& group)>;

  explicit PushGroupQueue(std::size_t max_group = 64) : max_group_(max_group) {}

  // Returns once `push` has been committed (or refused) as part of some group; may run `commit` for a
  // group (its own push among them) on this thread. `commit` must answer every push of the group and
  // must not throw.
  void submit(PendingPush& push, const CommitGroup& commit);

 private:
  std::size_t max_group_;
  std::mutex mutex_;
  std::condition_variable answered_;
  std::vector<PendingPush*> waiting_;
  bool leader_active_ = false;
};

}  // namespace faltlogg::server
