// The audit hash chain: intact chains verify; a changed, deleted, reordered or truncated entry does not.
#include "audit/audit_chain.hpp"

#include <gtest/gtest.h>

namespace faltlogg::server::audit {
namespace {

std::vector<AuditEntry> make_chain(int length) {
  std::vector<AuditEntry> entries;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= length; ++i) {
    AuditEntry entry;
    entry.seq = i;
    entry.at = "2026-11-27T10:00:0" + std::to_string(i % 10) + ".000Z";
    entry.event = {"user-" + std::to_string(i), "push", "batch-" + std::to_string(i), "accepted=1"};
    entry.prev_hash = prev;
    entry.hash = entry_hash(prev, i, entry.at, entry.event);
    prev = entry.hash;
    entries.push_back(entry);
  }
  return entries;
}

TEST(AuditChain, AnIntactChainVerifies) {
  auto chain = make_chain(5);
  auto result = verify_chain(chain, 5, chain.back().hash);
  EXPECT_TRUE(result.intact) << result.reason;
  EXPECT_EQ(result.entries, 5);
  EXPECT_TRUE(verify_chain({}, 0, kGenesisHash).intact);
}

TEST(AuditChain, AChangedFieldIsDetectedAtItsEntry) {
  auto chain = make_chain(5);
  chain[2].event.detail = "accepted=0";
  auto result = verify_chain(chain, 5, chain.back().hash);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 3);
  EXPECT_NE(result.reason.find("changed"), std::string::npos);
}

TEST(AuditChain, ARecomputedHashStillBreaksTheNextLink) {
  auto chain = make_chain(5);
  chain[1].event.actor_id = "someone-else";
  chain[1].hash = entry_hash(chain[1].prev_hash, chain[1].seq, chain[1].at, chain[1].event);
  auto result = verify_chain(chain, 5, chain.back().hash);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 3);
}

TEST(AuditChain, ADeletedEntryIsDetected) {
  auto chain = make_chain(5);
  chain.erase(chain.begin() + 1);
  auto result = verify_chain(chain, 5, chain.back().hash);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 2);
  EXPECT_NE(result.reason.find("missing"), std::string::npos);
}

TEST(AuditChain, TruncationIsDetectedThroughTheHead) {
  auto chain = make_chain(5);
  const std::string head = chain.back().hash;
  chain.pop_back();
  EXPECT_FALSE(verify_chain(chain, 5, head).intact);
}

TEST(AuditChain, AnAnchorCatchesAWholesaleRewrite) {
  auto chain = make_chain(5);
  const std::string anchor = "3:" + chain[2].hash;
  EXPECT_FALSE(check_anchor(chain, anchor).has_value());
  // Rewrite entry 2 and re-hash everything after it: the chain itself verifies again...
  chain[1].event.detail = "accepted=99";
  for (std::size_t i = 1; i < chain.size(); ++i) {
    chain[i].prev_hash = chain[i - 1].hash;
    chain[i].hash = entry_hash(chain[i].prev_hash, chain[i].seq, chain[i].at, chain[i].event);
  }
  EXPECT_TRUE(verify_chain(chain, 5, chain.back().hash).intact);
  // ...but not against the anchor recorded before.
  EXPECT_TRUE(check_anchor(chain, anchor).has_value());
  EXPECT_TRUE(check_anchor(chain, "9:" + chain[2].hash).has_value());
  EXPECT_TRUE(check_anchor(chain, "three:abc").has_value());
  EXPECT_TRUE(check_anchor(chain, "0:abc").has_value());
  EXPECT_TRUE(check_anchor(chain, "").has_value());
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
  // "ab" + "c" and "a" + "bc" must hash differently.
  AuditEvent one{"ab", "c", "", ""};
  AuditEvent two{"a", "bc", "", ""};
  EXPECT_NE(entry_hash(kGenesisHash, 1, "t", one), entry_hash(kGenesisHash, 1, "t", two));
}

}  // namespace
}  // namespace faltlogg::server::audit
