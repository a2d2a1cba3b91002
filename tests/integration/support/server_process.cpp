#include "server_process.hpp"

#include "pg_cluster.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace faltlogg::test {

namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Runs a program to completion with stdin from a file and stdout/stderr to files: no pipes, so no
// deadlock whatever the program prints.
CommandResult run_command(std::vector<std::string> args, const std::string& stdin_text,
                          const std::filesystem::path& scratch) {
  const auto in_file = scratch / "cmd.in";
  const auto out_file = scratch / "cmd.out";
  const auto err_file = scratch / "cmd.err";
  std::ofstream(in_file, std::ios::binary | std::ios::trunc) << stdin_text;
  std::vector<char*> argv = argv_of(args);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = ::open(in_file.c_str(), O_RDONLY);
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::setenv("FALTLOGG_KDF", "test_fast", 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {exit_code_of(status), read_file(out_file), read_file(err_file)};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

// FALTLOGG_TEST_SERVER_BIN / FALTLOGG_TEST_ADMIN_BIN point a tool at another build's binaries (the
// disclosure audit measures main's figures that way); tests leave them unset.
std::filesystem::path ServerProcess::server_binary() {
  const char* other = std::getenv("FALTLOGG_TEST_SERVER_BIN");
  return other != nullptr ? std::filesystem::path(other) : std::filesystem::path(FALTLOGG_SERVER_BIN);
}
std::filesystem::path ServerProcess::admin_binary() {
  const char* other = std::getenv("FALTLOGG_TEST_ADMIN_BIN");
  return other != nullptr ? std::filesystem::path(other) : std::filesystem::path(FALTLOGG_ADMIN_BIN);
}

// One cluster per test process, started by the first server that asks and stopped at exit (its watchdog
// stops it when the process dies without running destructors).
std::string ServerProcess::fresh_postgres_database() {
  static std::unique_ptr<PgCluster> cluster;
  static int databases = 0;
  if (!cluster) cluster = std::make_unique<PgCluster>();
  return cluster->create_database("it_" + std::to_string(::getpid()) + "_" + std::to_string(++databases));
}

ServerProcess::ServerProcess() {
  if (const char* store = std::getenv("FALTLOGG_TEST_STORE"); store != nullptr && std::string(store) == "postgresql") {
    store_uri_ = fresh_postgres_database();
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "faltlogg-it-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  std::filesystem::create_directories(data_dir());
  auto certs = run_command({"/bin/bash", FALTLOGG_CERT_SCRIPT, (root_ / "certs").string()}, "", root_);
  if (certs.exit_code != 0) throw std::runtime_error("gen-dev-certs.sh failed: " + certs.err);
}

ServerProcess::~ServerProcess() {
  try {
    stop();
  } catch (...) {
  }
  if (std::getenv("FALTLOGG_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
}

CommandResult ServerProcess::admin(const std::vector<std::string>& args, const std::string& stdin_text) const {
  std::vector<std::string> full = {admin_binary().string(), "--data-dir", data_dir().string()};
  if (!store_uri_.empty()) full.insert(full.end(), {"--store", store_uri_});
  full.insert(full.end(), args.begin(), args.end());
  return run_command(full, stdin_text, root_);
}

void ServerProcess::add_district(const std::string& name) {
  auto result = admin({"district", "add", name});
  if (result.exit_code != 0) throw std::runtime_error("district add failed: " + result.err);
  districts_.insert(name);
}

void ServerProcess::add_team(const std::string& name, const std::string& district,
                             const std::vector<std::string>& areas) {
  if (!districts_.contains(district)) add_district(district);
  std::vector<std::string> args = {"team", "add", name, "--district", district};
  if (!areas.empty()) {
    args.push_back("--areas");
    args.push_back(join(areas));
  }
  auto result = admin(args);
  if (result.exit_code != 0) throw std::runtime_error("team add failed: " + result.err);
  teams_.insert(name);
}

std::string ServerProcess::add_user(const std::string& username, const std::string& role, const std::string& team,
                                    const std::string& password) {
  if (!teams_.contains(team)) add_team(team, "Testdistrikt", {"omr-1", "omr-2", "omr-3"});
  auto result = admin({"user", "add", username, "--role", role, "--team", team, "--password-stdin"}, password + "\n");
  if (result.exit_code != 0) throw std::runtime_error("user add failed: " + result.err);
  std::string id = result.out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  return id;
}

void ServerProcess::start(const std::vector<std::string>& extra_args) {
  if (pid_ > 0) throw std::runtime_error("server already running");
  extra_args_ = extra_args;
  const auto port_file = root_ / "port";
  const auto metrics_port_file = root_ / "metrics-port";
  std::filesystem::remove(port_file);
  std::filesystem::remove(metrics_port_file);
  std::vector<std::string> args = {server_binary().string(), "--data-dir", data_dir().string(),
                                   "--listen", "127.0.0.1:0", "--port-file", port_file.string(),
                                   "--metrics-listen", "127.0.0.1:0", "--metrics-port-file",
                                   metrics_port_file.string(),
                                   "--cert", (root_ / "certs" / "server.pem").string(),
                                   "--key", (root_ / "certs" / "server.key").string(), "--kdf", "test_fast",
                                   "--io-threads", "2"};
  if (!store_uri_.empty()) args.insert(args.end(), {"--store", store_uri_});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv = argv_of(args);
  const std::string log = log_file().string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (file_size_limit_ > 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{file_size_limit_, file_size_limit_};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = static_cast<std::uint16_t>(std::stoi(read_file(port_file)));
      // Written before the main port file, so it is there now (absent when a test turned metrics off).
      metrics_port_ = std::filesystem::exists(metrics_port_file)
                          ? static_cast<std::uint16_t>(std::stoi(read_file(metrics_port_file)))
                          : 0;
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("faltlogg-server exited during start-up (code " + std::to_string(exit_code_of(status)) +
                               "): " + log_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  throw std::runtime_error("faltlogg-server did not start within 20 s: " + log_text());
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (wait_for_exit(std::chrono::seconds(10)) < 0) kill9();
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void ServerProcess::restart() {
  stop();
  start(extra_args_);
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int ServerProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return exit_code_of(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::string ServerProcess::log_text() const { return read_file(log_file()); }

}  // namespace faltlogg::test
