#include "faltlogg/core/uuid.hpp"

#include "faltlogg/core/crypto.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace faltlogg::core {
namespace {

constexpr bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool is_hyphen_position(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

std::string make_uuid_v4() {
  ensure_sodium();
  std::array<std::uint8_t, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant (10xx)

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

bool is_uuid_v4(std::string_view text) {
  if (text.size() != 36) return false;
  bool has_lower = false;
  bool has_upper = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_hyphen_position(i)) {
      if (c != '-') return false;
      continue;
    }
    if (!is_hex(c)) return false;
    has_lower = has_lower || (c >= 'a' && c <= 'f');
    has_upper = has_upper || (c >= 'A' && c <= 'F');
  }
  // Canonical text is one case throughout; a mixed-case id would be a second spelling of the same
  // record id and could slip past string-keyed duplicate checks.
  if (has_lower && has_upper) return false;
  const char version = text[14];
  const char variant = text[19];
  return version == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b' || variant == 'A' ||
                            variant == 'B');
}

}  // namespace faltlogg::core
