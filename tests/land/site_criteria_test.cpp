// Location criteria of sites on the real Rhein-Neckar data, each checked against an independent
// computation: plain Dijkstra matrices for junction, station, core and population times, transit
// matrices for public-transport reach, the class polygons of `ptclasses` for the PT class, and
// cell bounds for the population within 1 km.
#include "land/site_criteria.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>

#include "access/grid.hpp"
#include "core/error.hpp"
#include "core/gdal.hpp"
#include "land/sites.hpp"
#include "network/matrix.hpp"
#include "region/networks.hpp"
#include "region/points.hpp"
#include "region/pt_classes.hpp"
#include "region/transit.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

const std::string kStations = "de-db-stations/db-stations-5.0.2-data.ndjson";

// The Rhein-Neckar workspace with the example sites and their criteria, made once by the first
// test that needs it; a failing set-up fails every test of the suite.
struct Criteria {
  TempDir dir;
  CriteriaReport report;
};
Criteria& criteria() {
  static Shared<Criteria> shared([] {
    auto c = std::make_unique<Criteria>();
    Workspace ws = Workspace::create(c->dir / "ws", "Rhein-Neckar", std::nullopt);
    import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                          {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
    import_osm(ws, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
    import_gtfs(ws, data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip"), "rnv", "rnv");
    create_grid(ws, 1000);
    disaggregate(ws, "grid1km", "population");
    const std::filesystem::path examples = std::filesystem::path(CITYREGIONS_SOURCE_DIR) / "data/examples";
    SiteInventory(ws).import(examples / "sites-rhein-neckar.geojson", load_site_mapping(examples / "sites-mapping.toml"), "test");
    CriteriaOptions o;
    o.stations = data_path(kStations).string();
    o.date = 20161115;
    c->report = refresh_site_criteria(ws, o, false);
    return c;
  });
  return shared.get();
}

class SiteCriteria : public ::testing::Test {
 protected:
  static const CriteriaReport& report() { return criteria().report; }
  Workspace ws() { return Workspace::open(criteria().dir / "ws"); }
  // The site's point on its surface, as the criteria use it.
  static LonLat point_of(Workspace& ws, const std::string& id) {
    auto st = ws.db().prepare("SELECT geom FROM sites WHERE site_id = ?");
    st.bind(1, id);
    EXPECT_TRUE(st.step());
    const auto g = gpkg_decode(st.blob(0));
    OGRGeometryUniquePtr p(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get()))));
    return Projection(*ws.epsg()).inverse({p->toPoint()->getX(), p->toPoint()->getY()});
  }
  static double value(Workspace& ws, const std::string& id, const std::string& field) {
    const auto s = SiteInventory(ws).get(id);
    EXPECT_TRUE(s && s->values.count(field)) << id << " " << field;
    return s && s->values.count(field) ? std::stod(s->values.at(field)) : NAN;
  }
};

std::vector<Location> located(const StreetNetwork& net, const std::vector<LonLat>& points, double snap,
                              std::vector<size_t>* kept = nullptr) {
  std::vector<Location> out;
  for (size_t i = 0; i < points.size(); ++i)
    if (auto l = net.try_locate(points[i], snap)) {
      out.push_back(*l);
      if (kept) kept->push_back(i);
    }
  return out;
}

}  // namespace

TEST_F(SiteCriteria, EverySiteGetsEveryCriterion) {
  EXPECT_EQ(report().sites, 5u);
  EXPECT_EQ(report().on_car_network, 5u);
  EXPECT_EQ(report().junctions, 146u);
  EXPECT_EQ(report().stations, 157u);
  EXPECT_TRUE(report().left_unknown.empty());
  ASSERT_EQ(report().core, std::vector<std::string>{"Mannheim"});
  auto w = ws();
  for (const auto& s : SiteInventory(w).list())
    for (const auto& c : site_criteria()) EXPECT_TRUE(s.values.count(c.name)) << s.id << " lacks " << c.name;
}

