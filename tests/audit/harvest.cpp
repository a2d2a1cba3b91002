// The harvest: everything an evaluator account may request, within a budget that keeps CI to minutes.
#include "harvest.hpp"

#include "faltlogg/core/json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace faltlogg::audit {

namespace json = boost::json;
namespace chr = std::chrono;

namespace {

std::string month_text(chr::year_month ym) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
  return text;
}

chr::year_month parse_month(const std::string& text) {
  return chr::year{std::stoi(text.substr(0, 4))} / chr::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))};
}

std::string first_day(const std::string& month) { return month + "-01"; }

std::string last_day(const std::string& month) {
  const chr::year_month_day_last last{parse_month(month) / chr::last};
  char text[16];
  std::snprintf(text, sizeof text, "%s-%02u", month.c_str(), static_cast<unsigned>(last.day()));
  return text;
}

std::string period_query(const Period& period) {
  return "from=" + first_day(period.months.front()) + "&to=" + last_day(period.months.back());
}

json::value get_json(Session& session, const std::string& target, Harvest& out) {
  ++out.requests;
  auto reply = session.client.get(target, session.token);
  if (reply.status != 200) throw std::runtime_error(target + " -> " + std::to_string(reply.status) + " " + reply.body);
  auto parsed = core::parse_json(reply.body);
  if (!parsed) throw std::runtime_error(target + " gave JSON that does not parse");
  return *parsed;
}

std::string get_text(Session& session, const std::string& target, Harvest& out) {
  ++out.requests;
  auto reply = session.client.get(target, session.token);
  if (reply.status != 200) throw std::runtime_error(target + " -> " + std::to_string(reply.status));
  return reply.body;
}

Disclosure disclosure_of(const json::object& body) {
  Disclosure d;
  if (const auto* control = body.if_contains("disclosure_control")) {
    d.method = std::string(control->at("method").as_string());
    if (d.method == "cell_key") {
      d.k = static_cast<int>(control->at("k").as_int64());
      d.max_noise = static_cast<int>(control->at("max_noise").as_int64());
    }
  } else if (const auto* suppression = body.if_contains("suppression"); suppression && suppression->is_object()) {
    d.method = "suppression";  // decision 0025, as on main before 0027
    d.k = static_cast<int>(suppression->at("k").as_int64());
  }
  return d;
}

std::optional<std::int64_t> value_of(const json::value& cell) {
  const json::value& v = cell.at("value");
  if (v.is_null()) return std::nullopt;
  return v.to_number<std::int64_t>();
}

// A published cell: the request's period and scope narrowed by the cell's own dimension values.
Published cell_of(const Published& base, const json::object& cell, const std::vector<std::string>& dims, int harvest) {
  Published p = base;
  p.harvest = harvest;
  for (const auto& dim : dims) {
    const std::string value(cell.at(dim).as_string());
    if (dim == "month") {
      p.months = {value};
    } else if (dim == "district_id") {
      p.district = value;
    } else {
      p.filter[dim] = value;
    }
  }
  p.value = value_of(cell);
  return p;
}

void add_aggregate(const json::object& body, const Published& base, Harvest& out, int harvest) {
  out.disclosure = disclosure_of(body);
  std::vector<std::string> by;
  for (const auto& dim : body.at("by").as_array()) by.emplace_back(dim.as_string());
  for (const auto& cell : body.at("cells").as_array()) out.cells.push_back(cell_of(base, cell.as_object(), by, harvest));
  if (by.size() == 2) {
    for (const auto& cell : body.at("row_totals").as_array()) {
      out.cells.push_back(cell_of(base, cell.as_object(), {by[0]}, harvest));
    }
    for (const auto& cell : body.at("column_totals").as_array()) {
      out.cells.push_back(cell_of(base, cell.as_object(), {by[1]}, harvest));
    }
  }
  out.cells.push_back(cell_of(base, body.at("total").as_object(), {}, harvest));
}

std::string aggregate_target(const std::string& form, const std::string& measure, const std::string& by,
                             const Period& period, const std::string& district) {
  std::string target = "/api/v1/aggregates?measure=" + measure + "&by=" + by + "&" + period_query(period);
  if (form != "faltkontakt") target += "&form=" + form;
  if (!district.empty()) target += "&district_id=" + district;
  return target;
}

