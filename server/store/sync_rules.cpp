#include "store/sync_rules.hpp"

#include "faltlogg/core/hlc.hpp"
#include "store/rollup_store.hpp"

namespace faltlogg::server {

bool hlc_after(const std::string& a, const std::string& b) {
  auto parsed_a = core::Hlc::parse(a);
  auto parsed_b = core::Hlc::parse(b);
  if (parsed_a && parsed_b) return *parsed_a > *parsed_b;
  return a > b;
}

PushDecision decide_push(const std::optional<StoredHead>& stored, const std::optional<StoredVersion>& version,
                         bool purged, const IncomingRecord& incoming) {
  if (stored && stored->author_id != incoming.author_id) return {PushDecisionKind::forbidden, 0};
  if (version) {
    if (version->digest == incoming.digest) return {PushDecisionKind::duplicate, version->server_seq};
    return {PushDecisionKind::conflict, 0};
  }
  // An older hlc than the stored one loses (last writer wins by hlc); an equal one without a version
  // row cannot happen, since every stored head has its version, and is treated as accepted content.
  if (stored && hlc_after(stored->hlc, incoming.hlc)) return {PushDecisionKind::stale, stored->server_seq};
  if (!stored && purged) return {PushDecisionKind::gone, 0};
  return {PushDecisionKind::accept, 0};
}

core::Result<std::vector<analytics::RollupRow>> push_rollup_change(const core::Record& record,
                                                                   const StoredRecord* stored,
                                                                   const analytics::RecordContext& new_context) {
  analytics::RecordContext context = new_context;
  std::optional<analytics::RecordFacts> old_facts;
  if (stored) {
    context = {stored->district_id, stored->team_id, stored->first_received_at_ms, new_context.case_key_secret,
               stored->review};
    auto facts = analytics::facts_for_record(stored->record, context);
    // The stored version entered the rollups when it was accepted, so its facts computed then.
    if (!facts) throw RollupInconsistent("stored record has no facts: " + facts.problem().code);
    old_facts = std::move(*facts);
  }
  auto new_facts = analytics::facts_for_record(record, context);
  if (!new_facts) return new_facts.problem();
  return analytics::rollup_deltas_for_change(old_facts ? &*old_facts : nullptr, &*new_facts);
}

core::protocol::PushResult push_rejected(const std::string& id, core::Problem problem) {
  core::protocol::PushResult result;
  result.id = id;
  result.status = core::protocol::PushStatus::rejected;
  result.problem = std::move(problem);
  return result;
}

core::protocol::PushResult push_with_seq(const std::string& id, core::protocol::PushStatus status, std::int64_t seq) {
  core::protocol::PushResult result;
  result.id = id;
  result.status = status;
  result.server_seq = seq;
  return result;
}

std::string push_summary(const core::protocol::PushResponse& response) {
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const auto& result : response.results) ++counts[static_cast<int>(result.status)];
  return "accepted=" + std::to_string(counts[0]) + " duplicate=" + std::to_string(counts[1]) +
         " stale=" + std::to_string(counts[2]) + " rejected=" + std::to_string(counts[3]);
}

core::Problem push_problem(PushDecisionKind kind) {
  switch (kind) {
    case PushDecisionKind::conflict:
      return core::make_problem("conflict", 409, "Conflict",
                                "This hlc was already used for different content; an edit needs a new hlc.");
    case PushDecisionKind::gone:
      return core::make_problem("gone", 410, "Record purged",
                                "This record was removed by retention and cannot be stored again.");
    case PushDecisionKind::forbidden: {
      // A team lead's edit of a colleague's record is refused for that record alone, with a field error
      // the tablet can show in Swedish.
      core::Problem problem =
          core::make_problem("forbidden", 403, "Forbidden", "This record id belongs to another author.");
      problem.errors.push_back({"id", "other_author",
                                "Posten skrevs av en kollega och kan inte ändras här. Ångra din ändring.",
                                "A colleague wrote this record; it cannot be changed here. Undo your change."});
      return problem;
    }
    case PushDecisionKind::accept:
    case PushDecisionKind::duplicate:
    case PushDecisionKind::stale:
      break;
  }
  return core::make_problem("internal_error", 500, "Internal error", "Not a refusal.");
}

}  // namespace faltlogg::server
