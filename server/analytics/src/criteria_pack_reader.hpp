// Internal: the strict reader behind parse_criteria_pack, split over two files to keep each short.
#pragma once

#include "faltlogg/analytics/criteria_pack.hpp"

#include <boost/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faltlogg::server::analytics::detail {

struct KindInfo {
  IndicatorKind kind;
  std::string_view name;
  std::vector<std::string_view> measures;
};
const std::vector<KindInfo>& indicator_kinds();

bool is_identifier(std::string_view text, std::size_t max_len);

// Reads one pack; every error names where it is ("criterion C4: numerator.counters ...").
class PackReader {
 public:
  core::Result<CriteriaPack> read(const boost::json::value& root);

 private:
  core::Problem fail(std::string_view where, std::string_view what) const;
  core::Status known(const boost::json::object& obj, std::string_view where,
                     std::initializer_list<std::string_view> keys);
  core::Status optional_texts(const boost::json::object& obj,
                              std::initializer_list<std::pair<std::string_view, std::string*>> wanted);
  core::Status beside_sums(const boost::json::object& obj, IndicatorDef& def);
  core::Result<std::string> text(const boost::json::object& obj, std::string_view key, std::size_t max_len);
  core::Result<std::vector<std::string>> identifiers(const boost::json::value& v, std::string_view where,
                                                     bool allow_empty);
  core::Result<CounterSum> counter_sum(const boost::json::object& parent, std::string_view key, RollupKind rollup);
  core::Status filters(const boost::json::object& obj, std::string_view key, RollupKind rollup,
                       std::map<std::string, std::vector<std::string>>& into);
  core::Result<IndicatorDef> indicator(const boost::json::object& obj);
  core::Status indicator_parts(const boost::json::object& obj, IndicatorDef& def);
  core::Result<CriterionDef> criterion(const boost::json::value& v, std::size_t index);
  core::Status target_and_minimum(const boost::json::object& obj, CriterionDef& def);

  std::string where_prefix_;
};

}  // namespace faltlogg::server::analytics::detail
