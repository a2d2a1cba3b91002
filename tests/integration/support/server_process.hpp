// Test fixture: the real faltlogg-server in a child process, on 127.0.0.1 with a free port, a fresh
// temporary data directory and freshly generated development certificates. Reference data and users
// are created through the real faltlogg-admin. No Beast or Qt here, so any test can include it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace faltlogg::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class ServerProcess {
 public:
  // Makes the temp dir and certificates; does not start the server (add users first, then start()).
  ServerProcess();
  ~ServerProcess();  // stops the server and removes the temp dir (kept if FALTLOGG_KEEP_TEST_DIRS is set)
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // faltlogg-admin --data-dir <data_dir> ARGS, with FALTLOGG_KDF=test_fast; stdin_text is its stdin.
  CommandResult admin(const std::vector<std::string>& args, const std::string& stdin_text = "") const;
  // Each throws std::runtime_error with the admin tool's message when it fails.
  void add_district(const std::string& name);
  void add_team(const std::string& name, const std::string& district, const std::vector<std::string>& areas = {});
  // Creates the team (in district "Testdistrikt", areas "omr-1,omr-2,omr-3") if it does not exist yet.
  // Returns the new user's id. Passwords must be at least 8 characters.
  std::string add_user(const std::string& username, const std::string& role, const std::string& team,
                       const std::string& password);

  // Starts faltlogg-server with --listen 127.0.0.1:0 --port-file ... --kdf test_fast plus extra_args,
  // and waits until the port file appears (throws after 20 s or if the process exits).
  void start(const std::vector<std::string>& extra_args = {});
  // The next start()s run the server with RLIMIT_FSIZE = bytes (0: no limit) and SIGXFSZ ignored, so a write that
  // would grow any file past it fails like a full disk (EFBIG) without needing a small filesystem.
  void set_file_size_limit(std::uint64_t bytes) { file_size_limit_ = bytes; }
  void stop();     // SIGTERM, then waits for the exit
  void kill9();    // SIGKILL, then reaps the process
  void restart();  // start() again with the same extra arguments (same data dir, new port)
  bool running();
  // Waits for the process to exit by itself (e.g. through a fail point); returns its exit code, or -1
  // on timeout. A signal death is reported as 128 + signal number.
  int wait_for_exit(std::chrono::milliseconds timeout);

  std::uint16_t port() const { return port_; }
  // The running server's process id (-1 when stopped), e.g. for its /proc/PID/io in benchmarks.
  pid_t pid() const { return pid_; }
  // The metrics listener (/metrics, /healthz), also TLS with the same certificate; 0 if turned off.
  std::uint16_t metrics_port() const { return metrics_port_; }
  std::string ca_file() const { return (root_ / "certs" / "ca.pem").string(); }
  // "--cert", "--key" of this fixture's certificate, then `more`: another node started with them serves the
  // same key, as nodes behind one load balancer do (tablets pin one key for the city's one URL).
  std::vector<std::string> certificate_args(const std::vector<std::string>& more = {}) const {
    std::vector<std::string> args{"--cert", (root_ / "certs" / "server.pem").string(), "--key",
                                  (root_ / "certs" / "server.key").string()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  std::filesystem::path data_dir() const { return root_ / "data"; }
  // With FALTLOGG_TEST_STORE=postgresql in the environment, the server and the admin tool run on a fresh
  // database of the test process's one PostgreSQL cluster (pg_cluster.hpp), and this is its URI;
  // otherwise empty (SQLite in data_dir()).
  const std::string& store_uri() const { return store_uri_; }
  // Runs this server (and its admin calls) on `uri` instead: several nodes on one database.
  void use_store(std::string uri) { store_uri_ = std::move(uri); }
  // A fresh database on the test process's one PostgreSQL cluster (started at first use).
  static std::string fresh_postgres_database();
  std::filesystem::path log_file() const { return root_ / "server.log"; }
  std::string log_text() const;

  static std::filesystem::path server_binary();
  static std::filesystem::path admin_binary();

 private:
  std::filesystem::path root_;
  std::string store_uri_;
  std::vector<std::string> extra_args_;
  std::set<std::string> districts_;
  std::set<std::string> teams_;
  pid_t pid_ = -1;
  std::uint64_t file_size_limit_ = 0;
  std::uint16_t port_ = 0;
  std::uint16_t metrics_port_ = 0;
};

}  // namespace faltlogg::test
