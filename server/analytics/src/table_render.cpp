#include "faltlogg/analytics/table_render.hpp"

#include "faltlogg/analytics/report_options.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <cstdio>

namespace faltlogg::server::analytics {

namespace json = boost::json;

namespace {

constexpr std::string_view kLineEnd = "\r\n";

json::object cell_to_json(const TableCell& cell) { return {{"value", cell.value}}; }

std::string cell_to_csv(const TableCell& cell) { return std::to_string(cell.value); }

std::optional<int> protect_k_of(const Aggregate& aggregate) {
  return aggregate.protected_values ? std::optional<int>(aggregate.k) : std::nullopt;
}

json::object metadata(const Aggregate& aggregate) {
  return {{"rollup", to_string(aggregate.rollup)},
          {"measure", aggregate.measure},
          {"period", {{"from", format_date(aggregate.period.from)}, {"to", format_date(aggregate.period.to)}}},
          {"district_id", aggregate.scope.district_id ? json::value(*aggregate.scope.district_id) : nullptr},
          {"team_id", aggregate.scope.team_id ? json::value(*aggregate.scope.team_id) : nullptr},
          {"counting_rule", kCountingRule},
          {"disclosure_control", disclosure_control_json(protect_k_of(aggregate))}};
}

json::object one_way_to_json(const Table1D& table, json::object out) {
  json::array cells;
  for (std::size_t i = 0; i < table.labels.size(); ++i) {
    json::object cell = cell_to_json(table.cells[i]);
    cell[table.dimension] = table.labels[i];
    cells.push_back(std::move(cell));
  }
  out["by"] = json::array{json::value(table.dimension)};
  out["cells"] = std::move(cells);
  out["total"] = cell_to_json(table.total);
  return out;
}

json::object two_way_to_json(const Table2D& table, json::object out) {
  json::array cells;
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    for (std::size_t c = 0; c < table.column_labels.size(); ++c) {
      json::object cell = cell_to_json(table.cells[r][c]);
      cell[table.row_dimension] = table.row_labels[r];
      cell[table.column_dimension] = table.column_labels[c];
      cells.push_back(std::move(cell));
    }
  }
  json::array row_totals;
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    json::object cell = cell_to_json(table.row_totals[r]);
    cell[table.row_dimension] = table.row_labels[r];
    row_totals.push_back(std::move(cell));
  }
  json::array column_totals;
  for (std::size_t c = 0; c < table.column_labels.size(); ++c) {
    json::object cell = cell_to_json(table.column_totals[c]);
    cell[table.column_dimension] = table.column_labels[c];
    column_totals.push_back(std::move(cell));
  }
  out["by"] = json::array{json::value(table.row_dimension), json::value(table.column_dimension)};
  out["cells"] = std::move(cells);
  out["row_totals"] = std::move(row_totals);
  out["column_totals"] = std::move(column_totals);
  out["total"] = cell_to_json(table.grand_total);
  return out;
}

// The display name of a label when the server gave one, else the label itself.
std::string shown(const Aggregate& aggregate, const std::string& dimension, const std::string& label) {
  const auto by_dimension = aggregate.names.find(dimension);
  if (by_dimension == aggregate.names.end()) return label;
  const auto name = by_dimension->second.find(label);
  return name == by_dimension->second.end() ? label : name->second;
}

std::string one_way_to_csv(const Table1D& table, const Aggregate& aggregate) {
  const std::string& measure = aggregate.measure;
  std::string out = csv_disclosure_header(protect_k_of(aggregate));
  out += csv_field(table.dimension) + ";" + csv_field(measure) + std::string(kLineEnd);
  for (std::size_t i = 0; i < table.labels.size(); ++i) {
    out += csv_field(shown(aggregate, table.dimension, table.labels[i])) + ";" + cell_to_csv(table.cells[i]) +
           std::string(kLineEnd);
  }
  out += std::string(kCsvTotalLabel) + ";" + cell_to_csv(table.total) + std::string(kLineEnd);
  return out + csv_disclosure_footer(protect_k_of(aggregate));
}

// A cross table, as a spreadsheet user expects it: row labels down, column labels across, totals last.
std::string two_way_to_csv(const Table2D& table, const Aggregate& aggregate) {
  const std::string& measure = aggregate.measure;
  std::string out = csv_disclosure_header(protect_k_of(aggregate));
  out += csv_field(measure + ": " + table.row_dimension + " \\ " + table.column_dimension);
  for (const auto& label : table.column_labels) out += ";" + csv_field(shown(aggregate, table.column_dimension, label));
  out += ";" + std::string(kCsvTotalLabel) + std::string(kLineEnd);
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    out += csv_field(shown(aggregate, table.row_dimension, table.row_labels[r]));
    for (const auto& cell : table.cells[r]) out += ";" + cell_to_csv(cell);
    out += ";" + cell_to_csv(table.row_totals[r]) + std::string(kLineEnd);
  }
  out += std::string(kCsvTotalLabel);
  for (const auto& cell : table.column_totals) out += ";" + cell_to_csv(cell);
  out += ";" + cell_to_csv(table.grand_total) + std::string(kLineEnd);
  return out + csv_disclosure_footer(protect_k_of(aggregate));
}

