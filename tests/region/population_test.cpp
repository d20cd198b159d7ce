// Population on the grid and municipality centres: class-weighted streets (no motorways), cells
// beyond the network reported and filled evenly, totals kept; centres from the file, the grid,
// an OSM place or the polygon. Hand-made inputs first, then the Rhein-Neckar figures of issue 13.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "access/grid.hpp"
#include "access/population_weights.hpp"
#include "core/error.hpp"
#include "core/geo.hpp"
#include "region/accessibility.hpp"
#include "region/centres.hpp"
#include "region/networks.hpp"
#include "region/osm_land.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(PopulationWeights, ResidentialStreetsCountMotorwaysDoNot) {
  EXPECT_EQ(street_weight(RoadClass::residential), 1.0);
  EXPECT_EQ(street_weight(RoadClass::living_street), 1.0);
  EXPECT_EQ(street_weight(RoadClass::motorway), 0.0);
  EXPECT_EQ(street_weight(RoadClass::motorway_link), 0.0);
  EXPECT_EQ(street_weight(RoadClass::trunk), 0.0);
  EXPECT_EQ(street_weight(RoadClass::trunk_link), 0.0);
  EXPECT_GT(street_weight(RoadClass::tertiary), street_weight(RoadClass::primary));
  EXPECT_TRUE(residential_building("house"));
  EXPECT_TRUE(residential_building("yes"));
  EXPECT_FALSE(residential_building("industrial"));
  EXPECT_FALSE(residential_building("garage"));
  EXPECT_TRUE(commercial_road_name("Industriestraße"));
  EXPECT_TRUE(commercial_road_name("Im Gewerbegebiet"));
  EXPECT_FALSE(commercial_road_name("Hauptstraße"));

  // Two ways in different 100 m cells: a motorway and a residential street; a building; a
  // residential area of 200 m × 100 m.
  const Projection laea(3035);
  OsmRoads roads;
  auto node = [&](double e, double n) {
    roads.node_coords.push_back(FixedLonLat::from(laea.inverse({e, n})));
    return static_cast<uint32_t>(roads.node_coords.size() - 1);
  };
  for (auto [e0, road] : {std::pair{4200010.0, RoadClass::residential}, std::pair{4201010.0, RoadClass::motorway}}) {
    OsmRoads::Way w{1, static_cast<uint32_t>(roads.way_nodes.size()), 2, {}};
    roads.way_nodes.push_back(node(e0, 2900050));
    roads.way_nodes.push_back(node(e0 + 80, 2900050));
    w.rule[static_cast<int>(Mode::car)] = {true, true, 0, road, {0, 0}, AreaTag::none, false};
    roads.ways.push_back(w);
  }
  OsmLand land;
  land.buildings.push_back({laea.inverse({4200310, 2900310}), laea.inverse({4200330, 2900310}), laea.inverse({4200330, 2900320}),
                            laea.inverse({4200310, 2900320}), laea.inverse({4200310, 2900310})});
  land.residential.push_back({laea.inverse({4202000, 2900000}), laea.inverse({4202200, 2900000}),
                              laea.inverse({4202200, 2900100}), laea.inverse({4202000, 2900100}),
                              laea.inverse({4202000, 2900000})});
  const auto cells = population_weight_cells(roads, land);
  const auto at = [&](int64_t e, int64_t n) { return cells.at(weight_cell_key(e / 100, n / 100)); };
  EXPECT_NEAR(at(4200000, 2900000).street_m, 80, 0.5);
  EXPECT_NEAR(at(4200000, 2900000).any_m, 80, 0.5);
  EXPECT_EQ(at(4201000, 2900000).street_m, 0);
  EXPECT_NEAR(at(4201000, 2900000).any_m, 80, 0.5);
  EXPECT_NEAR(at(4200300, 2900300).building_m2, 200, 2);
  EXPECT_NEAR(at(4202000, 2900000).landuse_m2, 10000, 1);
  EXPECT_NEAR(at(4202100, 2900000).landuse_m2, 10000, 1);
}

