// A real SqliteStore in a temp dir, the shipped form packs, and helpers to make users, sessions,
// request contexts and records: handler tests run against the real store, without sockets.
#pragma once

#include "api/api_context.hpp"
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>

namespace faltlogg::server::testing {

std::filesystem::path make_temp_dir();
// A valid faltkontakt v1 record with this hlc, occurring at `occurred_ms` (shared by every server unit fixture).
core::Record sample_field_contact(const std::string& id, const std::string& hlc, core::Millis occurred_ms);

class ApiFixture : public ::testing::Test {
 protected:
  ApiFixture();
  ~ApiFixture() override;

  // Creates district "D" and the team (areas omr-1..3) on first use.
  User add_user(const std::string& username, RoleSet roles, const std::string& team = "Team A",
                const std::string& password = "password-123");
  Principal session_for(const User& user);
  RequestContext context_for(const User& user, std::string body = "", std::map<std::string, std::string> query = {});
  // A valid faltkontakt v1 record occurring an hour before now_.
  core::Record field_contact(const std::string& id, std::uint32_t hlc_counter, const std::string& node = "node-1");
  boost::json::value parse(const HttpResponse& response);
  std::string code_of(const core::Problem& problem) { return problem.code; }

  // Migrations that recount the rollups (0004, 0009, 0011): makes the SQLite file a database from before
  // migration `version`, whose rollups are `base_rows` (coarser grains derived) and which never applied it.
  void rewrite_as_before_migration(int version, const std::vector<analytics::RollupRow>& base_rows);
  // A restart: the next SqliteStore on dir_ applies pending migrations and recounts (services_ keeps the old
  // store; call the store directly afterwards).
  void reopen_store();
  int audit_entries_of(std::string_view action);

  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  core::FormRegistry forms_;
  std::vector<analytics::CriteriaPack> criteria_packs_;
  core::Millis now_ = 1'790'000'000'000;  // fixed: tests control time
  LoginRateLimiter limiter_{3, [this] { return now_; }};
  Metrics metrics_;
  BrowserSessions browser_sessions_{30LL * 60 * 1000};
  ApiServices services_;
  std::set<std::string> teams_;
};

}  // namespace faltlogg::server::testing
