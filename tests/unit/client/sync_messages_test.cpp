#include "sync/sync_messages.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

core::Problem problem(std::string code, int status) { return core::make_problem(std::move(code), status, "T", "d"); }

TEST(SyncMessages, KnownCodesHaveSwedishAndEnglishText) {
  for (const char* code : {"network_error", "timeout", "tls_error", "device_revoked", "unauthorized",
                           "login_required", "login_failed", "rate_limited", "storage_full", "server_error"}) {
    const auto message = humanMessageFor(problem(code, 0));
    EXPECT_FALSE(message.sv.empty()) << code;
    EXPECT_FALSE(message.en.empty()) << code;
    EXPECT_NE(message.sv, message.en) << code;
  }
  EXPECT_NE(humanMessageFor(problem("device_revoked", 401)).sv.find("spärrats"), std::string::npos);
}

TEST(SyncMessages, UnknownServerFaultsGetTheGenericServerMessage) {
  EXPECT_EQ(humanMessageFor(problem("something_new", 503)).en, humanMessageFor(problem("server_error", 500)).en);
  const auto other = humanMessageFor(core::make_problem("odd", 400, "Odd thing", "secret detail"));
  EXPECT_NE(other.en.find("Odd thing"), std::string::npos);
  EXPECT_EQ(other.en.find("secret detail"), std::string::npos) << "details may echo input; titles are fixed";
}

TEST(SyncMessages, TransientProblemsAreRetriedOthersAreNot) {
  EXPECT_TRUE(isTransient(problem("network_error", 0)));
  EXPECT_TRUE(isTransient(problem("timeout", 0)));
  EXPECT_TRUE(isTransient(problem("rate_limited", 429)));
  EXPECT_TRUE(isTransient(problem("server_error", 500)));
  EXPECT_TRUE(isTransient(problem("unavailable", 503)));
  EXPECT_FALSE(isTransient(problem("tls_error", 0))) << "a wrong certificate must not be retried into acceptance";
  EXPECT_FALSE(isTransient(problem("validation_failed", 422)));
  EXPECT_FALSE(isTransient(problem("invalid_json", 400)));
  EXPECT_FALSE(isTransient(problem("invalid_response", 0)));
  EXPECT_FALSE(isTransient(problem("device_revoked", 401)));
  EXPECT_TRUE(isNetworkProblem(problem("network_error", 0)));
  EXPECT_FALSE(isNetworkProblem(problem("server_error", 500)));
}

}  // namespace
}  // namespace faltlogg::client
