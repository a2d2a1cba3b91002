#include "api/review_api.hpp"

#include "api/sync_api.hpp"
#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/uuid.hpp"

#include <set>

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxCommentChars = 2000;
constexpr std::size_t kDefaultListLimit = 200;
constexpr std::size_t kMaxListLimit = 1000;
constexpr std::size_t kMaxBulkRecords = 500;

bool is_review_state(std::string_view state) { return state == "approved" || state == "needs_changes"; }

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

struct ReviewInput {
  std::string state;
  std::string comment;
};

// state and comment as PUT and bulk both take them: a known state, a comment of at most 2000
// characters without a personal identity number or phone number.
core::Result<ReviewInput> review_input(const boost::json::object& body) {
  auto state = core::get_string(body, "state");
  if (!state) return state.problem();
  if (!is_review_state(*state)) {
    return problems::validation_failed("state", "unknown_value", "state must be approved or needs_changes.");
  }
  ReviewInput input{std::move(*state), ""};
  if (body.contains("comment")) {
    auto text = core::get_string(body, "comment");
    if (!text) return text.problem();
    input.comment = std::move(*text);
  }
  if (utf8_length(input.comment) > kMaxCommentChars) {
    return problems::validation_failed("comment", "too_long", "The comment may be at most 2000 characters.");
  }
  if (core::find_identifying_number(input.comment)) {
    return problems::validation_failed("comment", "personal_identity_number",
                                       "The comment contains a personal identity number or phone number; "
                                       "remove it.");
  }
  return input;
}

// record_ids: 1-500 distinct UUIDv4 strings. Anything else refuses the whole request.
core::Result<std::vector<std::string>> bulk_record_ids(const boost::json::object& body) {
  auto ids = core::get_array(body, "record_ids");
  if (!ids) return ids.problem();
  if ((*ids)->empty()) return problems::validation_failed("record_ids", "required", "record_ids must list records.");
  if ((*ids)->size() > kMaxBulkRecords) {
    return core::make_problem("payload_too_large", 413, "Too many records",
                              "A bulk review lists at most 500 records; split it.");
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < (*ids)->size(); ++i) {
    const auto& item = (**ids)[i];
    const std::string field = "record_ids[" + std::to_string(i) + "]";
    if (!item.is_string() || !core::is_uuid_v4(item.get_string())) {
      return problems::validation_failed(field, "invalid_id", "Each record id must be a UUID version 4.");
    }
    std::string id(item.get_string());
    if (!seen.insert(id).second) {
      return problems::validation_failed(field, "duplicate", "A record id is listed twice; list each once.");
    }
    out.push_back(std::move(id));
  }
  return out;
}

core::Result<std::optional<core::Millis>> time_param(const RequestContext& context, const std::string& name) {
  auto it = context.query.find(name);
  if (it == context.query.end() || it->second.empty()) return std::optional<core::Millis>{};
  auto parsed = core::parse_rfc3339(it->second);
  if (!parsed) return problems::bad_request("invalid_request", name + " must be an RFC 3339 timestamp.");
  return std::optional<core::Millis>{*parsed};
}

// The list's query: own team only, optional period, state and author.
core::Result<ReviewQuery> review_query(const RequestContext& context) {
  const Principal& principal = *context.principal;
  for (const auto& [name, value] : context.query) {
    if (name != "team_id" && name != "from" && name != "to" && name != "state" && name != "author_id" &&
        name != "limit") {
      return problems::bad_request("invalid_request", "Unknown query parameter '" + name + "'.");
    }
  }
  ReviewQuery query;
  query.team_id = principal.user.team_id;
  if (auto it = context.query.find("team_id"); it != context.query.end() && !it->second.empty() &&
                                              it->second != principal.user.team_id) {
    return problems::forbidden("A team lead sees only the own team's records.");
  }
  auto from = time_param(context, "from");
  if (!from) return from.problem();
  auto to = time_param(context, "to");
  if (!to) return to.problem();
  query.from = *from;
  query.to = *to;
  if (auto it = context.query.find("state"); it != context.query.end() && !it->second.empty()) {
    if (it->second != "unreviewed" && !is_review_state(it->second)) {
      return problems::bad_request("invalid_request", "state must be unreviewed, approved or needs_changes.");
    }
    query.state = it->second;
  }
  if (auto it = context.query.find("author_id"); it != context.query.end() && !it->second.empty()) {
    // Another team's user simply matches no row of this team; a malformed id is a mistake worth naming.
    if (!core::is_uuid_v4(it->second)) return problems::bad_request("invalid_request", "author_id must be a user id.");
    query.author_id = it->second;
  }
  query.limit = kDefaultListLimit;
  if (auto it = context.query.find("limit"); it != context.query.end()) {
    auto parsed = parse_count(it->second);
    if (!parsed || *parsed < 1) return problems::bad_request("invalid_request", "limit must be a positive integer.");
    query.limit = static_cast<std::size_t>(std::min<std::int64_t>(*parsed, kMaxListLimit));
  }
  return query;
}

}  // namespace

