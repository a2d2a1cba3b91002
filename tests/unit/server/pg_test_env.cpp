#include "pg_test_env.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace faltlogg::server::testing {

namespace {

std::unique_ptr<test::PgCluster>& instance() {
  static std::unique_ptr<test::PgCluster> cluster;
  return cluster;
}

// Stops the cluster after the last test, while gtest still reports (a static's destructor runs later).
class ClusterEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override { instance().reset(); }
};

[[maybe_unused]] const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new ClusterEnvironment);

}  // namespace

test::PgCluster& cluster() {
  if (!instance()) instance() = std::make_unique<test::PgCluster>();
  return *instance();
}

std::string fresh_database(const std::string& prefix) {
  static int count = 0;
  return cluster().create_database(prefix + "_" + std::to_string(++count));
}

}  // namespace faltlogg::server::testing
