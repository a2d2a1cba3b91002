// Push outcomes, batch replay, stale writes, pull paging and hostile push bodies over real TLS.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace faltlogg::test {
namespace {

using core::make_uuid_v4;

class SyncIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.add_user("bert", "field_worker", "Fält Nord", "bert-password");
    server_.start();
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    anna_ = login(*client_, "anna", "anna-password", &anna_device_);
    bert_ = login(*client_, "bert", "bert-password");
  }

  boost::json::object push(const std::string& token, const std::string& batch_id, const boost::json::array& records,
                           HttpReply* raw = nullptr) {
    HttpReply reply = client_->post("/api/v1/sync/push", push_body(batch_id, records), token);
    if (raw != nullptr) *raw = reply;
    EXPECT_EQ(reply.status, 200) << reply.body;
    return parse(reply.body).as_object();
  }

  static std::string status_of(const boost::json::object& response, std::size_t index) {
    return std::string(response.at("results").as_array().at(index).at("status").as_string());
  }

  // All hlcs of a test share one wall time, so the counter alone orders them.
  std::string hlc(int counter) { return make_hlc(wall_ms_, counter, anna_device_); }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string anna_;
  std::string anna_device_;
  std::string bert_;
  std::int64_t wall_ms_ = core::now_millis() - 1000;
};

TEST_F(SyncIntegration, PushAcceptsValidRecordsAndReplayReturnsTheSameResponse) {
  const std::string batch = make_uuid_v4();
  boost::json::array records{field_contact(make_uuid_v4(), hlc(1)), field_contact(make_uuid_v4(), hlc(2))};
  HttpReply first;
  auto response = push(anna_, batch, records, &first);
  EXPECT_EQ(status_of(response, 0), "accepted");
  EXPECT_EQ(status_of(response, 1), "accepted");
  EXPECT_EQ(response.at("batch_id").as_string(), batch);
  const auto after_first = row_counts(server_);
  EXPECT_EQ(after_first.at("records"), 2);

  HttpReply replay;
  push(anna_, batch, records, &replay);
  EXPECT_EQ(replay.body, first.body);          // verbatim
  EXPECT_EQ(row_counts(server_), after_first);  // nothing re-applied
}

TEST_F(SyncIntegration, DuplicateStaleAndConflictOutcomes) {
  const std::string id = make_uuid_v4();
  const std::string newer = hlc(5);
  const auto record = field_contact(id, newer);
  auto first = push(anna_, make_uuid_v4(), {record});
  ASSERT_EQ(status_of(first, 0), "accepted");
  const auto seq = first.at("results").at(0).at("server_seq").as_int64();

  auto again = push(anna_, make_uuid_v4(), {record});  // a retry in a new batch: same id, hlc, content
  EXPECT_EQ(status_of(again, 0), "duplicate");
  EXPECT_EQ(again.at("results").at(0).at("server_seq").as_int64(), seq);

  auto older = push(anna_, make_uuid_v4(), {field_contact(id, hlc(1))});
  EXPECT_EQ(status_of(older, 0), "stale") << boost::json::serialize(older);
  EXPECT_EQ(older.at("results").at(0).at("server_seq").as_int64(), seq);

  auto changed = record;
  changed["data"].as_object()["duration_min"] = 45;
  auto conflict = push(anna_, make_uuid_v4(), {changed});
  EXPECT_EQ(status_of(conflict, 0), "rejected");
  EXPECT_EQ(conflict.at("results").at(0).at("problem").at("code").as_string(), "conflict");
  EXPECT_EQ(row_counts(server_).at("record_versions"), 1);
}

TEST_F(SyncIntegration, ARecordOwnedByAnotherUserIsRejectedPerRecord) {
  const std::string id = make_uuid_v4();
  ASSERT_EQ(status_of(push(anna_, make_uuid_v4(), {field_contact(id, hlc(1))}), 0), "accepted");
  const auto before = row_counts(server_);
  auto response = push(bert_, make_uuid_v4(), {field_contact(id, hlc(9)), field_contact(make_uuid_v4(), hlc(9))});
  EXPECT_EQ(status_of(response, 0), "rejected");
  EXPECT_EQ(response.at("results").at(0).at("problem").at("code").as_string(), "forbidden");
  EXPECT_EQ(status_of(response, 1), "accepted");  // the neighbour is not harmed
  EXPECT_EQ(row_counts(server_).at("records"), before.at("records") + 1);
}

TEST_F(SyncIntegration, InvalidRecordsAreRejectedWithStableCodesAndStoreNothing) {
  auto unknown_form = field_contact(make_uuid_v4(), hlc(1));
  unknown_form["form_id"] = "okand_blankett";
  auto unknown_version = field_contact(make_uuid_v4(), hlc(1));
  unknown_version["form_version"] = 99;
  auto bad_value = field_contact(make_uuid_v4(), hlc(1));
  bad_value["data"].as_object()["arena"] = "manen";
  auto personnummer = field_contact(make_uuid_v4(), hlc(1));
  personnummer["data"].as_object()["notes"] = "Pratade med 811218-9876 vid torget";
  auto wrong_type = field_contact(make_uuid_v4(), hlc(1));
  wrong_type["data"].as_object()["duration_min"] = "trettio";
  auto bad_hlc = field_contact(make_uuid_v4(), "igår");
  const auto before = row_counts(server_);
  auto response = push(anna_, make_uuid_v4(), {unknown_form, unknown_version, bad_value, personnummer, wrong_type, bad_hlc});
  const std::vector<std::string> expected = {"unknown_form",      "unsupported_form_version", "validation_failed",
                                             "validation_failed", "validation_failed",        "invalid_record"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(status_of(response, i), "rejected") << i;
    EXPECT_EQ(response.at("results").at(i).at("problem").at("code").as_string(), expected[i]) << i;
  }
  auto after = row_counts(server_);
  EXPECT_EQ(after.at("records"), before.at("records"));
  EXPECT_EQ(after.at("record_versions"), before.at("record_versions"));
}

