// The OpenAPI document against the router: every endpoint is described, and each operation lists
// exactly the status codes the endpoint answers. Probes send requests that reach every answer
// (on the transit workspace, and on an empty workspace for the "nothing to show" answers) and
// the document's responses must be the codes seen, apart from a short list that no test can
// provoke without disturbing the others (named with the reason).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "web/api_fixture.hpp"
#include "web/openapi.hpp"

using namespace cityregions;
using namespace cityregions::test;
using json = nlohmann::json;

namespace {

struct Probe {
  std::string method, path;  // path as in the document (templates with {…})
  std::string target, body;
  std::string who = "";      // "", anna, root: the session to send
  bool csrf = true;
  std::string content_type = "application/json";
  bool empty_workspace = false;
};

std::string key(std::string method, const std::string& path) {
  for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return method + " " + path;
}

}  // namespace

TEST(OpenApiRoutes, EveryOperationListsExactlyTheStatusCodesItAnswers) {
  auto& api = TransitApi::get();
  TempDir dir;
  Workspace::create(dir / "empty", "Empty", std::nullopt);
  ApiOptions eo;
  eo.workspace = dir / "empty";
  RegionApi empty(eo);

  const std::string muni = std::string("/api/municipalities/") + TransitApi::kMannheim;
  const std::string mat = R"({"mode":"car","origins":[[49.4875,8.4660]],"destinations":[[49.4094,8.6931]]})";
  std::string big = R"({"mode":"car","origins":[)";
  for (int i = 0; i < 11; ++i) big += std::string(i ? "," : "") + "[49.48,8.46]";
  big += R"(],"destinations":[)";
  for (int i = 0; i < 11; ++i) big += std::string(i ? "," : "") + "[49.40,8.69]";
  big += "]}";
  const std::vector<Probe> probes = {
      {"GET", "/api/region", "/api/region", ""},
      {"GET", "/api/municipalities", "/api/municipalities", ""},
      {"PATCH", "/api/municipalities/{key}", muni, R"({"jobs": 4242})", "root"},
      {"PATCH", "/api/municipalities/{key}", muni, R"({"name": "X"})", "root"},
      {"PATCH", "/api/municipalities/{key}", muni, R"({"jobs": 1})", ""},
      {"PATCH", "/api/municipalities/{key}", muni, R"({"jobs": 1})", "anna", false},
      {"PATCH", "/api/municipalities/{key}", "/api/municipalities/99999999", R"({"jobs": 1})", "root"},
      {"PATCH", "/api/municipalities/{key}", muni, R"({"jobs": 1})", "root", true, "text/plain"},
      {"GET", "/api/basemap/roads", "/api/basemap/roads?z=9", ""},
      {"GET", "/api/basemap/roads", "/api/basemap/roads?z=9", "", "", true, "", true},
      {"GET", "/api/route", "/api/route?mode=car&from=49.4875,8.4660&to=49.4094,8.6931", ""},
      {"GET", "/api/route", "/api/route?mode=boat&from=49.4875,8.4660&to=49.4094,8.6931", ""},
      {"GET", "/api/route", "/api/route?mode=car&from=48.0,7.0&to=49.4094,8.6931", ""},
      {"GET", "/api/route", "/api/route?mode=car&from=49.4875,8.4660&to=49.4094,8.6931", "", "", true, "", true},
      {"GET", "/api/isochrone", "/api/isochrone?mode=walk&at=49.4875,8.4660&minutes=5", ""},
      {"GET", "/api/isochrone", "/api/isochrone?mode=walk&at=49.4875,8.4660&minutes=500", ""},
      {"GET", "/api/isochrone", "/api/isochrone?mode=walk&at=49.4875,8.4660&minutes=1,2,3,4,5,6,7", ""},
      {"GET", "/api/isochrone", "/api/isochrone?mode=walk&at=48.0,7.0&minutes=5", ""},
      {"GET", "/api/isochrone", "/api/isochrone?mode=transit&at=49.4875,8.4660&minutes=5", "", "", true, "", true},
      {"POST", "/api/matrix", "/api/matrix", mat},
      {"POST", "/api/matrix", "/api/matrix", "{not json"},
      {"POST", "/api/matrix", "/api/matrix", big},
      {"POST", "/api/matrix", "/api/matrix", mat, "", true, "text/plain"},
      {"POST", "/api/matrix", "/api/matrix", R"({"mode":"car","origins":[[48.0,7.0]],"destinations":[[49.4094,8.6931]]})"},
      {"POST", "/api/matrix", "/api/matrix", mat, "", true, "application/json", true},
      {"GET", "/api/layers/{name}", "/api/layers/sites", ""},
      {"GET", "/api/layers/{name}", "/api/layers/users", ""},
      {"GET", "/api/sites", "/api/sites", ""},
      {"PATCH", "/api/sites/{id}", "/api/sites/MA-01", R"({"water_sewer": "yes"})", "anna"},
      {"PATCH", "/api/sites/{id}", "/api/sites/MA-01", R"({"availability": "soon"})", "anna"},
      {"PATCH", "/api/sites/{id}", "/api/sites/MA-01", R"({"availability": "later"})", ""},
      {"PATCH", "/api/sites/{id}", "/api/sites/HD-07", R"({"availability": "later"})", "anna"},
      {"PATCH", "/api/sites/{id}", "/api/sites/XX-99", R"({"availability": "later"})", "root"},
      {"PATCH", "/api/sites/{id}", "/api/sites/MA-01", R"({"availability": "later"})", "anna", true, "text/plain"},
      {"GET", "/api/sites/rank", "/api/sites/rank?profile=logistics", ""},
      {"GET", "/api/sites/rank", "/api/sites/rank?profile=bakery", ""},
      {"GET", "/api/sites/rank", "/api/sites/rank?profile=general", "", "", true, "", true},
      {"GET", "/api/sites/enquiry", "/api/sites/enquiry?min_ha=10", ""},
      {"GET", "/api/sites/enquiry", "/api/sites/enquiry?min_ha=ten", ""},
      {"GET", "/api/sites/enquiry", "/api/sites/enquiry?min_ha=10", "", "", true, "", true},
      {"GET", "/api/sites/fields", "/api/sites/fields", ""},
      {"GET", "/api/pool", "/api/pool", ""},
      {"GET", "/api/pool", "/api/pool", "", "", true, "", true},
      {"GET", "/api/audit", "/api/audit", "", "root"},
      {"GET", "/api/audit", "/api/audit", "", ""},
      {"GET", "/api/audit", "/api/audit", "", "anna"},
      {"POST", "/api/login", "/api/login", R"({"name":"vera","password":"vera-password"})"},
      {"POST", "/api/login", "/api/login", R"({"name":"vera"})"},
      {"POST", "/api/login", "/api/login", R"({"name":"vera","password":"not-hers"})"},
      {"POST", "/api/login", "/api/login", R"({"name":"vera","password":"vera-password"})", "", true, "text/plain"},
      {"POST", "/api/logout", "/api/logout", "{}", "anna"},
      {"POST", "/api/logout", "/api/logout", "{}", ""},
      {"POST", "/api/logout", "/api/logout", "{}", "root", false},
      {"GET", "/api/me", "/api/me", "", "root"},
      {"GET", "/api/me", "/api/me", "", ""},
      {"GET", "/api/openapi.json", "/api/openapi.json", ""},
  };
  // Answers no probe here provokes: 429 needs five failed logins (it would block the other tests'
  // logins), 503 needs more concurrent password checks than the server allows.
  const std::map<std::string, std::set<std::string>> not_probed = {{key("POST", "/api/login"), {"429", "503"}}};

  std::map<std::string, std::set<std::string>> seen;
  for (const auto& p : probes) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!p.who.empty()) {
      const auto s = api.login(p.who, p.who + "-password");
      h.push_back({"Cookie", s.cookie});
      if (p.csrf) h.push_back({"X-CSRF-Token", s.csrf});
    }
    if (!p.body.empty()) h.push_back({"Content-Type", p.content_type});
    ApiReply r;
    if (p.empty_workspace) {
      std::string raw = p.method + " " + p.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      for (const auto& [k, v] : h) raw += k + ": " + v + "\r\n";
      raw += "Content-Length: " + std::to_string(p.body.size()) + "\r\n\r\n" + p.body;
      const auto rq = parse_http_request(raw, 1 << 20, "127.0.0.1");
      ASSERT_TRUE(rq) << raw;
      const auto res = empty.handle(*rq);
      r = {res.status, res.body, "", res.content_type};
    } else {
      r = api.call(p.method, p.target, p.body, h);
    }
    if (r.status != 200) {
      EXPECT_TRUE(r.data().contains("error")) << p.target << " " << r.body;  // errors are JSON
    }
    seen[key(p.method, p.path)].insert(std::to_string(r.status));
  }

  const json doc = openapi_document();
  std::set<std::string> described;
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items()) {
      const std::string k = key(method, path);
      described.insert(k);
      std::set<std::string> documented, expected = seen[k];
      for (const auto& [code, response] : op["responses"].items()) {
        documented.insert(code);
        EXPECT_FALSE(response.value("description", "").empty()) << k << " " << code;
      }
      if (const auto it = not_probed.find(k); it != not_probed.end()) expected.insert(it->second.begin(), it->second.end());
      EXPECT_FALSE(seen[k].empty()) << k << ": no probe";
      EXPECT_EQ(documented, expected) << k;
    }
  for (const auto& [k, codes] : seen) EXPECT_TRUE(described.count(k)) << k << " probed but not described";
  // Every routed endpoint has a probe.
  for (auto [method, path] : empty.endpoints()) {
    if (path.ends_with('*')) path.pop_back();
    bool probed = false;
    for (const auto& p : probes)
      probed |= p.method == method && (p.path == path || (p.path.starts_with(path) && p.path.find('{') == path.size()));
    EXPECT_TRUE(probed) << method << " " << path;
  }
}
