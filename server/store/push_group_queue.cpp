#include "store/push_group_queue.hpp"

#include <algorithm>

namespace faltlogg::server {

void PushGroupQueue::submit(PendingPush& push, const CommitGroup& commit) {
  std::unique_lock lock(mutex_);
  waiting_.push_back(&push);
  while (!push.done) {
    if (leader_active_) {
      answered_.wait(lock);
      continue;
    }
    // Lead one group: the oldest pushes first, so a push never waits behind more than one full group.
    leader_active_ = true;
    const auto take = static_cast<std::ptrdiff_t>(std::min(waiting_.size(), max_group_));
    std::vector<PendingPush*> group(waiting_.begin(), waiting_.begin() + take);
    waiting_.erase(waiting_.begin(), waiting_.begin() + take);
    lock.unlock();
    commit(group);
    lock.lock();
    for (PendingPush* member : group) member->done = true;
    leader_active_ = false;
    // Wakes the group's followers and the pushes that queued meanwhile: one of them leads the next group.
    answered_.notify_all();
  }
}

}  // namespace faltlogg::server
