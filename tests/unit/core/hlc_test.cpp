#include "faltlogg/core/hlc.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace faltlogg::core {
namespace {

using namespace std::string_literals;

constexpr Millis kBase = 1795370645123;  // 2026-11-22T18:04:05.123Z
constexpr Millis kTenMinutes = 10 * 60 * 1000;

// A wall clock the test moves by hand.
struct FakeWall {
  Millis now = kBase;
  HlcClock::WallClock clock() {
    return [this] { return now; };
  }
};

TEST(HlcText, FormatsWallCounterAndNode) {
  EXPECT_EQ((Hlc{kBase, 3, "dev-1"}.to_string()), "2026-11-22T18:04:05.123Z/0003/dev-1");
  EXPECT_EQ((Hlc{kBase, 0, "a"}.to_string()), "2026-11-22T18:04:05.123Z/0000/a");
  EXPECT_EQ((Hlc{kBase, 12345, "a"}.to_string()), "2026-11-22T18:04:05.123Z/12345/a");
  EXPECT_EQ((Hlc{kBase, std::numeric_limits<std::uint32_t>::max(), "a"}.to_string()),
            "2026-11-22T18:04:05.123Z/4294967295/a");
}

TEST(HlcText, ParseRoundTripsWhatToStringWrites) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<Millis> wall(0, 253402300799999);
  std::uniform_int_distribution<std::uint32_t> counter;
  for (int i = 0; i < 2000; ++i) {
    const Hlc original{wall(rng), i % 3 == 0 ? static_cast<std::uint32_t>(i) : counter(rng),
                       "7f1c2d3e-4b5a-4c6d-8e7f-901234567890"};
    const auto text = original.to_string();
    const auto parsed = Hlc::parse(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, original) << text;
    EXPECT_EQ(parsed->to_string(), text);
  }
}

