#include "api/metrics.hpp"

#include <sstream>

namespace faltlogg::server {

void Metrics::count_request(const std::string& route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
}

void Metrics::add_push(std::size_t accepted, std::size_t total, bool replayed) {
  ++push_batches_;
  if (replayed) ++push_replays_;
  push_records_ += total;
  push_records_accepted_ += accepted;
}

void Metrics::count_login(bool success) { ++(success ? logins_ok_ : logins_failed_); }

void Metrics::count_rate_limited() { ++logins_rate_limited_; }

std::string Metrics::render() const {
  std::ostringstream out;
  out << "# HELP faltlogg_http_requests_total HTTP requests by route pattern and status.\n"
      << "# TYPE faltlogg_http_requests_total counter\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, count] : requests_) {
      out << "faltlogg_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << count
          << "\n";
    }
  }
  auto counter = [&out](const char* name, const char* help, std::uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << value << "\n";
  };
  counter("faltlogg_push_batches_total", "Push batches answered (including replays).", push_batches_);
  counter("faltlogg_push_replays_total", "Push batches answered from the stored response.", push_replays_);
  counter("faltlogg_push_records_total", "Records received in pushes.", push_records_);
  counter("faltlogg_push_records_accepted_total", "Records accepted and stored.", push_records_accepted_);
  counter("faltlogg_logins_total", "Successful logins.", logins_ok_);
  counter("faltlogg_login_failures_total", "Failed logins.", logins_failed_);
  counter("faltlogg_login_rate_limited_total", "Logins refused by the rate limit.", logins_rate_limited_);
  return out.str();
}

}  // namespace faltlogg::server
