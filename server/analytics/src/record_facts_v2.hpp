// Facts of version 2 (decision 0070): the counters faltkontakt v2 adds (computed for v1 records through
// the mapping as well) and the case record familjearende v1. Internal to record_facts.cpp.
#pragma once

#include "faltlogg/analytics/form_versions.hpp"
#include "faltlogg/analytics/record_facts.hpp"

namespace faltlogg::server::analytics {

// Readers shared with record_facts.cpp: a member that is not null, a multi choice (sorted, once each), and
// the Problem naming a field (never its value).
const boost::json::value* fact_member(const boost::json::object& data, std::string_view key);
core::Result<std::vector<std::string>> fact_multi(const boost::json::object& data, std::string_view key);
core::Problem fact_unusable(std::string_view field, std::string_view why);

core::Status add_v2_contact_counters(const boost::json::object& data, const FieldContactView& view,
                                     std::string_view arena, bool in_pair, Counters& counters);

core::Result<RecordFacts> case_record_facts(const core::Record& record, const RecordContext& context);

}  // namespace faltlogg::server::analytics
