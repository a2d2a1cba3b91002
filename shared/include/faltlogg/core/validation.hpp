// Record validation against one form version, with messages in Swedish and English per field.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/record.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace faltlogg::core {

struct ValidationContext {
  Millis now_ms = 0;  // for "not more than N minutes in the future"; 0 = now
  // Reference lists by name (e.g. "areas" -> the team's sub-area ids). A reference field whose list is
  // absent here accepts any non-empty id up to 64 chars (the server always supplies the list).
  std::map<std::string, std::set<std::string>, std::less<>> references;
};

// A hostile record (thousands of unknown members or grid rows) must not produce an unbounded answer: at most
// this many errors are reported, then one with code "too_many_errors".
inline constexpr std::size_t kMaxReportedErrors = 50;

// Empty when valid. Deleted records (tombstones) are only checked structurally.
std::vector<FieldError> validate_record(const FormDefinition& form, const Record& record,
                                        const ValidationContext& context = {});

// Wraps field errors into the "validation_failed" Problem (status 422) with a readable detail.
Problem validation_problem(const std::vector<FieldError>& errors);

}  // namespace faltlogg::core
