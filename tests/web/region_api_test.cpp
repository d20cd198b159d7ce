// The region API over real HTTP on 127.0.0.1: every endpoint, the authorisation rules (401 without
// a session, 403 without CSRF token, for viewers and for editors of another municipality), limits,
// and bad requests that must not bring the server down.
#include <utility>

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "land/pool_draft.hpp"
#include "land/sites.hpp"
#include "network/matrix.hpp"
#include "region/networks.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

using namespace cityregions;
using namespace cityregions::test;
using json = nlohmann::json;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

struct Reply {
  int status = 0;
  std::string body, set_cookie;
  json data() const { return json::parse(body); }
};

// The Rhein-Neckar workspace with sites and accounts behind a running server, made once by the
// first test that needs it (a failing set-up fails every test that calls it), stopped at exit.
struct Server {
  TempDir dir;
  std::unique_ptr<RegionApi> api;
  std::unique_ptr<HttpServer> http;
  std::thread thread;
  ~Server() {
    if (http) http->stop();
    if (thread.joinable()) thread.join();
  }
};
Server& server() {
  static Shared<Server> shared([] {
    auto s = std::make_unique<Server>();
    {
      Workspace ws = Workspace::create(s->dir / "ws", "Rhein-Neckar", std::nullopt);
      import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                            {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, "BKG"});
      import_osm(ws, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
      const std::filesystem::path ex = std::filesystem::path(CITYREGIONS_SOURCE_DIR) / "data/examples";
      SiteInventory(ws).import(ex / "sites-rhein-neckar.geojson", load_site_mapping(ex / "sites-mapping.toml"), "test");
      std::map<std::string, std::string> names;
      for (const auto& m : load_municipalities(ws)) names[m.key] = m.name;
      write_pool_scenario(s->dir / "pool.toml", draft_pool_scenario(SiteInventory(ws).list(), names), {});
      add_user(ws, {"anna", Role::editor, "08222000"}, "anna-password", KdfCost::minimal);  // Mannheim
      add_user(ws, {"vera", Role::viewer, ""}, "vera-password", KdfCost::minimal);
      add_user(ws, {"root", Role::admin, ""}, "root-password", KdfCost::minimal);
    }
    ApiOptions o;
    o.workspace = s->dir / "ws";
    o.pool_scenario = s->dir / "pool.toml";
    o.max_matrix_cells = 100;
    s->api = std::make_unique<RegionApi>(o);
    RegionApi* api = s->api.get();
    s->http = std::make_unique<HttpServer>(HttpServerOptions{"127.0.0.1", 0, 4, 64 * 1024, 5},
                                           [api](const HttpRequest& r) { return api->handle(r); });
    HttpServer* http = s->http.get();
    s->thread = std::thread([http] { http->run(); });
    return s;
  });
  return shared.get();
}

class Api : public ::testing::Test {
 protected:
  static std::filesystem::path dir() { return server().dir.path(); }
  static uint16_t port() { return server().http->port(); }

  static Reply call(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    boost::asio::io_context io;
    tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port()});
    http::request<http::string_body> rq{http::string_to_verb(method), target, 11};
    rq.set(http::field::host, "127.0.0.1");
    if (!body.empty()) rq.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : headers) rq.set(k, v);
    rq.body() = body;
    rq.prepare_payload();
    http::write(socket, rq);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::set_cookie])};
  }
  // A refusal: the status and a body that says why.
  static void expect_refused(const Reply& r, int status, const std::string& fragment) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_NE(r.body.find(fragment), std::string::npos) << "expected '" << fragment << "' in " << r.body;
  }
  // The properties of one feature of a GeoJSON answer, by a property's value; fails when absent.
  static json feature(const json& fc, const std::string& property, const std::string& value) {
    for (const auto& f : fc["features"])
      if (f["properties"].value(property, "") == value) return f["properties"];
    ADD_FAILURE() << "no feature with " << property << " = " << value;
    return json::object();
  }
  // Logs in; returns the cookie header and the CSRF token.
  static std::pair<std::string, std::string> login(const std::string& name, const std::string& password) {
    const auto r = call("POST", "/api/login", json{{"name", name}, {"password", password}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return {r.set_cookie.substr(0, r.set_cookie.find(';')), r.data().value("csrf", "")};
  }
  static Reply write(const std::string& method, const std::string& target, const json& body,
                     const std::pair<std::string, std::string>& session, bool with_csrf = true) {
    std::vector<std::pair<std::string, std::string>> h = {{"Cookie", session.first}, {"Content-Type", "application/json"}};
    if (with_csrf) h.push_back({"X-CSRF-Token", session.second});
    return call(method, target, body.dump(), h);
  }

};

}  // namespace

