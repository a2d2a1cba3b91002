// Enum <-> stable wire name through one table, so the two directions can never disagree.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace faltlogg::core {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
constexpr std::optional<std::string_view> enum_name(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace faltlogg::core
