// Prometheus text metrics. Labels are route patterns and status codes only: never ids or names.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace faltlogg::server {

class Metrics {
 public:
  void count_request(const std::string& route, int status);
  void add_push(std::size_t accepted, std::size_t total, bool replayed);
  void count_login(bool success);
  void count_rate_limited();
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::atomic<std::uint64_t> push_batches_{0};
  std::atomic<std::uint64_t> push_replays_{0};
  std::atomic<std::uint64_t> push_records_{0};
  std::atomic<std::uint64_t> push_records_accepted_{0};
  std::atomic<std::uint64_t> logins_ok_{0};
  std::atomic<std::uint64_t> logins_failed_{0};
  std::atomic<std::uint64_t> logins_rate_limited_{0};
};

}  // namespace faltlogg::server