TEST_F(Api, ReadEndpoints) {
  auto r = call("GET", "/api/region");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["municipalities"], 84);
  EXPECT_EQ(r.data()["modes"], json({"walk", "bike", "car"}));  // transit off without --transit-date
  EXPECT_NE(r.body.find("OpenStreetMap"), std::string::npos);
  r = call("GET", "/api/municipalities");
  ASSERT_EQ(r.status, 200);
  const auto fc = r.data();
  ASSERT_EQ(fc["features"].size(), 84u);
  EXPECT_EQ(fc["features"][0]["geometry"]["type"], "MultiPolygon");
  EXPECT_TRUE(fc["features"][0]["properties"].contains("population"));
  r = call("GET", "/api/basemap/roads?z=9");
  ASSERT_EQ(r.status, 200);
  const size_t major = r.data()["features"].size();
  EXPECT_GT(major, 10u);
  r = call("GET", "/api/basemap/roads?z=13");
  EXPECT_GT(r.data()["features"].size(), 10 * major);  // minor roads appear when zoomed in
  const json roads = r.data()["features"];
  for (const auto& f : roads) EXPECT_EQ(f["geometry"]["type"], "LineString");
  r = call("GET", "/api/sites");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["features"].size(), 5u);
  r = call("GET", "/api/sites/rank?profile=general");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["profile"], "general");
  expect_refused(call("GET", "/api/sites/rank?profile=nonsense"), 400, "profile: one of the built-in profiles");
  // Enquiry: at least 50 ha with a rail siding → MA-01 (existing) and LU-03 (possible) only
  // (no criteria are computed here, so the general profile, which needs none).
  r = call("GET", "/api/sites/enquiry?profile=general&min_ha=50&rail=1");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> ids;
  const json ranked = r.data()["ranked"];  // a named copy: a temporary's member would dangle in the loop
  for (const auto& s : ranked) ids.insert(s["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"MA-01", "LU-03"})) << r.body;
  EXPECT_EQ(r.data()["ranked"].size() + r.data()["excluded"].size(), 5u);
  expect_refused(call("GET", "/api/sites/enquiry?min_ha=big"), 400, "min_ha: expected a number");
  expect_refused(call("GET", "/api/sites/enquiry?available=someday"), 400, "someday");
  r = call("GET", "/api/sites/fields");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()[1]["name"], "planning_status");
  EXPECT_EQ(r.data()[1]["choices"].size(), 4u);
  r = call("GET", "/api/pool");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["members"].size(), 5u);
  r = call("GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["openapi"], "3.0.3");
  EXPECT_TRUE(r.data()["paths"].contains("/api/isochrone"));
  r = call("GET", "/api/layers/sites");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["features"].size(), 5u) << r.body.substr(0, 300);
  EXPECT_EQ(feature(r.data(), "site_id", "MA-01")["municipality"], "08222000");
  expect_refused(call("GET", "/api/layers/users"), 404, "no layer 'users'");  // accounts are no layer
  expect_refused(call("GET", "/api/layers/nope"), 404, "no layer 'nope'");
}