ApiResult handle_review_list(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  auto query = review_query(context);
  if (!query) return query.problem();
  // One row more than asked tells whether the list was cut, so a lead never mistakes a page for all.
  const std::size_t wanted = query->limit;
  query->limit = wanted + 1;
  std::vector<ReviewRow> rows = services.store.team_records(*query);
  const bool more = rows.size() > wanted;
  if (more) rows.pop_back();
  boost::json::array items;
  for (const ReviewRow& row : rows) {
    items.push_back({{"record", core::record_to_json(row.record)},
                     {"author_id", row.author_id},
                     {"author_name", row.author_name},
                     {"server_seq", row.server_seq},
                     {"review", {{"state", row.review_state}, {"comment", row.review_comment}}}});
  }
  // A read of records is audited before it is answered; one whose audit row cannot be written is not served.
  if (auto audited = services.store.append_audit({principal.user.id, "read_records", principal.user.team_id,
                                                  "review list records=" + std::to_string(rows.size())});
      !audited) {
    return audited.problem();
  }
  return json_response(200, boost::json::object{{"records", std::move(items)}, {"more", more}});
}

ApiResult handle_review_put(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  const std::string& record_id = context.path_params.at("id");
  if (!core::is_uuid_v4(record_id)) return problems::not_found("No record with this id.");
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  auto input = review_input(*body);
  if (!input) return input.problem();
  auto owner = services.store.record_owner(record_id);
  if (!owner) return problems::not_found("No record with this id.");
  if (owner->team_id != principal.user.team_id) {
    return problems::forbidden("A team lead reviews only the own team's records.");
  }
  auto review = services.store.add_review(*owner, principal.user.id, input->state, input->comment,
                                          {principal.user.id, "review", record_id, input->state});
  if (!review) return review.problem();
  return json_response(201, core::protocol::to_json(*review));
}

ApiResult handle_review_bulk(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"record_ids", "state", "comment"}); !known) {
    return known.problem();
  }
  auto input = review_input(*body);
  if (!input) return input.problem();
  auto ids = bulk_record_ids(*body);
  if (!ids) return ids.problem();
  BulkReviewRequest request{principal.user.team_id, principal.user.id, std::move(*ids), input->state, input->comment};
  auto reviewed = services.store.add_reviews(request);
  if (!reviewed) return reviewed.problem();
  const std::vector<BulkReviewOutcome>& outcomes = *reviewed;
  boost::json::array results;
  std::size_t counts[3] = {0, 0, 0};
  for (const BulkReviewOutcome& outcome : outcomes) {
    ++counts[static_cast<int>(outcome.status)];
    boost::json::object item{{"id", outcome.record_id}, {"status", to_string(outcome.status)}};
    if (outcome.review) item["review"] = core::protocol::to_json(*outcome.review);
    results.push_back(std::move(item));
  }
  return json_response(200, boost::json::object{{"state", input->state},
                                                {"reviewed", counts[0]},
                                                {"forbidden", counts[1]},
                                                {"not_found", counts[2]},
                                                {"results", std::move(results)}});
}

}  // namespace faltlogg::server
