// libFuzzer target for the small text parsers every request passes through: RFC 3339 times, HLC
// values, UUIDs, hex/base64 and the identity-number detector. Checks round-trip invariants, not just
// crashes: whatever parses must format back to an equivalent value.
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/text_hygiene.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fc = faltlogg::core;

namespace {

[[noreturn]] void invariant_broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

void check_time(std::string_view text) {
  const auto ms = fc::parse_rfc3339(text);
  if (!ms) return;
  const auto formatted = fc::format_rfc3339(*ms);
  if (fc::parse_rfc3339(formatted) != ms) invariant_broken("parse(format(parse(x))) != parse(x)");
}

void check_hlc(std::string_view text) {
  const auto hlc = fc::Hlc::parse(text);
  if (hlc && hlc->to_string() != text) invariant_broken("HLC text is not canonical after parse");
}

void check_encodings(std::string_view text) {
  if (const auto bytes = fc::from_hex(text)) {
    if (fc::from_hex(fc::to_hex(*bytes)) != bytes) invariant_broken("hex round trip");
  }
  if (const auto bytes = fc::from_base64(text)) {
    if (fc::to_base64(*bytes) != text) invariant_broken("base64 accepted a non-canonical spelling");
  }
}

void check_identity(std::string_view text) {
  for (const auto& match : {fc::find_personal_identity_number(text), fc::find_phone_number(text)}) {
    if (!match) continue;
    if (match->offset >= text.size() || match->length == 0 || match->length > text.size() - match->offset)
      invariant_broken("identity match outside the text");
    // The matched span alone must still be found: the detector may not depend on distant context.
    if (!fc::find_identifying_number(text.substr(match->offset, match->length)))
      invariant_broken("identity match not found again in its own span");
  }
  if ((fc::find_personal_identity_number(text) || fc::find_phone_number(text)) != fc::find_identifying_number(text).has_value())
    invariant_broken("find_identifying_number disagrees with its parts");
}

// Folding is idempotent and leaves ASCII text alone (validation checks both the text and its folded copy).
void check_folding(std::string_view text) {
  const std::string folded = fc::fold_for_identity_check(text);
  if (fc::fold_for_identity_check(folded) != folded) invariant_broken("folding is not idempotent");
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && folded != text) invariant_broken("folding changed ASCII text");
  (void)fc::first_forbidden_code_point(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_time(text);
  check_hlc(text);
  (void)fc::is_uuid_v4(text);
  check_encodings(text);
  check_identity(text);
  check_folding(text);
  return 0;
}
