// RFC 3339 UTC timestamps with milliseconds ("2026-11-22T18:04:05.123Z"), as the protocol requires.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::core {

using Millis = std::int64_t;  // milliseconds since the Unix epoch, UTC

Millis now_millis();
std::string format_rfc3339(Millis ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets "+HH:MM"; returns nullopt for anything else.
std::optional<Millis> parse_rfc3339(std::string_view text);

}  // namespace faltlogg::core
