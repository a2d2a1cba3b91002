// Derived facts: everything the rollups need from one stored record, and nothing more (no free text,
// no case code in clear, no record id).
#pragma once

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/record.hpp"

#include <string>
#include <string_view>

namespace faltlogg::server::analytics {

inline constexpr std::string_view kFieldContactForm = "faltkontakt";
inline constexpr std::string_view kFamilySessionForm = "familjebehandling";

// "Synced in time" for C9: the server first stored the record within this long after occurred_at.
inline constexpr core::Millis kSyncedInTimeMillis = 72LL * 60 * 60 * 1000;

// Referral actions that count for C7 and parent involvement for C6 (DOMAIN.md).
inline constexpr std::string_view kReferralActions[] = {"hanvisning", "foljt", "orosanmalan", "samrad"};

// "Reviewed in time" for D3 of datakvalitet: the first review within this long after the server first
// stored the record (decision 0074).
inline constexpr core::Millis kReviewedInTimeMillis = 14LL * 24 * 60 * 60 * 1000;

// What the store's reviews say about a record when its facts are computed (decision 0074): the latest
// review's state counts (a record needing changes that is later approved no longer needs them), the
// first review's time decides "reviewed in time". Part of the facts, so a review moves the record's
// counters as an edit does, and a rebuild from records + reviews gives the same rows.
struct ReviewSummary {
  std::string latest_state;             // "" (not reviewed), "approved" or "needs_changes"
  core::Millis first_reviewed_at = 0;   // created_at of the first review; meaningful when reviewed
  friend bool operator==(const ReviewSummary&, const ReviewSummary&) = default;
};

struct RecordContext {
  std::string district_id;  // of the author's team when the record was first stored
  std::string team_id;
  core::Millis first_received_at = 0;  // when the server first stored any version of this record
  // Server secret that keys case pseudonyms in rollups (at least 16 bytes): rollups outlive row-level
  // retention, so they hold a keyed hash, never the case code. It must stay the same across rebuilds.
  std::string_view case_key_secret;
  ReviewSummary review;  // none for a record no one has reviewed (and for every new record)
};

// A deleted record, or a form analytics does not know, contributes nothing (empty facts). A record whose
// data lacks what its form requires gets a Problem ("invalid_record_for_rollup") naming the field, so a
// store bug cannot silently skew the counts.
core::Result<RecordFacts> facts_for_record(const core::Record& record, const RecordContext& context);

// Keyed BLAKE2b of a case code, hex; exposed so tests and the retention job can recompute it.
std::string case_key(std::string_view case_code, std::string_view secret);

}  // namespace faltlogg::server::analytics
