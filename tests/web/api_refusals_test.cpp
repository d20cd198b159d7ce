// Refusals of the region API, each with the state read back afterwards: negative statistics,
// unknown sites, site writes without session or CSRF token, a site moved by the admin, a half-valid
// site change, matrix points off the network or malformed; and every transit endpoint with
// public transport on.
#include <gtest/gtest.h>

#include "web/api_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;
using json = nlohmann::json;

namespace {
const std::string kMannheimPath = std::string("/api/municipalities/") + TransitApi::kMannheim;
}

TEST(ApiRefusals, NegativeStatisticsAreRefusedAndNothingIsStored) {
  auto& api = TransitApi::get();
  const auto root = api.login("root", "root-password");
  const json before = api.municipality(TransitApi::kMannheim);
  ASSERT_GT(before["population"].get<int64_t>(), 100000);
  for (const json& value : {json(-5), json(-0.5), json(-1e9)}) {
    const auto r = api.write("PATCH", kMannheimPath, {{"population", value}}, root);
    EXPECT_EQ(r.status, 400) << value;
    EXPECT_NE(r.body.find("must not be negative"), std::string::npos) << r.body;
  }
  // One good and one negative statistic: neither is stored.
  EXPECT_EQ(api.write("PATCH", kMannheimPath, {{"jobs", 5}, {"population", -1}}, root).status, 400);
  const json after = api.municipality(TransitApi::kMannheim);
  EXPECT_EQ(after["population"], before["population"]);
  EXPECT_EQ(after["jobs"], before["jobs"]);
  // Zero is a statistic.
  ASSERT_EQ(api.write("PATCH", kMannheimPath, {{"jobs", 0}}, root).status, 200);
  EXPECT_EQ(api.municipality(TransitApi::kMannheim)["jobs"], 0);
}

TEST(ApiRefusals, SiteWritesNeedASessionTheTokenAndAnExistingSite) {
  auto& api = TransitApi::get();
  const auto anna = api.login("anna", "anna-password"), root = api.login("root", "root-password");
  const std::string before = api.site("MA-01")["availability"];
  ASSERT_EQ(before, "immediately");
  auto r = api.call("PATCH", "/api/sites/MA-01", R"({"availability":"later"})");
  EXPECT_EQ(r.status, 401) << r.body;
  r = api.write("PATCH", "/api/sites/MA-01", {{"availability", "later"}}, anna, false);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("CSRF"), std::string::npos);
  EXPECT_EQ(api.site("MA-01")["availability"], before);
  r = api.write("PATCH", "/api/sites/NO-SUCH-SITE", {{"availability", "later"}}, root);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_NE(r.body.find("NO-SUCH-SITE"), std::string::npos);
  // One valid and one invalid field: the change is refused as a whole.
  r = api.write("PATCH", "/api/sites/MA-01", {{"availability", "later"}, {"power_mw", "lots"}}, anna);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("power_mw"), std::string::npos) << r.body;
  EXPECT_EQ(api.site("MA-01")["availability"], before);
}

TEST(ApiRefusals, TheAdminMovesASiteAndTheRightsMoveWithIt) {
  auto& api = TransitApi::get();
  const auto anna = api.login("anna", "anna-password"), hugo = api.login("hugo", "hugo-password"),
             root = api.login("root", "root-password");
  const std::string home = api.site("WEI-02")["municipality"];  // Weinheim
  ASSERT_EQ(home.size(), 8u);
  ASSERT_NE(home, TransitApi::kMannheim);
  EXPECT_EQ(api.write("PATCH", "/api/sites/WEI-02", {{"municipality", TransitApi::kHeidelberg}}, hugo).status, 403);
  EXPECT_EQ(api.site("WEI-02")["municipality"], home);
  auto r = api.write("PATCH", "/api/sites/WEI-02", {{"municipality", TransitApi::kMannheim}}, root);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(api.site("WEI-02")["municipality"], TransitApi::kMannheim);
  // Now Mannheim's editor may change it and Heidelberg's may not.
  EXPECT_EQ(api.write("PATCH", "/api/sites/WEI-02", {{"power_mw", 12}}, anna).status, 200);
  EXPECT_EQ(api.site("WEI-02")["power_mw"], 12.0);
  EXPECT_EQ(api.write("PATCH", "/api/sites/WEI-02", {{"power_mw", 13}}, hugo).status, 403);
  // An editor cannot move it on, the admin moves it back.
  EXPECT_EQ(api.write("PATCH", "/api/sites/WEI-02", {{"municipality", TransitApi::kHeidelberg}}, anna).status, 403);
  ASSERT_EQ(api.write("PATCH", "/api/sites/WEI-02", {{"municipality", home}}, root).status, 200);
  EXPECT_EQ(api.site("WEI-02")["municipality"], home);
  bool audited = false;
  for (const auto& e : api.get_as("/api/audit", root).data())
    audited |= e["who"] == "root" && e["record"] == "WEI-02" && e["field"] == "municipality" && e["new"] == TransitApi::kMannheim;
  EXPECT_TRUE(audited);
}

