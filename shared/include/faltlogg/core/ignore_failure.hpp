// Deliberately not acting on a failed Result, with the reason at the call site, where a (void) cast would
// say nothing. Only for calls whose failure leaves nothing anyone could do or needs to know.
#pragma once

#include "faltlogg/core/result.hpp"

#include <string_view>

namespace faltlogg::core {

template <typename T>
void ignore_failure(const Result<T>& /*result*/, std::string_view /*why*/) {}

}  // namespace faltlogg::core