TEST_F(Api, RouteIsochroneAndMatrixAgreeWithTheLibrary) {
  auto r = call("GET", "/api/route?mode=car&from=49.4875,8.4660&to=49.4094,8.6931");
  ASSERT_EQ(r.status, 200) << r.body;
  const double route_s = r.data()["duration_s"];
  EXPECT_EQ(r.data()["geometry"]["type"], "LineString");
  r = call("POST", "/api/matrix", R"({"mode":"car","origins":[[49.4875,8.4660]],"destinations":[[49.4094,8.6931],[49.4875,8.4660]]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NEAR(r.data()["durations_s"][0][0].get<double>(), route_s, 1.0);
  EXPECT_NEAR(r.data()["durations_s"][0][1].get<double>(), 0, 0.1);
  r = call("GET", "/api/isochrone?mode=bike&at=49.4875,8.4660&minutes=10,20");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.data()["features"].size(), 2u);
  EXPECT_LT(r.data()["features"][0]["properties"]["area_km2"].get<double>(), r.data()["features"][1]["properties"]["area_km2"].get<double>());
  // Bad and too large requests get clear 4xx answers.
  expect_refused(call("GET", "/api/route?mode=boat&from=49.48,8.46&to=49.40,8.69"), 400, "got 'boat'");
  expect_refused(call("GET", "/api/route?mode=car&from=49.48,8.46"), 400, "missing query parameter 'to'");
  expect_refused(call("GET", "/api/route?mode=car&from=48.0,7.0&to=49.40,8.69"), 422, "more than 1000 m from the car network");
  expect_refused(call("GET", "/api/route?mode=transit&from=49.48,8.46&to=49.40,8.69"), 404, "public transport is off");
  expect_refused(call("GET", "/api/isochrone?mode=car&at=49.48,8.46&minutes=10,20,30,40,50,60,70"), 413, "minutes: at most");
  expect_refused(call("GET", "/api/isochrone?mode=car&at=49.48,8.46&minutes=500"), 400, "minutes: '500' is not a number");
  json big = {{"mode", "car"}, {"origins", json::array()}, {"destinations", json::array()}};
  for (int i = 0; i < 11; ++i) {
    big["origins"].push_back({49.48, 8.46});
    big["destinations"].push_back({49.40, 8.69});
  }
  r = call("POST", "/api/matrix", big.dump());
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("11 × 11 cells, at most 100"), std::string::npos);
  expect_refused(call("POST", "/api/matrix", "{not json"), 400, "body: expected");
}

TEST_F(Api, WritesFollowTheRoles) {
  const json change = {{"population", 310000}};
  // No session.
  EXPECT_EQ(call("PATCH", "/api/municipalities/08222000", change.dump()).status, 401);
  const auto anna = login("anna", "anna-password"), vera = login("vera", "vera-password"), root = login("root", "root-password");
  // Without the CSRF token.
  auto r = write("PATCH", "/api/municipalities/08222000", change, anna, false);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("CSRF"), std::string::npos);
  // Viewer, and editor of another municipality.
  EXPECT_EQ(write("PATCH", "/api/municipalities/08222000", change, vera).status, 403);
  EXPECT_EQ(write("PATCH", "/api/municipalities/08221000", change, anna).status, 403);  // Heidelberg
  // The editor's own municipality: saved and audited.
  r = write("PATCH", "/api/municipalities/08222000", change, anna);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(feature(call("GET", "/api/municipalities").data(), "key", "08222000")["population"], 310000);
  expect_refused(write("PATCH", "/api/municipalities/08222000", {{"name", "X"}}, anna), 400, "not an editable statistic");
  expect_refused(write("PATCH", "/api/municipalities/08222000", {{"population", "many"}}, anna), 400, "expected a number");
  expect_refused(write("PATCH", "/api/municipalities/99999999", change, root), 404, "no municipality '99999999'");
  EXPECT_EQ(write("PATCH", "/api/municipalities/08221000", {{"population", 160000}}, root).status, 200);  // admin: any
  EXPECT_EQ(feature(call("GET", "/api/municipalities").data(), "key", "08221000")["population"], 160000);
  EXPECT_EQ(feature(call("GET", "/api/municipalities").data(), "key", "08222000")["population"], 310000);
  // Sites: MA-01 lies in Mannheim, HD-07 in Heidelberg.
  const json hd_before = feature(call("GET", "/api/sites").data(), "site_id", "HD-07");
  EXPECT_EQ(write("PATCH", "/api/sites/MA-01", {{"availability", "within_2_years"}}, anna).status, 200);
  expect_refused(write("PATCH", "/api/sites/HD-07", {{"availability", "immediately"}}, anna), 403,
                 "editors change only the records of their own municipality");
  expect_refused(write("PATCH", "/api/sites/MA-01", {{"availability", "soon"}}, anna), 400, "soon");
  expect_refused(write("PATCH", "/api/sites/MA-01", {{"municipality", "08221000"}}, anna), 403,
                 "only the regional admin moves a site");
  const json sites = call("GET", "/api/sites").data();
  EXPECT_EQ(feature(sites, "site_id", "MA-01")["availability"], "within_2_years");  // saved, and the refusals changed nothing
  EXPECT_EQ(feature(sites, "site_id", "MA-01")["municipality"], "08222000");
  EXPECT_EQ(feature(sites, "site_id", "HD-07"), hd_before);
  // The audit log: admins only; it holds who changed what.
  EXPECT_EQ(call("GET", "/api/audit").status, 401);
  EXPECT_EQ(call("GET", "/api/audit", "", {{"Cookie", vera.first}}).status, 403);
  r = call("GET", "/api/audit", "", {{"Cookie", root.first}});
  ASSERT_EQ(r.status, 200);
  bool seen = false;
  for (const auto& e : r.data())
    if (e["who"] == "anna" && e["layer"] == "municipalities" && e["record"] == "08222000" && e["field"] == "population") {
      EXPECT_EQ(e["new"], "310000");
      seen = true;
    }
  EXPECT_TRUE(seen) << r.body;
  // A removed account loses its session at once.
  {
    const auto tmp = login("root", "root-password");
    Workspace ws = Workspace::open(dir() / "ws");
    add_user(ws, {"tmp-editor", Role::editor, "08222000"}, "tmp-password", KdfCost::minimal);
    const auto t = login("tmp-editor", "tmp-password");
    EXPECT_EQ(call("GET", "/api/me", "", {{"Cookie", t.first}}).status, 200);
    remove_user(ws, "tmp-editor");
    EXPECT_EQ(call("GET", "/api/me", "", {{"Cookie", t.first}}).status, 401);
    EXPECT_EQ(write("PATCH", "/api/municipalities/08222000", change, t).status, 401);
    EXPECT_EQ(call("GET", "/api/me", "", {{"Cookie", tmp.first}}).status, 200);
  }
  // Logging out ends the session.
  EXPECT_EQ(write("POST", "/api/logout", json::object(), anna).status, 200);
  EXPECT_EQ(write("PATCH", "/api/municipalities/08222000", change, anna).status, 401);
}

