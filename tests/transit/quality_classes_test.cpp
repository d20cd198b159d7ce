// ÖV-Güteklassen: the tables of research/domain.md §8.1, and class areas of a hand-made feed.
#include "transit/quality_classes.hpp"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "core/gdal.hpp"
#include "region/pt_classes.hpp"
#include "region/transit.hpp"
#include "store/municipalities.hpp"
#include "support/test_support.hpp"
#include "transit/gtfs_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(QualityClasses, ModeGroupsAndHeadwayBands) {
  EXPECT_EQ(pt_mode_group(2), 'A');
  EXPECT_EQ(pt_mode_group(109), 'A');  // suburban railway
  EXPECT_EQ(pt_mode_group(401), 'A');  // metro
  EXPECT_EQ(pt_mode_group(900), 'B');  // tram (extended type)
  EXPECT_EQ(pt_mode_group(0), 'B');
  EXPECT_EQ(pt_mode_group(3), 'C');
  EXPECT_EQ(pt_mode_group(704), 'C');
  EXPECT_EQ(pt_mode_group(1000), 'C');  // ferry
  EXPECT_EQ(pt_headway_band(4.99), 1);
  EXPECT_EQ(pt_headway_band(5), 2);
  EXPECT_EQ(pt_headway_band(19.9), 3);
  EXPECT_EQ(pt_headway_band(20), 4);
  EXPECT_EQ(pt_headway_band(59.9), 5);
  EXPECT_EQ(pt_headway_band(120), 6);
  EXPECT_EQ(pt_headway_band(120.1), 0);
}

TEST(QualityClasses, CategoryAndClassTables) {
  // Every row of the category table (band × A/B/C).
  const int expected[6][3] = {{1, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6, 7}};
  for (int band = 1; band <= 6; ++band)
    for (int g = 0; g < 3; ++g) EXPECT_EQ(pt_station_category(band, static_cast<char>('A' + g)), expected[band - 1][g]);
  EXPECT_EQ(pt_station_category(0, 'A'), 0);
  // The distance table, row by row at 300/500/750/1000 m, and beyond.
  const char* rows[7] = {"AABC", "ABCD", "BCDE", "CDEF", "DEF", "EF", "F"};
  for (int c = 1; c <= 7; ++c) {
    const std::string row = rows[c - 1];
    for (int b = 0; b < 4; ++b)
      EXPECT_EQ(pt_quality_class(c, kPtClassBands[b]), b < static_cast<int>(row.size()) ? row[b] : 0) << c << " " << b;
    EXPECT_EQ(pt_quality_class(c, 1000.1), 0);
  }
  EXPECT_EQ(pt_quality_class(2, 301), 'B');
}

TEST(QualityClasses, StationsClassesAndMunicipalityShares) {
  TempDir dir;
  // A bus line every 15 min each way 06:00–20:00 between END2, BUS and END: 56 trips leave BUS
  // (the other 56 end there), so the headway is 840 / (56 / 2) = 30 min → band 4 → bus: category V.
  std::string stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  std::string trips = "route_id,service_id,trip_id\n";
  int n = 0;
  for (int m = 6 * 60; m < 20 * 60; m += 15)
    for (const auto& [first, second] : {std::pair{"BUS", "END"}, std::pair{"END2", "BUS"}}) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "R1,WK,b%d\n", n);
      trips.append(buf);
      std::snprintf(buf, sizeof buf, "b%d,%02d:%02d:00,%02d:%02d:00,%s,1\nb%d,%02d:%02d:00,%02d:%02d:00,%s,2\n", n, m / 60, m % 60,
                    m / 60, m % 60, first, n, (m + 10) / 60, (m + 10) % 60, (m + 10) / 60, (m + 10) % 60, second);
      stop_times.append(buf);
      ++n;
    }
  auto files = small_feed();
  files["stops.txt"] =
      "stop_id,stop_name,stop_lat,stop_lon\nBUS,Bus stop,49.40,8.50\nEND,End,49.45,8.55\nEND2,End two,49.45,8.45\n";
  files["routes.txt"] = "route_id,route_short_name,route_type\nR1,1,3\n";
  files["trips.txt"] = trips;
  files["stop_times.txt"] = stop_times;
  write_gtfs(dir / "f.zip", files);
  const auto feed = read_gtfs(dir / "f.zip", "t");
  const auto stations = pt_stations({feed}, 20161115, 6 * 3600, 20 * 3600);
  const auto bus = std::find_if(stations.begin(), stations.end(), [](const PtStation& s) { return s.name == "Bus stop"; });
  ASSERT_NE(bus, stations.end());
  EXPECT_EQ(bus->departures, 56);  // arrivals at the last stop of a trip are no departures
  EXPECT_DOUBLE_EQ(bus->headway_min, 30);
  EXPECT_EQ(bus->category, 5);

  // In a workspace: a municipality square around the stop, class areas by distance.
  auto ws = Workspace::create(dir / "ws", "T", 32632);
  write_file(dir / "m.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"k":"1","n":"M","p":1000},
    "geometry":{"type":"Polygon","coordinates":[[[8.48,49.39],[8.52,49.39],[8.52,49.41],[8.48,49.41],[8.48,49.39]]]}}]})");
  import_municipalities(ws, dir / "m.geojson", {"k", "n", "p", std::nullopt, std::nullopt, ""});
  import_gtfs(ws, dir / "f.zip", "t", "");
  const auto r = pt_classes(ws, 20161115, 6 * 3600, 20 * 3600);
  ASSERT_EQ(r.classes.size(), 6u);
  // Category V: D within 300 m, E within 500 m, F within 750 m, nothing beyond.
  const Projection utm(32632);
  auto class_at = [&](double metres_north) {
    XY c = utm.forward({8.50, 49.40});
    c.y += metres_north;
    OGRPoint p(c.x, c.y);
    for (const auto& k : r.classes)
      if (k.area->Contains(&p)) return k.cls;
    return '-';
  };
  EXPECT_EQ(class_at(200), 'D');
  EXPECT_EQ(class_at(400), 'E');
  EXPECT_EQ(class_at(600), 'F');
  EXPECT_EQ(class_at(900), '-');
  // END2 has the same departures as BUS (END has none): two stations of category V, far apart.
  EXPECT_NEAR(r.classes[3].area_km2, 2 * M_PI * 0.3 * 0.3, 0.006);
  EXPECT_NEAR(r.classes[4].area_km2, 2 * M_PI * (0.5 * 0.5 - 0.3 * 0.3), 0.006);
  EXPECT_NEAR(r.classes[5].area_km2, 2 * M_PI * (0.75 * 0.75 - 0.5 * 0.5), 0.008);
  EXPECT_DOUBLE_EQ(r.classes[0].area_km2, 0);
  ASSERT_EQ(r.municipalities.size(), 1u);
  const auto& m = r.municipalities[0];
  // Only BUS's discs lie inside the square.
  EXPECT_NEAR(m.area_share[4], r.classes[4].area_km2 / 2 / m.area_km2, 1e-4);
  EXPECT_NEAR(m.population_in[5], 1000 * r.classes[5].area_km2 / 2 / m.area_km2, 0.5);
  write_pt_classes(dir / "pt.gpkg", r);
  std::string err;
  const auto ds = open_vector(dir / "pt.gpkg", err);
  ASSERT_TRUE(ds) << err;
  EXPECT_EQ(ds->GetLayerByName("pt_classes")->GetFeatureCount(), 6);
  EXPECT_EQ(ds->GetLayerByName("pt_classes_by_municipality")->GetFeatureCount(), 1);
}
