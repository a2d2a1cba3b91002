// Requests (parsed by the server) refuse unknown members; responses (parsed by the client) ignore them so a
// newer server can add members without breaking older clients. Wrong types are refused in both.
#include "faltlogg/core/protocol.hpp"

#include "faltlogg/core/enum_names.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace faltlogg::core::protocol {

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxUsernameLength = 128;
constexpr std::size_t kMaxPasswordLength = 1024;  // Argon2 cost grows with input; refuse absurd input first
constexpr std::size_t kMaxDeviceNameLength = 128;
constexpr std::size_t kMaxEchoedIdLength = 64;

constexpr EnumNames<PushStatus, 4> kStatusNames{{
    {PushStatus::accepted, "accepted"},
    {PushStatus::duplicate, "duplicate"},
    {PushStatus::stale, "stale"},
    {PushStatus::rejected, "rejected"},
}};

Problem in_context(Problem problem, const std::string& where) {
  problem.detail = where + ": " + problem.detail;
  return problem;
}

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Reads several required string members into their destinations; the first problem wins.
Status read_strings(const json::object& obj, std::initializer_list<std::pair<std::string_view, std::string*>> members) {
  for (const auto& [key, out] : members) {
    auto text = get_string(obj, key);
    if (!text) return text.problem();
    *out = std::move(*text);
  }
  return Ok{};
}

Result<std::string> get_bounded_string(const json::object& obj, std::string_view key, std::size_t max_length) {
  auto text = get_string(obj, key);
  if (!text) return text.problem();
  if (text->empty() || text->size() > max_length) {
    return invalid_request("member " + quote_for_detail(key) + " must be 1 to " + std::to_string(max_length) +
                           " bytes long");
  }
  return text;
}

Result<std::int64_t> get_sequence(const json::object& obj, std::string_view key) {
  auto n = get_int(obj, key);
  if (!n) return n.problem();
  if (*n < 0) return invalid_request("member " + quote_for_detail(key) + " cannot be negative");
  return n;
}

