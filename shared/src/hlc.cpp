#include "faltlogg/core/hlc.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <tuple>
#include <utility>

namespace faltlogg::core {
namespace {

constexpr std::size_t kMinCounterDigits = 4;
constexpr std::size_t kMaxNodeLength = 64;

bool is_node_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_valid_node(std::string_view node) {
  return !node.empty() && node.size() <= kMaxNodeLength && std::all_of(node.begin(), node.end(), is_node_char);
}

// Counter text must be canonical (exactly what to_string writes): at least four digits, zero-padded
// only up to four, so one HLC has one spelling and string comparisons of stored HLCs stay honest.
std::optional<std::uint32_t> parse_counter(std::string_view text) {
  if (text.size() < kMinCounterDigits || text.size() > 10) return std::nullopt;
  if (text.size() > kMinCounterDigits && text.front() == '0') return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;  // > 4294967295
  return value;
}

std::string format_counter(std::uint32_t counter) {
  std::string digits = std::to_string(counter);
  if (digits.size() < kMinCounterDigits) digits.insert(0, kMinCounterDigits - digits.size(), '0');
  return digits;
}

}  // namespace

std::string Hlc::to_string() const { return format_rfc3339(wall_ms) + "/" + format_counter(counter) + "/" + node; }

std::optional<Hlc> Hlc::parse(std::string_view text) {
  const auto first = text.find('/');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = text.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto wall_text = text.substr(0, first);
  const auto counter_text = text.substr(first + 1, second - first - 1);
  const auto node_text = text.substr(second + 1);  // a third '/' fails the node character check

  auto wall = parse_rfc3339(wall_text);
  // Only the canonical UTC millisecond form: "+01:00" or nine fraction digits would give the same
  // clock value a second spelling.
  if (!wall || format_rfc3339(*wall) != wall_text) return std::nullopt;
  auto counter = parse_counter(counter_text);
  if (!counter || !is_valid_node(node_text)) return std::nullopt;
  return Hlc{*wall, *counter, std::string(node_text)};
}

std::strong_ordering operator<=>(const Hlc& a, const Hlc& b) {
  return std::tie(a.wall_ms, a.counter, a.node) <=> std::tie(b.wall_ms, b.counter, b.node);
}

HlcClock::HlcClock(std::string node, WallClock wall) : node_(std::move(node)), wall_(std::move(wall)) {
  last_.node = node_;
}

Hlc HlcClock::now() {
  const Millis physical = wall_();
  if (physical > last_.wall_ms) {
    last_.wall_ms = physical;
    last_.counter = 0;
  } else if (last_.counter == std::numeric_limits<std::uint32_t>::max()) {
    // Four billion events within one millisecond cannot happen honestly, but a remote HLC could
    // carry a maximal counter: step the logical wall time instead of wrapping.
    ++last_.wall_ms;
    last_.counter = 0;
  } else {
    ++last_.counter;  // wall clock stood still or went backwards: order by counter
  }
  last_.node = node_;
  return last_;
}

void HlcClock::observe(const Hlc& remote) {
  // Keep the larger (wall, counter); the next now() then lands strictly after both, whatever the node
  // ids are. Our own node id stays, so timestamps we issue are always ours.
  if (std::tie(remote.wall_ms, remote.counter) > std::tie(last_.wall_ms, last_.counter)) {
    last_.wall_ms = remote.wall_ms;
    last_.counter = remote.counter;
  }
  last_.node = node_;
}

}  // namespace faltlogg::core
