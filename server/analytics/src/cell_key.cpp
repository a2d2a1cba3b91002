#include "faltlogg/analytics/cell_key.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace faltlogg::server::analytics {

namespace {

// The noise laws of the perturbation table (decision 0027). Fixed: changing them changes every published
// number, which would let anyone difference the old numbers against the new.
constexpr double kNoiseDecay = 0.5;  // P(p) proportional to 0.5^|p| for values >= k
constexpr double kSmallDecay = 0.6;  // P(g) proportional to 0.6^g for what publishes as k + g

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint32_t fnv1a32(std::string_view text) {
  std::uint32_t hash = 2166136261U;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619U;
  }
  return hash;
}

// A uniform number in (0, 1) from 32 bits.
double unit(std::uint32_t bits) { return (static_cast<double>(bits) + 0.5) / 4294967296.0; }

// Cumulative probabilities of P(x) proportional to decay^|x - offset| on 0..max (offset 0: one-sided;
// offset max on 0..2 max: two-sided, x - max being the noise). Built once per (decay, max, offset).
std::vector<double> cumulative(double decay, int max, int offset) {
  std::vector<double> weights;
  double total = 0;
  for (int x = 0; x <= max; ++x) {
    weights.push_back(std::pow(decay, std::abs(x - offset)));
    total += weights.back();
  }
  double running = 0;
  for (double& w : weights) {
    running += w / total;
    w = running;
  }
  return weights;
}

int inverse(const std::vector<double>& cdf, double u) {
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return it == cdf.end() ? static_cast<int>(cdf.size()) - 1 : static_cast<int>(it - cdf.begin());
}

// The laws for the default bound are built once; another bound (tests) builds its own.
int one_sided(double u, double decay, int max) {
  static const std::vector<double> standard = cumulative(kSmallDecay, kCellKeyMaxNoise, 0);
  if (decay == kSmallDecay && max == kCellKeyMaxNoise) return inverse(standard, u);
  return inverse(cumulative(decay, max, 0), u);
}

int two_sided(double u, double decay, int max) {
  static const std::vector<double> standard = cumulative(kNoiseDecay, 2 * kCellKeyMaxNoise, kCellKeyMaxNoise);
  if (decay == kNoiseDecay && max == kCellKeyMaxNoise) return inverse(standard, u) - max;
  return inverse(cumulative(decay, 2 * max, max), u) - max;
}

std::uint32_t hex_prefix32(std::string_view hex) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 8 && i < hex.size(); ++i) {
    const char c = hex[i];
    const std::uint32_t digit = c >= '0' && c <= '9' ? static_cast<std::uint32_t>(c - '0')
                                : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                                                       : 0U;
    value = value << 4 | digit;
  }
  return value;
}

}  // namespace

std::uint32_t record_key(std::string_view record_id, std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  static constexpr std::string_view kDomain = "faltlogg record key v1:";
  std::string input(kDomain);
  input += record_id;
  std::array<unsigned char, 8> hash{};
  const bool keyed = secret.size() >= crypto_generichash_KEYBYTES_MIN;
  const std::size_t key_len = keyed ? std::min<std::size_t>(secret.size(), crypto_generichash_KEYBYTES_MAX) : 0;
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     keyed ? reinterpret_cast<const unsigned char*>(secret.data()) : nullptr, key_len);
  return static_cast<std::uint32_t>(hash[0]) << 24 | static_cast<std::uint32_t>(hash[1]) << 16 |
         static_cast<std::uint32_t>(hash[2]) << 8 | static_cast<std::uint32_t>(hash[3]);
}

std::uint32_t case_record_key(std::string_view case_key_hex) {
  // The case pseudonym is a keyed BLAKE2b under the server secret already; its first bits are as secret.
  return static_cast<std::uint32_t>(splitmix64(hex_prefix32(case_key_hex)) >> 32);
}

std::uint32_t case_month_key(std::string_view case_key_hex, std::string_view month) {
  const std::uint64_t mixed = static_cast<std::uint64_t>(hex_prefix32(case_key_hex)) << 32 | fnv1a32(month);
  return static_cast<std::uint32_t>(splitmix64(mixed) >> 32);
}

std::uint64_t cell_draw(std::int64_t key_sum, std::string_view measure) {
  const auto key = static_cast<std::uint64_t>(key_sum) & 0xFFFFFFFFULL;
  return splitmix64(key << 32 | fnv1a32(measure));
}

std::int64_t perturb_value(std::int64_t value, std::uint64_t draw, const CellKeyPolicy& policy) {
  if (value <= 0) return 0;
  const int small_shift = one_sided(unit(static_cast<std::uint32_t>(draw >> 32)), kSmallDecay, policy.max_noise);
  if (value < policy.k) return policy.k + small_shift;
  const int noise = two_sided(unit(static_cast<std::uint32_t>(draw)), kNoiseDecay, policy.max_noise);
  const std::int64_t published = value + noise;
  return published < policy.k ? policy.k + small_shift : published;
}

std::int64_t protect_count(const CellBasis& cell, const CellKeyPolicy& policy) {
  return perturb_value(cell.records, cell_draw(cell.key_sum, ""), policy);
}

std::int64_t protect_measure(const CellBasis& cell, std::int64_t value, std::string_view measure,
                             const CellKeyPolicy& policy) {
  if (measure.empty()) return protect_count(cell, policy);
  const std::int64_t records = protect_count(cell, policy);
  if (records == 0 || cell.records <= 0 || value <= 0) return 0;
  // As if the cell had `records` records of the same mean: hides how few stand behind it.
  const auto scaled = static_cast<std::int64_t>(
      std::llround(static_cast<double>(value) * static_cast<double>(records) / static_cast<double>(cell.records)));
  return perturb_value(std::max<std::int64_t>(scaled, 1), cell_draw(cell.key_sum, measure), policy);
}

}  // namespace faltlogg::server::analytics
