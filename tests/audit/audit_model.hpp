// The disclosure audit (issue 10, decision 0027): what an attacker with an evaluator account harvests,
// the ground truth read from the server's own SQLite file, and the attacks that combine them.
#pragma once

#include "faltlogg/analytics/rollup.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::audit {

// What the audit knows of a form: its rollup, the counter that counts its records, its dimensions.
struct FormInfo {
  std::string form;            // faltkontakt | familjebehandling
  std::string rollup;          // contact_daily | session_daily
  std::string record_measure;  // contacts | sessions
  std::vector<std::string> dims;
};
const std::vector<FormInfo>& forms();

// How the server says its numbers are protected: "cell_key" (k, max_noise), "suppression" (0025, as
// on main: null for hidden cells) or "none".
struct Disclosure {
  std::string method = "none";
  int k = 5;
  int max_noise = 0;
};

// One published number and the records it counts: a sum over every atom (month, district, dimension
// values) that matches. Criteria counts whose filters are not one value per dimension are kept apart.
struct Published {
  std::string form;
  std::string measure;
  std::vector<std::string> months;            // "YYYY-MM", sorted
  std::string district;                       // "" for every district
  std::map<std::string, std::string> filter;  // content dimension -> value
  std::optional<std::int64_t> value;          // nullopt: suppressed (0025)
  int harvest = 1;
  std::string source;  // "aggregate json", "aggregate csv", "criteria C1 numerator", ...
  std::string key() const;  // what it counts, without value, harvest or source
};

// A criteria count as published; its exact value is evaluated from the store afterwards.
struct CriteriaNumber {
  std::string form;
  std::string from;
  std::string to;
  std::string district;  // "" for every district
  std::string criterion;
  std::string measure;   // records, numerator, denominator, total, cases, ...
  std::optional<std::int64_t> value;
  std::int64_t truth = 0;
  bool is_count = true;  // counts of contacts, sessions, people or cases; false for minutes
  int harvest = 1;
  std::string pack;  // "" for the form's default pack, else the pack= asked for (datakvalitet)
  std::string label() const;
};

struct Harvest {
  Disclosure disclosure;
  std::vector<Published> cells;
  std::vector<CriteriaNumber> criteria;
  std::vector<std::string> months;
  std::vector<std::string> districts;
  int requests = 0;
  int csv_mismatches = 0;  // CSV numbers that differ from the JSON of the same request
};

// Ground truth: the district-month rollup rows of the server's database, per form.
struct Atom {
  std::string month;
  std::string district;
  std::map<std::string, std::string> dims;
  std::map<std::string, std::int64_t> counters;
};
struct Truth {
  std::map<std::string, std::vector<Atom>> atoms;  // by form
  std::vector<server::analytics::RollupRow> base_rows;  // every kind at its base grain (criteria truth)
  std::int64_t value_of(const Published& cell) const;
};
Truth read_truth(const std::filesystem::path& database);

}  // namespace faltlogg::audit
