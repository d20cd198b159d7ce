#include "web/region_api.hpp"

#include <algorithm>

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

namespace {

// The host of a Host header or of an origin's authority: "example.org:8080" → "example.org",
// "[::1]:8080" → "[::1]"; lower case.
std::string host_part(std::string_view authority) {
  std::string_view h = authority;
  if (h.starts_with('[')) {
    h = h.substr(0, h.find(']') == std::string_view::npos ? h.size() : h.find(']') + 1);
  } else if (const auto colon = h.rfind(':'); colon != std::string_view::npos) {
    h = h.substr(0, colon);
  }
  std::string out(h);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The host of an Origin or Referer URL ("https://example.org:8443/path" → "example.org"); "" when
// it is not an http(s) URL.
std::string url_host(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"})
    if (url.starts_with(scheme)) {
      const auto rest = url.substr(scheme.size());
      return host_part(rest.substr(0, rest.find_first_of("/?#")));
    }
  return "";
}

}  // namespace

HttpResponse RegionApi::handle(const HttpRequest& rq) {
  const std::string& p = rq.path;
  const std::string m = rq.method == "HEAD" ? "GET" : rq.method;  // HEAD: the server sends only the headers
  const auto& hosts = impl_->ctx.options.hosts;
  auto allowed = [&](const std::string& host) { return std::find(hosts.begin(), hosts.end(), host) != hosts.end(); };
  try {
    // DNS rebinding: a page of another site that resolves its name to this server still sends
    // its own name as Host.
    if (const std::string host = host_part(rq.header("host")); !allowed(host))
      return error_response(421, "this server does not answer to the host name '" + host + "' (see serve --public-host)");
    // A write from a page of another site (login CSRF, form posts): its browser names the origin.
    if (m != "GET") {
      const std::string origin = rq.header("origin"), referer = rq.header("referer");
      const std::string& from = !origin.empty() ? origin : referer;
      if (!from.empty() && !allowed(url_host(from)))
        return error_response(403, "refused: a write from another site (" + from + ")");
    }
    if (!p.starts_with("/api/")) {
      if (m != "GET") return error_response(405, "method not allowed");
      return static_file(impl_->ctx.options, rq);
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
