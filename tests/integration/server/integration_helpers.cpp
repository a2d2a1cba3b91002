#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>

namespace faltlogg::test {

boost::json::value parse(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) ADD_FAILURE() << "not JSON: " << text;
  return value;
}

std::string problem_code(const HttpReply& reply) {
  auto value = parse(reply.body);
  if (!value.is_object() || !value.as_object().contains("code")) return "<no code in: " + reply.body + ">";
  return std::string(value.at("code").as_string());
}

std::string login(TlsHttpClient& client, const std::string& username, const std::string& password,
                  std::string* device_id) {
  boost::json::object body{{"username", username}, {"password", password}, {"device_name", "test-tablet"}};
  HttpReply reply = client.post("/api/v1/auth/login", boost::json::serialize(body));
  EXPECT_EQ(reply.status, 200) << reply.body;
  if (reply.status != 200) return {};
  auto json = parse(reply.body);
  if (device_id != nullptr) *device_id = std::string(json.at("device_id").as_string());
  return std::string(json.at("token").as_string());
}

std::string make_hlc(std::int64_t wall_ms, int counter, const std::string& node) {
  std::string count = std::to_string(counter);
  while (count.size() < 4) count.insert(count.begin(), '0');
  return core::format_rfc3339(wall_ms) + "/" + count + "/" + node;
}

boost::json::object field_contact(const std::string& id, const std::string& hlc, int minutes_ago) {
  const auto occurred = core::now_millis() - std::int64_t{minutes_ago} * 60'000;
  return {{"id", id},
          {"form_id", "faltkontakt"},
          {"form_version", 1},
          {"hlc", hlc},
          {"deleted", false},
          {"occurred_at", core::format_rfc3339(occurred)},
          {"data",
           {{"duration_min", 30},
            {"area_id", "omr-1"},
            {"arena", "skola"},
            {"contact_kind", "uppsokande"},
            {"youths", {{"flicka", {{"13_15", 2}}}}},
            {"in_pair", true}}}};
}

std::string push_body(const std::string& batch_id, const boost::json::array& records) {
  return boost::json::serialize(boost::json::object{{"batch_id", batch_id}, {"records", records}});
}

std::map<std::string, int> pull_all_ids(TlsHttpClient& client, const std::string& token, std::int64_t* last_cursor) {
  std::map<std::string, int> seen;
  std::int64_t cursor = 0;
  for (bool more = true; more;) {
    HttpReply reply = client.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=1000", token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) break;
    auto page = parse(reply.body).as_object();
    for (const auto& record : page.at("records").as_array()) ++seen[std::string(record.at("id").as_string())];
    cursor = page.at("next_cursor").as_int64();
    more = page.at("more").as_bool();
  }
  if (last_cursor != nullptr) *last_cursor = cursor;
  return seen;
}

namespace {
std::map<std::string, std::int64_t> postgres_row_counts(const std::string& uri) {
  std::map<std::string, std::int64_t> counts;
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to the test database: " << PQerrorMessage(conn);
    PQfinish(conn);
    return counts;
  }
  for (const char* table : {"devices", "tokens", "records", "record_versions", "push_batches", "reviews"}) {
    PGresult* result = PQexec(conn, (std::string("SELECT count(*) FROM ") + table).c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK) counts[table] = std::stoll(PQgetvalue(result, 0, 0));
    PQclear(result);
  }
  PQfinish(conn);
  return counts;
}
}  // namespace

std::map<std::string, std::int64_t> row_counts(const ServerProcess& server) {
  if (!server.store_uri().empty()) return postgres_row_counts(server.store_uri());
  std::map<std::string, std::int64_t> counts;
  sqlite3* db = nullptr;
  const std::string file = (server.data_dir() / "faltlogg.db").string();
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << file;
    sqlite3_close(db);
    return counts;
  }
  for (const char* table : {"devices", "tokens", "records", "record_versions", "push_batches", "reviews"}) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      counts[table] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return counts;
}

namespace {

std::chrono::year_month_day utc_day(std::int64_t ms) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}})};
}

std::string iso_date(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace

std::string whole_months_query(std::int64_t from_ms, std::int64_t to_ms) {
  const auto first = utc_day(from_ms);
  const auto last = utc_day(to_ms);
  return "from=" + iso_date(first.year() / first.month() / 1) +
         "&to=" + iso_date(std::chrono::year_month_day{last.year() / last.month() / std::chrono::last});
}

}  // namespace faltlogg::test