class HlcParseRefused : public ::testing::TestWithParam<std::string> {};
TEST_P(HlcParseRefused, ReturnsNullopt) { EXPECT_FALSE(Hlc::parse(GetParam()).has_value()) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(
    Garbage, HlcParseRefused,
    ::testing::Values("", "/", "//", "garbage", "2026-11-22T18:04:05.123Z", "2026-11-22T18:04:05.123Z/0003",
                      "2026-11-22T18:04:05.123Z/0003/", "2026-11-22T18:04:05.123Z//node", "/0003/node",
                      "2026-11-22T18:04:05.123Z/0003/node/extra", "2026-11-22T18:04:05.123Z/0003/no de",
                      "2026-11-22T18:04:05.123Z/0003/nod_e", "2026-11-22T18:04:05.123Z/0003/nöde",
                      "2026-11-22T18:04:05.123Z/0003/node\n", "2026-11-22T18:04:05.123Z/0003/no\0de"s,
                      "2026-11-22T18:04:05.123Z/0003/" + std::string(65, 'a'),  // node too long
                      "2026-11-22T18:04:05.123Z/003/node",                       // counter too short
                      "2026-11-22T18:04:05.123Z/00003/node",                     // over-padded counter
                      "2026-11-22T18:04:05.123Z/+003/node", "2026-11-22T18:04:05.123Z/-003/node",
                      "2026-11-22T18:04:05.123Z/0x03/node", "2026-11-22T18:04:05.123Z/ 003/node",
                      "2026-11-22T18:04:05.123Z/4294967296/node",  // counter overflows 32 bits
                      "2026-11-22T18:04:05.123Z/99999999999/node",
                      // Only the canonical UTC millisecond time: each HLC has exactly one spelling.
                      "2026-11-22T18:04:05Z/0003/node", "2026-11-22T18:04:05.1230Z/0003/node",
                      "2026-11-22T19:04:05.123+01:00/0003/node", "2026-02-30T18:04:05.123Z/0003/node",
                      "2026-11-22 18:04:05.123Z/0003/node"));

TEST(HlcText, AcceptsLongestNodeAndFullCounterRange) {
  const std::string node(64, 'Z');
  auto parsed = Hlc::parse("2026-11-22T18:04:05.123Z/4294967295/" + node);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->counter, std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(parsed->node, node);
  EXPECT_EQ(parsed->wall_ms, kBase);
}

TEST(HlcOrder, ComparesWallThenCounterThenNode) {
  const Hlc base{kBase, 5, "b"};
  EXPECT_LT(base, (Hlc{kBase + 1, 0, "a"}));
  EXPECT_LT(base, (Hlc{kBase, 6, "a"}));
  EXPECT_LT(base, (Hlc{kBase, 5, "c"}));
  EXPECT_GT(base, (Hlc{kBase, 5, "a"}));
  EXPECT_EQ(base <=> (Hlc{kBase, 5, "b"}), std::strong_ordering::equal);
  // Counter beyond four digits still compares numerically, not as text.
  EXPECT_LT((Hlc{kBase, 9999, "a"}), (Hlc{kBase, 10000, "a"}));
}

TEST(HlcClock, FirstEventTakesTheWallClock) {
  FakeWall wall;
  HlcClock clock("dev", wall.clock());
  const auto first = clock.now();
  EXPECT_EQ(first.wall_ms, kBase);
  EXPECT_EQ(first.counter, 0u);
  EXPECT_EQ(first.node, "dev");
}

TEST(HlcClock, FrozenWallClockBumpsTheCounter) {
  FakeWall wall;
  HlcClock clock("dev", wall.clock());
  Hlc previous = clock.now();
  for (std::uint32_t i = 1; i <= 100; ++i) {
    const Hlc next = clock.now();
    EXPECT_EQ(next.wall_ms, kBase);
    EXPECT_EQ(next.counter, i);
    EXPECT_GT(next, previous);
    previous = next;
  }
  wall.now += 1;
  const Hlc after_tick = clock.now();
  EXPECT_EQ(after_tick.wall_ms, kBase + 1);
  EXPECT_EQ(after_tick.counter, 0u);  // a new millisecond restarts the counter
}

TEST(HlcClock, BackwardsJumpOfTheWallClockStaysMonotonic) {
  FakeWall wall;
  HlcClock clock("dev", wall.clock());
  const Hlc before = clock.now();
  wall.now -= 3600 * 1000;  // NTP correction or a user fiddling with the tablet's clock
  const Hlc after1 = clock.now();
  const Hlc after2 = clock.now();
  EXPECT_GT(after1, before);
  EXPECT_GT(after2, after1);
  EXPECT_EQ(after1.wall_ms, before.wall_ms);  // holds the highest wall time seen, never goes back
  EXPECT_EQ(after2.counter, before.counter + 2);
  wall.now = kBase + 5;  // once the clock passes the old high-water mark it leads again
  const Hlc caught_up = clock.now();
  EXPECT_EQ(caught_up.wall_ms, kBase + 5);
  EXPECT_EQ(caught_up.counter, 0u);
}

TEST(HlcClock, ObservingARemoteFarAheadOrdersLaterLocalEventsAfterIt) {
  FakeWall wall;
  HlcClock clock("local", wall.clock());
  clock.now();
  const Hlc remote{kBase + 365LL * 24 * 3600 * 1000, 42, "zzz-remote"};  // a year ahead
  clock.observe(remote);
  const Hlc next = clock.now();
  EXPECT_GT(next, remote);
  EXPECT_EQ(next.wall_ms, remote.wall_ms);
  EXPECT_EQ(next.counter, 43u);
  EXPECT_EQ(next.node, "local");  // our node id, even though the remote's would sort higher
}

TEST(HlcClock, ObservingAnOlderRemoteChangesNothing) {
  FakeWall wall;
  HlcClock clock("local", wall.clock());
  const Hlc mine = clock.now();
  clock.observe(Hlc{kBase - 1000, 999, "other"});
  EXPECT_EQ(clock.last(), mine);
  const Hlc next = clock.now();
  EXPECT_EQ(next.counter, 1u);
}

TEST(HlcClock, ObservingTheSameWallWithAHigherCounterTakesTheCounter) {
  FakeWall wall;
  HlcClock clock("local", wall.clock());
  clock.now();
  clock.observe(Hlc{kBase, 7, "a"});
  EXPECT_EQ(clock.now(), (Hlc{kBase, 8, "local"}));
}

TEST(HlcClock, CounterAtItsMaximumStepsTheWallInsteadOfWrapping) {
  FakeWall wall;
  HlcClock clock("local", wall.clock());
  const Hlc saturated{kBase, std::numeric_limits<std::uint32_t>::max(), "local"};
  clock.restore(saturated);
  const Hlc next = clock.now();
  EXPECT_GT(next, saturated);
  EXPECT_EQ(next.wall_ms, kBase + 1);
  EXPECT_EQ(next.counter, 0u);
}

TEST(HlcClock, RestoreContinuesAfterThePersistedTimestamp) {
  FakeWall wall;
  wall.now = kBase - kTenMinutes;  // the device restarted with its clock behind
  HlcClock clock("dev", wall.clock());
  const Hlc persisted{kBase, 17, "dev"};
  clock.restore(persisted);
  EXPECT_EQ(clock.last(), persisted);
  EXPECT_GT(clock.now(), persisted);
}

// Three tablets: one ten minutes behind, one on time, one ten minutes ahead. They write and exchange
// timestamps (as push/pull would) in a random order while real time advances unevenly.
TEST(HlcClock, SimulatedDevicesWithSkewKeepATotalCausalOrder) {
  struct Device {
    Millis skew;
    FakeWall wall;
    std::unique_ptr<HlcClock> clock;
    Hlc last_issued;
  };
  const std::vector<Millis> skews = {-kTenMinutes, 0, kTenMinutes};
  std::vector<Device> devices(skews.size());
  for (std::size_t i = 0; i < devices.size(); ++i) {
    devices[i].skew = skews[i];
    devices[i].clock = std::make_unique<HlcClock>("device-" + std::to_string(i), devices[i].wall.clock());
  }

  std::mt19937 rng(2026);
  Millis real_time = kBase;
  std::set<Hlc> all_issued;
  std::size_t issued = 0;
  for (int step = 0; step < 20000; ++step) {
    real_time += std::uniform_int_distribution<Millis>(0, 3)(rng);
    const std::size_t d = std::uniform_int_distribution<std::size_t>(0, devices.size() - 1)(rng);
    Device& device = devices[d];
    device.wall.now = real_time + device.skew;
    if (step == 10000 && d == 0) device.wall.now -= 5 * 60 * 1000;  // one more backwards jump mid-run

    if (rng() % 4 == 0) {
      // Receive the latest timestamp of another device, then write: the write must order after it.
      const Device& sender = devices[(d + 1 + rng() % (devices.size() - 1)) % devices.size()];
      if (sender.last_issued.node.empty()) continue;
      device.clock->observe(sender.last_issued);
      const Hlc written = device.clock->now();
      ASSERT_GT(written, sender.last_issued) << "causality broken at step " << step;
      ASSERT_GT(written, device.last_issued);
      device.last_issued = written;
    } else {
      const Hlc written = device.clock->now();
      ASSERT_GT(written, device.last_issued) << "not monotonic at step " << step;
      device.last_issued = written;
    }
    const Hlc& written = device.last_issued;
    // Never behind the writer's own clock, never ahead of the fastest clock in the fleet.
    ASSERT_GE(written.wall_ms, device.wall.now);
    ASSERT_LE(written.wall_ms, real_time + kTenMinutes);
    ASSERT_TRUE(all_issued.insert(written).second) << "two events share one HLC: " << written.to_string();
    ++issued;
    const auto round_trip = Hlc::parse(written.to_string());
    ASSERT_TRUE(round_trip.has_value());
    ASSERT_EQ(*round_trip, written);
  }
  EXPECT_GT(issued, 15000u);
  // Everyone has heard from the fast device, so the slow device's writes follow the fleet's time.
  EXPECT_GT(devices[0].last_issued.wall_ms, devices[0].wall.now);
}

}  // namespace
}  // namespace faltlogg::core
