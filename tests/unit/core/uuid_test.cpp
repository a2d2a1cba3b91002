#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

namespace faltlogg::core {
namespace {

TEST(MakeUuidV4, HasCanonicalLowerCaseShape) {
  const auto id = make_uuid_v4();
  ASSERT_EQ(id.size(), 36u);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      EXPECT_EQ(id[i], '-') << id;
    } else {
      EXPECT_TRUE((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')) << id;
    }
  }
  EXPECT_EQ(id[14], '4') << id;
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  EXPECT_TRUE(is_uuid_v4(id));
}

TEST(MakeUuidV4, TenThousandAreDistinctValidAndUseAllRandomNibbles) {
  std::set<std::string> seen;
  std::array<std::array<int, 16>, 36> nibble_counts{};
  for (int i = 0; i < 10000; ++i) {
    auto id = make_uuid_v4();
    ASSERT_TRUE(is_uuid_v4(id)) << id;
    for (std::size_t p = 0; p < id.size(); ++p) {
      if (id[p] == '-') continue;
      const int nibble = id[p] <= '9' ? id[p] - '0' : id[p] - 'a' + 10;
      ++nibble_counts[p][nibble];
    }
    ASSERT_TRUE(seen.insert(std::move(id)).second) << "duplicate UUID after " << i;
  }
  // Every free position sees every nibble value (expected ~625 each); a stuck bit would show as 0.
  for (std::size_t p = 0; p < 36; ++p) {
    if (p == 8 || p == 13 || p == 18 || p == 23 || p == 14 || p == 19) continue;
    for (int v = 0; v < 16; ++v) EXPECT_GT(nibble_counts[p][v], 400) << "position " << p << " nibble " << v;
  }
  // The variant position only takes 8, 9, a, b.
  for (int v = 0; v < 16; ++v) {
    if (v >= 8 && v <= 11) {
      EXPECT_GT(nibble_counts[19][v], 2000);
    } else {
      EXPECT_EQ(nibble_counts[19][v], 0);
    }
  }
}

class UuidAccepted : public ::testing::TestWithParam<const char*> {};
TEST_P(UuidAccepted, IsUuidV4) { EXPECT_TRUE(is_uuid_v4(GetParam())) << GetParam(); }
INSTANTIATE_TEST_SUITE_P(Canonical, UuidAccepted,
                         ::testing::Values("7f1c2d3e-4b5a-4c6d-8e7f-901234567890",
                                           "7F1C2D3E-4B5A-4C6D-8E7F-901234567890",
                                           "00000000-0000-4000-8000-000000000000",
                                           "ffffffff-ffff-4fff-bfff-ffffffffffff",
                                           "7f1c2d3e-4b5a-4c6d-9e7f-901234567890",
                                           "7f1c2d3e-4b5a-4c6d-ae7f-901234567890"));

class UuidRefused : public ::testing::TestWithParam<const char*> {};
TEST_P(UuidRefused, IsNotUuidV4) { EXPECT_FALSE(is_uuid_v4(GetParam())) << GetParam(); }
INSTANTIATE_TEST_SUITE_P(
    NotV4, UuidRefused,
    ::testing::Values("", "7f1c2d3e-4b5a-1c6d-8e7f-901234567890",  // version 1
                      "7f1c2d3e-4b5a-5c6d-8e7f-901234567890",      // version 5
                      "7f1c2d3e-4b5a-4c6d-7e7f-901234567890",      // NCS variant
                      "7f1c2d3e-4b5a-4c6d-ce7f-901234567890",      // Microsoft variant
                      "00000000-0000-0000-0000-000000000000",      // nil
                      "7f1c2d3e4b5a4c6d8e7f901234567890",          // no hyphens
                      "{7f1c2d3e-4b5a-4c6d-8e7f-901234567890}",    // braces
                      "urn:uuid:7f1c2d3e-4b5a-4c6d-8e7f-901234567890",
                      "7f1c2d3e-4b5a-4c6d-8e7f-90123456789",       // too short
                      "7f1c2d3e-4b5a-4c6d-8e7f-9012345678901",     // too long
                      "7f1c2d3e-4b5a-4c6d-8e7f-90123456789g",      // not hex
                      "7f1c2d3e_4b5a-4c6d-8e7f-901234567890",      // wrong separator
                      "7f1c2d3e-4b5a4-c6d-8e7f-901234567890",      // hyphen moved
                      "7f1c2d3e-4b5a-4c6d-8e7f-90123456789 ",      // trailing space
                      "7F1c2d3e-4b5a-4c6d-8e7f-901234567890"));    // mixed case: a second spelling

TEST(IsUuidV4, RefusesEmbeddedNul) {
  const std::string with_nul("7f1c2d3e-4b5a-4c6d-8e7f-90123456789\0", 36);
  EXPECT_FALSE(is_uuid_v4(with_nul));
}

}  // namespace
}  // namespace faltlogg::core
