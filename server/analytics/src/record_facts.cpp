#include "faltlogg/analytics/record_facts.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/form_versions.hpp"
#include "record_facts_v2.hpp"
#include "faltlogg/analytics/time_band.hpp"
#include "faltlogg/core/time.hpp"

#include <boost/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace faltlogg::server::analytics {

namespace json = boost::json;

namespace {

// Optional single-choice fields the author left empty still need a dimension value to group under.
constexpr std::string_view kNotGiven = "ej_angivet";
// Far above anything a form allows (minutes 1-600, people 0-200): a bound that keeps sums of many
// records far from overflow even if a form pack were loosened carelessly.
constexpr std::int64_t kMaxCount = 100'000;

core::Problem unusable(std::string_view field, std::string_view why) {
  // Names the field and the form, never a value: values may be personal data.
  return core::make_problem("invalid_record_for_rollup", 422, "Record unusable for rollups",
                            "field " + std::string(field) + " " + std::string(why));
}

const json::value* member(const json::object& data, std::string_view key) {
  const json::value* v = data.if_contains(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

std::optional<std::int64_t> as_count(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

core::Result<std::string> required_choice(const json::object& data, std::string_view key) {
  const json::value* v = member(data, key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) return unusable(key, "is missing");
  return std::string(v->get_string());
}

core::Result<std::string> optional_choice(const json::object& data, std::string_view key) {
  const json::value* v = member(data, key);
  if (v == nullptr) return std::string(kNotGiven);
  if (!v->is_string() || v->get_string().empty()) return unusable(key, "is not a choice");
  return std::string(v->get_string());
}

core::Result<std::int64_t> optional_count(const json::object& data, std::string_view key, bool required) {
  const json::value* v = member(data, key);
  if (v == nullptr) {
    if (required) return unusable(key, "is missing");
    return std::int64_t{0};
  }
  const auto count = as_count(*v);
  if (!count || *count < 0 || *count > kMaxCount) return unusable(key, "is not a count within 0-100000");
  return *count;
}

core::Result<std::vector<std::string>> optional_multi(const json::object& data, std::string_view key) {
  std::vector<std::string> values;
  const json::value* v = member(data, key);
  if (v == nullptr) return values;
  if (!v->is_array()) return unusable(key, "is not a list");
  for (const json::value& item : v->get_array()) {
    if (!item.is_string() || item.get_string().empty()) return unusable(key, "holds a non-choice");
    values.emplace_back(item.get_string());
  }
  // A duplicated option must not count twice.
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

bool contains(const std::vector<std::string>& values, std::string_view wanted) {
  return std::find(values.begin(), values.end(), wanted) != values.end();
}

void count_each(Counters& counters, std::string_view prefix, const std::vector<std::string>& values) {
  for (const auto& value : values) counters[std::string(prefix) + value] += 1;
}

// youths: {"<gender>": {"<age band>": n}}; counted per gender and per age band (marginals), whose names
// do not overlap, so "youths.<value>" is unambiguous and new bands need no code.
core::Status add_youths(const json::object& data, Counters& counters) {
  const json::value* v = member(data, "youths");
  if (v == nullptr) return core::Ok{};
  if (!v->is_object()) return unusable("youths", "is not a grid");
  std::int64_t total = 0;
  for (const auto& row : v->get_object()) {
    if (!row.value().is_object()) return unusable("youths", "has a row that is not an object");
    for (const auto& cell : row.value().get_object()) {
      const auto count = as_count(cell.value());
      if (!count || *count < 0 || *count > kMaxCount) return unusable("youths", "has a cell that is not a count");
      if (*count == 0) continue;
      counters[std::string(counter::youths_prefix) + std::string(row.key())] += *count;
      counters[std::string(counter::youths_prefix) + std::string(cell.key())] += *count;
      total += *count;
    }
  }
  if (total > 0) counters[std::string(counter::youths)] += total;
  return core::Ok{};
}

struct Occurrence {
  LocalDateTime local;
  core::Millis utc = 0;
};

core::Result<Occurrence> occurrence_of(const core::Record& record) {
  const auto utc = core::parse_rfc3339(record.occurred_at);
  if (!utc) return unusable("occurred_at", "is not an RFC 3339 time");
  return Occurrence{to_stockholm_local(*utc), *utc};
}

void drop_zero_counters(Counters& counters) {
  std::erase_if(counters, [](const auto& entry) { return entry.second == 0; });
}

core::Result<RecordFacts> field_contact_facts(const core::Record& record, const RecordContext& context) {
  const json::object& data = record.data;
  const auto when = occurrence_of(record);
  if (!when) return when.problem();
  auto arena = required_choice(data, "arena");
  if (!arena) return arena.problem();
  // Either version is counted in v2's words (decision 0070); `kind` is v1's contact_kind or its equivalent.
  auto view = field_contact_view(record);
  if (!view) return view.problem();
  const std::string* kind = &view->contact_kind;
  const auto minutes = optional_count(data, "duration_min", true);
  if (!minutes) return minutes.problem();
  const auto parents = optional_count(data, "parents", false);
  if (!parents) return parents.problem();
  auto concerns = optional_multi(data, "concerns");
  auto actions = optional_multi(data, "actions");
  auto partners = optional_multi(data, "partners");
  if (!concerns) return concerns.problem();
  if (!actions) return actions.problem();
  if (!partners) return partners.problem();
  const json::value* in_pair = member(data, "in_pair");
  if (in_pair == nullptr || !in_pair->is_bool()) return unusable("in_pair", "is missing");

  RollupRow row;
  row.key = RollupKey{RollupKind::contact_daily, format_date(when->local.date), context.district_id,
                      context.team_id,
                      {{"aktivitet", view->aktivitet}, {"arena", *arena}, {"contact_kind", *kind},
                       {"time_band", std::string(to_string(time_band_at(when->local)))}}};
  Counters& c = row.counters;
  c[std::string(counter::contacts)] = 1;
  c[std::string(counter::minutes)] = *minutes;
  c[std::string(counter::parents)] = *parents;
  if (auto status = add_youths(data, c); !status) return status.problem();
  c[std::string(counter::contacts_in_pair)] = in_pair->get_bool() ? 1 : 0;
  const bool with_parents =
      *parents > 0 || view->aktivitet == "foraldraaktivitet" || contains(*actions, "vardnadshavare");
  c[std::string(counter::contacts_with_parents)] = with_parents ? 1 : 0;
  const bool with_concern = std::any_of(concerns->begin(), concerns->end(), [](const auto& v) { return v != "ingen"; });
  const bool with_referral = std::any_of(std::begin(kReferralActions), std::end(kReferralActions),
                                         [&](std::string_view a) { return contains(*actions, a); });
  c[std::string(counter::contacts_with_concern)] = with_concern ? 1 : 0;
  c[std::string(counter::contacts_with_concern_and_referral)] = (with_concern && with_referral) ? 1 : 0;
  c[std::string(counter::collaboration_contacts)] =
      (view->aktivitet == "samverkansmote" || !partners->empty()) ? 1 : 0;
  const bool in_time = context.first_received_at - when->utc <= kSyncedInTimeMillis;
  c[std::string(counter::synced_within_72h)] = in_time ? 1 : 0;
  count_each(c, counter::concern_prefix, *concerns);
  count_each(c, counter::action_prefix, *actions);
  count_each(c, counter::partner_prefix, *partners);
  if (auto status = add_v2_contact_counters(data, *view, *arena, in_pair->get_bool(), c); !status) {
    return status.problem();
  }
  drop_zero_counters(c);
  return RecordFacts{{std::move(row)}};
}

}  // namespace

// The readers record_facts_v2.cpp shares (record_facts_v2.hpp).
const json::value* fact_member(const json::object& data, std::string_view key) { return member(data, key); }
core::Result<std::vector<std::string>> fact_multi(const json::object& data, std::string_view key) {
  return optional_multi(data, key);
}
core::Problem fact_unusable(std::string_view field, std::string_view why) { return unusable(field, why); }

std::string case_key(std::string_view case_code, std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  unsigned char hash[16];
  const std::size_t key_len = std::min<std::size_t>(secret.size(), crypto_generichash_KEYBYTES_MAX);
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(case_code.data()), case_code.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), key_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : hash) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

namespace {

// Per case and month, keyed by a keyed hash of the case code; the rating sums feed the least-squares
// trend of F3 (see rollup.hpp).
RollupRow case_month_row(const std::string& case_code, Date day, std::int64_t rating, bool child_heard,
                         const RecordContext& context) {
  RollupRow row;
  row.key = RollupKey{RollupKind::case_monthly, format_month(day), context.district_id, context.team_id,
                      {{"case_key", case_key(case_code, context.case_key_secret)}}};
  Counters& m = row.counters;
  m[std::string(counter::sessions)] = 1;
  m[std::string(counter::sessions_child_heard)] = child_heard ? 1 : 0;
  if (rating > 0) {
    const std::int64_t t = std::chrono::sys_days{day}.time_since_epoch().count();
    m[std::string(counter::goal_ratings)] = 1;
    m[std::string(counter::goal_rating_sum)] = rating;
    m[std::string(counter::rating_sum_t)] = t;
    m[std::string(counter::rating_sum_tt)] = t * t;
    m[std::string(counter::rating_sum_tr)] = t * rating;
  }
  drop_zero_counters(m);
  return row;
}

core::Result<RecordFacts> family_session_facts(const core::Record& record, const RecordContext& context) {
  const json::object& data = record.data;
  if (context.case_key_secret.size() < crypto_generichash_KEYBYTES_MIN) {
    return core::make_problem("analytics_misconfigured", 500, "Analytics misconfigured",
                              "the case key secret must be at least 16 bytes");
  }
  const auto when = occurrence_of(record);
  if (!when) return when.problem();
  auto code = required_choice(data, "case_code");
  if (!code) return code.problem();
  auto setting = optional_choice(data, "setting");
  auto kind = optional_choice(data, "session_kind");
  auto basis = optional_choice(data, "basis");
  if (!setting) return setting.problem();
  if (!kind) return kind.problem();
  if (!basis) return basis.problem();
  const auto minutes = optional_count(data, "duration_min", true);
  if (!minutes) return minutes.problem();
  const auto rating = optional_count(data, "goal_rating", false);
  if (!rating) return rating.problem();
  auto participants = optional_multi(data, "participants");
  auto focus = optional_multi(data, "focus");
  auto methods = optional_multi(data, "methods");
  if (!participants) return participants.problem();
  if (!focus) return focus.problem();
  if (!methods) return methods.problem();
  const json::value* heard = member(data, "child_heard");
  if (heard != nullptr && !heard->is_bool()) return unusable("child_heard", "is not true or false");
  const bool child_heard = heard != nullptr && heard->get_bool();

  RollupRow session;
  session.key = RollupKey{RollupKind::session_daily, format_date(when->local.date), context.district_id,
                          context.team_id,
                          {{"setting", *setting}, {"session_kind", *kind}, {"basis", *basis},
                           {"time_band", std::string(to_string(time_band_at(when->local)))}}};
  Counters& s = session.counters;
  s[std::string(counter::sessions)] = 1;
  s[std::string(counter::minutes)] = *minutes;
  s[std::string(counter::sessions_child_heard)] = child_heard ? 1 : 0;
  s[std::string(counter::goal_ratings)] = *rating > 0 ? 1 : 0;
  s[std::string(counter::goal_rating_sum)] = *rating;
  count_each(s, counter::participant_prefix, *participants);
  count_each(s, counter::focus_prefix, *focus);
  count_each(s, counter::method_prefix, *methods);
  drop_zero_counters(s);

  RollupRow case_month = case_month_row(*code, when->local.date, *rating, child_heard, context);
  return RecordFacts{{std::move(session), std::move(case_month)}};
}

// D3: the first review came within 14 days of the record reaching the server.
bool reviewed_in_time(const RecordContext& context) {
  return context.review.first_reviewed_at - context.first_received_at <= kReviewedInTimeMillis;
}

// Every row a record contributes carries the record's key (decision 0027), so each rollup row, and any
// sum of rows, knows the key sum of exactly the records behind it. Same id, same key: an edit that stays
// in its cell changes no key sum, and a deletion takes its key away.
//
// A review changes the key too (decision 0074): the record's review state is part of what it contributes,
// so a review between two harvests draws new noise for its cell like a late record does, instead of
// moving one counter under an unchanged key (which would publish the change exactly). An unreviewed
// record keeps the key of its id alone.
RecordFacts with_record_key(RecordFacts facts, const core::Record& record, const RecordContext& context) {
  std::string keyed = record.id;
  if (!context.review.latest_state.empty()) {
    keyed += "|" + context.review.latest_state + (reviewed_in_time(context) ? "|in_time" : "");
  }
  const auto key = static_cast<std::int64_t>(record_key(keyed, context.case_key_secret));
  if (key == 0) return facts;  // zero counters are never stored
  for (RollupRow& row : facts.contributions) row.counters[std::string(kRecordKeyCounter)] = key;
  return facts;
}

// The review counters go on the row that counts the record (contacts, sessions), never on case rows:
// a case is not reviewed, its sessions are. Zero counters are left out, as everywhere.
RecordFacts with_review(RecordFacts facts, const RecordContext& context) {
  const ReviewSummary& review = context.review;
  if (review.latest_state.empty()) return facts;
  const bool in_time = reviewed_in_time(context);
  for (RollupRow& row : facts.contributions) {
    if (row.key.kind == RollupKind::case_monthly) continue;
    row.counters[std::string(counter::reviewed)] = 1;
    if (review.latest_state == "needs_changes") row.counters[std::string(counter::needs_changes)] = 1;
    if (in_time) row.counters[std::string(counter::reviewed_within_14d)] = 1;
  }
  return facts;
}

}  // namespace

core::Result<RecordFacts> facts_for_record(const core::Record& record, const RecordContext& context) {
  if (record.deleted) return RecordFacts{};
  core::Result<RecordFacts> facts = RecordFacts{};
  if (record.form_id == kFieldContactForm) facts = field_contact_facts(record, context);
  if (record.form_id == kFamilySessionForm) facts = family_session_facts(record, context);
  if (record.form_id == kFamilyCaseForm) facts = case_record_facts(record, context);
  if (!facts) return facts;
  return with_record_key(with_review(std::move(*facts), context), record, context);
}

}  // namespace faltlogg::server::analytics
