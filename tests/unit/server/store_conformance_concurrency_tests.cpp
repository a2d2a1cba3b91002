// The conformance suite under concurrency: pushes from many threads at once. SQLite commits the pushes
// waiting for its writer together (decision 0080); what each push gets must not change by that.
#include "store_conformance.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace faltlogg::server::testing {
namespace {

using core::protocol::PushStatus;

// What the threads saw, collected under a mutex and checked on the test's thread.
struct Seen {
  std::mutex mutex;
  std::set<std::int64_t> seqs;
  std::size_t accepted = 0;
  std::size_t other_statuses = 0;
  std::vector<std::string> problems;  // codes of refused batches
  std::size_t replays_matching = 0;

  void record(const PushOutcome& outcome) {
    auto parsed = core::protocol::push_response_from_json(core::parse_json(outcome.response_json).value());
    std::lock_guard lock(mutex);
    for (const auto& result : parsed.value().results) {
      if (result.status == PushStatus::accepted) {
        ++accepted;
        seqs.insert(result.server_seq);
      } else {
        ++other_statuses;
      }
    }
  }
};

TEST_P(StoreConformance, ConcurrentPushesAreEachAnsweredAsIfAlone) {
  constexpr int kThreads = 6;
  constexpr int kBatches = 8;
  constexpr int kPerBatch = 4;
  std::vector<Author> authors;
  for (int t = 0; t < kThreads; ++t) authors.push_back(author("user" + std::to_string(t)));
  const std::string taken = core::make_uuid_v4();
  push(authors[0], {field_contact(core::make_uuid_v4(), 1)}, taken);

  Seen seen;
  auto pusher = [&](int t) {
    const Author& who = authors[static_cast<std::size_t>(t)];
    std::string first_batch;
    std::string first_answer;
    std::string previous_id;
    for (int b = 0; b < kBatches; ++b) {
      std::vector<core::Record> records;
      for (int r = 0; r < kPerBatch; ++r) records.push_back(field_contact(core::make_uuid_v4(), 1, (t + b + r) % 3));
      if (!previous_id.empty()) {  // an edit of the previous batch's first record: subtracts and adds counts
        auto edit = field_contact(previous_id, 2);
        edit.data["arena"] = "fritid";
        records.push_back(edit);
      }
      previous_id = records.front().id;
      const PushBatch batch = batch_of(who, records);
      auto outcome = store_->apply_push_batch(batch, {who.user.id, "push", "", ""});
      if (!outcome) {
        std::lock_guard lock(seen.mutex);
        seen.problems.push_back("unexpected: " + outcome.problem().code);
        continue;
      }
      seen.record(*outcome);
      if (b == 0) {
        first_batch = batch.batch_id;
        first_answer = outcome->response_json;
      }
      if (t % 2 == 1 && b == 3) {  // another user's batch_id, between this thread's good batches
        auto stolen = store_->apply_push_batch(batch_of(who, {field_contact(core::make_uuid_v4(), 1)}, taken),
                                               {who.user.id, "push", "", ""});
        std::lock_guard lock(seen.mutex);
        seen.problems.push_back(stolen ? "accepted" : stolen.problem().code);
      }
    }
    auto replay = store_->apply_push_batch(batch_of(who, {field_contact(core::make_uuid_v4(), 1)}, first_batch),
                                           {who.user.id, "push", "", ""});
    std::lock_guard lock(seen.mutex);
    if (replay && replay->replayed && replay->response_json == first_answer) ++seen.replays_matching;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(pusher, t);
  for (auto& thread : threads) thread.join();

  const std::size_t edits = kThreads * (kBatches - 1);
  const std::size_t news = kThreads * kBatches * kPerBatch;
  EXPECT_EQ(seen.problems, std::vector<std::string>(kThreads / 2, "conflict"));
  EXPECT_EQ(seen.accepted, news + edits);
  EXPECT_EQ(seen.other_statuses, 0u);
  EXPECT_EQ(seen.seqs.size(), seen.accepted) << "two accepted versions got one server_seq";
  EXPECT_EQ(seen.replays_matching, static_cast<std::size_t>(kThreads));
  const auto counts = store_->row_counts();
  EXPECT_EQ(counts.at("records"), static_cast<std::int64_t>(news + 1));
  EXPECT_EQ(counts.at("record_versions"), static_cast<std::int64_t>(news + edits + 1));
  EXPECT_EQ(counts.at("push_batches"), kThreads * kBatches + 1);

  std::map<std::string, int> actions;
  for (const auto& entry : store_->audit_entries()) ++actions[entry.event.action];
  EXPECT_EQ(actions["push"], kThreads * kBatches + 1);
  EXPECT_EQ(actions["push_replay"], kThreads);
  const auto verified = store_->verify_audit();
  EXPECT_TRUE(verified.intact) << verified.reason;

  // The deltas summed across batches (and groups) equal counting the stored records afresh.
  const auto summed = rollups();
  const auto months = rollups(analytics::RollupGrain::month);
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "rollup_cell", ""}).ok());
  EXPECT_EQ(rollups(), summed);
  EXPECT_EQ(rollups(analytics::RollupGrain::month), months);
}

}  // namespace
}  // namespace faltlogg::server::testing
