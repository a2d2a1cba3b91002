#include "admin/demo_data_v2.hpp"

#include "faltlogg/analytics/form_versions.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <vector>

namespace faltlogg::server {

namespace json = boost::json;

namespace {

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

bool one_in(std::mt19937& rng, int n) { return std::uniform_int_distribution<int>(1, n)(rng) == 1; }

// u13 is v1's band; v2 splits it into u10 and 10-12.
void split_under_13(std::mt19937& rng, json::object& data) {
  auto* youths = data.if_contains("youths");
  if (youths == nullptr || !youths->is_object()) return;
  for (auto& row : youths->get_object()) {
    auto& cells = row.value().as_object();
    if (const auto* young = cells.if_contains("u13")) {
      const json::value count = *young;
      cells.erase("u13");
      cells[one_in(rng, 4) ? "u10" : "10_12"] = count;
    }
  }
}

void add_to_list(json::object& data, const char* field, const std::string& value) {
  auto& list = data[field];
  if (!list.is_array()) list = json::array{};
  for (const auto& item : list.as_array()) {
    if (item.as_string() == value) return;
  }
  list.as_array().emplace_back(value);
}

}  // namespace

json::object field_contact_as_v2(std::mt19937& rng, const json::object& v1_data) {
  static const std::vector<std::string> new_partners = {"sig", "ungdomsjour", "skolsocialt_team", "omradesvard",
                                                        "bostadsbolag"};
  static const std::vector<std::string> no_direct = {"faltnatverk", "kartlaggning", "info_socialtjanst"};
  json::object data = *analytics::faltkontakt_v1_data_as_v2(v1_data);
  split_under_13(rng, data);
  if (one_in(rng, 6)) {  // v2-only work without direct contact: networks, mapping, informing
    data["kontakt"] = "ingen_direkt";
    data["aktivitet"] = pick(rng, no_direct);
    data.erase("youths");
  } else if (data.at("kontakt").as_string() != "ingen_direkt" && one_in(rng, 3)) {
    data["kontakt"] = pick(rng, std::vector<std::string>{"ny", "kand"});  // a known young person on a round, too
  }
  if (data.at("kontakt").as_string() != "ingen_direkt" && !one_in(rng, 3)) {
    data["unga_sedda"] = std::uniform_int_distribution<int>(0, 40)(rng);
  }
  if (one_in(rng, 4)) add_to_list(data, "partners", pick(rng, new_partners));
  if (one_in(rng, 8)) add_to_list(data, "actions", "info_socialtjanst");
  return data;
}

core::Record demo_case_record(const std::string& prefix, int number, std::int64_t start_ms, std::int64_t closed_ms) {
  static const std::vector<std::string> ages = {"0_5", "6_9", "10_12", "13_15", "16_17", "18_20"};
  static const std::vector<std::string> genders = {"flicka", "pojke", "annat_okant"};
  static const std::vector<std::string> categories = {"foraldraskapsstod", "familjebehandling", "vald_nara_relation",
                                                      "missbruk_familj", "annan"};
  static const std::vector<std::string> reasons = {"planerat", "avbrutet_familjen", "flytt", "annan_insats", "annat"};
  static const std::vector<std::string> focus = {"konflikter", "foraldraskap", "barnets_beteende", "skola"};
  const auto n = static_cast<std::size_t>(number);
  core::Record record;
  record.id = core::make_uuid_v4();
  record.form_id = std::string(analytics::kFamilyCaseForm);
  record.form_version = 1;
  record.occurred_at = core::format_rfc3339(start_ms);
  record.data = {{"case_code", prefix + "-2026-" + std::to_string(1000 + number)},
                 {"barn_alder_band", ages[n % ages.size()]},
                 {"barn_kon", genders[n % genders.size()]},
                 {"antal_barn", 1 + static_cast<int>(n % 3)},
                 {"anledning", json::array{json::value(focus[n % focus.size()])}},
                 {"grund", n % 4 == 3 ? "utan_behovsprovning" : "bistand"},
                 {"insatskategori", categories[n % categories.size()]},
                 {"manualbaserad", n % 2 == 0}};
  if (n % 2 == 0) record.data["program"] = n % 4 == 0 ? "KOMET" : "De otroliga åren";
  if (n % 3 == 0) {
    record.data["slutdatum"] = core::format_rfc3339(closed_ms);
    record.data["avslutsorsak"] = reasons[(n / 3) % reasons.size()];
  }
  return record;
}

std::size_t seed_reviews(Store& store, const User& lead, std::mt19937& rng, int share_in_tenths) {
  ReviewQuery query{lead.team_id, std::nullopt, std::nullopt, std::string("unreviewed"), 100000};
  std::vector<std::string> approved, needs_changes;
  for (const ReviewRow& row : store.team_records(query)) {
    if (std::uniform_int_distribution<int>(1, 10)(rng) > share_in_tenths) continue;
    (one_in(rng, 6) ? needs_changes : approved).push_back(row.record.id);
  }
  // A few corrected records approved afterwards: their first review still decides "in time".
  std::vector<std::string> corrected;
  for (const auto& id : needs_changes) {
    if (one_in(rng, 3)) corrected.push_back(id);
  }
  std::size_t stored = 0;
  for (const auto& [ids, state] : {std::pair{&approved, "approved"}, std::pair{&needs_changes, "needs_changes"},
                                   std::pair{&corrected, "approved"}}) {
    if (ids->empty()) continue;
    auto outcomes = store.add_reviews({lead.team_id, lead.id, *ids, state, ""});
    if (outcomes) stored += outcomes->size();
  }
  return stored;
}

}  // namespace faltlogg::server
