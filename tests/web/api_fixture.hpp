#pragma once
// A region API over the real Rhein-Neckar data with public transport on (rnv GTFS 2016, Tuesday
// 15 November 2016), the example sites, a pool scenario and one account per role, built once per
// test binary on first use. A set-up that fails throws in every test that asks for it (a failure,
// never a skip). Requests go through the HTTP parser (parse_http_request) into RegionApi::handle.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "land/pool_draft.hpp"
#include "land/sites.hpp"
#include "region/networks.hpp"
#include "region/transit.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

namespace cityregions::test {

struct ApiReply {
  int status = 0;
  std::string body, set_cookie, content_type;
  nlohmann::json data() const { return nlohmann::json::parse(body); }
};

// A logged-in session: the cookie header and the CSRF token.
struct ApiSession {
  std::string cookie, csrf;
};

class TransitApi {
 public:
  static constexpr const char* kMannheim = "08222000";
  static constexpr const char* kHeidelberg = "08221000";

  static TransitApi& get() {
    static std::unique_ptr<TransitApi> api(new TransitApi());
    return *api;
  }

  std::filesystem::path workspace() const { return dir_ / "ws"; }

  ApiReply call(const std::string& method, const std::string& target, const std::string& body = "",
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool typed = false;
    for (const auto& [k, v] : headers) {
      raw += k + ": " + v + "\r\n";
      typed |= k == "Content-Type";
    }
    if (!body.empty() && !typed) raw += "Content-Type: application/json\r\n";
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    const auto rq = parse_http_request(raw, 1 << 20, "127.0.0.1");
    if (!rq) throw std::runtime_error("the test's request does not parse: " + raw);
    const HttpResponse r = api_->handle(*rq);
    ApiReply out{r.status, r.body, "", r.content_type};
    for (const auto& [k, v] : r.headers)
      if (k == "Set-Cookie") out.set_cookie = v;
    return out;
  }
  ApiSession login(const std::string& name, const std::string& password) {
    const auto r = call("POST", "/api/login", nlohmann::json{{"name", name}, {"password", password}}.dump());
    if (r.status != 200) throw std::runtime_error("login of " + name + ": " + std::to_string(r.status) + " " + r.body);
    return {r.set_cookie.substr(0, r.set_cookie.find(';')), r.data().at("csrf").get<std::string>()};
  }
  ApiReply write(const std::string& method, const std::string& target, const nlohmann::json& body, const ApiSession& s,
                 bool with_csrf = true) {
    std::vector<std::pair<std::string, std::string>> h = {{"Cookie", s.cookie}};
    if (with_csrf) h.push_back({"X-CSRF-Token", s.csrf});
    return call(method, target, body.dump(), h);
  }
  ApiReply get_as(const std::string& target, const ApiSession& s) { return call("GET", target, "", {{"Cookie", s.cookie}}); }

  // A site's properties from GET /api/sites.
  nlohmann::json site(const std::string& id) {
    const auto fc = call("GET", "/api/sites").data();
    for (const auto& f : fc.at("features"))
      if (f.at("properties").at("site_id") == id) return f.at("properties");
    throw std::runtime_error("no site " + id + " in /api/sites");
  }
  // A municipality's properties from GET /api/municipalities.
  nlohmann::json municipality(const std::string& key) {
    const auto fc = call("GET", "/api/municipalities").data();
    for (const auto& f : fc.at("features"))
      if (f.at("properties").at("key") == key) return f.at("properties");
    throw std::runtime_error("no municipality " + key + " in /api/municipalities");
  }

 private:
  TransitApi() {
    Workspace ws = Workspace::create(dir_ / "ws", "Rhein-Neckar", std::nullopt);
    const auto rnv = data_path("rhein-neckar-rnv");
    import_municipalities(ws, rnv / "vg5000_gem_rhein_neckar_wgs84.geojson",
                          {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, "BKG"});
    import_osm(ws, rnv / "rnv-highways.osm.pbf", highways_only_profile(), false);
    import_gtfs(ws, rnv / "rnv-gtfs-2016.zip", "rnv", "rnv, dl-de/by-2-0");
    const std::filesystem::path ex = std::filesystem::path(CITYREGIONS_SOURCE_DIR) / "data/examples";
    SiteInventory(ws).import(ex / "sites-rhein-neckar.geojson", load_site_mapping(ex / "sites-mapping.toml"), "test");
    std::map<std::string, std::string> names;
    for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
    write_pool_scenario(dir_ / "pool.toml", draft_pool_scenario(SiteInventory(ws).list(), names), {});
    add_user(ws, {"anna", Role::editor, kMannheim}, "anna-password", KdfCost::minimal);
    add_user(ws, {"hugo", Role::editor, kHeidelberg}, "hugo-password", KdfCost::minimal);
    add_user(ws, {"vera", Role::viewer, ""}, "vera-password", KdfCost::minimal);
    add_user(ws, {"root", Role::admin, ""}, "root-password", KdfCost::minimal);
    ApiOptions o;
    o.workspace = dir_ / "ws";
    o.pool_scenario = dir_ / "pool.toml";
    o.transit_date = 20161115;
    o.max_matrix_cells = 100;
    api_ = std::make_unique<RegionApi>(o);
  }

  TempDir dir_;
  std::unique_ptr<RegionApi> api_;
};

}  // namespace cityregions::test
