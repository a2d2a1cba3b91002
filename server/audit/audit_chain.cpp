#include "audit/audit_chain.hpp"

#include "faltlogg/core/crypto.hpp"

namespace faltlogg::server::audit {

const std::string kGenesisHash(64, '0');

namespace {

// Length-prefixing each field makes the encoding unambiguous: no two different entries hash the
// same text, whatever characters the fields contain.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

AuditVerification broken(std::int64_t entries, std::int64_t seq, std::string reason) {
  AuditVerification v;
  v.intact = false;
  v.entries = entries;
  v.first_bad_seq = seq;
  v.reason = std::move(reason);
  return v;
}

}  // namespace

std::string entry_hash(const std::string& prev_hash, std::int64_t seq, const std::string& at, const AuditEvent& event) {
  std::string text;
  append_field(text, prev_hash);
  append_field(text, std::to_string(seq));
  append_field(text, at);
  append_field(text, event.actor_id);
  append_field(text, event.action);
  append_field(text, event.subject);
  append_field(text, event.detail);
  return core::hash_hex(text);
}

AuditVerification verify_chain(const std::vector<AuditEntry>& entries, std::int64_t head_seq,
                               const std::string& head_hash) {
  const auto count = static_cast<std::int64_t>(entries.size());
  std::string prev = kGenesisHash;
  std::int64_t expected_seq = 1;
  for (const AuditEntry& entry : entries) {
    if (entry.seq != expected_seq) {
      return broken(count, expected_seq, "entry " + std::to_string(expected_seq) + " is missing");
    }
    if (entry.prev_hash != prev) {
      return broken(count, entry.seq, "entry " + std::to_string(entry.seq) + " does not link to its predecessor");
    }
    if (entry_hash(entry.prev_hash, entry.seq, entry.at, entry.event) != entry.hash) {
      return broken(count, entry.seq, "entry " + std::to_string(entry.seq) + " was changed");
    }
    prev = entry.hash;
    ++expected_seq;
  }
  if (head_seq != count || head_hash != prev) {
    return broken(count, count + 1, "the newest entries were removed (head is entry " + std::to_string(head_seq) + ")");
  }
  AuditVerification ok;
  ok.entries = count;
  ok.head_hash = prev;
  return ok;
}

std::optional<std::string> check_anchor(const std::vector<AuditEntry>& entries, std::string_view anchor) {
  const auto colon = anchor.find(':');
  std::int64_t seq = 0;
  const std::string_view seq_text = anchor.substr(0, colon);
  if (colon == std::string_view::npos || seq_text.empty() || seq_text.size() > 18 ||
      seq_text.find_first_not_of("0123456789") != std::string_view::npos) {
    return "the anchor must be SEQ:HASH as printed by 'audit verify'";
  }
  for (char c : seq_text) seq = seq * 10 + (c - '0');
  const std::string_view hash = anchor.substr(colon + 1);
  if (seq < 1 || seq > static_cast<std::int64_t>(entries.size())) {
    return "entry " + std::string(seq_text) + " of the anchor no longer exists";
  }
  if (entries[static_cast<std::size_t>(seq - 1)].hash != hash) {
    return "entry " + std::string(seq_text) + " differs from the recorded anchor: the chain was rewritten";
  }
  return std::nullopt;
}

}  // namespace faltlogg::server::audit
