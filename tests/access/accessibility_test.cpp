// Accessibility: indicators by hand, totals kept by the disaggregation, and the indicators
// consistent with the travel-time matrix of the same zones.
#include "access/indicators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "network/matrix.hpp"
#include "network/osm_fixture.hpp"
#include "region/accessibility.hpp"
#include "region/networks.hpp"
#include "core/error.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(Indicators, ComputedByHand) {
  // Four destinations: 10, 25 and 50 minutes away, and one not reached.
  const std::vector<int32_t> seconds{600, 1500, 3000, kUnreached};
  const std::vector<double> opportunities{100, 200, 400, 800};
  IndicatorSpec cumulative;
  cumulative.minutes = {10, 30, 60};
  EXPECT_EQ(fold_indicators(seconds, opportunities, cumulative), (std::vector<double>{100, 300, 700}));
  EXPECT_EQ(indicator_columns("jobs", cumulative), (std::vector<std::string>{"jobs_10min", "jobs_30min", "jobs_60min"}));

  IndicatorSpec exp_decay;
  exp_decay.kind = IndicatorSpec::Kind::gravity;
  exp_decay.beta = 0.1;
  exp_decay.max_minutes = 45;  // the 50-minute destination is left out
  EXPECT_NEAR(fold_indicators(seconds, opportunities, exp_decay)[0], 100 * std::exp(-1.0) + 200 * std::exp(-2.5), 1e-9);
  IndicatorSpec power = exp_decay;
  power.decay = "power";
  power.beta = 2;
  power.max_minutes = 120;
  EXPECT_NEAR(fold_indicators(seconds, opportunities, power)[0], 100 / 100.0 + 200 / 625.0 + 400 / 2500.0, 1e-12);
  EXPECT_EQ(indicator_columns("population", power)[0], "population_gravity_power_2");
}

