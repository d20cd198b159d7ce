// Bad input through the command line: one clear line naming file, record and field; non-zero
// exit; the workspace exactly as before.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "transit/gtfs_fixture.hpp"

using namespace cityregions::test;

namespace {

// The demo workspace, made once by the first test that needs it; a failing demo fails every test.
const TempDir& demo_dir() {
  static Shared<TempDir> shared([] {
    auto dir = std::make_unique<TempDir>();
    data_path("rhein-neckar-rnv");  // says where the data is expected when it is missing
    run_cli_ok("demo " + (dir->path() / "ws").string());
    return dir;
  });
  return shared.get();
}

class BadInput : public ::testing::Test {
 protected:
  static std::filesystem::path ws() { return demo_dir().path() / "ws"; }
  static std::filesystem::path file(const std::string& name) { return demo_dir().path() / name; }

  // Runs a command that must fail with one line containing `fragment`, leaving the workspace as it was.
  static void expect_refused(const std::string& args, const std::string& fragment) {
    const std::string before = fingerprint(ws());
    const auto r = run_cli(args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "not one line: " << r.err;
    EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
    EXPECT_EQ(fingerprint(ws()), before) << "workspace changed by: " << args;
  }
};

}  // namespace

TEST_F(BadInput, TruncatedPbf) {
  const std::string pbf = read_file(data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"));
  write_file(file("truncated.osm.pbf"), pbf.substr(0, pbf.size() / 3));
  expect_refused("import osm " + ws().string() + " " + file("truncated.osm.pbf").string(), "truncated.osm.pbf: cannot read OSM data");
}

TEST_F(BadInput, MalformedOsmXml) {
  write_file(file("broken.osm"), "<?xml version='1.0'?><osm version='0.6'><node id='1' lat='49.4' lon='8.5'><way");
  expect_refused("import osm " + ws().string() + " " + file("broken.osm").string(), "broken.osm: cannot read OSM data");
}

TEST_F(BadInput, GeoJsonWithBrokenGeometry) {
  write_file(file("bowtie.geojson"), R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"AGS":"1","GEN":"A"},"geometry":{"type":"Polygon","coordinates":[[[8.4,49.4],[8.5,49.5],[8.5,49.4],[8.4,49.5],[8.4,49.4]]]}}]})");
  expect_refused("import municipalities " + ws().string() + " " + file("bowtie.geojson").string() + " --key AGS --name GEN",
                 "bowtie.geojson:feature 1 (key 1): field 'geometry': invalid polygon");
}

TEST_F(BadInput, MissingKeyField) {
  expect_refused("import municipalities " + ws().string() + " " +
                     data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson").string() + " --key GKZ --name GEN",
                 "field 'GKZ': no such field");
  write_file(file("stats.csv"), "ags,jobs\n08222000,1\n");
  expect_refused("import stats " + ws().string() + " " + file("stats.csv").string() + " --key AGS",
                 "stats.csv:1: field 'AGS': no such column");
}

TEST_F(BadInput, CsvWithNonNumericCoordinate) {
  write_file(file("origins.csv"), "id,lat,lon\na,49.41,8.69\nb,49.4x,8.47\n");
  expect_refused("matrix " + ws().string() + " --mode car --origins " + file("origins.csv").string() +
                     " --destinations municipalities --out " + file("m.csv").string(),
                 "origins.csv:3: field 'lat': '49.4x' is not a number");
  EXPECT_FALSE(std::filesystem::exists(file("m.csv")));
}

TEST_F(BadInput, CoordinatesOutsideTheRegion) {
  write_file(file("paris.csv"), "id,lat,lon\na,49.41,8.69\nparis,48.8566,2.3522\n");
  expect_refused("matrix " + ws().string() + " --mode car --origins " + file("paris.csv").string() +
                     " --destinations municipalities --out " + file("m.csv").string(),
                 "paris.csv:3: field 'lat/lon': point 48.856600,2.352200 (lat,lon) lies outside the region");
  expect_refused("route " + ws().string() + " --mode walk --from 49.41,8.69 --to 49.30,8.95",
                 "point 49.3,8.95 is more than 500 m from any road usable by walk");
}

