#include "faltlogg/core/result.hpp"

#include <boost/json.hpp>

namespace faltlogg::core {

namespace {

constexpr std::string_view kProblemTypePrefix = "https://faltlogg.se/problems/";

std::string string_member(const boost::json::object& obj, std::string_view key) {
  if (const auto* v = obj.if_contains(key); v && v->is_string()) {
    return std::string(v->get_string());
  }
  return {};
}

}  // namespace

Problem make_problem(std::string code, int status, std::string title, std::string detail) {
  Problem problem;
  problem.code = std::move(code);
  problem.status = status;
  problem.title = std::move(title);
  problem.detail = std::move(detail);
  return problem;
}

boost::json::object problem_to_json(const Problem& problem) {
  boost::json::object out;
  out["type"] = std::string(kProblemTypePrefix) + problem.code;
  out["title"] = problem.title;
  out["status"] = problem.status;
  out["detail"] = problem.detail;
  out["code"] = problem.code;
  if (!problem.errors.empty()) {
    boost::json::array errors;
    errors.reserve(problem.errors.size());
    for (const auto& e : problem.errors) {
      errors.push_back(boost::json::object{
          {"field", e.field}, {"code", e.code}, {"message_sv", e.message_sv}, {"message_en", e.message_en}});
    }
    out["errors"] = std::move(errors);
  }
  return out;
}

// Lenient on purpose: a client must be able to show whatever problem a (possibly newer) server sends,
// so missing members fall back to what the type URI or the status can tell.
Problem problem_from_json(const boost::json::value& value) {
  Problem problem;
  const auto* obj = value.if_object();
  if (obj == nullptr) {
    problem.code = "invalid_problem";
    problem.title = "Unreadable problem";
    problem.detail = "The server answered with an error that is not a JSON object.";
    return problem;
  }
  problem.code = string_member(*obj, "code");
  if (problem.code.empty()) {
    const std::string type = string_member(*obj, "type");
    if (type.starts_with(kProblemTypePrefix)) problem.code = type.substr(kProblemTypePrefix.size());
  }
  problem.title = string_member(*obj, "title");
  problem.detail = string_member(*obj, "detail");
  if (const auto* s = obj->if_contains("status"); s && s->is_int64()) {
    problem.status = static_cast<int>(s->get_int64());
  }
  if (const auto* errs = obj->if_contains("errors"); errs && errs->is_array()) {
    for (const auto& item : errs->get_array()) {
      if (const auto* e = item.if_object()) {
        problem.errors.push_back(FieldError{string_member(*e, "field"), string_member(*e, "code"),
                                            string_member(*e, "message_sv"), string_member(*e, "message_en")});
      }
    }
  }
  return problem;
}

}  // namespace faltlogg::core
