// Illustrative demo sites: consistent attributes (the check `sites import` warns with), and on the
// Rhein-Neckar data only where commercial land is plausible — never in the Mannheim Quadrate.
#include "demo/illustrative_sites.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <set>

#include "access/grid.hpp"
#include "land/site_consistency.hpp"
#include "land/sites.hpp"
#include "region/networks.hpp"
#include "core/gdal.hpp"
#include "store/gpkg.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(SiteConsistency, ContradictionsByHand) {
  EXPECT_TRUE(site_contradictions({}).empty());
  EXPECT_TRUE(site_contradictions({{"availability", "immediately"}, {"owner_willing", "yes"}, {"planning_status", "serviced"},
                                   {"road_access", "yes"}, {"water_sewer", "yes"}})
                  .empty());
  const auto unwilling = site_contradictions({{"availability", "immediately"}, {"owner_willing", "no"}});
  ASSERT_EQ(unwilling.size(), 1u);
  EXPECT_EQ(unwilling[0], "availability 'immediately' but owner_willing 'no'");
  EXPECT_EQ(site_contradictions({{"availability", "immediately"}, {"planning_status", "land_use_plan"}}).size(), 1u);
  EXPECT_EQ(site_contradictions({{"availability", "immediately"}, {"road_access", "planned"}}).size(), 1u);
  EXPECT_EQ(site_contradictions({{"planning_status", "serviced"}, {"road_access", "no"}, {"water_sewer", "no"}}).size(), 2u);
  // Unknown says nothing; later availability contradicts nothing.
  EXPECT_TRUE(site_contradictions({{"availability", "immediately"}, {"owner_willing", "unknown"}}).empty());
  EXPECT_TRUE(site_contradictions({{"availability", "later"}, {"owner_willing", "no"}}).empty());
}

TEST(SiteConsistency, MadeConsistentForEveryCombination) {
  const SiteField* fields[4] = {};
  for (const auto& f : site_fields())
    for (auto [i, name] : {std::pair{0, "planning_status"}, {1, "owner_willing"}, {2, "road_access"}, {3, "water_sewer"}})
      if (f.name == name) fields[i] = &f;
  size_t combinations = 0;
  for (const auto& a : fields[0]->choices)
    for (const auto& b : fields[1]->choices)
      for (const auto& c : fields[2]->choices)
        for (const auto& d : fields[3]->choices) {
          std::map<std::string, std::string> v = {{"planning_status", a}, {"owner_willing", b}, {"road_access", c},
                                                  {"water_sewer", d}, {"availability", "immediately"}};
          make_consistent(v);
          EXPECT_TRUE(site_contradictions(v).empty()) << a << " " << b << " " << c << " " << d;
          ++combinations;
        }
  EXPECT_EQ(combinations, 4u * 3 * 3 * 3);
}

TEST(SiteConsistency, ImportWarnsAboutContradictoryAttributes) {
  TempDir dir;
  const std::string ws = (dir / "ws").string();
  ASSERT_EQ(run_cli("region create " + ws + " --name Rhein-Neckar").exit_code, 0);
  ASSERT_EQ(run_cli("import municipalities " + ws + " " +
                    data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson").string() +
                    " --key AGS --name GEN --population population_2019")
                .exit_code,
            0);
  write_file(dir / "sites.csv",
             "id,lat,lon,area_ha,availability,owner_willing,planning_status\n"
             "OK-1,49.51,8.44,10,immediately,yes,serviced\n"
             "BAD-1,49.40,8.63,12,immediately,no,binding_plan\n");
  const auto r = run_cli("sites import " + ws + " " + (dir / "sites.csv").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("sites.csv:3: site BAD-1: availability 'immediately' but owner_willing 'no'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("OK-1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 of the imported sites"), std::string::npos) << r.err;
}

TEST(IllustrativeSites, RheinNeckarOnlyWhereCommercialLandIsPlausible) {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "Rhein-Neckar", std::nullopt);
  import_municipalities(ws, data_path("rhein-neckar-rnv/vg5000_gem_rhein_neckar_wgs84.geojson"),
                        {"AGS", "GEN", "population_2019", std::nullopt, std::nullopt, ""});
  import_osm(ws, data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
  create_grid(ws, 1000);
  disaggregate(ws, "grid1km", "population");
  const auto inv = build_illustrative_sites(ws, data_path("de-landuse-area-2018/area_by_ags_2018.csv"));
  EXPECT_GT(inv.sites, 5u);
  // Dense cells (≥ 1,500 /km²) of the grid, in EPSG:3035.
  std::vector<OGRGeometryUniquePtr> dense;
  {
    auto st = ws.db().prepare("SELECT geom FROM grid1km WHERE population >= 1500");
    while (st.step()) dense.push_back(gpkg_decode(st.blob(0)));
  }
  ASSERT_GT(dense.size(), 10u);
  // Sites are stored in the workspace CRS; the grid in EPSG:3035.
  OGRSpatialReference ws_srs = srs_from_epsg(*ws.epsg()), laea = srs_from_epsg(3035);
  ws_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  laea.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_laea(OGRCreateCoordinateTransformation(&ws_srs, &laea));
  const Projection utm(*ws.epsg());
  const XY paradeplatz = utm.forward(LonLat{8.4660, 49.4875});
  for (const auto& s : SiteInventory(ws).list()) {
    EXPECT_TRUE(site_contradictions(s.values).empty()) << s.id;
    auto st = ws.db().prepare("SELECT geom FROM sites WHERE site_id = ?");
    st.bind(1, s.id);
    ASSERT_TRUE(st.step());
    auto g = gpkg_decode(st.blob(0));
    OGRPoint c;
    g->Centroid(&c);
    EXPECT_GT(std::hypot(c.getX() - paradeplatz.x, c.getY() - paradeplatz.y), 1500) << s.id;
    ASSERT_EQ(g->transform(to_laea.get()), OGRERR_NONE);
    for (const auto& d : dense) EXPECT_FALSE(g->Intersects(d.get())) << s.id << " lies in a dense cell";
  }
}
