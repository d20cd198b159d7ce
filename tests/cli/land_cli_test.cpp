// The land verbs through the CLI on real data: the hand-made example site file on Rhein-Neckar
// (criteria, ranking, enquiry with a map file, balance, pool draft, report), the pool for the real
// Halle/Leipzig municipalities, and bad input that must leave the workspace unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "land/sites.hpp"
#include "store/workspace.hpp"
#include "support/test_support.hpp"

using namespace cityregions::test;
using json = nlohmann::json;

namespace {

const std::string kSource = CITYREGIONS_SOURCE_DIR;

// The Rhein-Neckar workspace with the example sites and their criteria, built through the CLI
// once by the first test that needs it; a failing step fails every test of the suite.
const TempDir& land_dir() {
  static Shared<TempDir> shared([] {
    auto dir = std::make_unique<TempDir>();
    const std::string ws = (*dir / "ws").string();
    for (const std::string& args :
         {"region create " + ws + " --name Rhein-Neckar",
          "import municipalities " + ws + " " + data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson").string() +
              " --key AGS --name GEN --population population_2019 --attribution BKG",
          "import osm " + ws + " " + data_path("rhein-neckar-rnv/rnv-highways.osm.pbf").string() + " --profile highways-only",
          "import gtfs " + ws + " " + data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip").string() + " --name rnv --attribution rnv",
          "grid " + ws + " --resolution 1000", "disaggregate " + ws + " --zones grid1km --column population",
          "sites import " + ws + " " + kSource + "/data/examples/sites-rhein-neckar.geojson --mapping " + kSource +
              "/data/examples/sites-mapping.toml",
          "sites criteria " + ws + " --stations " + data_path("de-db-stations/db-stations-5.0.2-data.ndjson").string() +
              " --stations-attribution 'DB InfraGO, CC BY 4.0' --depart 2016-11-15T07:00"})
      run_cli_ok("-q " + args);
    return dir;
  });
  return shared.get();
}

class LandCli : public ::testing::Test {
 protected:
  static std::string ws() { return (land_dir() / "ws").string(); }
  static std::filesystem::path path(const std::string& name) { return land_dir() / name; }
};

}  // namespace

