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
// Always "YYYY-MM-DDTHH:MM:SS.mmmZ". Values outside years 0000-9999 are clamped to that range.
std::string format_rfc3339(Millis ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets "+HH:MM"; returns nullopt for anything else.
// Strict: real calendar dates (leap years), hours 00-23, no leap second, 1-9 fraction digits (truncated to
// milliseconds), upper-case 'T' and 'Z' only, and a result inside years 0000-9999 UTC.
std::optional<Millis> parse_rfc3339(std::string_view text);

}  // namespace faltlogg::core