TEST_F(Api, LoginsAreCheckedAndRateLimited) {
  auto r = call("GET", "/api/me");
  EXPECT_EQ(r.status, 401);
  const auto raw = call("POST", "/api/login", R"({"name":"vera","password":"vera-password"})");
  EXPECT_NE(raw.set_cookie.find("HttpOnly"), std::string::npos);  // scripts cannot read the session
  EXPECT_NE(raw.set_cookie.find("SameSite=Strict"), std::string::npos);
  const auto vera = login("vera", "vera-password");
  r = call("GET", "/api/me", "", {{"Cookie", vera.first}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["role"], "viewer");
  const auto first = call("POST", "/api/login", R"({"name":"anna","password":"wrong"})");
  EXPECT_EQ(first.status, 401);
  EXPECT_TRUE(first.set_cookie.empty());
  int limited = 0;
  for (int i = 0; i < 6; ++i) limited += call("POST", "/api/login", R"({"name":"nobody","password":"x"})").status == 429;
  EXPECT_GE(limited, 1);
  // Even the right password is refused while the address is blocked.
  EXPECT_EQ(call("POST", "/api/login", R"({"name":"anna","password":"anna-password"})").status, 429);
}

TEST_F(Api, BadRequestsDoNotStopTheServer) {
  // A body over the limit (64 KiB here) is refused before it is read.
  auto r = call("POST", "/api/matrix", std::string(100 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  // Garbage instead of HTTP.
  {
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port()});
    boost::asio::write(s, boost::asio::buffer(std::string("HELLO\r\n\r\n")));
    std::string answer(64, '\0');
    boost::system::error_code ec;
    const size_t n = s.read_some(boost::asio::buffer(answer), ec);
    EXPECT_NE(answer.substr(0, n).find("400"), std::string::npos);
  }
  // Many idle or half-sent connections (more than the server's threads) do not block others.
  {
    boost::asio::io_context io;
    std::vector<tcp::socket> idle;
    for (int i = 0; i < 40; ++i) {
      idle.emplace_back(io);
      idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), port()});
      if (i % 2) boost::asio::write(idle.back(), boost::asio::buffer(std::string("GET /api/region HTTP/1.1\r\nHost: x\r\n")));
    }
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(call("GET", "/api/region").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  }
  EXPECT_EQ(call("GET", "/api/nothing-here").status, 404);
  EXPECT_EQ(call("DELETE", "/api/region").status, 404);
  EXPECT_EQ(call("GET", "/../../etc/passwd").status, 404);  // no web UI configured here: nothing served
  EXPECT_EQ(call("GET", "/api/region").status, 200);         // still up
}

TEST(HttpServer, ListensOnLoopbackByDefaultAndRefusesBadAddresses) {
  HttpServerOptions o;
  EXPECT_EQ(o.bind, "127.0.0.1");
  o.port = 0;
  o.bind = "not-an-address";
  EXPECT_THROW(HttpServer(o, [](const HttpRequest&) { return HttpResponse{}; }), std::exception);
}

