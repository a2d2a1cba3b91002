// The store conformance suite against SqliteStore: a fresh data directory per test.
#include "api_fixture.hpp"
#include "store_conformance.hpp"

namespace faltlogg::server::testing {
namespace {

class SqliteHarness final : public StoreHarness {
 public:
  ~SqliteHarness() override { clean(); }
  std::unique_ptr<Store> fresh() override {
    clean();
    dir_ = make_temp_dir();
    return std::make_unique<SqliteStore>(dir_);
  }
  std::unique_ptr<Store> reopen() override { return std::make_unique<SqliteStore>(dir_); }
  std::string name() const override { return "sqlite"; }

 private:
  void clean() {
    if (dir_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::filesystem::path dir_;
};

SqliteHarness harness;

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(&harness),
                         [](const auto&) { return std::string("sqlite"); });

}  // namespace
}  // namespace faltlogg::server::testing
