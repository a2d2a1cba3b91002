// The audit log's hash chain, independent of storage: each entry's hash covers its own fields and
// the previous entry's hash, so changing or deleting any entry breaks every hash after it.
#pragma once

#include "store/store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::server::audit {

// The prev_hash of the first entry.
extern const std::string kGenesisHash;

std::string entry_hash(const std::string& prev_hash, std::int64_t seq, const std::string& at, const AuditEvent& event);

// Checks that entries are numbered 1..n without gaps, that each links to its predecessor, that each
// hash matches its content, and that the newest entry is the recorded head (so truncation shows).
AuditVerification verify_chain(const std::vector<AuditEntry>& entries, std::int64_t head_seq,
                               const std::string& head_hash);

// Someone able to write the database could rewrite the whole chain consistently. An anchor "SEQ:HASH"
// recorded outside the server (as printed by `faltlogg-admin audit verify`) catches that: entry SEQ must
// still carry HASH. Returns why it does not, or nullopt.
std::optional<std::string> check_anchor(const std::vector<AuditEntry>& entries, std::string_view anchor);

}  // namespace faltlogg::server::audit
