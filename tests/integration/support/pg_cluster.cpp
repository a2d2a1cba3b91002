#include "pg_cluster.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace faltlogg::test {

namespace {

const std::filesystem::path kBin = "/usr/lib/postgresql/15/bin";
constexpr const char* kSuperuser = "faltlogg";

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bool PgCluster::available() {
  return std::filesystem::exists(kBin / "initdb") && std::filesystem::exists(kBin / "pg_ctl");
}

void PgCluster::run_as_owner(const std::string& command) const {
  // Paths come from mkdtemp and fixed names: no quoting beyond single quotes is needed.
  const std::string line = as_postgres_ ? "runuser -u postgres -- sh -c '" + command + "'" : command;
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("PostgreSQL test cluster: `" + command + "` failed; log:\n" + slurp(root_ / "log"));
  }
}

PgCluster::PgCluster(bool durable) {
  if (!available()) throw std::runtime_error("PostgreSQL 15 is not installed; run deploy/install-deps.sh");
  std::string pattern = (std::filesystem::temp_directory_path() / "faltlogg-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  as_postgres_ = ::geteuid() == 0;
  if (as_postgres_) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("running as root needs the postgres system user (postgresql-15)");
    if (::chown(root_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown of the cluster dir failed");
  }
  const std::string data = (root_ / "data").string();
  run_as_owner((kBin / "initdb").string() + " -D " + data + " -U " + kSuperuser +
               " -A trust -E UTF8 --locale=C --no-sync --no-instructions > " + (root_ / "log").string() + " 2>&1");
  // The watchdog holds the read end of a pipe whose write end only this process has: when this process
  // ends in any way, read returns and the watchdog stops the cluster and removes its directory.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const std::string stop = (kBin / "pg_ctl").string() + " -D " + data + " -m immediate stop >/dev/null 2>&1";
  const std::string owner_stop = as_postgres_ ? "runuser -u postgres -- " + stop : stop;
  const std::string script = "read _; " + owner_stop + "; rm -rf " + root_.string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  std::vector<char*> argv{const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>(script.c_str()),
                          nullptr};
  const int spawned = ::posix_spawn(&watchdog_, "/bin/sh", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  if (spawned != 0) {
    ::close(fds[1]);
    throw std::runtime_error("cannot start the cluster watchdog");
  }
  watchdog_pipe_ = fds[1];
  run_as_owner((kBin / "pg_ctl").string() + " -D " + data + " -l " + (root_ / "log").string() +
               " -w -t 60 -o \"-k " + root_.string() +
               " -c listen_addresses= -c max_connections=200 -c shared_buffers=" + (durable ? "256MB" : "32MB") +
               (durable ? "" : " -c fsync=off -c full_page_writes=off -c synchronous_commit=off") +
               "\" start >/dev/null");
}

PgCluster::~PgCluster() {
  try {
    run_as_owner((kBin / "pg_ctl").string() + " -D " + (root_ / "data").string() + " -m immediate stop >/dev/null 2>&1");
  } catch (...) {  // NOLINT(bugprone-empty-catch): the watchdog below stops it in any case
  }
  // Closing the pipe wakes the watchdog, which stops what is left and removes the directory.
  if (watchdog_pipe_ >= 0) ::close(watchdog_pipe_);
  if (watchdog_ > 0) {
    int status = 0;
    ::waitpid(watchdog_, &status, 0);
  }
}

std::string PgCluster::uri(const std::string& database) const {
  return "postgresql://" + std::string(kSuperuser) + "@/" + database + "?host=" + root_.string();
}

std::string PgCluster::create_database(const std::string& name) {
  const std::string psql = "/usr/bin/psql";
  const std::string command = psql + " -q -v ON_ERROR_STOP=1 -d \"" + uri("postgres") + "\" -c \"CREATE DATABASE " +
                              name + "\" >> " + (root_ / "log").string() + " 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("CREATE DATABASE " + name + " failed");
  return uri(name);
}

}  // namespace faltlogg::test
