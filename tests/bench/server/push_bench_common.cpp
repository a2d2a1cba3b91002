#include "push_bench_common.hpp"

#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "haproxy.hpp"
#include "server_process.hpp"
#include "store/store.hpp"
#include "tls_client.hpp"

#include <sqlite3.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <sstream>
#include <mutex>
#include <thread>

namespace faltlogg::bench {

using Clock = std::chrono::steady_clock;

core::Record make_record(const std::string& node, std::uint32_t counter) {
  const core::Millis now = core::now_millis();
  core::Record record;
  record.id = core::make_uuid_v4();
  record.form_id = "faltkontakt";
  record.form_version = 1;
  record.hlc = core::Hlc{now - 1000, counter, node}.to_string();
  record.occurred_at = core::format_rfc3339(now - 3'600'000);
  record.data = {{"duration_min", 45},
                 {"area_id", "omr-1"},
                 {"arena", "utomhus"},
                 {"contact_kind", "relation"},
                 {"youths", {{"flicka", {{"13_15", 2}}}, {"pojke", {{"16_17", 3}}}}},
                 {"parents", 0},
                 {"concerns", boost::json::array{"alkohol", "otrygghet"}},
                 {"actions", boost::json::array{"samtal"}},
                 {"partners", boost::json::array{"polis"}},
                 {"in_pair", true},
                 {"notes", "Lugn kväll vid torget, samtal om helgens planer."}};
  return record;
}

namespace {
template <typename T>
T must(faltlogg::core::Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "bench: %s failed: %s\n", what, result.problem().detail.c_str());
    std::exit(1);
  }
  return std::move(result).value();
}
}  // namespace

BenchAuthor add_bench_author(server::Store& store) {
  const server::AuditEvent audit{"bench", "x", "", ""};
  must(store.add_district("D", audit), "add_district");
  const auto team = must(store.add_team("T", "D", {"omr-1"}, audit), "add_team");
  const auto user = must(store.add_user("bench", "bench", server::Role::field_worker, "T", "hash", audit), "add_user");
  const auto device = must(store.create_session(user.id, "bench", "h", 0, audit), "create_session");
  return {user.id, device.id, team.id};
}

std::uint64_t process_write_bytes(int pid) {
  std::ifstream io(pid == 0 ? std::string("/proc/self/io") : "/proc/" + std::to_string(pid) + "/io");
  std::string key;
  std::uint64_t value = 0;
  while (io >> key >> value) {
    if (key == "write_bytes:") return value;
  }
  return 0;
}

