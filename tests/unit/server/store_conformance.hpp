// The store conformance suite: every behaviour of the Store interface, written once against Store and
// run against each backend (store_conformance_sqlite_test, store_conformance_postgres_test). A backend
// binary provides a StoreHarness and instantiates the suite with it.
#pragma once

#include "faltlogg/core/record.hpp"
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace faltlogg::server::testing {

inline constexpr core::Millis kDayMs = 86'400'000;

class StoreHarness {
 public:
  virtual ~StoreHarness() = default;
  // A new, empty, migrated store, independent of every other one this harness made.
  virtual std::unique_ptr<Store> fresh() = 0;
  // The store `fresh()` made last, opened again (a restart): same data, migrations not applied twice.
  virtual std::unique_ptr<Store> reopen() = 0;
  virtual std::string name() const = 0;
};

class StoreConformance : public ::testing::TestWithParam<StoreHarness*> {
 protected:
  void SetUp() override;

  struct Author {
    User user;
    Device device;
  };
  // Creates district "D" and the team on first use (areas omr-1..3).
  Author author(const std::string& username, RoleSet roles = Role::field_worker, const std::string& team = "Team A");
  // A valid faltkontakt v1 record occurring `days_ago` days (and an hour) before now_.
  core::Record field_contact(const std::string& id, std::uint32_t hlc_counter, int days_ago = 0);
  PushBatch batch_of(const Author& who, std::vector<core::Record> records, std::string batch_id = "");
  core::protocol::PushResponse push(const Author& who, std::vector<core::Record> records, std::string batch_id = "");
  core::protocol::PushResult push_one(const Author& who, const core::Record& record) {
    return push(who, {record}).results.at(0);
  }
  // Every record id and review id a scope pulls from 0, following cursors page by page.
  std::vector<std::string> pull_all(const PullScope& scope, std::size_t page_size, int* pages = nullptr);
  std::vector<analytics::RollupRow> rollups(analytics::RollupGrain grain = analytics::RollupGrain::base);
  // One record pushed as if the server had first stored it `days_ago` days ago (batch received_at_ms).
  void push_received(const Author& who, core::Record record, int days_ago);
  // The rollups at the base, month and district-month grains equal a rebuild of them (which it runs).
  void expect_rollups_equal_a_rebuild();

  std::unique_ptr<Store> store_;
  core::Millis now_ = core::now_millis();
  std::vector<std::string> teams_;
};

}  // namespace faltlogg::server::testing
