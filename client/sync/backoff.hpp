// Exponential backoff with jitter for sync retries: many tablets coming back online at 08:00 must not
// hammer the server in lock-step.
#pragma once

namespace faltlogg::client {

struct BackoffPolicy {
  int baseDelayMs = 1000;
  int maxDelayMs = 5 * 60 * 1000;
  int maxAttempts = 6;  // retries within one sync run before giving up (state offline / error)
};

// Delay before retry number `attempt` (1-based): the cap min(max, base * 2^(attempt-1)) scaled by a
// factor in [0.5, 1.0) drawn from `unitRandom` in [0, 1) ("equal jitter": never zero, never above cap).
int backoffDelayMs(const BackoffPolicy& policy, int attempt, double unitRandom);

}  // namespace faltlogg::client