namespace {
// One municipality of 10 km × 3 km (EPSG:3035 4,200,000–4,210,000 E, 2,900,000–2,903,000 N).
struct Small {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "small", std::nullopt);
  Projection laea{3035};
  Small() {
    std::string ring;
    for (auto [e, n] : {std::pair{4200000.0, 2900000.0}, {4210000.0, 2900000.0}, {4210000.0, 2903000.0}, {4200000.0, 2903000.0},
                        {4200000.0, 2900000.0}}) {
      const LonLat p = laea.inverse({e, n});
      ring += (ring.empty() ? "" : ",") + std::string("[") + std::to_string(p.lon) + "," + std::to_string(p.lat) + "]";
    }
    write_file(dir / "m.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key":"01","name":"Musterstadt","pop":30000},"geometry":{"type":"Polygon","coordinates":[[)" +
                                     ring + "]]}}]}");
    import_municipalities(ws, dir / "m.geojson", {"key", "name", "pop", std::nullopt, std::nullopt, ""});
    create_grid(ws, 1000);
  }
  void weights(const WeightCells& cells) {
    Transaction tx(ws.db());
    store_population_weights(ws.db(), cells);
    tx.commit();
  }
  std::map<std::string, double> population() {
    std::map<std::string, double> out;
    auto st = ws.db().prepare("SELECT cell_id, population FROM grid1km");
    while (st.step()) out[st.text(0)] = st.real(1);
    return out;
  }
};
std::string cell(double e, double n) { return grid_cell_id(1000, n, e); }
}  // namespace

TEST(Population, StreetsWithoutMotorwaysAndUncoveredCellsReported) {
  Small s;
  ASSERT_EQ(load_zones(s.ws, "grid1km").size(), 30u);
  WeightCells w;
  w[weight_cell_key(42000, 29000)] = {1000, 1000, 0, 0};  // residential street
  w[weight_cell_key(42010, 29000)] = {0, 500, 0, 0};      // motorway only
  s.weights(w);
  const auto r = disaggregate(s.ws, "grid1km", "population");
  EXPECT_EQ(r.by_street_length, 1u);
  // Covered: the cells within 2 km of a way, i.e. the first three columns of the lower two rows.
  ASSERT_EQ(r.partly_uncovered.size(), 1u);
  EXPECT_NEAR(r.partly_uncovered[0].uncovered_share, 24.0 / 30, 1e-12);
  EXPECT_NEAR(r.uncovered, 24000, 1e-6);
  auto pop = s.population();
  EXPECT_NEAR(pop[cell(4200000, 2900000)], 6000, 1e-6);  // all the covered share on the street
  EXPECT_EQ(pop[cell(4201000, 2900000)], 0);              // the motorway attracts nobody
  EXPECT_EQ(pop[cell(4202000, 2901000)], 0);
  EXPECT_NEAR(pop[cell(4205000, 2901000)], 1000, 1e-6);   // beyond the network: evenly
  EXPECT_NEAR(pop[cell(4200000, 2902000)], 1000, 1e-6);
  double total = 0;
  for (const auto& [id, v] : pop) total += v;
  EXPECT_NEAR(total, 30000, 1e-6);
  EXPECT_NEAR(r.max_density_km2, 6000, 1e-6);
  EXPECT_EQ(r.max_density_cell, cell(4200000, 2900000));
}

TEST(Population, PartlyCoveredGetsThePeoplePerStreetMetreOfTheFullyCovered) {
  // A: 2 km × 1 km, fully covered, 2,000 people on 2,000 m of street (1 per metre). B: 10 km × 1 km
  // east of it, 10,000 people, 500 m of street in its first cell; its 8 cells beyond 2 km of a
  // way are uncovered.
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "two", std::nullopt);
  const Projection laea(3035);
  auto ring = [&](double e0, double e1) {
    std::string out;
    for (auto [e, n] : {std::pair{e0, 2900000.0}, {e1, 2900000.0}, {e1, 2901000.0}, {e0, 2901000.0}, {e0, 2900000.0}}) {
      const LonLat p = laea.inverse({e, n});
      out += (out.empty() ? "" : ",") + std::string("[") + std::to_string(p.lon) + "," + std::to_string(p.lat) + "]";
    }
    return out;
  };
  write_file(dir / "m.geojson",
             R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key":"A","name":"A","pop":2000},"geometry":{"type":"Polygon","coordinates":[[)" +
                 ring(4200000, 4202000) +
                 R"(]]}},{"type":"Feature","properties":{"key":"B","name":"B","pop":10000},"geometry":{"type":"Polygon","coordinates":[[)" +
                 ring(4202000, 4212000) + "]]}}]}");
  import_municipalities(ws, dir / "m.geojson", {"key", "name", "pop", std::nullopt, std::nullopt, ""});
  create_grid(ws, 1000);
  WeightCells w;
  w[weight_cell_key(42000, 29000)] = {1000, 1000, 0, 0};
  w[weight_cell_key(42010, 29000)] = {1000, 1000, 0, 0};
  w[weight_cell_key(42020, 29000)] = {500, 500, 0, 0};
  {
    Transaction tx(ws.db());
    store_population_weights(ws.db(), w);
    tx.commit();
  }
  const auto r = disaggregate(ws, "grid1km", "population");
  std::map<std::string, double> pop;
  auto st = ws.db().prepare("SELECT cell_id, population FROM grid1km");
  while (st.step()) pop[st.text(0)] = st.real(1);
  EXPECT_NEAR(pop[cell(4200000, 2900000)], 1000, 1e-6);
  EXPECT_NEAR(pop[cell(4202000, 2900000)], 500, 1e-6);  // 500 m × 1 person per metre
  EXPECT_EQ(pop[cell(4203000, 2900000)], 0);  // within 2 km of B's street: covered, but no street of its own
  EXPECT_NEAR(pop[cell(4204000, 2900000)], 9500 / 8.0, 1e-6);
  EXPECT_NEAR(pop[cell(4211000, 2900000)], 9500 / 8.0, 1e-6);
  ASSERT_EQ(r.partly_uncovered.size(), 1u);
  EXPECT_EQ(r.partly_uncovered[0].key, "B");
  EXPECT_NEAR(r.partly_uncovered[0].uncovered_share, 0.8, 1e-12);
  EXPECT_NEAR(r.partly_uncovered[0].people, 9500, 1e-6);
  EXPECT_NEAR(r.uncovered, 9500, 1e-6);
}

