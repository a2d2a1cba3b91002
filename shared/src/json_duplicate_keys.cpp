// A second, event-driven pass over JSON text that finds a member name given twice in one object.
// Boost.JSON keeps the last of duplicate members silently; two readers of the same body (a proxy that keeps
// the first, our parser that keeps the last) would then disagree about what was sent, so we refuse it.
#include "json_duplicate_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <vector>

namespace faltlogg::core::detail {

namespace {

namespace json = boost::json;
using error_code = boost::system::error_code;

class DuplicateKeyFinder {
 public:
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_object_begin(error_code&) {
    open_objects_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    open_objects_.pop_back();
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, error_code&) { return true; }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code& ec) {
    key_.append(s.data(), s.size());
    auto& keys = open_objects_.back();
    if (std::find(keys.begin(), keys.end(), key_) != keys.end()) {
      duplicate_ = key_;
      ec = json::error::syntax;  // stops the parse; the caller reads duplicate()
      return false;
    }
    keys.push_back(std::move(key_));
    key_.clear();
    return true;
  }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, error_code&) { return true; }
  bool on_double(double, json::string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  // Objects are small (records have tens of members), so a linear search beats hashing here.
  std::vector<std::vector<std::string>> open_objects_;
  std::string key_;
  std::optional<std::string> duplicate_;
};

}  // namespace

std::optional<std::string> find_duplicate_member(std::string_view text, std::size_t max_depth) {
  json::parse_options options;
  options.max_depth = max_depth;
  json::basic_parser<DuplicateKeyFinder> parser(options);
  error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  return parser.handler().duplicate();
}

}  // namespace faltlogg::core::detail