TEST_F(BadInput, UnknownModeAndMissingWorkspace) {
  expect_refused("route " + ws().string() + " --mode tram --from 49.41,8.69 --to 49.48,8.47", "unknown mode 'tram'");
  const auto r = run_cli("region info " + file("nope").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a workspace"), std::string::npos) << r.err;
}

TEST(Cli, EveryVerbHasHelp) {
  for (const char* verb : {"region create", "region info", "import municipalities", "import stats", "import osm", "import gtfs",
                           "import grid", "route", "matrix", "isochrone", "export network", "export layer", "ptclasses", "grid", "disaggregate",
                           "access", "compare", "cases load", "cases search", "cases show", "cases similar", "cases add",
                           "cases update", "cases remove", "cases export", "pool simulate", "sites import", "sites list",
                           "sites show", "sites add", "sites update", "sites remove", "sites export", "sites criteria", "sites rank",
                           "sites balance", "pool draft", "enquiry", "report", "demo"}) {
    const auto r = run_cli(std::string(verb) + " --help");
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << verb << ": " << r.out;
  }
}

TEST(Cli, WorkspaceWithoutNetworkSaysHowToBuildIt) {
  TempDir dir;
  ASSERT_EQ(run_cli("region create " + (dir / "ws").string() + " --name Empty").exit_code, 0);
  const auto r = run_cli("route " + (dir / "ws").string() + " --mode car --from 49.41,8.69 --to 49.48,8.47");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no car network yet (run 'cityregions import osm"), std::string::npos) << r.err;
}

TEST_F(BadInput, GtfsFeedsWithErrors) {
  auto files = small_feed();
  files.erase("trips.txt");
  write_gtfs(file("no-trips.zip"), files);
  expect_refused("import gtfs " + ws().string() + " " + file("no-trips.zip").string(), "required file trips.txt is missing");

  files = small_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T1\n";
  write_gtfs(file("dup.zip"), files);
  expect_refused("import gtfs " + ws().string() + " " + file("dup.zip").string(), "dup.zip:trips.txt:3: field 'trip_id'");

  files = small_feed();
  files["stop_times.txt"] += "T1,08:30:00,08:30:00,NOPE,4\n";
  write_gtfs(file("stop.zip"), files);
  expect_refused("import gtfs " + ws().string() + " " + file("stop.zip").string(), "stop.zip:stop_times.txt:5: field 'stop_id'");

  files = small_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,2\nT1,08:10:00,08:10:00,S2,1\n";
  write_gtfs(file("order.zip"), files);
  expect_refused("import gtfs " + ws().string() + " " + file("order.zip").string(), "order.zip:stop_times.txt:2: field 'arrival_time'");

  files = small_feed();
  files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00,25:61:00,S1,1\n";
  write_gtfs(file("time.zip"), files);
  expect_refused("import gtfs " + ws().string() + " " + file("time.zip").string(),
                 "time.zip:stop_times.txt:2: field 'departure_time': '25:61:00' is not a time");
}

TEST_F(BadInput, TransitQueriesOnTheDemo) {
  auto r = run_cli("route " + ws().string() + " --mode transit --from 49.4094,8.6931 --to 49.4875,8.4660 --depart 2016-11-15T07:30 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["duration_s"].get<int>(), 20 * 60);
  EXPECT_LT(j["duration_s"].get<int>(), 90 * 60);
  bool rides = false;
  for (const auto& leg : j["legs"]) rides |= leg["mode"] == "ride";
  EXPECT_TRUE(rides);
  // A short trip is walked; at half the walking speed it takes twice as long.
  auto walk_s = [&](const char* speed) {
    const auto w = run_cli("route " + ws().string() + " --mode transit --from 49.4094,8.6931 --to 49.4110,8.6960 " +
                           "--depart 2016-11-15T07:30 --json --walk-speed " + speed);
    EXPECT_EQ(w.exit_code, 0) << w.err;
    const auto jw = nlohmann::json::parse(w.out);
    EXPECT_EQ(jw["legs"].size(), 1u);
    return jw["duration_s"].get<int>();
  };
  const int normal = walk_s("5"), slow = walk_s("2.5");
  EXPECT_GT(normal, 60);
  EXPECT_NEAR(slow, 2 * normal, 2);
  // No service outside the feed's dates: one clear line.
  expect_refused("route " + ws().string() + " --mode transit --from 49.4094,8.6931 --to 49.4875,8.4660 --depart 2017-03-01T07:30",
                 "no public transport runs on 2017-03-01");
  expect_refused("route " + ws().string() + " --mode transit --from 49.4094,8.6931 --to 49.4875,8.4660", "needs --depart");
  write_file(file("two.csv"), "id,lat,lon\nhd,49.4094,8.6931\nma,49.4875,8.4660\n");
  r = run_cli("matrix " + ws().string() + " --mode transit --depart 2016-11-15T07:00 --window 30 --percentiles 50,90 --origins " +
              file("two.csv").string() + " --destinations " + file("two.csv").string() + " --out " + file("tm.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = read_file(file("tm.csv"));
  EXPECT_TRUE(csv.starts_with("origin_id,destination_id,min_s,p50_s,p90_s\n")) << csv;
  EXPECT_NE(csv.find("\nhd,ma,"), std::string::npos) << csv;
  r = run_cli("export layer " + ws().string() + " access_grid1km_transit --out " + file("acc.gpkg").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("ptclasses " + ws().string() + " --date 2016-11-15 --out " + file("pt.gpkg").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("08222000"), std::string::npos) << r.out;  // Mannheim among the best served
}
