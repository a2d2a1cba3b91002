// decide_push is the whole of the push rules (PROTOCOL.md): every combination of what the store holds
// for an id (nothing / a head by the pusher / a head by someone else), of the version under the incoming
// hlc (none / same content / other content), of retention (purged or not) and of hlc order.
#include "store/sync_rules.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace fs = faltlogg::server;
using fs::PushDecisionKind;

namespace {

const std::string kOld = "2026-11-22T18:04:05.123Z/0003/aaaa";
const std::string kNew = "2026-11-22T18:04:05.124Z/0000/aaaa";
const std::string kSameMsHigherNode = "2026-11-22T18:04:05.123Z/0003/bbbb";

fs::IncomingRecord incoming(const std::string& hlc, const std::string& digest = "d1") {
  return {"anna", hlc, digest};
}

fs::StoredHead head(const std::string& author, const std::string& hlc, std::int64_t seq = 7) {
  return {author, hlc, seq};
}

PushDecisionKind kind(const std::optional<fs::StoredHead>& stored, const std::optional<fs::StoredVersion>& version,
                      bool purged, const fs::IncomingRecord& in) {
  return fs::decide_push(stored, version, purged, in).kind;
}

}  // namespace

TEST(DecidePush, NewIdIsAccepted) {
  const auto decision = fs::decide_push(std::nullopt, std::nullopt, false, incoming(kNew));
  EXPECT_EQ(decision.kind, PushDecisionKind::accept);
  EXPECT_EQ(decision.server_seq, 0);
}

TEST(DecidePush, PurgedIdIsGone) {
  EXPECT_EQ(kind(std::nullopt, std::nullopt, true, incoming(kNew)), PushDecisionKind::gone);
}

TEST(DecidePush, PurgedFlagIsIgnoredWhileTheIdIsStored) {
  // Retention removes the row it marks, so a stored head wins; the rules decide on it alone.
  EXPECT_EQ(kind(head("anna", kOld), std::nullopt, true, incoming(kNew)), PushDecisionKind::accept);
  EXPECT_EQ(kind(head("anna", kNew), std::nullopt, true, incoming(kOld)), PushDecisionKind::stale);
}

TEST(DecidePush, SameHlcSameContentIsDuplicateWithThatVersionsSeq) {
  const auto decision = fs::decide_push(head("anna", kNew, 9), fs::StoredVersion{"d1", 4}, false, incoming(kOld));
  EXPECT_EQ(decision.kind, PushDecisionKind::duplicate);
  EXPECT_EQ(decision.server_seq, 4) << "the seq of the matching version, not of the head";
}

TEST(DecidePush, SameHlcOtherContentIsConflict) {
  const auto decision = fs::decide_push(head("anna", kOld), fs::StoredVersion{"d2", 4}, false, incoming(kOld, "d1"));
  EXPECT_EQ(decision.kind, PushDecisionKind::conflict);
  EXPECT_EQ(decision.server_seq, 0);
}

TEST(DecidePush, VersionDecidesEvenWithoutAHeadOrWhenPurged) {
  EXPECT_EQ(kind(std::nullopt, fs::StoredVersion{"d1", 3}, true, incoming(kOld)), PushDecisionKind::duplicate);
  EXPECT_EQ(kind(std::nullopt, fs::StoredVersion{"d9", 3}, false, incoming(kOld)), PushDecisionKind::conflict);
}

TEST(DecidePush, OlderHlcIsStaleWithTheHeadsSeq) {
  const auto decision = fs::decide_push(head("anna", kNew, 11), std::nullopt, false, incoming(kOld));
  EXPECT_EQ(decision.kind, PushDecisionKind::stale);
  EXPECT_EQ(decision.server_seq, 11);
}

TEST(DecidePush, NewerHlcIsAccepted) {
  EXPECT_EQ(kind(head("anna", kOld), std::nullopt, false, incoming(kNew)), PushDecisionKind::accept);
  EXPECT_EQ(kind(head("anna", kOld), std::nullopt, false, incoming(kSameMsHigherNode)), PushDecisionKind::accept)
      << "same wall time and counter: the node id orders";
  EXPECT_EQ(kind(head("anna", kSameMsHigherNode), std::nullopt, false, incoming(kOld)), PushDecisionKind::stale);
}

TEST(DecidePush, EqualHlcWithoutVersionRowIsNotStale) {
  // Cannot happen with a consistent store (every head has its version); the content is then taken.
  EXPECT_EQ(kind(head("anna", kOld), std::nullopt, false, incoming(kOld)), PushDecisionKind::accept);
}

TEST(DecidePush, OtherAuthorIsForbiddenWhateverElseHolds) {
  for (bool purged : {false, true}) {
    for (const auto& version : {std::optional<fs::StoredVersion>{}, std::optional<fs::StoredVersion>{{"d1", 2}},
                                std::optional<fs::StoredVersion>{{"d2", 2}}}) {
      for (const std::string& hlc : {kOld, kNew}) {
        EXPECT_EQ(kind(head("bertil", kOld), version, purged, incoming(hlc)), PushDecisionKind::forbidden)
            << "purged=" << purged << " version=" << version.has_value() << " hlc=" << hlc;
      }
    }
  }
}

TEST(DecidePush, CounterOrderIsNumericNotTextual) {
  const std::string nine = "2026-11-22T18:04:05.123Z/9999/aaaa";
  const std::string ten = "2026-11-22T18:04:05.123Z/10000/aaaa";
  EXPECT_EQ(kind(head("anna", nine), std::nullopt, false, incoming(ten)), PushDecisionKind::accept);
  EXPECT_EQ(kind(head("anna", ten), std::nullopt, false, incoming(nine)), PushDecisionKind::stale);
}

TEST(DecidePush, UnparsableStoredHlcFallsBackToTextOrder) {
  EXPECT_TRUE(fs::hlc_after("b", "a"));
  EXPECT_FALSE(fs::hlc_after("a", "b"));
  EXPECT_FALSE(fs::hlc_after("a", "a"));
  EXPECT_EQ(kind(head("anna", "zzz"), std::nullopt, false, incoming(kNew)), PushDecisionKind::stale);
}

TEST(DecidePush, RefusalsCarryTheirProblems) {
  EXPECT_EQ(fs::push_problem(PushDecisionKind::conflict).status, 409);
  EXPECT_EQ(fs::push_problem(PushDecisionKind::gone).code, "gone");
  EXPECT_EQ(fs::push_problem(PushDecisionKind::gone).status, 410);
  const auto forbidden = fs::push_problem(PushDecisionKind::forbidden);
  EXPECT_EQ(forbidden.status, 403);
  ASSERT_EQ(forbidden.errors.size(), 1U);
  EXPECT_EQ(forbidden.errors[0].code, "other_author");
}