Result<std::vector<std::string>> get_string_list(const json::object& obj, std::string_view key) {
  auto items = get_array(obj, key);
  if (!items) return items.problem();
  std::vector<std::string> out;
  out.reserve((*items)->size());
  for (const auto& item : **items) {
    if (!item.is_string()) return invalid_request("member " + quote_for_detail(key) + " must hold only strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<UserInfo> user_info_from_json(const json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("\"user\" must be an object");
  UserInfo user;
  if (auto read = read_strings(*obj, {{"id", &user.id},
                                      {"display_name", &user.display_name},
                                      {"team_id", &user.team_id},
                                      {"district_id", &user.district_id}});
      !read) {
    return in_context(read.problem(), "user");
  }
  auto roles = get_string_list(*obj, "roles");
  if (!roles) return in_context(roles.problem(), "user");
  user.roles = std::move(*roles);
  return user;
}

Result<PushResult> push_result_from_json(const json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("a result must be an object");
  PushResult result;
  auto id = get_string(*obj, "id");
  if (!id) return id.problem();
  result.id = std::move(*id);
  auto status_text = get_string(*obj, "status");
  if (!status_text) return status_text.problem();
  auto status = push_status_from_string(*status_text);
  if (!status) return invalid_request("unknown push status " + quote_for_detail(*status_text));
  result.status = *status;
  if (result.status == PushStatus::rejected) {
    auto problem = get_object(*obj, "problem");
    if (!problem) return problem.problem();
    result.problem = problem_from_json(**problem);
  } else {
    auto seq = get_sequence(*obj, "server_seq");
    if (!seq) return seq.problem();
    result.server_seq = *seq;
  }
  return result;
}

// The id of a record that did not parse, when one can be read, so the client can tell which one it was.
std::string readable_record_id(const json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return {};
  const auto* id = obj->if_contains("id");
  if (id == nullptr || !id->is_string() || id->get_string().size() > kMaxEchoedIdLength) return {};
  return std::string(id->get_string());
}

template <typename T, typename Parse>
Result<std::vector<T>> parse_list(const json::object& obj, std::string_view key, Parse parse) {
  auto items = get_array(obj, key);
  if (!items) return items.problem();
  std::vector<T> out;
  out.reserve((*items)->size());
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    auto item = parse((**items)[i]);
    if (!item) return in_context(item.problem(), std::string(key) + "[" + std::to_string(i) + "]");
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

std::string_view to_string(PushStatus status) { return enum_name(kStatusNames, status).value_or("rejected"); }

std::optional<PushStatus> push_status_from_string(std::string_view text) { return enum_from_name(kStatusNames, text); }

boost::json::object to_json(const LoginRequest& m) {
  return {{"username", m.username}, {"password", m.password}, {"device_name", m.device_name}};
}

boost::json::object to_json(const UserInfo& m) {
  return {{"id", m.id},
          {"display_name", m.display_name},
          {"roles", json::array(m.roles.begin(), m.roles.end())},
          {"team_id", m.team_id},
          {"district_id", m.district_id}};
}

boost::json::object to_json(const LoginResponse& m) {
  json::object references;
  for (const auto& [name, ids] : m.references) {
    json::array list;
    for (const auto& id : ids) list.emplace_back(id);
    references[name] = std::move(list);
  }
  return {{"token", m.token},
          {"device_id", m.device_id},
          {"expires_at", m.expires_at},
          {"user", to_json(m.user)},
          {"references", std::move(references)}};
}

boost::json::object to_json(const PushRequest& m) {
  json::array records;
  records.reserve(m.records.size());
  for (const auto& r : m.records) records.push_back(record_to_json(r));
  return {{"batch_id", m.batch_id}, {"records", std::move(records)}};
}

boost::json::object to_json(const PushResult& m) {
  json::object out{{"id", m.id}, {"status", to_string(m.status)}};
  if (m.status == PushStatus::rejected) {
    out["problem"] = m.problem ? problem_to_json(*m.problem) : json::object{};
  } else {
    out["server_seq"] = m.server_seq;
  }
  return out;
}

boost::json::object to_json(const PushResponse& m) {
  json::array results;
  results.reserve(m.results.size());
  for (const auto& r : m.results) results.push_back(to_json(r));
  return {{"batch_id", m.batch_id}, {"results", std::move(results)}};
}

boost::json::object to_json(const Review& m) {
  return {{"id", m.id},
          {"record_id", m.record_id},
          {"state", m.state},
          {"comment", m.comment},
          {"reviewer_id", m.reviewer_id},
          {"created_at", m.created_at},
          {"server_seq", m.server_seq}};
}

boost::json::object to_json(const PullResponse& m) {
  json::array records;
  records.reserve(m.records.size());
  for (const auto& r : m.records) records.push_back(record_to_json(r));
  json::array reviews;
  reviews.reserve(m.reviews.size());
  for (const auto& r : m.reviews) reviews.push_back(to_json(r));
  return {{"records", std::move(records)},
          {"reviews", std::move(reviews)},
          {"next_cursor", m.next_cursor},
          {"more", m.more}};
}

Result<LoginRequest> login_request_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("the login request must be a JSON object");
  if (auto known = check_known_members(*obj, {"username", "password", "device_name"}); !known) return known.problem();
  LoginRequest request;
  auto username = get_bounded_string(*obj, "username", kMaxUsernameLength);
  if (!username) return username.problem();
  auto password = get_bounded_string(*obj, "password", kMaxPasswordLength);
  if (!password) return password.problem();
  auto device_name = get_bounded_string(*obj, "device_name", kMaxDeviceNameLength);
  if (!device_name) return device_name.problem();
  request.username = std::move(*username);
  request.password = std::move(*password);
  request.device_name = std::move(*device_name);
  return request;
}

Result<LoginResponse> login_response_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("the login response must be a JSON object");
  LoginResponse response;
  if (auto read = read_strings(
          *obj, {{"token", &response.token}, {"device_id", &response.device_id}, {"expires_at", &response.expires_at}});
      !read) {
    return read.problem();
  }
  const auto* user = obj->if_contains("user");
  if (user == nullptr) return invalid_request("member \"user\" is missing");
  auto info = user_info_from_json(*user);
  if (!info) return info.problem();
  response.user = std::move(*info);
  if (const auto* references = obj->if_contains("references"); references != nullptr) {
    if (!references->is_object()) return invalid_request("member \"references\" must be an object of string arrays");
    for (const auto& [name, list] : references->get_object()) {
      if (!list.is_array()) return invalid_request("each reference list must be an array of strings");
      auto& ids = response.references[std::string(name)];
      for (const auto& id : list.get_array()) {
        if (!id.is_string()) return invalid_request("each reference list must be an array of strings");
        ids.emplace_back(id.get_string());
      }
    }
  }
  return response;
}