TEST_F(SiteCriteria, StreetTimesEqualPlainDijkstra) {
  auto w = ws();
  const StreetNetwork car = load_street_network(w, Mode::car), walk = load_street_network(w, Mode::walk);
  size_t outside = 0;
  std::vector<LonLat> junctions, stations;
  for (const auto& p : read_facilities(w, "motorway_junctions", "", outside)) junctions.push_back(p.position);
  for (const auto& p : read_facilities(w, data_path(kStations).string(), "", outside)) stations.push_back(p.position);
  const auto municipalities = load_municipalities(w);
  const auto mannheim = std::find_if(municipalities.begin(), municipalities.end(),
                                     [](const Municipality& m) { return m.key == "08222000"; });
  for (const char* id : {"MA-01", "HD-07", "LU-03", "WEI-02", "SCH-05"}) {
    const LonLat p = point_of(w, id);
    auto nearest = [&](const StreetNetwork& net, const std::vector<LonLat>& targets) {
      const auto from = located(net, {p}, 1000);
      const auto to = located(net, targets, 1000);
      const auto m = travel_matrix(net, from, to, kNone, false);
      uint32_t best = kNone;
      for (const auto& c : m.cells) best = std::min(best, c.time_ms);
      return std::round(static_cast<double>(std::llround(best / 1000.0)) / 6.0) / 10;  // whole seconds, then minutes to one decimal
    };
    EXPECT_NEAR(value(w, id, "motorway_car_min"), nearest(car, junctions), 0.051) << id;
    EXPECT_NEAR(value(w, id, "rail_car_min"), nearest(car, stations), 0.051) << id;
    EXPECT_NEAR(value(w, id, "rail_walk_min"), nearest(walk, stations), 0.051) << id;
    EXPECT_NEAR(value(w, id, "core_car_min"), nearest(car, {mannheim->centre}), 0.051) << id;
  }
  // Mannheim's own site lies closer to the core than Weinheim's.
  EXPECT_LT(value(w, "MA-01", "core_car_min"), value(w, "WEI-02", "core_car_min"));
}

TEST_F(SiteCriteria, PopulationReachEqualsMatrixSums) {
  auto w = ws();
  const auto zones = load_zones(w, "grid1km");
  const auto pop = zone_values(w, "grid1km", "population", zones.size());
  std::vector<LonLat> centres;
  for (const auto& z : zones) centres.push_back(z.centre);
  const StreetNetwork car = load_street_network(w, Mode::car), walk = load_street_network(w, Mode::walk);
  const Timetable tt = load_timetable(w, walk, 20161115);
  std::vector<size_t> kept_car, kept_walk;
  const auto car_zones = located(car, centres, 500, &kept_car);
  const auto walk_zones = located(walk, centres, 500, &kept_walk);
  size_t by_transit = 0;  // sites whose reach grows from 30 to 45 minutes: the rides matter, not only walking
  for (const char* id : {"MA-01", "HD-07", "LU-03", "WEI-02", "SCH-05"}) {
    const LonLat p = point_of(w, id);
    const auto m = travel_matrix(car, located(car, {p}, 1000), car_zones, kNone, false);
    double p30 = 0, p45 = 0;
    for (size_t d = 0; d < kept_car.size(); ++d) {
      const uint32_t t = m.at(0, d).time_ms;
      if (t == kNone) continue;
      const int64_t s = std::llround(t / 1000.0);  // whole seconds, as the criteria count
      if (s <= 30 * 60) p30 += pop[kept_car[d]];
      if (s <= 45 * 60) p45 += pop[kept_car[d]];
    }
    EXPECT_NEAR(value(w, id, "pop_car_30"), p30, 1.0) << id;
    EXPECT_NEAR(value(w, id, "pop_car_45"), p45, 1.0) << id;
    // Transit: the 61 door-to-door samples of 07:00 … 08:00 per zone, and their median taken here
    // (nearest rank: the 31st of 61 sorted), not by the engine's percentile code.
    const TransitQuery q{7 * 3600, 3600, 60, 900, 5};
    const std::vector<std::optional<Location>> from{walk.try_locate(p, 1000)};
    std::vector<std::optional<Location>> to(walk_zones.begin(), walk_zones.end());
    double t30 = 0, t45 = 0;
    size_t runs = 0;
    transit_samples(tt, walk, from, to, q, [&](size_t, std::vector<std::vector<int32_t>>& samples) {
      for (size_t d = 0; d < samples.size(); ++d) {
        auto v = samples[d];
        runs = std::max(runs, v.size());
        if (v.size() != 61) continue;
        std::sort(v.begin(), v.end());
        const int32_t median = v[30];
        if (median <= 30 * 60) t30 += pop[kept_walk[d]];
        if (median <= 45 * 60) t45 += pop[kept_walk[d]];
      }
    }, false);
    EXPECT_EQ(runs, 61u);
    EXPECT_GT(t30, 0) << id;
    EXPECT_NEAR(value(w, id, "pop_transit_30"), t30, 1.0) << id;
    by_transit += t45 > t30 + 1000;
    EXPECT_NEAR(value(w, id, "pop_transit_45"), t45, 1.0) << id;
    EXPECT_GT(value(w, id, "pop_car_30"), value(w, id, "pop_transit_30")) << id;
  }
  EXPECT_GT(by_transit, 0u);
}

