// Human messages for sync problems, in Swedish (the app's language) and English (support staff, logs).
// They say what happened and what to do; they never contain record content.
#pragma once

#include "faltlogg/core/result.hpp"

#include <string>

namespace faltlogg::client {

struct HumanMessage {
  std::string sv;
  std::string en;
};

HumanMessage humanMessageFor(const core::Problem& problem);

// Problems a retry can fix: no network, timeouts, TLS resets, server overload or restarts.
bool isTransient(const core::Problem& problem);
// Problems that mean "no network at all" rather than "the server said no".
bool isNetworkProblem(const core::Problem& problem);

}  // namespace faltlogg::client