double process_cpu_seconds(int pid) {
  std::ifstream stat(pid == 0 ? std::string("/proc/self/stat") : "/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');  // the command name may hold spaces; fields count from after it
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; fields >> field && i <= 15; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

namespace {

// What the server still owes the disk when the pushes end: the WAL pages not yet copied into the database.
// Checkpointed here (counted as this process's writes) so every run pays for its pages exactly once.
std::uint64_t checkpoint_bytes(const std::filesystem::path& db_file) {
  const std::uint64_t before = process_write_bytes(0);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 10000);
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  sqlite3_close(db);
  return process_write_bytes(0) - before;
}

// perf record -g on the server while the clients push, when FALTLOGG_BENCH_PERF names an output file.
pid_t start_perf(int server_pid) {
  const char* out = std::getenv("FALTLOGG_BENCH_PERF");
  if (out == nullptr || *out == 0) return -1;
  const std::string pid_text = std::to_string(server_pid);
  // DWARF call graphs: the release build keeps no frame pointers, and inclusive times need whole stacks.
  std::vector<std::string> args{"perf", "record", "--call-graph", "dwarf,16384", "-F", "499", "-q", "-o", out,
                                "-p", pid_text};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawnp(&pid, "perf", nullptr, nullptr, argv.data(), environ) != 0) return -1;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // perf attaches before the clock starts
  return pid;
}

// HAProxy's health checks need a moment: ready when two fresh connections (round robin: one per node) answer.
bool wait_until_both_answer(std::uint16_t port, const std::string& ca) {
  for (int attempt = 0, answered = 0; attempt < 100; ++attempt) {
    try {
      test::TlsHttpClient probe(port, ca);
      answered = probe.get("/healthz").status == 200 ? answered + 1 : 0;
    } catch (const std::exception&) {
      answered = 0;
    }
    if (answered >= 4) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void stop_perf(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

Measurement measure_push_server(const Settings& settings, const std::string& store_uri, const std::string& label,
                                int nodes) {
  test::ServerProcess server;
  if (!store_uri.empty()) server.use_store(store_uri);
  for (int c = 0; c < settings.clients; ++c) {
    server.add_user("bench" + std::to_string(c), "field_worker", "Bench", "bench-password");
  }
  // Two nodes: both on the one database, same certificate, behind HAProxy; the clients connect to the proxy,
  // which spreads their kept-alive connections round robin over the nodes.
  std::unique_ptr<test::ServerProcess> second;
  std::unique_ptr<test::Haproxy> proxy;
  std::uint16_t port = 0;
  if (nodes >= 2 && !store_uri.empty()) {
    const std::uint16_t port1 = test::free_port();
    const std::uint16_t port2 = test::free_port();
    port = test::free_port();
    server.start({"--login-rate-limit", "0", "--listen", "127.0.0.1:" + std::to_string(port1)});
    second = std::make_unique<test::ServerProcess>();
    second->use_store(store_uri);
    second->start(server.certificate_args({"--login-rate-limit", "0", "--listen", "127.0.0.1:" + std::to_string(port2)}));
    proxy = std::make_unique<test::Haproxy>(server.data_dir().parent_path(), port, std::vector<std::uint16_t>{port1, port2});
    if (!wait_until_both_answer(port, server.ca_file())) throw std::runtime_error("HAProxy did not reach both nodes");
  } else {
    server.start({"--login-rate-limit", "0"});
    port = server.port();
  }
  auto cpu_seconds = [&] {
    return process_cpu_seconds(server.pid()) + (second ? process_cpu_seconds(second->pid()) : 0.0);
  };
  Measurement m{label, 0, 0, {}, 0, 0};
  std::mutex mutex;
  std::vector<std::thread> threads;
  // Bodies are prepared before the clock starts, so JSON building on the client side is not measured.
  std::vector<std::vector<std::string>> bodies(settings.clients);
  std::vector<std::string> tokens(settings.clients);
  for (int c = 0; c < settings.clients; ++c) {
    test::TlsHttpClient client(port, server.ca_file());
    boost::json::object login{{"username", "bench" + std::to_string(c)}, {"password", "bench-password"},
                              {"device_name", "bench"}};
    auto reply = client.post("/api/v1/auth/login", core::to_json_text(login));
    auto json = core::parse_json(reply.body).value();
    tokens[c] = std::string(json.at("token").as_string());
    const std::string device(json.at("device_id").as_string());
    std::uint32_t counter = 0;
    for (int b = 0; b < settings.batches_per_client; ++b) {
      boost::json::array records;
      for (int r = 0; r < settings.records_per_batch; ++r) records.push_back(core::record_to_json(make_record(device, ++counter)));
      bodies[c].push_back(core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()}, {"records", records}}));
    }
  }
  const pid_t perf = start_perf(server.pid());
  const std::uint64_t written_before = process_write_bytes(server.pid());
  const double cpu_before = cpu_seconds();
  const auto started = Clock::now();
  for (int c = 0; c < settings.clients; ++c) {
    threads.emplace_back([&, c] {
      test::TlsHttpClient client(port, server.ca_file());
      for (const std::string& body : bodies[c]) {
        const auto t0 = Clock::now();
        auto reply = client.post("/api/v1/sync/push", body, tokens[c]);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::size_t accepted = 0;
        if (reply.status == 200) {
          auto response = core::parse_json(reply.body);
          for (const auto& result : response->at("results").as_array()) {
            accepted += result.at("status").as_string() == "accepted" ? 1 : 0;
          }
        }
        std::lock_guard lock(mutex);
        m.records += accepted;
        m.batch_ms.push_back(ms);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  m.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  m.cpu_seconds = cpu_seconds() - cpu_before;
  stop_perf(perf);
  if (store_uri.empty()) {
    m.disk_bytes = process_write_bytes(server.pid()) - written_before;
    m.disk_bytes += checkpoint_bytes(server.data_dir() / "faltlogg.db");
  }
  proxy.reset();
  if (second) second->stop();
  server.stop();
  return m;
}

void print_row(const Measurement& m) {
  std::printf("| %-40s | %8zu | %8.2f | %10.0f | %8.2f | %8.2f | %8.2f | %8.1f |\n", m.name.c_str(), m.records,
              m.seconds, m.per_second(), m.percentile(0.50), m.percentile(0.99), m.cpu_ms_per_batch(), m.kb_per_record());
}

void print_header() {
  std::printf("| %-40s | %8s | %8s | %10s | %8s | %8s | %8s | %8s |\n", "path", "records", "seconds", "records/s",
              "p50 ms", "p99 ms", "CPU ms/b", "KB/rec");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(42, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(12, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(), std::string(10, '-').c_str());
}

Measurement median(std::vector<Measurement> runs) {
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.per_second() < b.per_second(); });
  return runs[runs.size() / 2];
}

}  // namespace faltlogg::bench