TEST_F(SiteCriteria, PtClassMatchesTheClassPolygons) {
  auto w = ws();
  const auto classes = pt_classes(w, 20161115, 6 * 3600, 20 * 3600);
  size_t with_class = 0;
  for (const auto& s : SiteInventory(w).list()) {
    auto st = w.db().prepare("SELECT geom FROM sites WHERE site_id = ?");
    st.bind(1, s.id);
    ASSERT_TRUE(st.step());
    const auto g = gpkg_decode(st.blob(0));
    // The best class whose area touches the site.
    std::string expected = "none";
    for (const auto& c : classes.classes)
      if (!c.area->IsEmpty() && c.area->Intersects(g.get())) {
        expected = std::string(1, c.cls);
        break;
      }
    EXPECT_EQ(s.values.at("pt_class"), expected) << s.id;
    with_class += expected != "none";
  }
  EXPECT_GE(with_class, 2u);  // the Mannheim and Ludwigshafen sites lie on tram lines
}

TEST_F(SiteCriteria, PopulationWithin1kmLiesBetweenCellBounds) {
  auto w = ws();
  const OGRSpatialReference from = srs_from_epsg(*w.epsg()), to = srs_from_epsg(3035);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
  for (const auto& s : SiteInventory(w).list()) {
    auto st = w.db().prepare("SELECT geom FROM sites WHERE site_id = ?");
    st.bind(1, s.id);
    ASSERT_TRUE(st.step());
    auto g = gpkg_decode(st.blob(0));
    g->transform(ct.get());
    const OGRGeometryUniquePtr buffer(g->Buffer(1000, 8));
    double inside = 0, touching = 0;
    auto cells = w.db().prepare("SELECT geom, population FROM grid1km");
    while (cells.step()) {
      const auto cell = gpkg_decode(cells.blob(0));
      if (buffer->Contains(cell.get())) inside += cells.real(1);
      if (buffer->Intersects(cell.get())) touching += cells.real(1);
    }
    const double v = std::stod(s.values.at("pop_1km"));
    EXPECT_GE(v, inside - 1) << s.id;
    EXPECT_LE(v, touching + 1) << s.id;
    EXPECT_GT(touching, 0) << s.id;
  }
}

TEST_F(SiteCriteria, MissingInputsLeaveCriteriaUnknownAndSayWhy) {
  TempDir d;
  Workspace w = Workspace::create(d / "ws", "RN", std::nullopt);
  import_municipalities(w, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
  EXPECT_THROW(refresh_site_criteria(w, {}, false), Error);  // no sites
  import_osm(w, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
  SiteInventory(w).add("X", "POLYGON((8.44 49.51, 8.452 49.51, 8.452 49.517, 8.44 49.517, 8.44 49.51))", {}, "test");
  CriteriaOptions o;
  o.core = {"08221000"};
  const auto r = refresh_site_criteria(w, o, false);
  EXPECT_EQ(r.core, std::vector<std::string>{"Heidelberg"});
  EXPECT_EQ(r.left_unknown.size(), 3u);  // stations, grid, transit
  const auto s = SiteInventory(w).get("X");
  EXPECT_TRUE(s->values.count("motorway_car_min"));
  EXPECT_TRUE(s->values.count("core_car_min"));
  EXPECT_FALSE(s->values.count("rail_car_min"));
  EXPECT_FALSE(s->values.count("pop_car_30"));
  EXPECT_FALSE(s->values.count("pt_class"));
  o.core = {"99999999"};
  EXPECT_THROW(refresh_site_criteria(w, o, false), Error);
}
