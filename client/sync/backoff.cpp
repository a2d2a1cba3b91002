#include "sync/backoff.hpp"

#include <algorithm>
#include <cstdint>

namespace faltlogg::client {

int backoffDelayMs(const BackoffPolicy& policy, int attempt, double unitRandom) {
  const int exponent = std::clamp(attempt - 1, 0, 30);
  const std::int64_t uncapped = static_cast<std::int64_t>(std::max(policy.baseDelayMs, 0)) << exponent;
  const std::int64_t cap = std::min<std::int64_t>(uncapped, std::max(policy.maxDelayMs, 0));
  const double factor = 0.5 + 0.5 * std::clamp(unitRandom, 0.0, 1.0);
  return static_cast<int>(std::min<double>(static_cast<double>(cap) * factor, static_cast<double>(cap)));
}

}  // namespace faltlogg::client
