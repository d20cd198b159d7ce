#include "web/region_api.hpp"

#include "core/error.hpp"
#include "web/api_context.hpp"
#include "web/openapi.hpp"

namespace cityregions {

struct RegionApi::Impl {
  ApiContext ctx;
  Endpoints endpoints;

  explicit Impl(const ApiOptions& o) : ctx(o) {
    add_region_endpoints(endpoints, ctx);
    add_travel_endpoints(endpoints, ctx);
    add_land_endpoints(endpoints, ctx);
    add_account_endpoints(endpoints, ctx);
    endpoints.push_back(
        {"GET", "/api/openapi.json", [](const HttpRequest&, const std::string&) { return json_response(openapi_document()); }});
  }

  // The endpoint for a request, exact paths before prefixes; nullptr when none.
  const Endpoint* find(const std::string& method, const std::string& path, std::string& tail) const {
    for (const auto& e : endpoints)
      if (e.method == method && e.path == path) return &e;
    for (const auto& e : endpoints)
      if (e.method == method && e.path.ends_with('*') && path.starts_with(std::string_view(e.path).substr(0, e.path.size() - 1))) {
        tail = path.substr(e.path.size() - 1);
        return &e;
      }
    return nullptr;
  }
};

RegionApi::RegionApi(const ApiOptions& options) : impl_(std::make_unique<Impl>(options)) {}
RegionApi::~RegionApi() = default;

std::vector<std::pair<std::string, std::string>> RegionApi::endpoints() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : impl_->endpoints) out.push_back({e.method, e.path});
  return out;
}

HttpResponse RegionApi::handle(const HttpRequest& rq) {
  const std::string& p = rq.path;
  const std::string& m = rq.method;
  try {
    if (!p.starts_with("/api/")) {
      if (m != "GET" && m != "HEAD") return error_response(405, "method not allowed");
      return static_file(impl_->ctx.options, p);
    }
    std::string tail;
    if (const Endpoint* e = impl_->find(m, p, tail)) return e->handle(rq, tail);
    return error_response(404, "no endpoint " + m + " " + p + " (see /api/openapi.json)");
  } catch (const Refusal& r) {
    return error_response(r.status, r.message);
  } catch (const Error& e) {
    return error_response(400, e.what());
  }
}

}  // namespace cityregions