Result<ParsedPush> push_request_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("the push request must be a JSON object");
  if (auto known = check_known_members(*obj, {"batch_id", "records"}); !known) return known.problem();
  auto batch_id = get_string(*obj, "batch_id");
  if (!batch_id) return batch_id.problem();
  if (!is_uuid_v4(*batch_id)) return invalid_request("\"batch_id\" must be a UUID version 4");
  auto records = get_array(*obj, "records");
  if (!records) return records.problem();
  if ((*records)->size() > kMaxPushRecords) {
    return make_problem("payload_too_large", 413, "Payload too large",
                        "a push may carry at most " + std::to_string(kMaxPushRecords) + " records; this one has " +
                            std::to_string((*records)->size()) + " — send them in several batches");
  }
  ParsedPush push;
  push.batch_id = lower_case(std::move(*batch_id));  // replay detection must not depend on letter case
  for (const auto& item : **records) {
    auto record = record_from_json(item);
    if (record) {
      push.records.push_back(std::move(*record));
    } else {
      push.unparsable.emplace_back(readable_record_id(item), record.problem());
    }
  }
  return push;
}

Result<PushResponse> push_response_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("the push response must be a JSON object");
  PushResponse response;
  auto batch_id = get_string(*obj, "batch_id");
  if (!batch_id) return batch_id.problem();
  response.batch_id = std::move(*batch_id);
  auto results = parse_list<PushResult>(*obj, "results", push_result_from_json);
  if (!results) return results.problem();
  response.results = std::move(*results);
  return response;
}

Result<Review> review_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("a review must be a JSON object");
  Review review;
  if (auto read = read_strings(*obj, {{"id", &review.id},
                                      {"record_id", &review.record_id},
                                      {"state", &review.state},
                                      {"comment", &review.comment},
                                      {"reviewer_id", &review.reviewer_id},
                                      {"created_at", &review.created_at}});
      !read) {
    return read.problem();
  }
  if (review.state != "approved" && review.state != "needs_changes") {
    return invalid_request("\"state\" must be \"approved\" or \"needs_changes\"");
  }
  if (!parse_rfc3339(review.created_at)) return invalid_request("\"created_at\" must be an RFC 3339 time");
  auto seq = get_sequence(*obj, "server_seq");
  if (!seq) return seq.problem();
  review.server_seq = *seq;
  return review;
}

Result<PullResponse> pull_response_from_json(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return invalid_request("the pull response must be a JSON object");
  PullResponse response;
  auto records = parse_list<Record>(*obj, "records", record_from_json);
  if (!records) return records.problem();
  response.records = std::move(*records);
  auto reviews = parse_list<Review>(*obj, "reviews", review_from_json);
  if (!reviews) return reviews.problem();
  response.reviews = std::move(*reviews);
  auto cursor = get_sequence(*obj, "next_cursor");
  if (!cursor) return cursor.problem();
  response.next_cursor = *cursor;
  auto more = get_bool(*obj, "more");
  if (!more) return more.problem();
  response.more = *more;
  return response;
}

}  // namespace faltlogg::core::protocol
