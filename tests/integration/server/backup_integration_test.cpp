// faltlogg-admin backup while pushes stream in, then restore: every push acknowledged before the backup began is
// in the restored store exactly once, the audit chain verifies, and a tablet whose cursor is past the restored
// store gets cursor_expired (so it pulls again from 0 instead of silently missing records).
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

TEST(BackupIntegration, BackupDuringPushesRestoresEveryAcknowledgedRecordAndAVerifiedChain) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start();
  TlsHttpClient client(server.port(), server.ca_file());
  const std::string token = login(client, "anna", "anna-password");

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> batches{0};
  std::atomic<bool> stop{false};
  std::thread pusher([&] {
    TlsHttpClient push_client(server.port(), server.ca_file());
    std::int64_t wall = core::now_millis() - 60 * 60'000;
    for (int round = 0; round < 400 && !stop; ++round) {
      boost::json::array records;
      std::vector<std::string> ids;
      for (int i = 0; i < 20; ++i) {
        ids.push_back(core::make_uuid_v4());
        records.push_back(field_contact(ids.back(), make_hlc(++wall, 0, "tablet-1")));
      }
      HttpReply reply = push_client.post("/api/v1/sync/push", push_body(core::make_uuid_v4(), records), token);
      if (reply.status != 200) continue;
      std::lock_guard lock(mutex);
      acknowledged.insert(ids.begin(), ids.end());
      ++batches;
    }
  });
  while (batches < 10) std::this_thread::sleep_for(10ms);
  std::set<std::string> before_backup;
  {
    std::lock_guard lock(mutex);
    before_backup = acknowledged;
  }
  const auto backup_dir = server.data_dir().parent_path() / "backup-1";
  CommandResult backup = server.admin({"backup", backup_dir.string()});
  const int batches_after = batches + 5;
  while (batches < batches_after) std::this_thread::sleep_for(10ms);  // pushes went on during and after it
  stop = true;
  pusher.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("integrity ok"), std::string::npos);

  std::int64_t cursor_before_restore = 0;
  const auto everything = pull_all_ids(client, token, &cursor_before_restore);
  EXPECT_EQ(everything.size(), acknowledged.size());

  // A restore is refused while the server runs.
  CommandResult refused = server.admin({"restore", backup_dir.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("stop it"), std::string::npos) << refused.err;

  server.stop();
  CommandResult restore = server.admin({"restore", backup_dir.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  CommandResult verify = server.admin({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  server.start();
  TlsHttpClient after(server.port(), server.ca_file());
  const std::string token2 = login(after, "anna", "anna-password");
  HttpReply expired = after.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor_before_restore), token2);
  EXPECT_EQ(expired.status, 410) << expired.body;
  EXPECT_EQ(problem_code(expired), "cursor_expired");
  const auto restored = pull_all_ids(after, token2, nullptr);
  for (const auto& id : before_backup) EXPECT_EQ(restored.count(id) ? restored.at(id) : 0, 1) << id;
  for (const auto& [id, count] : restored) {
    EXPECT_EQ(count, 1) << id;
    EXPECT_TRUE(acknowledged.count(id)) << "restored a record no push acknowledged: " << id;
  }
  EXPECT_LT(restored.size(), acknowledged.size()) << "pushes after the backup should not be in it";
}

TEST(BackupIntegration, RefusesBadTargetsAndSources) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  const auto existing = server.data_dir().parent_path() / "exists";
  std::filesystem::create_directories(existing);
  CommandResult into_existing = server.admin({"backup", existing.string()});
  EXPECT_NE(into_existing.exit_code, 0);
  EXPECT_NE(into_existing.err.find("name a new directory"), std::string::npos) << into_existing.err;
  CommandResult from_nothing = server.admin({"restore", existing.string()});
  EXPECT_NE(from_nothing.exit_code, 0);
  EXPECT_NE(from_nothing.err.find("not a backup"), std::string::npos) << from_nothing.err;
  // A backup whose store was damaged is refused and the data dir is untouched.
  const auto backup_dir = server.data_dir().parent_path() / "backup-2";
  ASSERT_EQ(server.admin({"backup", backup_dir.string()}).exit_code, 0);
  const auto before = row_counts(server);
  {
    std::fstream file(backup_dir / "faltlogg.db", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(0);
    file << "not a database at all, not a database at all, not a database at all";
  }
  CommandResult damaged = server.admin({"restore", backup_dir.string()});
  EXPECT_NE(damaged.exit_code, 0);
  EXPECT_EQ(row_counts(server), before);
}

}  // namespace
}  // namespace faltlogg::test
