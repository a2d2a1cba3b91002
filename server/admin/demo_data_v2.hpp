// Demo data of version 2 (issue 16): field contacts in faltkontakt v2's words with every new option, and
// family case records (familjearende) started and closed, so demo data covers v1 and v2 side by side.
#pragma once

#include "faltlogg/core/record.hpp"
#include "store/store.hpp"

#include <boost/json/object.hpp>

#include <random>
#include <string>

namespace faltlogg::server {

// A v1 contact's data rewritten as v2 (decision 0070), then given what only v2 has: activities with no
// v1 kind, young people seen, the new age bands, partners and action, drawn so that each occurs.
boost::json::object field_contact_as_v2(std::mt19937& rng, const boost::json::object& v1_data);

// The case record of case `number` (code `prefix`-2026-<1000 + number>), started `start_ms`; every third
// case is closed `closed_ms` with a reason. Child, basis, category and reason cycle through every option.
core::Record demo_case_record(const std::string& prefix, int number, std::int64_t start_ms, std::int64_t closed_ms);

// The lead's reviews of the team's records (decision 0074: D2/D3 and the review counters): about two in
// three reviewed, one in six of those asked for changes, and a few of those approved again later, so
// the latest state counts. Reviews are stored now, so only records of the last 14 days are in time.
// `share_in_tenths` of the still unreviewed ones when given (the late reviews between two harvests).
// Returns the number of reviews stored.
std::size_t seed_reviews(Store& store, const User& lead, std::mt19937& rng, int share_in_tenths = 7);

}  // namespace faltlogg::server