TEST_F(LandCli, CriteriaAreShownAndStored) {
  const auto r = run_cli("sites show " + ws() + " MA-01 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  // What `sites show` prints is what the criteria stored.
  auto w = cityregions::Workspace::open(ws());
  const auto stored = cityregions::SiteInventory(w).get("MA-01");
  ASSERT_TRUE(stored);
  for (const char* c : {"motorway_car_min", "rail_car_min", "rail_walk_min", "pt_class", "pop_car_30", "pop_car_45",
                        "pop_transit_30", "pop_transit_45", "pop_1km", "core_car_min"}) {
    ASSERT_TRUE(j.contains(c)) << c;
    ASSERT_TRUE(stored->values.count(c)) << c;
    EXPECT_EQ(j[c].get<std::string>(), stored->values.at(c)) << c;
  }
  EXPECT_LT(std::stod(j["motorway_car_min"].get<std::string>()), 15);
  EXPECT_GT(std::stod(j["pop_car_30"].get<std::string>()), std::stod(j["pop_transit_30"].get<std::string>()));
  EXPECT_LE(std::stod(j["pop_car_30"].get<std::string>()), std::stod(j["pop_car_45"].get<std::string>()));
}

TEST_F(LandCli, RankExplainsEveryScore) {
  const auto r = run_cli("sites rank " + ws() + " --profile logistics --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["profile"], "logistics");
  EXPECT_FALSE(j["illustrative_sites"].get<bool>());
  EXPECT_EQ(j["ranked"].size() + j["excluded"].size(), 5u);
  double previous = 101;
  for (const auto& s : j["ranked"]) {
    double sum = 0;
    for (const auto& p : s["criteria"]) sum += p["points"].get<double>();
    EXPECT_NEAR(sum, s["score"].get<double>(), 0.05) << s["id"];  // the parts add up to the score
    EXPECT_LE(s["score"].get<double>(), previous);
    previous = s["score"].get<double>();
  }
  // HD-07 lies in a flood zone: logistics excludes it and says so.
  bool hd = false;
  for (const auto& e : j["excluded"])
    if (e["id"] == "HD-07") {
      hd = true;
      EXPECT_NE(e["reasons"].dump().find("flood zone must be no"), std::string::npos) << e.dump();
    }
  EXPECT_TRUE(hd);
  const auto text = run_cli("sites rank " + ws() + " --profile automotive");
  EXPECT_NE(text.out.find("points"), std::string::npos);
  EXPECT_NE(text.out.find("DB InfraGO"), std::string::npos);  // attribution of the stations
}

TEST_F(LandCli, EnquiryWritesAMapFile) {
  const std::string out = path("enquiry.geojson").string();
  const auto r = run_cli("enquiry " + ws() + " --min-ha 50 --max-motorway-min 10 --rail --profile logistics --json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_FALSE(j["ranked"].empty()) << r.out;  // an enquiry that excludes every site must not pass
  for (const auto& s : j["ranked"]) EXPECT_TRUE(s["id"] == "MA-01" || s["id"] == "LU-03") << s["id"];  // ≥ 50 ha with a siding
  const auto fc = json::parse(read_file(out));
  ASSERT_EQ(fc["features"].size(), 5u);
  size_t ranked = 0;
  bool weinheim = false;
  for (const auto& f : fc["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "MultiPolygon");
    ranked += f["properties"]["status"] == "ranked";
    if (f["properties"]["site_id"] == "WEI-02") {
      weinheim = true;
      EXPECT_EQ(f["properties"]["status"], "excluded");
      EXPECT_NE(f["properties"]["explanation"].get<std::string>().find("rail siding must be existing or possible — is none"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(weinheim);
  EXPECT_EQ(ranked, j["ranked"].size());
}

TEST_F(LandCli, BalanceAndDraftAndReport) {
  auto r = run_cli("sites balance " + ws() + " --demand logistics=10 --demand general=5 --years 10 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto b = json::parse(r.out);
  EXPECT_NEAR(b["region"]["total_ha"].get<double>(), 285.9, 0.5);
  EXPECT_NEAR(b["demand_ha"].get<double>(), 150, 1e-9);
  EXPECT_EQ(b["municipalities"].size(), 5u);
  const std::string scenario = path("pool.toml").string();
  r = run_cli("pool draft " + ws() + " --out " + scenario);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string draft = read_file(scenario);
  for (const char* id : {"MA-01", "HD-07", "LU-03", "WEI-02", "SCH-05"}) EXPECT_NE(draft.find(id), std::string::npos) << id;
  r = run_cli("pool simulate " + ws() + " --scenario " + scenario + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto p = json::parse(r.out);
  ASSERT_EQ(p["members"].size(), 5u);
  double shares = 0;
  for (const auto& m : p["members"]) {
    shares += m["share"].get<double>();
    EXPECT_GT(m["capital"].get<double>(), 0) << m["key"];  // each municipality brings its site
  }
  EXPECT_NEAR(shares, 1.0, 1e-9);
  const std::string out = path("report").string();
  r = run_cli("report " + ws() + " --out " + out + " --scenario " + scenario + " --demand logistics=10 --pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(out + "/report.pdf").substr(0, 5), "%PDF-");  // printed by headless chromium
  const std::string html = read_file(out + "/index.html");
  for (const char* part : {"Site inventory", "Regional land balance", "Marketability by sector", "Land pool over 20 years",
                           "pool_shares.svg", "pool_revenue.svg", "land_by_availability.svg", "site_map.svg", "Friesenheimer Insel",
                           "© OpenStreetMap contributors"})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  EXPECT_EQ(html.find("Illustrative sites."), std::string::npos);  // a planners' file is not illustrative
  EXPECT_NE(read_file(out + "/pool_revenue.svg").find("<svg"), std::string::npos);
}

TEST_F(LandCli, BadInputLeavesTheWorkspaceUnchanged) {
  const auto before = fingerprint(path("ws"));
  auto r = run_cli("sites criteria " + ws() + " --core 99999999");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--core: no municipality with key '99999999'"), std::string::npos) << r.err;
  write_file(path("bad.toml"), "name = \"bad\"\n[[criterion]]\nfield = \"rail_siding\"\nweight = 1\nscores = { maybe = 1 }\n");
  r = run_cli("sites rank " + ws() + " --profile " + path("bad.toml").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.toml:criterion 1: field 'value': 'maybe' is not one of existing, possible, none"), std::string::npos)
      << r.err;
  r = run_cli("sites balance " + ws() + " --demand logistics");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--demand: expected profile=hectares per year"), std::string::npos);
  r = run_cli("enquiry " + ws() + " --available tomorrow");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("tomorrow"), std::string::npos) << r.err;
  EXPECT_EQ(fingerprint(path("ws")), before);
}

TEST(LandPoolCli, HalleLeipzigMunicipalities) {
  TempDir dir;
  const std::string ws = (dir / "ws").string();
  for (const std::string& args :
       {"region create " + ws + " --name Halle/Leipzig",
        "import municipalities " + ws + " " +
            data_path("de-vg5000-gemeinden-2021/vg5000_gem_leipzig_halle_region_wgs84.geojson").string() +
            " --key AGS --name GEN --population population_2019 --attribution BKG",
        "import stats " + ws + " " + (data_path("..") / "research/halle_leipzig_municipalities_gv2020.csv").string() + " --key ags"}) {
    const auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  }
  const auto r = run_cli("pool simulate " + ws + " --scenario " + kSource + "/data/pool/halle-leipzig.toml --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_EQ(j["members"].size(), 8u);
  double shares = 0;
  for (const auto& m : j["members"]) shares += m["share"].get<double>();
  EXPECT_NEAR(shares, 1.0, 1e-9);
  EXPECT_EQ(j["members"][0]["name"], "Leipzig");      // names come from the workspace
  EXPECT_EQ(j["members"][1]["name"], "Halle (Saale)");
  // Markkleeberg brings only cash: nothing alone, a share of everything in the pool.
  EXPECT_EQ(j["members"][7]["total_alone"].get<double>(), 0);
  EXPECT_GT(j["members"][7]["total_pool"].get<double>(), 0);
  // Risk sharing: the pool narrows Leuna's spread across sale timings.
  const auto& leuna = j["members"][4];
  EXPECT_LT(leuna["pool_p90"].get<double>() - leuna["pool_p10"].get<double>(),
            leuna["alone_p90"].get<double>() - leuna["alone_p10"].get<double>());
}
