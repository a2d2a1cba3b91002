// faltlogg-admin: the operator's command line. Exit code 0 on success; 1 with a clear message on
// stderr for any refused command (unknown team, duplicate name, bad password, broken audit chain).
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "store/store.hpp"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace faltlogg::server {

int run_admin(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

// Fictional districts, teams, users for every role and ~90 days of records; prints the credentials.
// Used by `faltlogg-admin demo-data [--profile plain|skewed] [--late-records N]`.
struct DemoDataOptions {
  bool skewed = false;   // also a tiny district, a night team with few contacts, a family team with few cases
  int late_records = 0;  // instead: add N field contacts of the last two closed months, synced now
};
core::Status load_demo_data(Store& store, core::KdfStrength kdf, std::ostream& out, const DemoDataOptions& options = {});
core::Result<DemoDataOptions> parse_demo_data_options(const std::map<std::string, std::string>& options);

}  // namespace faltlogg::server
