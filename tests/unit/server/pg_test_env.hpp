// The one PostgreSQL cluster of a test binary: started at first use, stopped after the last test.
#pragma once

#include "pg_cluster.hpp"

namespace faltlogg::server::testing {

test::PgCluster& cluster();
// A fresh database on the cluster, as a connection URI.
std::string fresh_database(const std::string& prefix);

}  // namespace faltlogg::server::testing
