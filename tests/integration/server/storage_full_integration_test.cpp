// A full disk during a push: the client gets 503 storage_full with Retry-After (it keeps the batch and sends
// it later), nothing of the failed batch is stored, every acknowledged record is there exactly once, and the
// server goes on serving. The "disk" is RLIMIT_FSIZE on the server process (writes past it fail with EFBIG,
// which SQLite reports like ENOSPC), so the test needs no small filesystem and no privileges.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace faltlogg::test {
namespace {

constexpr std::uint64_t kFileSizeLimit = 2 * 1024 * 1024;

// Letters only: a note must not look like a phone or identity number.
std::string filler_note(std::mt19937& random) {
  std::uniform_int_distribution<int> letter('a', 'z');
  std::string note;
  for (int i = 0; i < 1900; ++i) note.push_back(i % 7 == 6 ? ' ' : static_cast<char>(letter(random)));
  return note;
}

boost::json::array batch_of(int count, std::int64_t& wall, std::mt19937& random, std::vector<std::string>& ids) {
  boost::json::array records;
  ids.clear();
  for (int i = 0; i < count; ++i) {
    const std::string id = core::make_uuid_v4();
    auto record = field_contact(id, make_hlc(++wall, 0, "tablet-1"));
    record["data"].as_object()["notes"] = filler_note(random);
    records.push_back(std::move(record));
    ids.push_back(id);
  }
  return records;
}

TEST(StorageFullIntegration, FullDiskIsA503WithRetryAfterAndLosesOrDuplicatesNothing) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.set_file_size_limit(kFileSizeLimit);
  server.start();

  TlsHttpClient client(server.port(), server.ca_file());
  const std::string token = login(client, "anna", "anna-password");
  std::mt19937 random(13);
  std::int64_t wall = core::now_millis() - 10 * 60'000;
  std::set<std::string> acknowledged;
  std::vector<std::string> ids;
  std::string failed_batch_id;
  std::string failed_body;
  HttpReply refused;
  for (int round = 0; round < 200 && failed_batch_id.empty(); ++round) {
    const std::string batch_id = core::make_uuid_v4();
    const std::string body = push_body(batch_id, batch_of(40, wall, random, ids));
    HttpReply reply = client.post("/api/v1/sync/push", body, token);
    if (reply.status == 200) {
      const auto reply_json = parse(reply.body);
      for (const auto& result : reply_json.at("results").as_array()) {
        ASSERT_EQ(result.at("status").as_string(), "accepted") << reply.body;
      }
      acknowledged.insert(ids.begin(), ids.end());
    } else {
      failed_batch_id = batch_id;
      failed_body = body;
      refused = reply;
    }
  }
  ASSERT_FALSE(failed_batch_id.empty()) << "the file size limit was never reached";
  ASSERT_FALSE(acknowledged.empty()) << "no push succeeded before the limit";
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(problem_code(refused), "storage_full");
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_NE(parse(refused.body).at("detail").as_string().find("send it again later"), std::string::npos);
  EXPECT_NE(server.log_text().find("\"storage_full\""), std::string::npos);

  // Still serving: reads work while the disk is full.
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(pull_all_ids(client, token).size(), acknowledged.size());

  // Room again (the operator freed space): restart without the limit.
  server.stop();
  server.set_file_size_limit(0);
  server.start();
  TlsHttpClient after(server.port(), server.ca_file());
  const std::string token2 = login(after, "anna", "anna-password");
  const auto seen = pull_all_ids(after, token2);
  for (const auto& id : acknowledged) EXPECT_EQ(seen.count(id) ? seen.at(id) : 0, 1) << id;
  EXPECT_EQ(seen.size(), acknowledged.size()) << "a record of the refused batch was stored";

  // The refused batch was not remembered as answered: sending it again stores it now, once.
  HttpReply retry = after.post("/api/v1/sync/push", failed_body, token2);
  ASSERT_EQ(retry.status, 200) << retry.body;
  const auto retry_json = parse(retry.body);
  for (const auto& result : retry_json.at("results").as_array()) {
    EXPECT_EQ(result.at("status").as_string(), "accepted") << retry.body;
  }
  EXPECT_EQ(pull_all_ids(after, token2).size(), acknowledged.size() + 40);
}

}  // namespace
}  // namespace faltlogg::test
