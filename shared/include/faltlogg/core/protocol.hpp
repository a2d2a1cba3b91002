// The protocol messages of PROTOCOL.md v1, defined once for client and server.
#pragma once

#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::core::protocol {

constexpr int kVersion = 1;
constexpr std::size_t kMaxPushRecords = 500;
constexpr std::size_t kMaxPullLimit = 1000;

struct LoginRequest {
  std::string username;
  std::string password;
  std::string device_name;
};
struct UserInfo {
  std::string id;
  std::string display_name;
  std::vector<std::string> roles;
  std::string team_id;
  std::string district_id;
};
struct LoginResponse {
  std::string token;
  std::string device_id;
  std::string expires_at;
  UserInfo user;
  // Reference lists the user's forms point at, by name (e.g. "areas" -> the team's sub-area ids), so the
  // tablet can offer them as choices offline. Optional on the wire: an older server sends none.
  std::map<std::string, std::vector<std::string>, std::less<>> references;
};

struct PushRequest {
  std::string batch_id;
  std::vector<Record> records;
};
// A push request whose envelope parsed but some records did not: those records are reported
// per record as rejected (one bad record never rejects its neighbours).
struct ParsedPush {
  std::string batch_id;
  std::vector<Record> records;                            // parsed ones, in order
  std::vector<std::pair<std::string, Problem>> unparsable;  // (id if any, problem)
};

enum class PushStatus { accepted, duplicate, stale, rejected };
std::string_view to_string(PushStatus status);
std::optional<PushStatus> push_status_from_string(std::string_view text);

struct PushResult {
  std::string id;
  PushStatus status = PushStatus::accepted;
  std::int64_t server_seq = 0;      // for accepted / duplicate / stale
  std::optional<Problem> problem;   // for rejected
};
struct PushResponse {
  std::string batch_id;
  std::vector<PushResult> results;
};

struct Review {
  std::string id;
  std::string record_id;
  std::string state;  // "approved" | "needs_changes"
  std::string comment;
  std::string reviewer_id;
  std::string created_at;
  std::int64_t server_seq = 0;
};

struct PullResponse {
  std::vector<Record> records;
  std::vector<Review> reviews;
  std::int64_t next_cursor = 0;
  bool more = false;
};

boost::json::object to_json(const LoginRequest& m);
boost::json::object to_json(const LoginResponse& m);
boost::json::object to_json(const UserInfo& m);
boost::json::object to_json(const PushRequest& m);
boost::json::object to_json(const PushResult& m);
boost::json::object to_json(const PushResponse& m);
boost::json::object to_json(const Review& m);
boost::json::object to_json(const PullResponse& m);

Result<LoginRequest> login_request_from_json(const boost::json::value& v);
Result<LoginResponse> login_response_from_json(const boost::json::value& v);
Result<ParsedPush> push_request_from_json(const boost::json::value& v);  // envelope errors -> Problem
Result<PushResponse> push_response_from_json(const boost::json::value& v);
Result<Review> review_from_json(const boost::json::value& v);
Result<PullResponse> pull_response_from_json(const boost::json::value& v);

}  // namespace faltlogg::core::protocol
