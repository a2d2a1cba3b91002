// Helpers shared by the server's integration tests: JSON building, login, record factories, and
// row counts read straight from the server's SQLite file (to prove bad input changed nothing).
#pragma once

#include "server_process.hpp"
#include "tls_client.hpp"

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace faltlogg::test {

boost::json::value parse(const std::string& text);
std::string problem_code(const HttpReply& reply);

// Logs in and returns the token; fails the current test (and returns "") if login does not give 200.
std::string login(TlsHttpClient& client, const std::string& username, const std::string& password,
                  std::string* device_id = nullptr);

// A valid faltkontakt v1 record for team areas "omr-1..3", occurring `minutes_ago` before now.
boost::json::object field_contact(const std::string& id, const std::string& hlc, int minutes_ago = 60);
std::string make_hlc(std::int64_t wall_ms, int counter, const std::string& node);
std::string push_body(const std::string& batch_id, const boost::json::array& records);

// "from=YYYY-MM-01&to=YYYY-MM-DD": the whole months (by UTC date) from the month of `from_ms` to the end of
// the month of `to_ms`, a period evaluators may ask for.
std::string whole_months_query(std::int64_t from_ms, std::int64_t to_ms);

// Pulls everything the caller may see from cursor 0, page by page; id -> times served (1 unless a record is
// served twice). Fails the current test on a non-200 page. `last_cursor` gets the final next_cursor.
std::map<std::string, int> pull_all_ids(TlsHttpClient& client, const std::string& token,
                                        std::int64_t* last_cursor = nullptr);

// SELECT count(*) of each table, from a read-only connection to DATA_DIR/faltlogg.db.
std::map<std::string, std::int64_t> row_counts(const ServerProcess& server);

}  // namespace faltlogg::test
