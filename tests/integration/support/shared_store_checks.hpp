// What every run of several nodes on one PostgreSQL database ends with (the two-node tests, server side and with
// faltlogg-cli tablets). Header-only: it needs GoogleTest and the server library, which the support library does
// not link; each test that includes it links both.
#pragma once

#include "store/postgres_store.hpp"

#include <gtest/gtest.h>

#include <string>

namespace faltlogg::test {

// The audit chain the nodes wrote together verifies, and the rollups they added up (not empty) equal a recount
// from the stored records.
inline void expect_audit_intact_and_rollups_equal_a_recount(const std::string& store_uri) {
  server::PostgresStore store(store_uri, 1);
  EXPECT_TRUE(store.verify_audit().intact);
  server::RollupQuery everything;
  everything.from_period = "0000";
  everything.to_period = "9999";
  const auto live = store.rollup_rows(everything);
  EXPECT_FALSE(live.empty());
  ASSERT_TRUE(store.rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(store.rollup_rows(everything), live) << "the rollups equal a recount";
}

}  // namespace faltlogg::test
