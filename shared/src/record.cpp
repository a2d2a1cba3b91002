#include "faltlogg/core/record.hpp"

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <climits>

namespace faltlogg::core {

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxFormIdLength = 64;

Problem invalid_record(std::string detail) {
  return make_problem("invalid_record", 400, "Invalid record", "record: " + std::move(detail));
}

// Getter problems (invalid_request) become invalid_record; our own ones pass through unchanged.
Problem as_invalid_record(const Problem& problem) {
  return problem.code == "invalid_record" ? problem : invalid_record(problem.detail);
}

// Object keys sorted at every depth, so that member order chosen by a sender never changes the text.
json::value canonical_value(const json::value& value) {
  if (const auto* obj = value.if_object()) {
    std::vector<const json::key_value_pair*> members;
    members.reserve(obj->size());
    for (const auto& m : *obj) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
    json::object out;
    out.reserve(members.size());
    for (const auto* m : members) out.emplace(m->key(), canonical_value(m->value()));
    return out;
  }
  if (const auto* arr = value.if_array()) {
    json::array out;
    out.reserve(arr->size());
    for (const auto& item : *arr) out.push_back(canonical_value(item));
    return out;
  }
  return value;
}

Result<std::string> read_id(const json::object& obj) {
  auto id = get_string(obj, "id");
  if (!id) return id.problem();
  if (!is_uuid_v4(*id)) return invalid_record("\"id\" must be a UUID version 4");
  // One record, one spelling: upper-case input must not create a second record.
  std::string lower = std::move(*id);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

Status read_form(const json::object& obj, Record& record) {
  auto form_id = get_string(obj, "form_id");
  if (!form_id) return form_id.problem();
  if (form_id->empty() || form_id->size() > kMaxFormIdLength) {
    return invalid_record("\"form_id\" must be a non-empty string of at most 64 characters");
  }
  auto version = get_int(obj, "form_version");
  if (!version) return version.problem();
  if (*version <= 0 || *version > INT_MAX) return invalid_record("\"form_version\" must be a positive integer");
  record.form_id = std::move(*form_id);
  record.form_version = static_cast<int>(*version);
  return Ok{};
}

Status read_times(const json::object& obj, Record& record) {
  auto hlc_text = get_string(obj, "hlc");
  if (!hlc_text) return hlc_text.problem();
  auto hlc = Hlc::parse(*hlc_text);
  if (!hlc) return invalid_record("\"hlc\" is not a hybrid logical clock value (<RFC 3339 time>/<counter>/<node>)");
  record.hlc = hlc->to_string();
  auto occurred_text = get_string(obj, "occurred_at");
  if (!occurred_text) return occurred_text.problem();
  auto occurred = parse_rfc3339(*occurred_text);
  if (!occurred) return invalid_record("\"occurred_at\" must be an RFC 3339 time, e.g. 2026-11-22T18:00:00.000Z");
  record.occurred_at = format_rfc3339(*occurred);
  return Ok{};
}

Status read_body(const json::object& obj, Record& record) {
  if (obj.contains("deleted")) {
    auto deleted = get_bool(obj, "deleted");
    if (!deleted) return deleted.problem();
    record.deleted = *deleted;
  }
  auto data = get_object(obj, "data");
  if (!data) return data.problem();
  record.data = **data;
  return Ok{};
}

}  // namespace

Result<Record> record_from_json(const boost::json::value& value) {
  const auto* obj = value.if_object();
  if (obj == nullptr) return invalid_record("a record must be a JSON object");
  if (auto known = check_known_members(*obj, {"id", "form_id", "form_version", "hlc", "deleted", "occurred_at", "data"});
      !known) {
    return as_invalid_record(known.problem());
  }
  Record record;
  auto id = read_id(*obj);
  if (!id) return as_invalid_record(id.problem());
  record.id = std::move(*id);
  for (auto* step : {&read_form, &read_times, &read_body}) {
    if (auto status = step(*obj, record); !status) return as_invalid_record(status.problem());
  }
  return record;
}

boost::json::object record_to_json(const Record& record) {
  return {{"id", record.id},
          {"form_id", record.form_id},
          {"form_version", record.form_version},
          {"hlc", record.hlc},
          {"deleted", record.deleted},
          {"occurred_at", record.occurred_at},
          {"data", record.data}};
}

// The hlc is left out: it orders writes, it is not what the record says.
std::string record_canonical_text(const Record& record) {
  auto occurred = parse_rfc3339(record.occurred_at);
  json::object canonical{{"id", record.id},
                         {"form_id", record.form_id},
                         {"form_version", record.form_version},
                         {"deleted", record.deleted},
                         {"occurred_at", occurred ? format_rfc3339(*occurred) : record.occurred_at},
                         {"data", canonical_value(record.data)}};
  return json::serialize(canonical);
}

std::string record_content_digest(const Record& record) { return hash_hex(record_canonical_text(record)); }

}  // namespace faltlogg::core