TEST(Population, BuildingsBeforeLandUseBeforeStreets) {
  Small s;
  WeightCells w;
  w[weight_cell_key(42000, 29000)] = {1000, 1000, 0, 5000};  // streets and residential land
  w[weight_cell_key(42010, 29000)] = {3000, 3000, 0, 0};
  w[weight_cell_key(42020, 29010)] = {0, 100, 0, 15000};
  s.weights(w);
  auto r = disaggregate(s.ws, "grid1km", "population");
  EXPECT_EQ(r.by_landuse, 1u);
  auto pop = s.population();
  double covered = 0;
  for (const auto& [id, v] : pop) covered += v;
  // Covered cells: columns 0–4 of rows 0–1 and 0–4 of row 2 near the third way → by land use 1 : 3.
  EXPECT_NEAR(pop[cell(4202000, 2901000)], 3 * pop[cell(4200000, 2900000)], 1e-6);
  EXPECT_EQ(pop[cell(4201000, 2900000)], 0);
  w[weight_cell_key(42010, 29000)].building_m2 = 400;
  s.weights(w);
  r = disaggregate(s.ws, "grid1km", "population");
  EXPECT_EQ(r.by_buildings, 1u);
  pop = s.population();
  EXPECT_EQ(pop[cell(4200000, 2900000)], 0);
  EXPECT_GT(pop[cell(4201000, 2900000)], 0);
  EXPECT_NEAR(covered, 30000, 1e-6);
}

TEST(Centres, FileThenGridThenPlaceThenInside) {
  Small s;
  const LonLat inside = load_municipalities(s.ws)[0].centre;
  // No grid population, no place: the point inside.
  auto r = update_centres(s.ws);
  EXPECT_EQ(r.municipalities[0].source, "inside");
  EXPECT_NEAR(haversine_m(r.municipalities[0].after, inside), 0, 1);
  // An OSM place of the same name inside the polygon (a town beats a village; another name is ignored).
  const LonLat town = s.laea.inverse({4208200, 2901500}), village = s.laea.inverse({4203000, 2901500});
  OsmLand land;
  land.places = {{"Musterstadt", "village", village}, {"Musterstadt", "town", town}, {"Anderswo", "city", inside}};
  {
    Transaction tx(s.ws.db());
    store_osm_land(s.ws.db(), land);
    tx.commit();
  }
  r = update_centres(s.ws);
  EXPECT_EQ(r.municipalities[0].source, "place");
  EXPECT_NEAR(haversine_m(r.municipalities[0].after, town), 0, 1);
  // A population grid: its weighted centre.
  WeightCells w;
  w[weight_cell_key(42000, 29000)] = {1000, 1000, 0, 0};
  s.weights(w);
  disaggregate(s.ws, "grid1km", "population");
  r = update_centres(s.ws);
  EXPECT_EQ(r.municipalities[0].source, "grid");
  EXPECT_EQ(r.grid_layer, "grid1km");
  {
    double x = 0, y = 0, sum = 0;
    auto st = s.ws.db().prepare("SELECT centre_lon, centre_lat, population FROM grid1km");
    while (st.step()) {
      const XY p = s.laea.forward(LonLat{st.real(0), st.real(1)});
      x += p.x * st.real(2), y += p.y * st.real(2), sum += st.real(2);
    }
    EXPECT_NEAR(haversine_m(r.municipalities[0].after, s.laea.inverse({x / sum, y / sum})), 0, 1);
  }
  EXPECT_NEAR(haversine_m(load_municipalities(s.ws)[0].centre, r.municipalities[0].after), 0, 0.01);
  // A file (by name) overrides, and is kept by later updates.
  const LonLat given = s.laea.inverse({4201234, 2902345});
  write_file(s.dir / "centres.csv", "id,lat,lon\nMusterstadt," + std::to_string(given.lat) + "," + std::to_string(given.lon) + "\n");
  r = update_centres(s.ws, (s.dir / "centres.csv").string());
  EXPECT_EQ(r.municipalities[0].source, "file");
  EXPECT_NEAR(haversine_m(r.municipalities[0].after, given), 0, 1);
  r = update_centres(s.ws);
  EXPECT_EQ(r.municipalities[0].source, "file");
  // An id that is no municipality: an error naming the file and line.
  write_file(s.dir / "bad.csv", "id,lat,lon\nNirgendwo," + std::to_string(given.lat) + "," + std::to_string(given.lon) + "\n");
  try {
    update_centres(s.ws, (s.dir / "bad.csv").string());
    FAIL() << "accepted an unknown municipality";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Nirgendwo"), std::string::npos) << e.what();
  }
}

