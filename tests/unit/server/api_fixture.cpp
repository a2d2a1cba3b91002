#include "api_fixture.hpp"

#include "api/auth_api.hpp"
#include "faltlogg/core/json.hpp"
#include "store/rollup_store.hpp"
#include "store/sqlite_db.hpp"

#include <cstdlib>

namespace faltlogg::server::testing {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "faltlogg-unit-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

namespace {
std::vector<analytics::CriteriaPack> load_criteria_packs() {
  auto packs = analytics::load_criteria_directory(analytics::default_criteria_dir());
  if (!packs) throw std::runtime_error("criteria packs: " + packs.problem().detail);
  return std::move(packs.value());
}

core::FormRegistry load_forms() {
  auto forms = core::FormRegistry::load_directory(core::default_forms_dir());
  if (!forms) throw std::runtime_error("form packs: " + forms.problem().detail);
  return std::move(forms.value());
}
}  // namespace

ApiFixture::ApiFixture()
    : dir_(make_temp_dir()),
      store_(std::make_unique<SqliteStore>(dir_)),
      forms_(load_forms()),
      criteria_packs_(load_criteria_packs()),
      services_{*store_, forms_, limiter_, metrics_, ApiOptions{core::KdfStrength::test_fast, 30, 4 << 20, "test", 5, "", ""},
                [this] { return now_; }, {}, &criteria_packs_, &browser_sessions_, {}} {}

ApiFixture::~ApiFixture() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

User ApiFixture::add_user(const std::string& username, RoleSet roles, const std::string& team,
                          const std::string& password) {
  if (teams_.empty()) {
    EXPECT_TRUE(store_->add_district("D", {"test", "district_add", "", ""}).ok());
  }
  if (teams_.insert(team).second) {
    EXPECT_TRUE(store_->add_team(team, "D", {"omr-1", "omr-2", "omr-3"}, {"test", "team_add", "", ""}).ok());
  }
  auto user = store_->add_user(username, username, roles, team,
                               core::hash_password(password, core::KdfParams::of(core::KdfStrength::test_fast)),
                               {"test", "user_add", "", ""});
  EXPECT_TRUE(user.ok());
  return user.value();
}

Principal ApiFixture::session_for(const User& user) {
  const std::string token = make_bearer_token();
  const std::string hash = core::hash_hex(token);
  Device device = *store_->create_session(user.id, "tablet", hash, now_ + 3'600'000, {user.id, "login", "", ""});
  return Principal{user, device, hash, false, {}};
}

RequestContext ApiFixture::context_for(const User& user, std::string body, std::map<std::string, std::string> query) {
  RequestContext context;
  context.principal = session_for(user);
  context.body = std::move(body);
  context.query = std::move(query);
  context.remote_address = "127.0.0.1";
  return context;
}

core::Record ApiFixture::field_contact(const std::string& id, std::uint32_t hlc_counter, const std::string& node) {
  return sample_field_contact(id, core::Hlc{now_ - 60'000, hlc_counter, node}.to_string(), now_ - 3'600'000);
}

core::Record sample_field_contact(const std::string& id, const std::string& hlc, core::Millis occurred_ms) {
  core::Record record;
  record.id = id;
  record.form_id = "faltkontakt";
  record.form_version = 1;
  record.hlc = hlc;
  record.occurred_at = core::format_rfc3339(occurred_ms);
  record.data = {{"duration_min", 30},
                 {"area_id", "omr-1"},
                 {"arena", "skola"},
                 {"contact_kind", "uppsokande"},
                 {"youths", {{"pojke", {{"16_17", 3}}}}},
                 {"in_pair", true}};
  return record;
}

void ApiFixture::rewrite_as_before_migration(int version, const std::vector<analytics::RollupRow>& base_rows) {
  sqlite::Connection old(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
  sqlite::Transaction tx(old);
  old.exec("DELETE FROM rollup_cell; DELETE FROM schema_migrations WHERE version = " + std::to_string(version));
  RollupWriter writer(old);
  writer.add(base_rows);
  writer.flush();
  tx.commit();
}

void ApiFixture::reopen_store() {
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
}

int ApiFixture::audit_entries_of(std::string_view action) {
  int n = 0;
  for (const auto& entry : store_->audit_entries()) n += entry.event.action == action ? 1 : 0;
  return n;
}

boost::json::value ApiFixture::parse(const HttpResponse& response) {
  auto parsed = core::parse_json(response.body);
  EXPECT_TRUE(parsed.ok()) << response.body;
  return parsed.ok() ? parsed.value() : boost::json::value{};
}

}  // namespace faltlogg::server::testing
