// faltlogg-admin: the operator's command line. Exit code 0 on success; 1 with a clear message on
// stderr for any refused command (unknown team, duplicate name, bad password, broken audit chain).
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "store/store.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace faltlogg::server {

int run_admin(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

// Fictional districts, teams, users for every role and ~90 days of records; prints the credentials.
// Used by `faltlogg-admin demo-data`.
core::Status load_demo_data(Store& store, core::KdfStrength kdf, std::ostream& out);

}  // namespace faltlogg::server
