#pragma once

#include <string>
#include <string_view>

namespace faltlogg::core {

// Random (version 4) UUID in lower-case canonical form, from libsodium's CSPRNG.
std::string make_uuid_v4();
// True for a canonical lower- or upper-case UUID with version 4 and RFC 4122 variant.
bool is_uuid_v4(std::string_view text);

}  // namespace faltlogg::core