// The figures of issue 13 on the Rhein-Neckar data.
TEST(Population, RheinNeckarNeustadtMannheimAndMotorwayCoverage) {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
  import_osm(ws, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
  create_grid(ws, 1000);
  const auto r = disaggregate(ws, "grid1km", "population");
  EXPECT_NEAR(r.total, 1451185, 1e-6);
  // Neustadt an der Weinstraße (07316000): 53,264 people once landed in 16 cells, one at 18,629 /km².
  double neustadt_max = 0, neustadt_sum = 0;
  size_t neustadt_cells = 0;
  {
    auto st = ws.db().prepare("SELECT population FROM grid1km WHERE municipality = '07316000'");
    while (st.step()) {
      neustadt_max = std::max(neustadt_max, st.real(0));
      neustadt_sum += st.real(0);
      neustadt_cells += st.real(0) > 0;
    }
  }
  EXPECT_NEAR(neustadt_sum, 53264, 1e-6);
  EXPECT_LT(neustadt_max, 5000);
  EXPECT_GT(neustadt_cells, 16u);
  const auto partial = std::find_if(r.partly_uncovered.begin(), r.partly_uncovered.end(),
                                    [](const auto& p) { return p.key == "07316000"; });
  ASSERT_NE(partial, r.partly_uncovered.end());
  EXPECT_GT(partial->uncovered_share, 0.4);  // 50 of its 114 cells lie beyond the extract
  EXPECT_GT(partial->people, 40000);         // most of the town is not in the extract
  EXPECT_LT(r.max_density_km2, 18629);
  // Mannheim's centre: the point inside lay 2.75 km from Paradeplatz; the grid's weighted centre is nearer.
  const auto c = update_centres(ws);
  const LonLat paradeplatz{8.4660, 49.4875};
  for (const auto& m : c.municipalities)
    if (m.key == "08222000") {
      EXPECT_EQ(m.source, "grid");
      EXPECT_NEAR(haversine_m(m.before, paradeplatz), 2753, 5);
      EXPECT_LT(haversine_m(m.after, paradeplatz), haversine_m(m.before, paradeplatz));
    }
  // Nearest motorway junction by car: Hemsbach and Laudenbach have no cell that reaches one, and
  // get no value (the old summary said 0.0 minutes).
  AccessRequest rq;
  rq.mode = "car";
  rq.indicator.kind = IndicatorSpec::Kind::nearest;
  rq.facilities = "motorway_junctions";
  rq.layer = "motorway";
  const auto run = run_accessibility(ws, rq, false);
  size_t checked = 0;
  for (const auto& row : run.municipalities)
    if (row.name == "Hemsbach" || row.name == "Laudenbach") {
      ++checked;
      EXPECT_FALSE(row.mean[0].has_value()) << row.name << " " << row.mean[0].value_or(-1);
      ASSERT_TRUE(row.coverage);
      EXPECT_LT(*row.coverage, kLowCoverage);
    }
  EXPECT_EQ(checked, 2u);
  auto st = ws.db().prepare("SELECT motorway_junctions_nearest_min, coverage FROM motorway_by_municipality WHERE name = 'Hemsbach'");
  ASSERT_TRUE(st.step());
  EXPECT_TRUE(st.is_null(0));
  EXPECT_FALSE(st.is_null(1));
}
