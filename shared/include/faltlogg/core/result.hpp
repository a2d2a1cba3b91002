// Errors as values across module boundaries: a Problem (RFC 9457 shape) or a value.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace faltlogg::core {

// One field-level complaint inside a validation problem, in Swedish and English.
struct FieldError {
  std::string field;    // e.g. "youths", "notes", "youths.flicka.13_15"
  std::string code;     // stable: "required", "out_of_range", "unknown_value", "personal_identity_number", ...
  std::string message_sv;
  std::string message_en;
};

struct Problem {
  std::string code;     // stable machine code, e.g. "validation_failed"
  std::string title;    // short human title (English, as RFC 9457 titles are)
  std::string detail;   // what happened and what to do
  int status = 400;     // HTTP status this maps to
  std::vector<FieldError> errors;  // field-level detail, when there is any
};

Problem make_problem(std::string code, int status, std::string title, std::string detail);
boost::json::object problem_to_json(const Problem& problem);
Problem problem_from_json(const boost::json::value& value);

// Minimal expected-like result; C++20 has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT: implicit on purpose
  Result(Problem problem) : state_(std::move(problem)) {}  // NOLINT
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Problem& problem() const { return std::get<1>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Problem> state_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace faltlogg::core
