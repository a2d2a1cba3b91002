#include "indicators_cases.hpp"

#include <map>

namespace faltlogg::server::analytics {

namespace {

struct CaseSums {
  std::int64_t selected = 0;  // the indicator's `value` sum: > 0 means the case counts
  std::int64_t mean_of = 0;
  std::map<std::string, std::int64_t, std::less<>> labels;
};

std::int64_t sum_of(const Counters& counters, const CounterSum& sum) {
  std::int64_t total = 0;
  for (const auto& name : sum.counters) {
    const auto it = counters.find(name);
    if (it != counters.end()) total += it->second;
  }
  return total;
}

void add_case(MeasureBasis& basis, std::uint32_t key) {
  basis.cell.records += 1;
  basis.cell.key_sum += key;
  basis.value += 1;
}

}  // namespace

void case_distribution(const IndicatorDef& def, const std::vector<const RollupRow*>& rows, CriterionResult& out) {
  std::map<std::string, CaseSums> cases;
  for (const RollupRow* row : rows) {
    const auto key = row->key.dimensions.find("case_key");
    if (key == row->key.dimensions.end()) continue;
    CaseSums& sums = cases[key->second];
    sums.selected += sum_of(row->counters, def.value);
    sums.mean_of += sum_of(row->counters, def.mean_of);
    for (const auto& [name, value] : row->counters) {
      if (name.size() > def.counter_prefix.size() && name.starts_with(def.counter_prefix)) {
        sums.labels[name.substr(def.counter_prefix.size())] += value;
      }
    }
  }
  MeasureBasis counted;
  MeasureBasis mean_total;
  std::map<std::string, MeasureBasis> by_label;
  for (const auto& [key, sums] : cases) {
    if (sums.selected <= 0) continue;
    const std::uint32_t case_key = case_record_key(key);
    add_case(counted, case_key);
    mean_total.cell.records += 1;
    mean_total.cell.key_sum += case_key;
    mean_total.value += sums.mean_of;
    for (const auto& [label, value] : sums.labels) {
      if (value > 0) add_case(by_label[label], case_key);
    }
  }
  out.measures["cases"] = static_cast<double>(counted.value);
  out.basis["cases"] = counted;
  if (!def.mean_of.counters.empty()) {
    mean_total.measure = "mean_of:";
    for (const auto& name : def.mean_of.counters) mean_total.measure += name;
    out.measures["mean_total"] = static_cast<double>(mean_total.value);
    out.basis["mean_total"] = mean_total;
    if (counted.value > 0) out.value = static_cast<double>(mean_total.value) / static_cast<double>(counted.value);
  }
  for (auto& [label, basis] : by_label) {
    out.breakdown[label] = basis.value;
    out.breakdown_basis[label] = std::move(basis);
  }
}

}  // namespace faltlogg::server::analytics