Published base_of(const std::string& form, const std::string& measure, const Period& period, const std::string& district) {
  Published base;
  base.form = form;
  base.measure = measure;
  base.months = period.months;
  base.district = district;
  base.source = "aggregate";
  return base;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// The CSV of a one-way table carries the JSON's numbers (".." where the JSON has null).
void compare_csv(const std::string& csv, const json::object& body, Harvest& out) {
  const std::string dim(body.at("by").as_array()[0].as_string());
  std::map<std::string, std::string> by_label;
  for (const auto& line : split(csv, '\n')) {
    auto fields = split(line.substr(0, line.find('\r')), ';');
    if (fields.size() == 2) by_label[fields[0]] = fields[1];
  }
  for (const auto& cell : body.at("cells").as_array()) {
    const auto value = value_of(cell);
    const auto it = by_label.find(std::string(cell.at(dim).as_string()));
    const std::string expected = value ? std::to_string(*value) : "..";
    if (it == by_label.end() || it->second != expected) ++out.csv_mismatches;
  }
}

// Magnitudes are not counts: C2 sums minutes, and `mean_total` sums a measure per case (F8: weeks per closed
// case, decision 0072). Like every magnitude they are scaled to the published count before noise (0027),
// so one closed case of 30 weeks published as 7 cases shows about 210 weeks: an error by design, which
// keeps the mean (210 / 7) and hides the small count. They are scored apart from the counts.
bool counts_people(const std::string& criterion_id, const std::string& measure) {
  if (measure == "mean_total") return false;
  return !(criterion_id == "C2" && (measure == "numerator" || measure == "denominator"));
}

void add_criteria(const json::object& body, const std::string& form, const Period& period, const std::string& district,
                  Harvest& out, int harvest, const std::string& pack = "") {
  out.disclosure = disclosure_of(body);
  for (const auto& item : body.at("criteria").as_array()) {
    const std::string id(item.at("id").as_string());
    for (const auto& [name, value] : item.at("measures").as_object()) {
      if (name == "months" || name == "team_months") continue;  // not about people
      CriteriaNumber n{form, first_day(period.months.front()), last_day(period.months.back()), district, id,
                       std::string(name), std::nullopt, 0, counts_people(id, std::string(name)), harvest, pack};
      if (!value.is_null()) n.value = static_cast<std::int64_t>(value.to_number<double>());
      out.criteria.push_back(std::move(n));
    }
  }
}

// The criteria CSV's records column carries the JSON's records.
void compare_criteria_csv(const std::string& csv, const json::object& body, Harvest& out) {
  std::map<std::string, std::string> records;
  for (const auto& line : split(csv, '\n')) {
    auto fields = split(line.substr(0, line.find('\r')), ';');
    if (fields.size() >= 7) records[fields[0]] = fields[6];
  }
  for (const auto& item : body.at("criteria").as_array()) {
    const auto& value = item.at("measures").at("records");
    const std::string expected = value.is_null() ? ".." : std::to_string(static_cast<std::int64_t>(value.to_number<double>()));
    const auto it = records.find(std::string(item.at("id").as_string()));
    if (it == records.end() || it->second != expected) ++out.csv_mismatches;
  }
}

std::vector<std::string> by_combinations(const std::vector<std::string>& dims, bool both_orders) {
  std::vector<std::string> out(dims.begin(), dims.end());
  for (std::size_t a = 0; a < dims.size(); ++a) {
    for (std::size_t b = 0; b < dims.size(); ++b) {
      if (a == b || (!both_orders && b < a)) continue;
      out.push_back(dims[a] + "," + dims[b]);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> demo_months(std::int64_t now_ms) {
  const auto today = chr::floor<chr::days>(chr::sys_time<chr::milliseconds>(chr::milliseconds(now_ms)));
  // demo-data writes days 90..1 before today (Stockholm evenings may spill a day): those months only.
  const auto start = chr::year_month_day{today - chr::days{91}};
  const auto end = chr::year_month_day{today - chr::days{1}};
  std::vector<std::string> months;
  for (auto ym = start.year() / start.month(); ym <= end.year() / end.month(); ym += chr::months{1}) {
    months.push_back(month_text(ym));
  }
  return months;
}

std::vector<Period> all_periods(const std::vector<std::string>& months) {
  std::vector<Period> out;
  for (std::size_t a = 0; a < months.size(); ++a) {
    for (std::size_t b = a; b < months.size(); ++b) {
      Period period;
      period.months.assign(months.begin() + static_cast<long>(a), months.begin() + static_cast<long>(b) + 1);
      out.push_back(std::move(period));
    }
  }
  return out;
}

// Evaluators' criteria reports cover a month, a tertial or a calendar year (DOMAIN.md v2): every month of
// the demo, and every tertial and year that holds one of them (their other months have no records).
std::vector<Period> report_periods(const std::vector<std::string>& months) {
  std::vector<Period> out;
  std::vector<std::string> seen;
  auto add_run = [&](chr::year_month first, int length) {
    Period period;
    for (int i = 0; i < length; ++i) period.months.push_back(month_text(first + chr::months{i}));
    const std::string key = period.months.front() + "/" + std::to_string(length);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(key);
    out.push_back(std::move(period));
  };
  for (const auto& month : months) add_run(parse_month(month), 1);
  for (const auto& month : months) {
    const chr::year_month ym = parse_month(month);
    const unsigned tertial_start = (static_cast<unsigned>(ym.month()) - 1) / 4 * 4 + 1;
    add_run(ym.year() / chr::month{tertial_start}, 4);
  }
  for (const auto& month : months) add_run(parse_month(month).year() / chr::January, 12);
  return out;
}

Harvest harvest(Session& session, const HarvestPlan& plan, int harvest_number) {
  Harvest out;
  out.months = plan.months;
  const auto periods = all_periods(plan.months);
  std::vector<Period> short_periods;
  for (const auto& period : periods) {
    if (period.months.size() == 1 || period.months.size() == plan.months.size()) short_periods.push_back(period);
  }
  // Districts as the evaluator learns them: the ids in a by=district_id table.
  auto districts = get_json(session, aggregate_target("faltkontakt", "contacts", "district_id", Period{plan.months}, ""), out);
  for (const auto& cell : districts.at("cells").as_array()) out.districts.emplace_back(cell.at("district_id").as_string());
  std::vector<std::string> scopes{""};
  scopes.insert(scopes.end(), out.districts.begin(), out.districts.end());

  for (const FormInfo& form : forms()) {
    std::vector<std::string> dims{"month", "district_id"};
    dims.insert(dims.end(), form.dims.begin(), form.dims.end());
    const bool field = form.form == "faltkontakt";
    const auto record_bys = by_combinations(dims, field);  // both orders for contacts; one for sessions
    for (const auto& scope : scopes) {
      for (const auto& period : periods) {
        for (const auto& by : record_bys) {
          auto body = get_json(session, aggregate_target(form.form, form.record_measure, by, period, scope), out);
          add_aggregate(body.as_object(), base_of(form.form, form.record_measure, period, scope), out, harvest_number);
        }
      }
      for (const auto& period : report_periods(plan.months)) {
        for (const char* format : {"json", "csv"}) {
          std::string target = "/api/v1/criteria/report?" + period_query(period) + "&form=" + form.form;
          if (!scope.empty()) target += "&district_id=" + scope;
          if (std::string(format) == "csv") {
            const auto body = get_json(session, target, out);
            compare_criteria_csv(get_text(session, target + "&format=csv", out), body.as_object(), out);
            continue;
          }
          add_criteria(get_json(session, target, out).as_object(), form.form, period, scope, out, harvest_number);
        }
        if (field) {  // the data-quality pack, named (issue 16)
          const std::string target = "/api/v1/criteria/report?" + period_query(period) + "&pack=datakvalitet" +
                                     (scope.empty() ? "" : "&district_id=" + scope);
          add_criteria(get_json(session, target, out).as_object(), form.form, period, scope, out, harvest_number,
                       "datakvalitet");
        }
      }
      for (const auto& period : short_periods) {
        for (const auto& measure : field ? plan.field_measures : plan.family_measures) {
          for (const auto& by : by_combinations(dims, false)) {
            if (!field && by.find(',') != std::string::npos) continue;  // family magnitudes: one-way tables
            auto body = get_json(session, aggregate_target(form.form, measure, by, period, scope), out);
            add_aggregate(body.as_object(), base_of(form.form, measure, period, scope), out, harvest_number);
          }
        }
        if (!field) continue;
        for (const char* by : {"arena", "time_band", "contact_kind", "aktivitet", "month"}) {
          const std::string target = aggregate_target(form.form, form.record_measure, by, period, scope);
          const auto body = get_json(session, target, out);
          compare_csv(get_text(session, target + "&format=csv", out), body.as_object(), out);
        }
      }
    }
  }
  return out;
}

std::string CriteriaNumber::label() const {
  return form + (pack.empty() ? "" : "/" + pack) + " " + from + ".." + to + " " + (district.empty() ? "*" : district) +
         " " + criterion + " " + measure;
}

}  // namespace faltlogg::audit
