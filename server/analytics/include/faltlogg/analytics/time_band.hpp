// The time band of a contact (DOMAIN.md "Derived on the server"), from Stockholm local time.
#pragma once

#include "faltlogg/analytics/calendar.hpp"

#include <optional>
#include <string_view>

namespace faltlogg::server::analytics {

// dag: weekday 07-17; kvall: weekday 17-23; natt: 23-07 on every day; helg: 07-23 on Saturday, Sunday
// and holidays. Night wins over weekend (see docs/decisions/0022): the band says when in the day the
// work happened, and night work is the rarest and most distinctive.
enum class TimeBand { dag, kvall, natt, helg };

std::string_view to_string(TimeBand band);
std::optional<TimeBand> time_band_from_string(std::string_view text);

TimeBand time_band_at(const LocalDateTime& local);
TimeBand time_band_at(core::Millis utc);

}  // namespace faltlogg::server::analytics
