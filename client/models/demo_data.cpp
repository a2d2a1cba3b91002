#include "models/demo_data.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/local_store.hpp"

#include <boost/json.hpp>

namespace faltlogg::client {

namespace json = boost::json;

namespace {

constexpr core::Millis kMinute = 60'000;
constexpr core::Millis kHour = 60 * kMinute;

// Fictional sub-areas: no real place names, so no screenshot can be mistaken for real data.
json::array demoAreas() {
  return json::array{
      json::object{{"value", "demo-norr"}, {"label_sv", "Norra torget (demo)"}, {"label_en", "North square (demo)"}},
      json::object{{"value", "demo-station"}, {"label_sv", "Stationen (demo)"}, {"label_en", "The station (demo)"}},
      json::object{{"value", "demo-parken"}, {"label_sv", "Sjöparken (demo)"}, {"label_en", "Lake park (demo)"}},
      json::object{{"value", "demo-skolan"}, {"label_sv", "Bergsskolan (demo)"}, {"label_en", "Hill school (demo)"}},
  };
}

json::object youths(std::int64_t girls1315, std::int64_t boys1617) {
  json::object grid;
  for (const char* row : {"flicka", "pojke", "annat_okant"}) {
    json::object cells;
    for (const char* column : {"u13", "13_15", "16_17", "18_20", "o20", "okand"}) cells[column] = 0;
    grid[row] = std::move(cells);
  }
  grid["flicka"].get_object()["13_15"] = girls1315;
  grid["pojke"].get_object()["16_17"] = boys1617;
  return grid;
}

struct FieldContact {
  core::Millis ago;
  const char* area;
  const char* arena;
  const char* kind;
  std::int64_t girls;
  std::int64_t boys;
  std::int64_t minutes;
  json::array concerns;
  json::array partners;
};

json::object fieldContactData(const FieldContact& c) {
  return json::object{{"duration_min", c.minutes}, {"area_id", c.area},   {"arena", c.arena},
                      {"contact_kind", c.kind},    {"youths", youths(c.girls, c.boys)},
                      {"concerns", c.concerns},    {"actions", json::array{"samtal"}},
                      {"partners", c.partners},    {"in_pair", true}};
}

core::Status writeDemoRecords(LocalStore& store, const core::FormRegistry& forms, core::Millis now,
                              std::vector<std::string>& ids) {
  const auto* contact = forms.find("faltkontakt", 1);
  if (contact == nullptr) return core::make_problem("demo_failed", 500, "Demo", "faltkontakt pack missing");
  const FieldContact contacts[] = {
      {35 * kMinute, "demo-norr", "utomhus", "uppsokande", 2, 3, 30, {"nikotin"}, {}},
      {3 * kHour, "demo-station", "kollektivtrafik", "relation", 1, 1, 45, {"otrygghet"}, {"nattvandrare"}},
      {26 * kHour, "demo-skolan", "skola", "stodsamtal", 1, 0, 60, {"skolfranvaro"}, {"skola"}},
      {50 * kHour, "demo-parken", "utomhus", "grupp", 4, 5, 90, {"ingen"}, {}},
      {74 * kHour, "demo-norr", "centrum", "uppsokande", 0, 2, 20, {"kriminalitet", "rekrytering"}, {"polis"}},
      {9 * 24 * kHour, "demo-station", "evenemang", "relation", 3, 3, 120, {"alkohol"}, {"fritid"}},
  };
  for (const auto& c : contacts) {
    auto created = store.createRecord(contact->id, contact->version, core::format_rfc3339(now - c.ago),
                                      fieldContactData(c));
    if (!created) return created.problem();
    ids.push_back(created->id);
  }
  if (const auto* family = forms.latest("familjebehandling")) {
    json::object data{{"case_code", "DEMO-2026-0042"},  {"duration_min", 60},
                      {"basis", "beslut"},              {"setting", "hembesok"},
                      {"session_kind", "behandling"},   {"participants", json::array{"barn", "vardnadshavare"}},
                      {"focus", json::array{"relationer"}}, {"methods", json::array{"familjesamtal"}},
                      {"child_heard", true}};
    auto created = store.createRecord(family->id, family->version, core::format_rfc3339(now - 5 * kHour), data);
    if (!created) return created.problem();
    ids.push_back(created->id);
  }
  // "Mina ärenden": the session's case, open, and an earlier case closed as planned (issue 16).
  if (const auto* cases = forms.latest("familjearende")) {
    json::object open{{"case_code", "DEMO-2026-0042"}, {"barn_alder_band", "10_12"}, {"barn_kon", "flicka"},
                      {"antal_barn", 2}, {"grund", "bistand"}, {"anledning", json::array{"konflikter"}}};
    json::object closed{{"case_code", "DEMO-2026-0017"}, {"barn_alder_band", "13_15"}, {"barn_kon", "pojke"},
                        {"antal_barn", 1}, {"grund", "utan_behovsprovning"}, {"manualbaserad", true},
                        {"program", "KOMET"}, {"slutdatum", core::format_rfc3339(now - 3 * 24 * kHour)},
                        {"avslutsorsak", "planerat"}};
    for (auto& [data, started] : {std::pair{open, now - 40 * 24 * kHour}, std::pair{closed, now - 120 * 24 * kHour}}) {
      auto created = store.createRecord(cases->id, cases->version, core::format_rfc3339(started), data);
      if (!created) return created.problem();
      ids.push_back(created->id);
    }
  }
  return core::Ok{};
}

// Pretends one sync happened, through the store's own sync paths: all but the newest record accepted,
// one rejected with a reason, then a pull page carrying two team-lead reviews.
core::Status simulateServerOutcomes(LocalStore& store, core::Millis now, const std::vector<std::string>& ids) {
  auto batch = store.preparePushBatch(100);
  if (!batch) return batch.problem();
  if (!batch.value()) return core::Ok{};
  core::protocol::PushResponse response;
  response.batch_id = batch.value()->request.batch_id;
  std::int64_t seq = 100;
  for (const auto& record : batch.value()->request.records) {
    core::protocol::PushResult result;
    result.id = record.id;
    if (record.id == ids.at(4)) {
      result.status = core::protocol::PushStatus::rejected;
      core::Problem problem = core::make_problem("validation_failed", 422, "Validation failed",
                                                 "The area is not one of the team's sub-areas.");
      problem.errors.push_back({"area_id", "unknown_value", "Området finns inte längre bland teamets delområden.",
                                "The area is no longer one of the team's sub-areas."});
      result.problem = std::move(problem);
    } else {
      result.server_seq = ++seq;
    }
    response.results.push_back(std::move(result));
  }
  if (auto applied = store.applyPushResponse(*batch.value(), response); !applied) return applied;
  // The newest contact stays unsynced: the home screen shows "1 väntar".
  if (auto edited = store.record(ids.at(0)); edited) {
    auto again = store.editRecord(ids.at(0), edited->record.occurred_at, edited->record.data);
    if (!again) return again.problem();
  }
  core::protocol::PullResponse page;
  page.next_cursor = seq + 2;
  page.reviews.push_back({core::make_uuid_v4(), ids.at(2), "approved", "", "demo-lead",
                          core::format_rfc3339(now - 20 * kHour), seq + 1});
  page.reviews.push_back({core::make_uuid_v4(), ids.at(3), "needs_changes",
                          "Stämmer antalet unga? Skriv gärna vilka insatser ni gjorde.", "demo-lead",
                          core::format_rfc3339(now - 19 * kHour), seq + 2});
  return store.applyPullPage(page);
}

}  // namespace

std::vector<TeamRecord> demoTeamRecords(const core::FormRegistry& forms, core::Millis nowMs) {
  std::vector<TeamRecord> team;
  const auto* form = forms.find("faltkontakt", 1);
  if (form == nullptr) return team;
  const FieldContact contacts[] = {
      {2 * kHour, "demo-norr", "utomhus", "uppsokande", 3, 2, 45, {"nikotin"}, {}},
      {28 * kHour, "demo-station", "kollektivtrafik", "relation", 0, 2, 30, {"otrygghet"}, {"polis"}},
      {52 * kHour, "demo-skolan", "skola", "samverkan", 0, 0, 60, {"ingen"}, {"skola", "sspf"}},
      {8 * 24 * kHour, "demo-parken", "utomhus", "grupp", 5, 4, 90, {"alkohol"}, {"nattvandrare"}},
      {9 * 24 * kHour, "demo-norr", "centrum", "uppsokande", 1, 3, 20, {"kriminalitet"}, {"polis"}},
  };
  const char* members[] = {"Alva (demo)", "Benjamin (demo)", "Cleo (demo)"};
  int index = 0;
  for (const auto& c : contacts) {
    core::Record record;
    record.id = core::make_uuid_v4();
    record.form_id = form->id;
    record.form_version = form->version;
    record.occurred_at = core::format_rfc3339(nowMs - c.ago);
    record.data = fieldContactData(c);
    const char* state = index == 1 ? "approved" : index == 3 ? "needs_changes" : "";
    const char* comment = index == 3 ? "Saknas insatser?" : "";
    team.push_back({std::move(record), members[index % 3], members[index % 3], state, comment});
    ++index;
  }
  return team;
}

core::Status createDemoStore(const std::filesystem::path& directory, const core::FormRegistry& forms,
                             core::KdfStrength kdf, core::Millis nowMs) {
  auto opened = LocalStore::open(directory, LocalStore::OpenMode::createNew, kdf);
  if (!opened) return opened.problem();
  auto& store = *opened.value();
  auto status = store.initialize(kDemoPassphrase);
  if (status) status = store.unlock(kDemoPassphrase);
  std::vector<std::string> ids;
  if (status) status = store.vault().storeSecret("reference.areas", core::to_json_text(demoAreas()));
  if (status) {
    // Same shape as the session SyncEngine stores at login, so the Session reads both alike.
    json::object user{{"display_name", "Demo Fältassistent"}, {"roles", json::array{"field_worker", "family_therapist", "team_lead"}}};
    status = store.vault().storeSecret("session", core::to_json_text(json::object{{"user", user}}));
  }
  if (status) status = writeDemoRecords(store, forms, nowMs, ids);
  if (status) status = simulateServerOutcomes(store, nowMs, ids);
  if (!status) {
    store.destroy();
    return status;
  }
  store.lock();
  return core::Ok{};
}

}  // namespace faltlogg::client
