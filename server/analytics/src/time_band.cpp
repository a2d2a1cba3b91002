#include "faltlogg/analytics/time_band.hpp"

namespace faltlogg::server::analytics {

std::string_view to_string(TimeBand band) {
  switch (band) {
    case TimeBand::dag: return "dag";
    case TimeBand::kvall: return "kvall";
    case TimeBand::natt: return "natt";
    case TimeBand::helg: return "helg";
  }
  return "dag";
}

std::optional<TimeBand> time_band_from_string(std::string_view text) {
  for (TimeBand band : {TimeBand::dag, TimeBand::kvall, TimeBand::natt, TimeBand::helg}) {
    if (to_string(band) == text) return band;
  }
  return std::nullopt;
}

TimeBand time_band_at(const LocalDateTime& local) {
  if (local.hour >= 23 || local.hour < 7) return TimeBand::natt;
  if (is_weekend(local.date) || is_swedish_holiday(local.date)) return TimeBand::helg;
  return local.hour < 17 ? TimeBand::dag : TimeBand::kvall;
}

TimeBand time_band_at(core::Millis utc) { return time_band_at(to_stockholm_local(utc)); }

}  // namespace faltlogg::server::analytics
