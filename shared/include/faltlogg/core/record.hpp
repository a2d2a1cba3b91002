// One logged record as it travels in the protocol (PROTOCOL.md "Records").
#pragma once

#include "faltlogg/core/result.hpp"
#include "faltlogg/core/time.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace faltlogg::core {

struct Record {
  std::string id;            // UUIDv4
  std::string form_id;
  int form_version = 0;
  std::string hlc;           // HLC text form
  bool deleted = false;
  std::string occurred_at;   // RFC 3339
  boost::json::object data;  // field values, by field id (occurred_at lives above, not in data)

  friend bool operator==(const Record&, const Record&) = default;
};

// Structural parse (types and presence of the envelope members); field values are checked by
// validate_record against the form. Unknown envelope members are refused (code "invalid_record").
Result<Record> record_from_json(const boost::json::value& json);
boost::json::object record_to_json(const Record& record);
// The record as canonical JSON text: members in a fixed order, object keys of `data` sorted at every
// depth, occurred_at normalised to UTC milliseconds. Equal content gives equal text.
std::string record_canonical_text(const Record& record);
// Canonical text used to decide whether two writes with the same id and hlc carry the same content.
// It is the BLAKE2b-256 hex digest of record_canonical_text (64 characters), compact enough to store.
std::string record_content_digest(const Record& record);

}  // namespace faltlogg::core
