#include "api/review_api.hpp"

#include "api/sync_api.hpp"
#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxCommentChars = 2000;
constexpr std::size_t kDefaultListLimit = 200;
constexpr std::size_t kMaxListLimit = 1000;

core::Result<std::optional<core::Millis>> time_param(const RequestContext& context, const std::string& name) {
  auto it = context.query.find(name);
  if (it == context.query.end() || it->second.empty()) return std::optional<core::Millis>{};
  auto parsed = core::parse_rfc3339(it->second);
  if (!parsed) return problems::bad_request("invalid_request", name + " must be an RFC 3339 timestamp.");
  return std::optional<core::Millis>{*parsed};
}

bool is_review_state(std::string_view state) { return state == "approved" || state == "needs_changes"; }

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

}  // namespace

ApiResult handle_review_list(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
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
  query.limit = kDefaultListLimit;
  if (auto it = context.query.find("limit"); it != context.query.end()) {
    auto parsed = parse_count(it->second);
    if (!parsed || *parsed < 1) return problems::bad_request("invalid_request", "limit must be a positive integer.");
    query.limit = static_cast<std::size_t>(std::min<std::int64_t>(*parsed, kMaxListLimit));
  }
  // One row more than asked tells whether the list was cut, so a lead never mistakes a page for all.
  const std::size_t wanted = query.limit;
  query.limit = wanted + 1;
  std::vector<ReviewRow> rows = services.store.team_records(query);
  const bool more = rows.size() > wanted;
  if (more) rows.pop_back();
  boost::json::array items;
  for (const ReviewRow& row : rows) {
    items.push_back({{"record", core::record_to_json(row.record)},
                     {"author_id", row.author_id},
                     {"server_seq", row.server_seq},
                     {"review", {{"state", row.review_state}, {"comment", row.review_comment}}}});
  }
  services.store.append_audit({principal.user.id, "read_records", principal.user.team_id,
                               "review list records=" + std::to_string(rows.size())});
  return json_response(200, boost::json::object{{"records", std::move(items)}, {"more", more}});
}

ApiResult handle_review_put(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  const std::string& record_id = context.path_params.at("id");
  if (!core::is_uuid_v4(record_id)) return problems::not_found("No record with this id.");
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  auto state = core::get_string(*body, "state");
  if (!state) return state.problem();
  if (!is_review_state(*state)) {
    return problems::validation_failed("state", "unknown_value", "state must be approved or needs_changes.");
  }
  std::string comment;
  if (body->contains("comment")) {
    auto text = core::get_string(*body, "comment");
    if (!text) return text.problem();
    comment = std::move(*text);
  }
  if (utf8_length(comment) > kMaxCommentChars) {
    return problems::validation_failed("comment", "too_long", "The comment may be at most 2000 characters.");
  }
  if (core::find_identifying_number(comment)) {
    return problems::validation_failed("comment", "personal_identity_number",
                                       "The comment contains a personal identity number or phone number; "
                                       "remove it.");
  }
  auto owner = services.store.record_owner(record_id);
  if (!owner) return problems::not_found("No record with this id.");
  if (owner->team_id != principal.user.team_id) {
    return problems::forbidden("A team lead reviews only the own team's records.");
  }
  core::protocol::Review review =
      services.store.add_review(*owner, principal.user.id, *state, comment, {principal.user.id, "review", record_id, *state});
  return json_response(201, core::protocol::to_json(review));
}

}  // namespace faltlogg::server
