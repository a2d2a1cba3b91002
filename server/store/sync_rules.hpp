// The sync rules of PROTOCOL.md as pure code: what happens to one pushed record, given what the store
// holds for its id. Every storage backend reads those facts inside its push transaction, asks
// decide_push, and writes what the decision says; none re-implements the rules (ARCHITECTURE.md).
#pragma once

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace faltlogg::server {

// The current stored version of a record id.
struct StoredHead {
  std::string author_id;
  std::string hlc;
  std::int64_t server_seq = 0;
};

// The stored version with the incoming record's (id, hlc), when there is one.
struct StoredVersion {
  std::string digest;  // core::record_content_digest of what was stored under that hlc
  std::int64_t server_seq = 0;
};

struct IncomingRecord {
  std::string author_id;  // the pushing user
  std::string hlc;
  std::string digest;  // core::record_content_digest(record)
};

enum class PushDecisionKind { accept, duplicate, stale, conflict, gone, forbidden };

struct PushDecision {
  PushDecisionKind kind = PushDecisionKind::accept;
  // duplicate: the seq of the matching version; stale: the stored head's seq; otherwise 0 (accept
  // takes the next sequence number when it writes).
  std::int64_t server_seq = 0;
};

// In order: a record of another author is forbidden (records are single-author); the same (id, hlc) is
// a duplicate when its content matches and a conflict when not; an hlc not newer than the stored one is
// stale; an id that retention purged and that is not stored any more is gone; everything else is
// accepted. `purged` is only consulted when nothing is stored.
PushDecision decide_push(const std::optional<StoredHead>& stored, const std::optional<StoredVersion>& version,
                         bool purged, const IncomingRecord& incoming);

// The problems a push answers per record for conflict, gone and forbidden.
core::Problem push_problem(PushDecisionKind kind);

// What a push needs of a stored record: its head for decide_push, its content and the facts context it
// was counted with (fixed when first stored) for the rollup subtraction.
struct StoredRecord {
  StoredHead head;
  core::Record record;
  std::string district_id;
  std::string team_id;
  core::Millis first_received_at_ms = 0;
  analytics::ReviewSummary review;  // what its reviews say (decision 0074); an edit keeps it
};

// The base-grain rollup deltas of storing `record` over `stored` (nullptr: a new id, counted in
// `new_context`). facts(old) uses the stored context, so the subtraction hits exactly the cells the
// addition did. A Problem when the new record has no facts (the push rejects it whole); throws
// RollupInconsistent (store/rollup_store.hpp) when the stored one has none, which is a bug.
core::Result<std::vector<analytics::RollupRow>> push_rollup_change(const core::Record& record,
                                                                   const StoredRecord* stored,
                                                                   const analytics::RecordContext& new_context);

// The per-record answers of a push, and the audit detail of a whole batch ("accepted=N duplicate=N …").
core::protocol::PushResult push_rejected(const std::string& id, core::Problem problem);
core::protocol::PushResult push_with_seq(const std::string& id, core::protocol::PushStatus status, std::int64_t seq);
std::string push_summary(const core::protocol::PushResponse& response);

// True when hlc `a` orders after `b`. Both are validated on the way in; the text comparison is only a
// fallback for a row written by an older, laxer version.
bool hlc_after(const std::string& a, const std::string& b);

}  // namespace faltlogg::server
