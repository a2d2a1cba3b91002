// Configuration layering (defaults < file < environment < command line) and refusal of bad values.
#include "config/server_config.hpp"

#include "api_fixture.hpp"

#include <fstream>

namespace faltlogg::server {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ServerConfig, DefaultsAreSafe) {
  auto config = load_server_config({}, env_of({}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->body_limit, 4u * 1024 * 1024);
  EXPECT_EQ(config->header_limit, 16u * 1024);
  EXPECT_EQ(config->idle_timeout_s, 30);
  EXPECT_EQ(config->kdf, core::KdfStrength::interactive);
  EXPECT_TRUE(config->fail_point.empty());
}

TEST(ServerConfig, CommandLineBeatsEnvironmentBeatsFile) {
  const auto dir = testing::make_temp_dir();
  const auto file = dir / "server.conf";
  std::ofstream(file) << "# comment\n[server]\nlisten = 0.0.0.0:9000\nbody_limit = 2048\nkdf = \"moderate\"\n";
  auto config = load_server_config({"--config", file.string(), "--listen", "127.0.0.1:0", "--print-config"},
                                   env_of({{"FALTLOGG_BODY_LIMIT", "4096"}, {"FALTLOGG_KDF", "test_fast"}}));
  ASSERT_TRUE(config.ok()) << config.problem().detail;
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 0);
  EXPECT_EQ(config->body_limit, 4096u);
  EXPECT_EQ(config->kdf, core::KdfStrength::test_fast);
  EXPECT_TRUE(config->print_config);
  const std::string described = describe_config(*config);
  EXPECT_NE(described.find("listen = 127.0.0.1:0"), std::string::npos);
  EXPECT_NE(described.find("kdf = test_fast"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(ServerConfig, BadValuesNameTheOption) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--listen", "nohostport"}, {"--listen", "h:99999"}, {"--body-limit", "12abc"}, {"--body-limit", "10"},
           {"--kdf", "weak"}, {"--fail-point", "random"}, {"--no-such-option", "1"}, {"stray"}, {"--cert"},
           {"--config", "/nonexistent/faltlogg.conf"}}) {
    auto config = load_server_config(args, env_of({}));
    ASSERT_FALSE(config.ok()) << args[0];
    EXPECT_EQ(config.problem().code, "invalid_config");
  }
  auto from_env = load_server_config({}, env_of({{"FALTLOGG_IDLE_TIMEOUT", "0"}}));
  ASSERT_FALSE(from_env.ok());
  EXPECT_NE(from_env.problem().detail.find("idle_timeout"), std::string::npos);
}

TEST(ServerConfig, TheShippedExampleFileParses) {
  auto config = load_server_config({"--config", FALTLOGG_SERVER_CONFIG_EXAMPLE}, env_of({}));
  ASSERT_TRUE(config.ok()) << config.problem().detail;
  EXPECT_EQ(config->listen_host, "0.0.0.0");
  EXPECT_EQ(config->listen_port, 8443);
  EXPECT_EQ(config->kdf, core::KdfStrength::interactive);
}

TEST(ServerConfig, EqualsFormAndTestHooksParse) {
  auto config = load_server_config({"--login-rate-limit=3", "--fail-point", "after_push_commit", "--port-file=/tmp/p"},
                                   env_of({}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->login_rate_limit, 3);
  EXPECT_EQ(config->fail_point, "after_push_commit");
  EXPECT_EQ(config->port_file, "/tmp/p");
  EXPECT_NE(server_usage().find("FALTLOGG_LOGIN_RATE_LIMIT"), std::string::npos);
}

TEST(ServerConfig, SuppressionKDefaultsToFiveAndStaysWithinThreeToTen) {
  EXPECT_EQ(load_server_config({}, env_of({}))->suppression_k, 5);
  EXPECT_EQ(load_server_config({"--suppression-k", "3"}, env_of({}))->suppression_k, 3);
  EXPECT_EQ(load_server_config({}, env_of({{"FALTLOGG_SUPPRESSION_K", "10"}}))->suppression_k, 10);
  for (const char* bad : {"2", "11", "0", "-5", "five", ""}) {
    auto config = load_server_config({"--suppression-k", bad}, env_of({}));
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_EQ(config.problem().code, "invalid_config");
  }
}

}  // namespace
}  // namespace faltlogg::server
