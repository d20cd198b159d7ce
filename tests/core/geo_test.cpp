#include "core/geo.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace cityregions;

TEST(Geo, HaversineOfOneDegreeOfLatitude) {
  // 1° of latitude on the mean-radius sphere: 2πR/360.
  EXPECT_NEAR(haversine_m({8, 49}, {8, 50}), 2 * M_PI * kEarthRadiusM / 360, 1e-6);
  EXPECT_NEAR(haversine_m({8, 49}, {8, 49}), 0, 1e-9);
}

TEST(Geo, UtmZones) {
  EXPECT_EQ(utm_epsg_for({8.5, 49.4}), 32632);   // Mannheim
  EXPECT_EQ(utm_epsg_for({12.37, 51.34}), 32633);  // Leipzig
  EXPECT_EQ(utm_epsg_for({-58.4, -34.6}), 32721);  // southern hemisphere
}

TEST(Geo, ParseLatLon) {
  const LonLat p = parse_latlon("49.4875, 8.466");
  EXPECT_DOUBLE_EQ(p.lat, 49.4875);
  EXPECT_DOUBLE_EQ(p.lon, 8.466);
  EXPECT_THROW(parse_latlon("49.4875"), Error);
  EXPECT_THROW(parse_latlon("abc,8"), Error);
  EXPECT_THROW(parse_latlon("91,8"), Error);
}

TEST(Geo, ProjectionRoundTripAndKnownValue) {
  const Projection utm(32632);
  // 9°E is the central meridian of zone 32: false easting 500 000 m.
  const XY c = utm.forward({9.0, 49.0});
  EXPECT_NEAR(c.x, 500000, 0.01);
  EXPECT_NEAR(c.y, 5427455.78, 0.01);  // cs2cs EPSG:4326 EPSG:32632
  const LonLat back = utm.inverse(utm.forward({8.47, 49.49}));
  EXPECT_NEAR(back.lon, 8.47, 1e-9);
  EXPECT_NEAR(back.lat, 49.49, 1e-9);
  EXPECT_THROW(Projection(999999), Error);
}

TEST(Geo, LocalMetricMatchesHaversineOverShortDistances) {
  const LocalMetric m(49.4);
  const XY a = m.to_xy({8.40, 49.40}), b = m.to_xy({8.42, 49.41});
  const double d = std::hypot(b.x - a.x, b.y - a.y);
  EXPECT_NEAR(d, haversine_m({8.40, 49.40}, {8.42, 49.41}), 0.5);
}