std::string json_number_to_csv(const json::value& value) {
  if (value.is_null()) return "";
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_double()) return format_decimal_sv(value.get_double());
  return "";
}

}  // namespace

std::string csv_disclosure_header(std::optional<int> protect_k) {
  std::string out(kCsvBom);
  if (!protect_k) return out + "Röjandeskydd;inget: exakta tal för ert eget team" + std::string(kLineEnd);
  out += "Röjandeskydd;cellnyckelmetoden (cell key)" + std::string(kLineEnd);
  out += "k;" + std::to_string(*protect_k) + std::string(kLineEnd);
  out += "Största brus;" + std::to_string(kCellKeyMaxNoise) + std::string(kLineEnd);
  return out;
}

std::string csv_disclosure_footer(std::optional<int> protect_k) {
  if (!protect_k) return "";
  return "Not;Talen har slumpat brus: samma fråga ger alltid samma tal, 0 betyder inga, 1-" +
         std::to_string(*protect_k - 1) + " visas aldrig och summor stämmer inte exakt." + std::string(kLineEnd);
}

std::string format_decimal_sv(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string out = text;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

std::string csv_field(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' || field[0] == '\t')) {
    field.insert(field.begin(), '\'');
  }
  if (field.find_first_of(";\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

json::object aggregate_to_json(const Aggregate& aggregate) {
  json::object out = std::holds_alternative<Table1D>(aggregate.table)
                         ? one_way_to_json(std::get<Table1D>(aggregate.table), metadata(aggregate))
                         : two_way_to_json(std::get<Table2D>(aggregate.table), metadata(aggregate));
  if (!aggregate.names.empty()) {
    json::object labels;
    for (const auto& [dimension, names] : aggregate.names) {
      json::object by_value;
      for (const auto& [value, name] : names) by_value[value] = name;
      labels[dimension] = std::move(by_value);
    }
    out["labels"] = std::move(labels);
  }
  return out;
}

std::string aggregate_to_csv(const Aggregate& aggregate) {
  if (const auto* one_way = std::get_if<Table1D>(&aggregate.table)) return one_way_to_csv(*one_way, aggregate);
  return two_way_to_csv(std::get<Table2D>(aggregate.table), aggregate);
}

namespace {

// The words a Swedish reader of the spreadsheet expects; JSON keeps the codes.
std::string comparison_sv(const json::string& code) { return code == "at_most" ? "högst" : "minst"; }

// Every target is a local one (DOMAIN.md v2), so the words say so (report_options.hpp has them).
std::string status_sv(const json::string& code) {
  for (auto status : {CriterionStatus::met, CriterionStatus::not_met, CriterionStatus::insufficient_data}) {
    if (code == to_string(status)) return std::string(status_words_sv(status));
  }
  return "uppföljning";  // informational: no target to meet
}

}  // namespace

std::string report_to_csv(const CriteriaReport& report, std::optional<int> protect_k) {
  // Rendered from the JSON so that CSV and JSON carry exactly the same numbers.
  const json::object rendered = report_to_json(report, protect_k);
  std::string out = csv_disclosure_header(protect_k);
  out += "kriterium;benämning;värde;mål;jämförelse;status;poster;täljare;nämnare;summa" + std::string(kLineEnd);
  for (const auto& item : rendered.at("criteria").as_array()) {
    const auto& c = item.as_object();
    const auto& measures = c.at("measures").as_object();
    auto measure = [&](std::string_view name) {
      const auto* v = measures.if_contains(name);
      return v == nullptr ? std::string() : json_number_to_csv(*v);
    };
    const auto& target = c.at("target");
    out += csv_field(c.at("id").as_string()) + ";" + csv_field(c.at("title_sv").as_string()) + ";" +
           json_number_to_csv(c.at("value")) + ";" +
           (target.is_null() ? "" : json_number_to_csv(target.at("value"))) + ";" +
           (target.is_null() ? "" : comparison_sv(target.at("comparison").as_string())) + ";" +
           status_sv(c.at("status").as_string()) + ";" + measure("records") + ";" + measure("numerator") + ";" +
           measure("denominator") + ";" + measure("total") + std::string(kLineEnd);
  }
  return out + csv_disclosure_footer(protect_k);
}

}  // namespace faltlogg::server::analytics
