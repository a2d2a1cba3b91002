// Requests and responses as the router and handlers see them: plain data, no Beast, so every
// handler is testable without sockets and only session.cpp knows about the wire format.
#pragma once

#include "faltlogg/core/result.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

namespace faltlogg::server {

struct HttpRequest {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query as received, e.g. "/api/v1/sync/pull?cursor=0"
  std::string authorization;  // the Authorization header, if any
  std::string remote_address;
  std::string body;
  std::string cookie = {};      // the Cookie header (web console sessions)
  std::string csrf_token = {};  // the X-CSRF-Token header
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

HttpResponse json_response(int status, const boost::json::value& body);
// RFC 9457 application/problem+json with the stable `code` member.
HttpResponse problem_response(const core::Problem& problem);

}  // namespace faltlogg::server
