// Boost.JSON helpers: bounded parsing and typed field access that yields Problems, not exceptions.
#pragma once

#include "faltlogg/core/result.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace faltlogg::core {

struct JsonLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  std::size_t max_depth = 32;
};

// Parses text; refuses invalid UTF-8/JSON, oversized input and deep nesting with a Problem
// (codes: invalid_json, payload_too_large).
Result<boost::json::value> parse_json(std::string_view text, const JsonLimits& limits = {});

std::string to_json_text(const boost::json::value& value);

// Typed accessors for required/optional members; a Problem names the member.
Result<std::string> get_string(const boost::json::object& obj, std::string_view key);
Result<std::int64_t> get_int(const boost::json::object& obj, std::string_view key);
Result<bool> get_bool(const boost::json::object& obj, std::string_view key);
Result<const boost::json::object*> get_object(const boost::json::object& obj, std::string_view key);
Result<const boost::json::array*> get_array(const boost::json::object& obj, std::string_view key);
std::optional<std::string> opt_string(const boost::json::object& obj, std::string_view key);

// The getters above report Problems with this code and status 400.
inline constexpr std::string_view kInvalidRequest = "invalid_request";
Problem invalid_request(std::string detail);

// Strict envelopes: any member not in `known` is refused with an invalid_request Problem naming it.
Status check_known_members(const boost::json::object& obj, std::initializer_list<std::string_view> known);
// The first member of obj whose name is not in `known`, if any (a view into obj).
std::optional<std::string_view> first_unknown_member(const boost::json::object& obj,
                                                     std::span<const std::string_view> known);

// A JSON integer as int64: nullopt for doubles (even 3.0), non-numbers and uint64 values beyond int64.
std::optional<std::int64_t> as_int64(const boost::json::value& value);

// A member name or value quoted for an error detail, cut to a short length so that hostile input cannot
// blow up logs or responses.
std::string quote_for_detail(std::string_view text);
// The longest prefix of at most max_bytes that does not split a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace faltlogg::core