namespace {
struct Demo {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  Demo() {
    import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                          {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
    import_osm(ws, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
    create_grid(ws, 1000);
  }
};
}  // namespace

TEST(Accessibility, GridAndDisaggregationKeepMunicipalityTotals) {
  Demo d;
  const auto zones = load_zones(d.ws, "grid1km");
  EXPECT_GT(zones.size(), 1700u);
  EXPECT_TRUE(zones[0].id.starts_with("CRS3035RES1000mN"));
  const auto r = disaggregate(d.ws, "grid1km", "population");
  EXPECT_EQ(r.municipalities, 84u);
  EXPECT_TRUE(r.without_cells.empty());
  EXPECT_NEAR(r.total, 1451185, 1e-6);
  std::map<std::string, double> sums;
  auto st = d.ws.db().prepare("SELECT municipality, population FROM grid1km");
  while (st.step()) sums[st.text(0)] += st.real(1);
  for (const auto& m : load_municipalities(d.ws)) EXPECT_NEAR(sums[m.key], static_cast<double>(*m.population), 1e-6) << m.key;
  // Cells without streets hold nobody where the municipality has streets elsewhere.
  auto empty = d.ws.db().prepare("SELECT count(*) FROM grid1km WHERE population = 0");
  empty.step();
  EXPECT_GT(empty.int64(0), 0);
}

TEST(Accessibility, CumulativeEqualsCountOfMatrixEntriesWithinTheLimit) {
  Demo d;
  disaggregate(d.ws, "grid1km", "population");
  const auto zones = load_zones(d.ws, "grid1km");
  std::vector<double> population;
  auto st = d.ws.db().prepare("SELECT population FROM grid1km ORDER BY fid");
  while (st.step()) population.push_back(st.real(0));
  for (Mode mode : kStreetModes) {
    AccessRequest rq;
    rq.mode = std::string(mode_name(mode));
    rq.indicator.minutes = {15, 30};
    const auto run = run_accessibility(d.ws, rq, false);
    // The plain matrix (one Dijkstra per origin) between the same located zones.
    const auto net = load_street_network(d.ws, mode);
    std::vector<Location> located;
    std::vector<size_t> index;
    for (size_t i = 0; i < zones.size(); ++i)
      if (auto loc = net.try_locate(zones[i].centre, 500)) located.push_back(*loc), index.push_back(i);
    ASSERT_EQ(located.size(), run.placed);
    std::mt19937 rng(4);
    std::vector<Location> sample;
    std::vector<size_t> sample_zone;
    for (int k = 0; k < 12; ++k) {
      const size_t i = rng() % located.size();
      sample.push_back(located[i]);
      sample_zone.push_back(index[i]);
    }
    const auto m = travel_matrix(net, sample, located, kNone, false);
    for (size_t s = 0; s < sample.size(); ++s) {
      double within15 = 0, within30 = 0;
      for (size_t j = 0; j < located.size(); ++j) {
        const uint32_t ms = m.at(s, j).time_ms;
        if (ms == kNone) continue;
        const uint32_t secs = (ms + 500) / 1000;  // indicators count whole seconds
        if (secs <= 15 * 60) within15 += population[index[j]];
        if (secs <= 30 * 60) within30 += population[index[j]];
      }
      EXPECT_NEAR(run.result.at(sample_zone[s], 0), within15, 1e-6) << mode_name(mode);
      EXPECT_NEAR(run.result.at(sample_zone[s], 1), within30, 1e-6) << mode_name(mode);
    }
  }
  // Running again replaces the layer.
  AccessRequest again;
  again.mode = "car";
  again.indicator.minutes = {10};
  run_accessibility(d.ws, again, false);
  // Stored as a layer with the grid's geometry, and a table of means per municipality: by hand,
  // Σ population × value / Σ population over the municipality's cells that have a value.
  std::map<std::string, std::pair<double, double>> by_hand;  // key → (Σ p·v, Σ p)
  std::map<std::string, std::pair<double, double>> unweighted;  // key → (Σ v, count)
  auto cells = d.ws.db().prepare(
      "SELECT a.municipality, g.population, a.population_10min FROM access_grid1km_car a JOIN grid1km g ON g.cell_id = a.zone_id "
      "WHERE a.population_10min IS NOT NULL AND g.population > 0");
  while (cells.step()) {
    auto& h = by_hand[cells.text(0)];
    h.first += cells.real(1) * cells.real(2);
    h.second += cells.real(1);
    auto& u = unweighted[cells.text(0)];
    u.first += cells.real(2);
    u.second += 1;
  }
  ASSERT_GT(by_hand.size(), 40u);  // the others have no populated cell near the highways-only network
  size_t rows = 0, weighting_matters = 0;
  auto means = d.ws.db().prepare("SELECT key, weight, population_10min FROM access_grid1km_car_by_municipality");
  while (means.step()) {
    ++rows;
    const auto it = by_hand.find(means.text(0));
    if (it == by_hand.end()) {
      EXPECT_EQ(means.real(1), 0) << means.text(0);
      continue;
    }
    const double mean = it->second.first / it->second.second;
    EXPECT_NEAR(means.real(1), it->second.second, 1e-6 * it->second.second) << means.text(0);
    EXPECT_NEAR(means.real(2), mean, 1e-6 * mean + 1e-6) << means.text(0);
    const auto& u = unweighted[means.text(0)];
    weighting_matters += std::abs(u.first / u.second - mean) > 0.01 * mean;
  }
  EXPECT_EQ(rows, 84u);
  EXPECT_GT(weighting_matters, 10u);  // an unweighted mean would differ in many municipalities
  const auto info = d.ws.info();
  EXPECT_NE(std::find(info.layers.begin(), info.layers.end(), "access_grid1km_walk"), info.layers.end());
}

TEST(Indicators, NearestAndTwoStepFloatingCatchmentByHand) {
  IndicatorSpec nearest;
  nearest.kind = IndicatorSpec::Kind::nearest;
  EXPECT_DOUBLE_EQ(fold_indicators({900, 300, kUnreached}, {0, 0, 0}, nearest)[0], 5.0);
  EXPECT_TRUE(std::isnan(fold_indicators({kUnreached}, {0}, nearest)[0]));
  // Zone 0 reaches facility 0, zone 1 both, zone 2 facility 1.
  // R0 = 30 / (100 + 200) = 0.1, R1 = 50 / (200 + 300) = 0.1 → A = 0.1, 0.2, 0.1.
  const auto a = two_step_floating_catchment({{0}, {0, 1}, {1}}, {100, 200, 300}, {30, 50});
  ASSERT_EQ(a.size(), 3u);
  EXPECT_DOUBLE_EQ(a[0], 0.1);
  EXPECT_DOUBLE_EQ(a[1], 0.2);
  EXPECT_DOUBLE_EQ(a[2], 0.1);
  // Supply is conserved: Σ demand × A = Σ supply when every facility is reached.
  EXPECT_DOUBLE_EQ(100 * a[0] + 200 * a[1] + 300 * a[2], 80);
}

TEST(Accessibility, FacilitiesBatchComparisonAndCensusGrid) {
  Demo d;
  disaggregate(d.ws, "grid1km", "population");
  // Two facilities on the network (Mannheim Paradeplatz, Heidelberg Bismarckplatz) and one far away.
  write_file(d.dir / "fac.csv", "id,lat,lon,places\npp,49.4875,8.4660,100\nbp,49.4094,8.6931,50\nberlin,52.52,13.40,999\n");
  write_file(d.dir / "runs.toml",
             "[[run]]\nmode = \"car\"\nindicator = \"nearest\"\nfacilities = \"" + (d.dir / "fac.csv").string() +
                 "\"\nname = \"near\"\n\n[[run]]\nmode = \"car\"\nindicator = \"2sfca\"\nhorizon = 20\nfacilities = \"" +
                 (d.dir / "fac.csv").string() + "\"\ncapacity = \"places\"\nname = \"places\"\n");
  const auto runs = load_access_config(d.dir / "runs.toml");
  ASSERT_EQ(runs.size(), 2u);
  const auto near = run_accessibility(d.ws, runs[0], false);
  EXPECT_EQ(near.facilities, 2u);
  EXPECT_EQ(near.facilities_outside, 1u);
  // The zone holding Paradeplatz is minutes from it.
  double best = 1e9;
  for (size_t z = 0; z < near.zones; ++z)
    if (near.result.values[z]) best = std::min(best, *near.result.values[z]);
  EXPECT_LT(best, 3);
  const auto places = run_accessibility(d.ws, runs[1], false);
  // Every place is shared out: Σ population × places per person = places of the facilities reached.
  std::vector<double> population;
  auto st = d.ws.db().prepare("SELECT population FROM grid1km ORDER BY fid");
  while (st.step()) population.push_back(st.real(0));
  double shared = 0;
  for (size_t z = 0; z < places.zones; ++z) shared += population[z] * places.result.values[z].value_or(0);
  EXPECT_NEAR(shared, 150, 1e-6);
  // Difference of two runs, matched by zone.
  AccessRequest base, scenario;
  base.mode = scenario.mode = "car";
  base.indicator.minutes = {20};
  scenario.indicator.minutes = {20};
  base.layer = "base";
  scenario.layer = "scenario";
  scenario.max_snap_m = 300;  // fewer zones placed: their values become empty
  const auto b = run_accessibility(d.ws, base, false);
  run_accessibility(d.ws, scenario, false);
  const auto diff = compare_layers(d.ws, "base", "scenario", "");
  EXPECT_EQ(diff.layer, "diff_scenario_minus_base");
  EXPECT_EQ(diff.zones, b.zones);
  EXPECT_EQ(diff.columns, std::vector<std::string>{"population_20min"});
  // The scenario places fewer zones: it reaches less (never more); zones it does not place are empty.
  auto counts = d.ws.db().prepare(
      "SELECT sum(population_20min > 1e-6), sum(population_20min < 0), sum(population_20min IS NULL) "
      "FROM diff_scenario_minus_base");
  counts.step();
  EXPECT_EQ(counts.int64(0), 0);
  EXPECT_GT(counts.int64(1), 0);
  EXPECT_GT(counts.int64(2), 0);
  EXPECT_THROW(compare_layers(d.ws, "base", "grid1km", ""), Error);
  // A census grid by INSPIRE and GEOSTAT ids.
  const auto zones = load_zones(d.ws, "grid1km");
  const std::string inspire = zones[0].id;
  const auto n = inspire.find("mN") + 1, e = inspire.find('E', n);  // …1000mN2896000E4238000
  const std::string geostat = "1kmN" + inspire.substr(n + 1, e - n - 4) + "E" + inspire.substr(e + 1, inspire.size() - e - 4);
  write_file(d.dir / "census.csv", "cell;inhabitants\n" + inspire + ";10\n" + geostat + ";5\nCRS3035RES1000mN1E1;7\n");
  const auto g = import_grid_values(d.ws, d.dir / "census.csv", 1000, "census", "cell", "inhabitants");
  EXPECT_EQ(g.rows, 3u);
  EXPECT_EQ(g.matched, 1u);  // both ids name the same cell: 10 + 5
  EXPECT_DOUBLE_EQ(g.total, 15);
  EXPECT_EQ(g.outside, 1u);
  write_file(d.dir / "bad.csv", "cell;inhabitants\nnot-a-cell;10\n");
  EXPECT_THROW(import_grid_values(d.ws, d.dir / "bad.csv", 1000, "census", "cell", "inhabitants"), Error);
}

TEST(Accessibility, TinyGridComputedByHand) {
  // Three 1 km cells in a row (EPSG:3035), one municipality exactly around them, one straight
  // street through the cell centres; 100, 200 and 300 inhabitants from a census grid.
  TempDir dir;
  const Projection laea(3035);
  const double n0 = 2950000, e0 = 4200000;
  auto ll = [&](double e, double n) { return laea.inverse({e, n}); };
  char poly[512];
  const LonLat a = ll(e0, n0), b = ll(e0 + 3000, n0), c = ll(e0 + 3000, n0 + 1000), d = ll(e0, n0 + 1000);
  std::snprintf(poly, sizeof poly,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"k":"1","n":"Row"},"geometry":{"type":"Polygon","coordinates":[[[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f]]]}}]})",
                a.lon, a.lat, b.lon, b.lat, c.lon, c.lat, d.lon, d.lat, a.lon, a.lat);
  write_file(dir / "m.geojson", poly);
  OsmFixture street;
  for (int i = 0; i < 3; ++i) {
    const LonLat p = ll(e0 + 500 + 1000 * i, n0 + 500);
    street.node(i + 1, p.lat, p.lon);
  }
  street.way(1, {1, 2, 3}, {{"highway", "residential"}});
  street.write(dir / "street.osm");
  auto ws = Workspace::create(dir / "ws", "Tiny", 3035);
  import_municipalities(ws, dir / "m.geojson", {"k", "n", std::nullopt, std::nullopt, std::nullopt, ""});
  import_osm(ws, dir / "street.osm", default_profile(), false);
  const auto cells = create_grid(ws, 1000);
  ASSERT_EQ(cells.size(), 3u);
  write_file(dir / "census.csv", "cell,people\n" + grid_cell_id(1000, n0, e0) + ",100\n" + grid_cell_id(1000, n0, e0 + 1000) +
                                     ",200\n" + grid_cell_id(1000, n0, e0 + 2000) + ",300\n");
  EXPECT_EQ(import_grid_values(ws, dir / "census.csv", 1000, "population", "cell", "people").matched, 3u);
  AccessRequest rq;
  rq.mode = "walk";
  rq.indicator.minutes = {10, 15, 30};  // neighbours are 1 km = 12 minutes apart at 5 km/h
  const auto run = run_accessibility(ws, rq, false);
  ASSERT_EQ(run.placed, 3u);
  std::map<std::string, std::vector<double>> by_cell;
  for (size_t z = 0; z < run.zones; ++z)
    for (size_t col = 0; col < 3; ++col) by_cell[run.zone_ids[z]].push_back(run.result.at(z, col));
  EXPECT_EQ(by_cell[grid_cell_id(1000, n0, e0)], (std::vector<double>{100, 300, 600}));
  EXPECT_EQ(by_cell[grid_cell_id(1000, n0, e0 + 1000)], (std::vector<double>{200, 600, 600}));
  EXPECT_EQ(by_cell[grid_cell_id(1000, n0, e0 + 2000)], (std::vector<double>{300, 500, 600}));
  // Gravity by hand: e^(−0.1 · 12) for each neighbour 12 minutes away, 24 for the far one.
  rq.indicator = {};
  rq.indicator.kind = IndicatorSpec::Kind::gravity;
  rq.indicator.beta = 0.1;
  const auto g = run_accessibility(ws, rq, false);
  bool found = false;
  for (size_t z = 0; z < g.zones; ++z)
    if (g.zone_ids[z] == grid_cell_id(1000, n0, e0)) {
      found = true;
      EXPECT_NEAR(g.result.at(z, 0), 100 + 200 * std::exp(-1.2) + 300 * std::exp(-2.4), 2.0);
    }
  EXPECT_TRUE(found);
}

TEST(Accessibility, TimeToTheNearestMotorwayJunction) {
  Demo d;
  auto n = d.ws.db().prepare("SELECT count(*) FROM motorway_junctions");
  n.step();
  EXPECT_EQ(n.int64(0), 146);  // highway=motorway_junction nodes of the extract
  AccessRequest rq;
  rq.mode = "car";
  rq.indicator.kind = IndicatorSpec::Kind::nearest;
  rq.facilities = "motorway_junctions";
  const auto run = run_accessibility(d.ws, rq, false);
  EXPECT_EQ(run.columns, std::vector<std::string>{"motorway_junctions_nearest_min"});
  size_t within10 = 0, valued = 0;
  for (size_t z = 0; z < run.zones; ++z)
    if (const auto& v = run.result.values[z]) {
      ++valued;
      within10 += *v <= 10;
    }
  EXPECT_GT(valued, 700u);
  EXPECT_GT(within10, valued / 2);  // a dense motorway net: most cells reach a junction within 10 min
}
