// Hybrid logical clock: orders every write of one record across devices whose wall clocks disagree.
// Text form: "<RFC 3339 wall time>/<counter, 4 digits or more>/<node id>", e.g.
// "2026-11-22T18:04:05.123Z/0003/3f9d...". Comparison is (wall, counter, node).
#pragma once

#include "faltlogg/core/time.hpp"

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::core {

struct Hlc {
  Millis wall_ms = 0;
  std::uint32_t counter = 0;
  std::string node;

  std::string to_string() const;
  static std::optional<Hlc> parse(std::string_view text);
  friend std::strong_ordering operator<=>(const Hlc& a, const Hlc& b);
  friend bool operator==(const Hlc& a, const Hlc& b) = default;
};

// Not thread-safe: one clock per store, used under that store's lock. A remote timestamp far in the
// future is adopted as is (standard HLC); later local events then carry that wall time with rising
// counters until the local clock catches up, which keeps the order right at the cost of wall accuracy.
class HlcClock {
 public:
  using WallClock = std::function<Millis()>;
  explicit HlcClock(std::string node, WallClock wall = now_millis);

  // A new timestamp for a local event, strictly greater than every one issued or seen before.
  Hlc now();
  // Merges a timestamp received from elsewhere so later local events order after it.
  void observe(const Hlc& remote);
  const Hlc& last() const { return last_; }
  void restore(const Hlc& last) { last_ = last; }

 private:
  std::string node_;
  WallClock wall_;
  Hlc last_;
};

}  // namespace faltlogg::core
