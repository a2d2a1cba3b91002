#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::core::detail {

// The first member name that occurs twice in one object of `text` (already known to be valid JSON).
std::optional<std::string> find_duplicate_member(std::string_view text, std::size_t max_depth);

}  // namespace faltlogg::core::detail
