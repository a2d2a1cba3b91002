// Rendering of aggregates and criteria reports for the endpoints: JSON, and CSV as Swedish spreadsheet
// programs read it (UTF-8 with BOM, ';' separator, decimal comma, CRLF lines). Every output says what its
// numbers are: JSON in "disclosure_control" (method, k, max_noise, additive, rule), CSV in header lines
// after the BOM and, for protected numbers, a footer line (decision 0027).
#pragma once

#include "faltlogg/analytics/aggregate_table.hpp"
#include "faltlogg/analytics/criteria_report.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::server::analytics {

inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";
inline constexpr std::string_view kCsvTotalLabel = "Totalt";

boost::json::object aggregate_to_json(const Aggregate& aggregate);
std::string aggregate_to_csv(const Aggregate& aggregate);

// The criteria report as CSV: one line per criterion. Pass the same k as to report_to_json.
std::string report_to_csv(const CriteriaReport& report, std::optional<int> protect_k = std::nullopt);

// BOM and the lines that say how the numbers below are protected (none: the team's own exact numbers),
// and the closing note for protected numbers ("" for exact ones).
std::string csv_disclosure_header(std::optional<int> protect_k);
std::string csv_disclosure_footer(std::optional<int> protect_k);

// "0,425", "17", "-1,5": at most `decimals` decimals, trailing zeros dropped.
std::string format_decimal_sv(double value, int decimals = 4);
// One CSV field: quoted when it holds ';', '"', CR or LF; a leading '=', '+', '-', '@' or tab is
// prefixed with "'" so that spreadsheet programs never run a label as a formula.
std::string csv_field(std::string_view text);

}  // namespace faltlogg::server::analytics