TEST(ApiRefusals, MatrixPointsOffTheNetworkOrMalformed) {
  auto& api = TransitApi::get();
  // Point lists as JSON text (braced lists of json are ambiguous).
  const std::string mannheim = "[[49.4875,8.4660]]", heidelberg = "[[49.4094,8.6931]]";
  auto matrix = [&](const std::string& origins, const std::string& destinations, const std::string& mode = "car") {
    return api.call("POST", "/api/matrix",
                    R"({"mode":")" + mode + R"(","origins":)" + origins + R"(,"destinations":)" + destinations + "}");
  };
  auto r = matrix(mannheim, "[[49.4094,8.6931],[48.0,7.0]]");  // the second lies in the Black Forest
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("destinations[1]"), std::string::npos) << r.body;
  r = matrix("[[48.0,7.0]]", heidelberg, "walk");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("origins[0]"), std::string::npos) << r.body;
  for (const std::string bad : {"[[49.4]]", "[[49.4,8.4,3]]", R"([["49.4","8.4"]])", "[[91,8.4]]", "[[49.4,181]]",
                                R"(["49.4,8.4"])", "[]", "7"}) {
    r = matrix(bad, heidelberg);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_NE(r.body.find("origins"), std::string::npos) << r.body;
    r = matrix(mannheim, bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("destinations"), std::string::npos) << r.body;
  }
  r = api.call("POST", "/api/matrix", R"({"mode":"car","origins":[[49.4875,8.4660]]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("destinations"), std::string::npos);
  // And a good one: Mannheim → Heidelberg by car takes 15 to 40 minutes.
  r = matrix(mannheim, heidelberg);
  ASSERT_EQ(r.status, 200) << r.body;
  const double s = r.data()["durations_s"][0][0];
  EXPECT_GT(s, 15 * 60);
  EXPECT_LT(s, 40 * 60);
}

TEST(ApiRefusals, EveryTransitEndpointWithTransitOn) {
  auto& api = TransitApi::get();
  auto r = api.call("GET", "/api/region");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["modes"], json({"walk", "bike", "car", "transit"}));
  EXPECT_EQ(r.data()["transit_date"], 20161115);
  // Route: Mannheim Paradeplatz → Heidelberg Bismarckplatz at 07:30, by tram or train.
  r = api.call("GET", "/api/route?mode=transit&from=49.4872,8.4663&to=49.4096,8.6936&depart=07:30");
  ASSERT_EQ(r.status, 200) << r.body;
  const json trip = r.data();
  ASSERT_EQ(trip["reached"], true) << r.body;
  const auto seconds = [](const json& hhmm) {
    const std::string t = hhmm.get<std::string>();
    return std::stoi(t.substr(0, 2)) * 3600 + std::stoi(t.substr(3, 2)) * 60 + (t.size() > 5 ? std::stoi(t.substr(6, 2)) : 0);
  };
  EXPECT_EQ(trip["duration_s"].get<int>(), seconds(trip["arrive"]) - 7 * 3600 - 30 * 60);
  EXPECT_GT(trip["duration_s"].get<int>(), 15 * 60);
  EXPECT_LT(trip["duration_s"].get<int>(), 75 * 60);
  ASSERT_FALSE(trip["legs"].empty());
  int rides = 0, previous = 7 * 3600 + 30 * 60;
  for (const auto& leg : trip["legs"]) {
    EXPECT_GE(seconds(leg["depart"]), previous) << leg;
    EXPECT_GE(seconds(leg["arrive"]), seconds(leg["depart"])) << leg;
    previous = seconds(leg["arrive"]);
    rides += leg["kind"] == "ride";
  }
  EXPECT_GE(rides, 1);
  EXPECT_EQ(seconds(trip["legs"].back()["arrive"]), seconds(trip["arrive"]));
  EXPECT_EQ(api.call("GET", "/api/route?mode=transit&from=49.4872,8.4663&to=49.4096,8.6936&depart=7h").status, 400);
  EXPECT_EQ(api.call("GET", "/api/route?mode=transit&from=48.0,7.0&to=49.4096,8.6936").status, 422);
  // Isochrones: nested, and by transit farther than on foot alone.
  r = api.call("GET", "/api/isochrone?mode=transit&at=49.4872,8.4663&minutes=15,30&depart=07:00");
  ASSERT_EQ(r.status, 200) << r.body;
  const json iso = r.data();
  ASSERT_EQ(iso["features"].size(), 2u);
  EXPECT_EQ(iso["features"][0]["properties"]["mode"], "transit");
  EXPECT_EQ(iso["features"][1]["properties"]["minutes"], 30.0);
  const double t15 = iso["features"][0]["properties"]["area_km2"], t30 = iso["features"][1]["properties"]["area_km2"];
  EXPECT_GT(t15, 0);
  EXPECT_GT(t30, t15);
  r = api.call("GET", "/api/isochrone?mode=walk&at=49.4872,8.4663&minutes=30");
  ASSERT_EQ(r.status, 200);
  const double w30 = r.data()["features"][0]["properties"]["area_km2"];
  EXPECT_GT(w30, 1);
  EXPECT_GT(t30, 2 * w30);
  EXPECT_EQ(api.call("GET", "/api/isochrone?mode=transit&at=49.4872,8.4663&minutes=30&depart=99:00").status, 400);
  EXPECT_EQ(api.call("GET", "/api/isochrone?mode=transit&at=48.0,7.0&minutes=30").status, 422);
  // Matrix: a point to itself takes no time; Mannheim → Heidelberg takes about as long as the route.
  const json body = json::parse(
      R"({"mode":"transit","depart":"07:30","origins":[[49.4872,8.4663]],"destinations":[[49.4096,8.6936],[49.4872,8.4663]]})");
  r = api.call("POST", "/api/matrix", body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["mode"], "transit");
  const json row = r.data()["durations_s"][0];
  ASSERT_EQ(row.size(), 2u);
  ASSERT_TRUE(row[0].is_number()) << r.body;
  EXPECT_GT(row[0].get<double>(), 15 * 60);
  EXPECT_LT(row[0].get<double>(), 90 * 60);
  EXPECT_LT(row[1].get<double>(), 60);
  json bad = body;
  bad["depart"] = "half past seven";
  EXPECT_EQ(api.call("POST", "/api/matrix", bad.dump()).status, 400);
}
