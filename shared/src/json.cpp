#include "faltlogg/core/json.hpp"

#include "json_duplicate_keys.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace faltlogg::core {

namespace {

constexpr std::size_t kMaxQuotedBytes = 64;

Problem missing_member(std::string_view key) {
  return invalid_request("member " + quote_for_detail(key) + " is missing");
}

Problem wrong_member_type(std::string_view key, std::string_view expected) {
  return invalid_request("member " + quote_for_detail(key) + " must be " + std::string(expected));
}

Result<const boost::json::value*> require_member(const boost::json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return missing_member(key);
  return v;
}

std::string parse_error_detail(const boost::system::error_code& ec, std::size_t max_depth) {
  if (ec == boost::json::error::too_deep) {
    return "JSON nesting is deeper than " + std::to_string(max_depth) + " levels";
  }
  if (ec == boost::json::error::syntax || ec == boost::json::error::extra_data) {
    return "the text is not one well-formed JSON value (" + ec.message() + ")";
  }
  return "the text is not valid JSON (" + ec.message() + ")";
}

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. Checked before parsing so the
// client is told exactly this, not just "syntax error".
bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t extra = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // allowed range of the first continuation byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= extra) return false;
    if (p[1] < low || p[1] > high) return false;
    for (std::size_t i = 2; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += extra + 1;
  }
  return true;
}

// Boost.JSON turns 1e400 into infinity, which it would then write back as the non-JSON "Infinity".
bool has_non_finite_number(const boost::json::value& value) {
  if (const auto* d = value.if_double()) return !std::isfinite(*d);
  if (const auto* arr = value.if_array()) {
    return std::any_of(arr->begin(), arr->end(), [](const auto& v) { return has_non_finite_number(v); });
  }
  if (const auto* obj = value.if_object()) {
    return std::any_of(obj->begin(), obj->end(), [](const auto& m) { return has_non_finite_number(m.value()); });
  }
  return false;
}

}  // namespace

Problem invalid_request(std::string detail) {
  return make_problem(std::string(kInvalidRequest), 400, "Invalid request", std::move(detail));
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string quote_for_detail(std::string_view text) {
  const std::string_view shown = truncate_utf8(text, kMaxQuotedBytes);
  // Appended step by step: GCC 12 at -O3 warns (-Wrestrict, a false positive) on the chained operator+.
  std::string quoted = "\"";
  quoted.append(shown);
  quoted += shown.size() < text.size() ? "…\"" : "\"";
  return quoted;
}

Result<boost::json::value> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_problem("payload_too_large", 413, "Payload too large",
                        "the body has " + std::to_string(text.size()) + " bytes; the limit is " +
                            std::to_string(limits.max_bytes));
  }
  if (!is_valid_utf8(text)) return make_problem("invalid_json", 400, "Invalid JSON", "the text is not valid UTF-8");
  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  options.allow_comments = false;
  options.allow_trailing_commas = false;
  options.allow_invalid_utf8 = false;
  boost::system::error_code ec;
  try {
    boost::json::value value = boost::json::parse(text, ec, {}, options);
    if (ec) return make_problem("invalid_json", 400, "Invalid JSON", parse_error_detail(ec, limits.max_depth));
    if (has_non_finite_number(value)) {
      return make_problem("invalid_json", 400, "Invalid JSON", "a number is too large to represent");
    }
    if (auto duplicate = detail::find_duplicate_member(text, limits.max_depth)) {
      return make_problem("invalid_json", 400, "Invalid JSON",
                          "member " + quote_for_detail(*duplicate) +
                              " appears twice in one object; send each member once");
    }
    return value;
  } catch (const std::exception&) {
    // Only allocation failure can get here; answer like any other refused body.
    return make_problem("payload_too_large", 413, "Payload too large", "the body could not be held in memory");
  }
}

std::string to_json_text(const boost::json::value& value) { return boost::json::serialize(value); }

Result<std::string> get_string(const boost::json::object& obj, std::string_view key) {
  auto v = require_member(obj, key);
  if (!v) return v.problem();
  if (!(*v)->is_string()) return wrong_member_type(key, "a string");
  return std::string((*v)->get_string());
}

std::optional<std::int64_t> as_int64(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  return std::nullopt;
}

Result<std::int64_t> get_int(const boost::json::object& obj, std::string_view key) {
  auto v = require_member(obj, key);
  if (!v) return v.problem();
  if (auto number = as_int64(**v)) return *number;
  return wrong_member_type(key, "an integer");
}

Result<bool> get_bool(const boost::json::object& obj, std::string_view key) {
  auto v = require_member(obj, key);
  if (!v) return v.problem();
  if (!(*v)->is_bool()) return wrong_member_type(key, "true or false");
  return (*v)->get_bool();
}

Result<const boost::json::object*> get_object(const boost::json::object& obj, std::string_view key) {
  auto v = require_member(obj, key);
  if (!v) return v.problem();
  if (!(*v)->is_object()) return wrong_member_type(key, "an object");
  return &(*v)->get_object();
}

Result<const boost::json::array*> get_array(const boost::json::object& obj, std::string_view key) {
  auto v = require_member(obj, key);
  if (!v) return v.problem();
  if (!(*v)->is_array()) return wrong_member_type(key, "an array");
  return &(*v)->get_array();
}

std::optional<std::string> opt_string(const boost::json::object& obj, std::string_view key) {
  if (const auto* v = obj.if_contains(key); v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

std::optional<std::string_view> first_unknown_member(const boost::json::object& obj,
                                                     std::span<const std::string_view> known) {
  for (const auto& member : obj) {
    if (std::find(known.begin(), known.end(), std::string_view(member.key())) == known.end()) return member.key();
  }
  return std::nullopt;
}

Status check_known_members(const boost::json::object& obj, std::initializer_list<std::string_view> known) {
  if (auto unknown = first_unknown_member(obj, {known.begin(), known.size()})) {
    return invalid_request("unknown member " + quote_for_detail(*unknown));
  }
  return Ok{};
}

}  // namespace faltlogg::core
