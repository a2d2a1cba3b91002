#include "http/static_assets.hpp"

#include "http/router.hpp"

namespace faltlogg::server {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

const StaticAsset* find_asset(std::string_view path) {
  for (const StaticAsset& asset : embedded_web_assets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

ApiResult serve(std::string_view path) {
  const StaticAsset* asset = find_asset(path);
  if (asset == nullptr) return core::make_problem("not_found", 404, "Not found", "No such file in the web console.");
  HttpResponse response;
  response.content_type = std::string(content_type_for(path));
  response.body = std::string(asset->content);
  return response;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  if (ends_with(path, ".html")) return "text/html; charset=utf-8";
  if (ends_with(path, ".js")) return "text/javascript; charset=utf-8";
  if (ends_with(path, ".css")) return "text/css; charset=utf-8";
  if (ends_with(path, ".svg")) return "image/svg+xml";
  if (ends_with(path, ".json")) return "application/json; charset=utf-8";
  return "application/octet-stream";
}

void add_web_console_routes(Router& router) {
  // Every page is a view of the same document; the data behind it comes from role-checked API calls.
  router.add("GET", "/", false, [](ApiServices&, const RequestContext&) { return serve("index.html"); });
  router.add("GET", "/assets/{name}", false, [](ApiServices&, const RequestContext& context) {
    return serve("assets/" + context.path_params.at("name"));
  });
}

}  // namespace faltlogg::server
