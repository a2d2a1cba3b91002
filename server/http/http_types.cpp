#include "http/http_types.hpp"

#include "faltlogg/core/json.hpp"

namespace faltlogg::server {

HttpResponse json_response(int status, const boost::json::value& body) {
  HttpResponse response;
  response.status = status;
  response.body = core::to_json_text(body);
  return response;
}

HttpResponse problem_response(const core::Problem& problem) {
  HttpResponse response;
  response.status = problem.status;
  response.content_type = "application/problem+json; charset=utf-8";
  response.body = core::to_json_text(core::problem_to_json(problem));
  if (problem.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace faltlogg::server
