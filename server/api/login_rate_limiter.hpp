// Slows password guessing and login storms down without letting one person lock others out:
// - failed logins are counted in a sliding one-minute window per (username, address) pair (the limit), per
//   username across addresses (3 × the limit: distributed guessing) and per address across usernames
//   (10 × the limit: an office behind one NAT address is many people);
// - successful logins are counted per username (each one makes a device row and costs an Argon2id run);
// - at most a few password checks run at once, so a storm of logins cannot occupy the worker pool that serves
//   pushes and /healthz; a login that finds no free slot within two seconds is told to retry.
// The events live in a LoginEventLog: process memory, or the database that several nodes share.
#pragma once

#include "store/login_event_log.hpp"
#include "faltlogg/core/time.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <semaphore>
#include <string>

namespace faltlogg::server {

class LoginRateLimiter {
 public:
  using Clock = std::function<core::Millis()>;
  static constexpr int kPerAddressFactor = 10;
  static constexpr int kPerUsernameFactor = 3;
  static constexpr int kSuccessfulLoginsPerMinute = 10;

  // failures_per_minute <= 0 disables the limits (not the password-check slots). Without a log the events
  // are kept in this process's memory.
  explicit LoginRateLimiter(int failures_per_minute, Clock clock = core::now_millis, int password_check_slots = 2,
                            std::chrono::milliseconds slot_wait = std::chrono::seconds(2),
                            std::shared_ptr<LoginEventLog> log = nullptr);

  // Seconds until another attempt is allowed; 0 when the attempt may go ahead.
  int retry_after_seconds(const std::string& username, const std::string& address);
  void record_failure(const std::string& username, const std::string& address);
  void record_success(const std::string& username);

  // Holds one password-check slot while alive.
  class PasswordCheckSlot {
   public:
    explicit PasswordCheckSlot(std::counting_semaphore<>& slots) : slots_(&slots) {}
    ~PasswordCheckSlot() {
      if (slots_ != nullptr) slots_->release();
    }
    PasswordCheckSlot(PasswordCheckSlot&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
    PasswordCheckSlot& operator=(PasswordCheckSlot&&) = delete;
    PasswordCheckSlot(const PasswordCheckSlot&) = delete;
    PasswordCheckSlot& operator=(const PasswordCheckSlot&) = delete;

   private:
    std::counting_semaphore<>* slots_;
  };
  // nullopt when every slot stayed busy for the whole wait.
  std::optional<PasswordCheckSlot> acquire_password_check();

 private:
  static constexpr core::Millis kWindowMs = 60'000;

  void record(const std::vector<std::string>& keys);

  int limit_;
  Clock clock_;
  std::shared_ptr<LoginEventLog> log_;
  std::counting_semaphore<> password_slots_;
  std::chrono::milliseconds slot_wait_;
};

}  // namespace faltlogg::server
