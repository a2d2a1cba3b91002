// The cell-key perturbation (decision 0027): what it promises for every value, key and k.
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/record_facts.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace fa = faltlogg::server::analytics;

namespace {

std::uint64_t draw_of(std::mt19937_64& rng) { return rng(); }

}  // namespace

TEST(CellKey, ZeroStaysZeroSmallValuesNeverShowAndNoiseIsBounded) {
  std::mt19937_64 rng(27);
  for (int k = 3; k <= 10; ++k) {
    const fa::CellKeyPolicy policy{k, fa::kCellKeyMaxNoise};
    for (std::int64_t value = 0; value <= 60; ++value) {
      for (int i = 0; i < 2000; ++i) {
        const std::int64_t shown = fa::perturb_value(value, draw_of(rng), policy);
        if (value == 0) {
          ASSERT_EQ(shown, 0);
          continue;
        }
        ASSERT_GE(shown, k) << "value " << value << " k " << k;
        if (value < k) {
          ASSERT_LE(shown, k + policy.max_noise);
        } else {
          ASSERT_LE(std::llabs(shown - value), policy.max_noise) << value;
        }
      }
    }
  }
}

// The published number of a small cell depends on its key only, never on which small value it is.
TEST(CellKey, SmallValuesWithTheSameKeyPublishTheSameNumber) {
  std::mt19937_64 rng(5);
  const fa::CellKeyPolicy policy{5, fa::kCellKeyMaxNoise};
  for (int i = 0; i < 5000; ++i) {
    const std::uint64_t draw = draw_of(rng);
    const std::int64_t first = fa::perturb_value(1, draw, policy);
    for (std::int64_t value = 2; value < policy.k; ++value) ASSERT_EQ(fa::perturb_value(value, draw, policy), first);
  }
}

TEST(CellKey, NoiseIsCentredAndMostlySmall) {
  std::mt19937_64 rng(11);
  const fa::CellKeyPolicy policy{5, fa::kCellKeyMaxNoise};
  std::map<std::int64_t, int> seen;
  double sum = 0;
  const int draws = 200000;
  for (int i = 0; i < draws; ++i) {
    const std::int64_t noise = fa::perturb_value(1000, draw_of(rng), policy) - 1000;
    seen[noise] += 1;
    sum += static_cast<double>(noise);
  }
  EXPECT_NEAR(sum / draws, 0.0, 0.02);
  EXPECT_NEAR(seen[0] / static_cast<double>(draws), 1.0 / 3.0, 0.01);  // 0.5^|p|: P(0) = 1/3
  EXPECT_NEAR(seen[1] / static_cast<double>(draws), 1.0 / 6.0, 0.01);
  int within_two = 0;
  for (std::int64_t p = -2; p <= 2; ++p) within_two += seen[p];
  EXPECT_NEAR(within_two / static_cast<double>(draws), 2.5 / 3.0, 0.01);  // (1 + 2 (1/2 + 1/4)) / 3
}

TEST(CellKey, SameRecordsSameNumberOtherRecordsOtherNoise) {
  const fa::CellKeyPolicy policy{5, fa::kCellKeyMaxNoise};
  const fa::CellBasis cell{40, 123456789};
  EXPECT_EQ(fa::protect_count(cell, policy), fa::protect_count(cell, policy));
  std::map<std::int64_t, int> published;
  for (std::int64_t key = 0; key < 3000; ++key) published[fa::protect_count({40, key * 2654435761LL}, policy)] += 1;
  EXPECT_GE(published.size(), 7u) << "the noise must depend on the key";
  // Measures of the same cell draw under their own names.
  int differ = 0;
  for (std::int64_t key = 0; key < 1000; ++key) {
    const fa::CellBasis c{100, key * 2654435761LL};
    differ += fa::protect_measure(c, 100, "youths", policy) != fa::protect_count(c, policy);
  }
  EXPECT_GT(differ, 400);
}

TEST(CellKey, MeasuresOfFewRecordsScaleToThePublishedRecordCount) {
  const fa::CellKeyPolicy policy{5, fa::kCellKeyMaxNoise};
  for (std::int64_t key = 1; key < 2000; ++key) {
    const fa::CellBasis one_contact{1, key * 40503};
    const std::int64_t contacts = fa::protect_count(one_contact, policy);
    const std::int64_t minutes = fa::protect_measure(one_contact, 45, "minutes", policy);
    ASSERT_GE(contacts, 5);
    // As if every published contact took 45 minutes: never the lone contact's 45.
    ASSERT_LE(std::llabs(minutes - 45 * contacts), policy.max_noise);
    ASSERT_GE(minutes, 5 * 45 - policy.max_noise);
    // One contact with alcohol among many: the count of 1 publishes as k or more.
    const fa::CellBasis many{60, key * 40503};
    const std::int64_t alcohol = fa::protect_measure(many, 1, "concern.alkohol", policy);
    ASSERT_GE(alcohol, 5);
    ASSERT_EQ(fa::protect_measure(many, 0, "concern.alkohol", policy), 0);
  }
  EXPECT_EQ(fa::protect_measure({0, 0}, 0, "minutes", policy), 0);
}

TEST(CellKey, RecordKeysAreKeyedByTheSecretAndFixedPerId) {
  const std::string secret_a = "a-secret-of-at-least-16-bytes-----";
  const std::string secret_b = "another-secret-of-16-bytes-or-more";
  EXPECT_EQ(fa::record_key("id-1", secret_a), fa::record_key("id-1", secret_a));
  EXPECT_NE(fa::record_key("id-1", secret_a), fa::record_key("id-2", secret_a));
  EXPECT_NE(fa::record_key("id-1", secret_a), fa::record_key("id-1", secret_b));
  EXPECT_NE(fa::case_record_key("0123abcd99"), fa::case_record_key("0123abce99"));
  EXPECT_NE(fa::case_month_key("0123abcd99", "2026-03"), fa::case_month_key("0123abcd99", "2026-04"));
}

// Every rollup row a record contributes carries its key; an edit keeps it, a deletion takes it away.
TEST(CellKey, FactsCarryTheRecordKeyAndEditsKeepIt) {
  auto records = fa::testing::load_fixture("field_contacts_march_2026.json");
  ASSERT_FALSE(records.empty());
  auto& fixture = records.front();
  const auto context = fa::testing::context_of(fixture);
  auto before = fa::facts_for_record(fixture.record, context);
  ASSERT_TRUE(before.ok());
  const auto expected = static_cast<std::int64_t>(fa::record_key(fixture.record.id, fa::testing::kTestCaseSecret));
  for (const auto& row : before->contributions) {
    EXPECT_EQ(row.counters.at(std::string(fa::kRecordKeyCounter)), expected);
  }
  fixture.record.data["duration_min"] = 55;
  auto after = fa::facts_for_record(fixture.record, context);
  ASSERT_TRUE(after.ok());
  for (const auto& delta : fa::rollup_deltas_for_change(&*before, &*after)) {
    EXPECT_EQ(delta.counters.count(std::string(fa::kRecordKeyCounter)), 0u) << "an edit in place keeps the key sum";
  }
  fixture.record.deleted = true;
  auto gone = fa::facts_for_record(fixture.record, context);
  ASSERT_TRUE(gone.ok());
  const auto removal = fa::rollup_deltas_for_change(&*before, &*gone);
  ASSERT_FALSE(removal.empty());
  EXPECT_EQ(removal[0].counters.at(std::string(fa::kRecordKeyCounter)), -expected);
}