TEST_F(SyncIntegration, MalformedPushBodiesGetProblemsAndChangeNothing) {
  const auto before = row_counts(server_);
  HttpReply not_json = client_->post("/api/v1/sync/push", "{\"batch_id\": [", anna_);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(problem_code(not_json), "invalid_json");
  HttpReply records_not_array =
      client_->post("/api/v1/sync/push", R"({"batch_id": ")" + make_uuid_v4() + R"(", "records": 7})", anna_);
  EXPECT_EQ(records_not_array.status, 400);
  HttpReply bad_batch = client_->post("/api/v1/sync/push", push_body("batch-1", {}), anna_);
  EXPECT_EQ(bad_batch.status, 400);
  EXPECT_EQ(problem_code(bad_batch), "invalid_request");
  HttpReply array_body = client_->post("/api/v1/sync/push", "[1, 2, 3]", anna_);
  EXPECT_EQ(problem_code(array_body), "invalid_json");
  EXPECT_EQ(row_counts(server_), before);
}

TEST_F(SyncIntegration, PullPagesThroughEverythingInServerSeqOrder) {
  std::set<std::string> pushed;
  boost::json::array records;
  for (int i = 0; i < 25; ++i) {
    const std::string id = make_uuid_v4();
    pushed.insert(id);
    records.push_back(field_contact(id, hlc(i + 1)));
  }
  push(anna_, make_uuid_v4(), records);
  push(bert_, make_uuid_v4(), {field_contact(make_uuid_v4(), hlc(1))});  // not Anna's: never in her pull

  std::set<std::string> pulled;
  std::int64_t cursor = 0;
  int pages = 0;
  bool more = true;
  while (more) {
    HttpReply reply = client_->get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=10", anna_);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto page = parse(reply.body).as_object();
    for (const auto& record : page.at("records").as_array()) {
      EXPECT_TRUE(pulled.insert(std::string(record.at("id").as_string())).second) << "pulled twice";
    }
    EXPECT_GT(page.at("next_cursor").as_int64(), cursor);
    cursor = page.at("next_cursor").as_int64();
    more = page.at("more").as_bool();
    ASSERT_LT(++pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(pulled, pushed);
  // Pulling from the end gives an empty page that keeps the cursor.
  auto tail = parse(client_->get("/api/v1/sync/pull?cursor=" + std::to_string(cursor), anna_).body).as_object();
  EXPECT_TRUE(tail.at("records").as_array().empty());
  EXPECT_EQ(tail.at("next_cursor").as_int64(), cursor);
}

TEST_F(SyncIntegration, ACursorFromTheFutureIsExpiredAndBadParametersAre400) {
  HttpReply expired = client_->get("/api/v1/sync/pull?cursor=999999", anna_);
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(problem_code(expired), "cursor_expired");
  EXPECT_EQ(client_->get("/api/v1/sync/pull?cursor=-1", anna_).status, 400);
  EXPECT_EQ(client_->get("/api/v1/sync/pull?cursor=abc", anna_).status, 400);
  EXPECT_EQ(client_->get("/api/v1/sync/pull?limit=0", anna_).status, 400);
}

// A field worker gets the field-contact form only (decision 0042: forms follow the roles).
TEST_F(SyncIntegration, FormsListsTheFormsTheRoleUses) {
  HttpReply reply = client_->get("/api/v1/forms", anna_);
  ASSERT_EQ(reply.status, 200);
  std::set<std::string> ids;
  const auto forms = parse(reply.body);
  for (const auto& form : forms.as_array()) ids.insert(std::string(form.at("id").as_string()));
  EXPECT_TRUE(ids.contains("faltkontakt"));
  EXPECT_FALSE(ids.contains("familjebehandling"));
}

}  // namespace
}  // namespace faltlogg::test

namespace faltlogg::test {
namespace {

// Writers and readers at once: WAL readers never wait for the writer, and no request may fail with
// a busy database (that would surface as a 500).
TEST(SyncConcurrency, ConcurrentPushesAndPullsAllSucceed) {
  ServerProcess server;
  for (int i = 0; i < 4; ++i) server.add_user("w" + std::to_string(i), "field_worker", "Fält Nord", "password-123");
  server.add_user("lead", "team_lead", "Fält Nord", "password-123");
  server.start({"--login-rate-limit", "0"});
  std::atomic<int> failures{0};
  std::atomic<int> pushed{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      TlsHttpClient client(server.port(), server.ca_file());
      std::string device;
      const std::string token = login(client, "w" + std::to_string(w), "password-123", &device);
      for (int batch = 0; batch < 15; ++batch) {
        boost::json::array records;
        for (int i = 0; i < 20; ++i) {
          records.push_back(field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 1000, i, device)));
        }
        HttpReply reply = client.post("/api/v1/sync/push", push_body(core::make_uuid_v4(), records), token);
        if (reply.status == 200) {
          pushed += 20;
        } else {
          ++failures;
        }
      }
    });
  }
  std::thread reader([&] {
    TlsHttpClient client(server.port(), server.ca_file());
    const std::string token = login(client, "lead", "password-123");
    while (writing) {
      if (client.get("/api/v1/sync/pull?cursor=0&limit=1000", token).status != 200) ++failures;
    }
  });
  for (auto& writer : writers) writer.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(pushed.load(), 4 * 15 * 20);
  EXPECT_EQ(row_counts(server).at("records"), 4 * 15 * 20);
}

}  // namespace
}  // namespace faltlogg::test
