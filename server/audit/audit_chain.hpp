// The audit log's hash chain, independent of storage: each entry's hash covers its own fields and
// the previous entry's hash, so changing or deleting any entry breaks every hash after it.
#pragma once

#include "store/store.hpp"

#include <string>
#include <vector>

namespace faltlogg::server::audit {

// The prev_hash of the first entry.
extern const std::string kGenesisHash;

std::string entry_hash(const std::string& prev_hash, std::int64_t seq, const std::string& at, const AuditEvent& event);

// Checks that entries are numbered 1..n without gaps, that each links to its predecessor, that each
// hash matches its content, and that the newest entry is the recorded head (so truncation shows).
AuditVerification verify_chain(const std::vector<AuditEntry>& entries, std::int64_t head_seq,
                               const std::string& head_hash);

}  // namespace faltlogg::server::audit
