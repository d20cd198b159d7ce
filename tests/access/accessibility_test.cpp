// Accessibility: indicators by hand, totals kept by the disaggregation, and the indicators
// consistent with the travel-time matrix of the same zones.
#include "access/indicators.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "network/matrix.hpp"
#include "region/accessibility.hpp"
#include "region/networks.hpp"
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
  EXPECT_NO_THROW(run_accessibility(d.ws, again, false));
  // Stored as a layer with the grid's geometry, and a table of means per municipality.
  EXPECT_TRUE(d.ws.db().table_exists("access_grid1km_car"));
  EXPECT_TRUE(d.ws.db().table_exists("access_grid1km_car_by_municipality"));
  const auto info = d.ws.info();
  EXPECT_NE(std::find(info.layers.begin(), info.layers.end(), "access_grid1km_walk"), info.layers.end());
}
