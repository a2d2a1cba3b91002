// A throwaway PostgreSQL 15 cluster for tests: initdb + pg_ctl from Debian's postgresql-15 in a
// temporary directory, listening only on a Unix socket in that directory. When the tests run as root
// (here and in CI) the cluster runs as the `postgres` system user (PostgreSQL refuses root).
// fsync, full_page_writes and synchronous_commit are off: the tests kill servers, not the machine, and
// durability against power loss is PostgreSQL's to prove, not ours. One cluster per test binary.
//
// Nothing is left running: the destructor stops the cluster (immediate mode) and removes the directory;
// a watchdog process started beside it does the same when the test process dies without running
// destructors (abort, SIGKILL).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace faltlogg::test {

class PgCluster {
 public:
  // Starts the cluster; throws std::runtime_error (with the server log) when it cannot. `durable`: fsync
  // and synchronous commit on, as production runs (benchmarks); tests leave it off.
  explicit PgCluster(bool durable = false);
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // True when the PostgreSQL 15 binaries are installed (deploy/install-deps.sh installs them).
  static bool available();

  // A fresh, empty database; returns its connection URI (postgresql://…?host=<socket dir>).
  std::string create_database(const std::string& name);
  std::string uri(const std::string& database) const;
  const std::filesystem::path& socket_dir() const { return root_; }

 private:
  void run_as_owner(const std::string& command) const;

  std::filesystem::path root_;
  bool as_postgres_ = false;
  pid_t watchdog_ = -1;
  int watchdog_pipe_ = -1;
};

}  // namespace faltlogg::test
