// Street graphs built from hand-written OSM files, with travel times worked out by hand.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/graph_builder.hpp"
#include "network/isochrone.hpp"
#include "network/matrix.hpp"
#include "network/osm_reader.hpp"
#include "network/route.hpp"
#include "network/street_network.hpp"
#include "network/osm_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

constexpr double kWalk = 5 / 3.6, kBike = 16 / 3.6, kCar = 30 / 3.6;  // residential speeds, m/s

// A square block: 1→2 along the south side (the way under test), 2→3→4→1 around the others.
OsmFixture block(const std::map<std::string, std::string>& south_tags) {
  OsmFixture f;
  f.node(1, 49.000, 8.000);
  f.node(2, 49.000, 8.002);
  f.node(3, 49.001, 8.002);
  f.node(4, 49.001, 8.000);
  auto tags = south_tags;
  tags["highway"] = "residential";
  f.way(10, {1, 2}, tags);
  f.way(11, {2, 3, 4, 1}, {{"highway", "residential"}});
  return f;
}

StreetNetwork build(const OsmFixture& f, Mode mode, const TempDir& dir) {
  f.write(dir / "f.osm");
  return StreetNetwork(build_graph(read_osm_roads(dir / "f.osm", default_profile(), false), mode));
}

double seconds(const StreetNetwork& net, LonLat from, LonLat to) {
  Dijkstra search(net.graph());
  auto r = route(net, search, net.locate(from, 500), net.locate(to, 500));
  return r ? r->duration_s : -1;
}

}  // namespace

TEST(StreetGraph, OnewayIsObeyedByCarNotByWalkAndNotByBikeWhenExempt) {
  TempDir dir;
  const auto f = block({{"oneway", "yes"}, {"oneway:bicycle", "no"}});
  const double south = f.dist(1, 2), around = f.dist(2, 3) + f.dist(3, 4) + f.dist(4, 1);
  const auto car = build(f, Mode::car, dir);
  EXPECT_NEAR(seconds(car, f.at(1), f.at(2)), south / kCar, 0.002);
  EXPECT_NEAR(seconds(car, f.at(2), f.at(1)), around / kCar, 0.004);
  EXPECT_NEAR(seconds(build(f, Mode::walk, dir), f.at(2), f.at(1)), south / kWalk, 0.002);
  EXPECT_NEAR(seconds(build(f, Mode::bike, dir), f.at(2), f.at(1)), south / kBike, 0.002);
}

TEST(StreetGraph, ReverseOnewayAndAccess) {
  TempDir dir;
  auto f = block({{"oneway", "-1"}});
  const double south = f.dist(1, 2), around = f.dist(2, 3) + f.dist(3, 4) + f.dist(4, 1);
  auto car = build(f, Mode::car, dir);
  EXPECT_NEAR(seconds(car, f.at(2), f.at(1)), south / kCar, 0.002);
  EXPECT_NEAR(seconds(car, f.at(1), f.at(2)), around / kCar, 0.004);

  f = block({{"motor_vehicle", "no"}});
  car = build(f, Mode::car, dir);
  EXPECT_NEAR(seconds(car, f.at(1), f.at(2)), (f.dist(1, 4) + f.dist(4, 3) + f.dist(3, 2)) / kCar, 0.004);
  EXPECT_NEAR(seconds(build(f, Mode::walk, dir), f.at(1), f.at(2)), south / kWalk, 0.002);
}

TEST(StreetGraph, SnapsIntoTheMiddleOfAnEdge) {
  TempDir dir;
  const auto f = block({});
  const auto walk = build(f, Mode::walk, dir);
  // 10 m north of the middle of the south side.
  const LonLat mid{8.001, 49.000 + 10 / 111195.08};
  const Location loc = walk.locate(mid, 500);
  EXPECT_NEAR(loc.snap.distance_m, 10.0, 0.05);
  EXPECT_NEAR(loc.snap.fraction(walk.graph()), 0.5, 1e-3);
  EXPECT_NEAR(seconds(walk, mid, f.at(2)), f.dist(1, 2) / 2 / kWalk, 0.002);
  EXPECT_NEAR(seconds(walk, mid, f.at(1)), f.dist(1, 2) / 2 / kWalk, 0.002);
  // Both points on the same edge: straight along it.
  const LonLat quarter{8.0005, 49.0};
  EXPECT_NEAR(seconds(walk, mid, quarter), f.dist(1, 2) / 4 / kWalk, 0.002);
  // Route geometry starts at the input point and ends at the destination.
  Dijkstra search(walk.graph());
  const auto r = route(walk, search, loc, walk.locate(f.at(3), 500));
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->distance_m, f.dist(1, 2) / 2 + f.dist(2, 3), 0.01);
  EXPECT_DOUBLE_EQ(r->geometry.front().lat, mid.lat);
  EXPECT_NEAR(r->geometry.back().lat, f.at(3).lat, 1e-9);
}

// A network spread over the globe (a stray node, a damaged file): the snap index coarsens its grid
// instead of allocating one of 250 m cells over the whole span (before: ~5·10^9 cells, 21 GB; found
// by fuzz/artefacts_fuzz.cpp), and snapping stays exact.
TEST(StreetGraph, SnapIndexOfANetworkSpanningTheGlobeStaysSmall) {
  TempDir dir;
  auto f = block({});
  f.node(98, -60.0, -170.0);
  f.node(99, 60.0, 170.0);
  f.way(12, {3, 99, 98, 4}, {{"highway", "residential"}});
  const auto walk = build(f, Mode::walk, dir);
  const LonLat mid{8.001, 49.000 + 10 / 111195.08};
  const Location loc = walk.locate(mid, 500);
  EXPECT_NEAR(loc.snap.distance_m, 10.0, 0.05);
  EXPECT_NEAR(loc.snap.fraction(walk.graph()), 0.5, 1e-3);
  EXPECT_NEAR(seconds(walk, mid, f.at(2)), f.dist(1, 2) / 2 / kWalk, 0.002);
}

TEST(StreetGraph, TurnRestrictionsNoAndOnly) {
  TempDir dir;
  OsmFixture f;
  f.node(1, 49.000, 8.000);  // C, the junction
  f.node(2, 49.001, 8.000);  // N
  f.node(3, 48.999, 8.000);  // S
  f.node(4, 49.000, 8.0014);  // E, dead end
  f.node(5, 49.000, 7.9986);  // W
  const std::map<std::string, std::string> road{{"highway", "residential"}};
  f.way(20, {3, 1}, road);
  f.way(21, {1, 2}, road);
  f.way(22, {1, 4}, road);
  f.way(23, {1, 5}, road);
  f.way(24, {2, 5}, road);  // N–W link, the legal detour
  const double sc = f.dist(3, 1), cw = f.dist(1, 5), cn = f.dist(1, 2), nw = f.dist(2, 5), ce = f.dist(1, 4);
  // Turn times at C (four roads meet; N and W have two, no turn time): OSRM's sigmoid.
  const CarProfile cp = default_car_profile();
  const double left = turn_seconds(cp, -90), right = turn_seconds(cp, 90), straight = turn_seconds(cp, 0);
  const double u_turn = turn_seconds(cp, 180) + cp.u_turn_penalty_s;
  {
    const auto free = build(f, Mode::car, dir);
    EXPECT_NEAR(seconds(free, f.at(3), f.at(5)), (sc + cw) / kCar + left, 0.002);
  }
  OsmFixture no_left = f;
  no_left.restriction(100, 20, 1, 23, "no_left_turn");
  auto car = build(no_left, Mode::car, dir);
  EXPECT_EQ(car.graph().restrictions_applied, 1);
  // Straight on to N and along the link, rather than right, back at the dead end E and straight.
  EXPECT_NEAR(seconds(car, f.at(3), f.at(5)), (sc + cn + nw) / kCar + straight, 0.003);
  EXPECT_LT((sc + cn + nw) / kCar + straight, (sc + 2 * ce + cw) / kCar + right + u_turn + straight);
  EXPECT_NEAR(seconds(car, f.at(3), f.at(2)), (sc + cn) / kCar + straight, 0.002);  // straight on still allowed
  EXPECT_NEAR(seconds(car, f.at(2), f.at(5)), nw / kCar, 0.002);
  // Walking ignores turn restrictions.
  EXPECT_NEAR(seconds(build(no_left, Mode::walk, dir), f.at(3), f.at(5)), (sc + cw) / kWalk, 0.002);

  OsmFixture only = f;
  only.restriction(101, 20, 1, 21, "only_straight_on");
  car = build(only, Mode::car, dir);
  EXPECT_NEAR(seconds(car, f.at(3), f.at(2)), (sc + cn) / kCar + straight, 0.002);
  // The U-turn at N is not allowed (two two-way roads meet there): round by the link instead.
  const double round = (sc + cn + nw + cw + ce) / kCar + 2 * straight;
  EXPECT_NEAR(seconds(car, f.at(3), f.at(4)), round, 0.004);
}

TEST(StreetGraph, KeepsLargestComponentAndRefusesFarPoints) {
  TempDir dir;
  auto f = block({});
  f.node(5, 48.999, 8.002);  // a oneway spur into a dead end: cars could enter, never leave
  f.way(31, {2, 5}, {{"highway", "residential"}, {"oneway", "yes"}});
  f.node(6, 49.010, 8.010);  // an island far away
  f.node(7, 49.010, 8.011);
  f.way(32, {6, 7}, {{"highway", "residential"}});
  const auto car = build(f, Mode::car, dir);
  // Graph nodes are way ends and junctions: 1 and 2 (3 and 4 are shape points of way 11).
  EXPECT_EQ(car.graph().node_count(), 2u);
  EXPECT_EQ(car.graph().dropped_nodes, 3);  // spur end 5, island 6 and 7
  const auto walk = build(f, Mode::walk, dir);
  EXPECT_EQ(walk.graph().node_count(), 3u);  // the spur is two-way on foot
  // The island is gone: a point on it is more than 100 m from any usable road.
  try {
    car.locate(f.at(6), 100);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than 100 m from any road usable by car"), std::string::npos) << e.what();
  }
  // With a time limit the matrix leaves unreachable pairs out.
  const std::vector<Location> o{car.locate(f.at(1), 100)}, d{car.locate(f.at(2), 100), car.locate(f.at(3), 100)};
  const auto m = travel_matrix(car, o, d, static_cast<uint32_t>(f.dist(1, 2) / kCar * 1000 + 5), false);
  EXPECT_NE(m.at(0, 0).time_ms, kNone);
  EXPECT_EQ(m.at(0, 1).time_ms, kNone);
}

TEST(StreetGraph, SaveAndLoadRoundTrip) {
  TempDir dir;
  const auto f = block({{"oneway", "yes"}});
  f.write(dir / "f.osm");
  const Graph g = build_graph(read_osm_roads(dir / "f.osm", default_profile(), false), Mode::car);
  save_graph(g, dir / "car.graph");
  const Graph h = load_graph(dir / "car.graph");
  EXPECT_EQ(h.mode, Mode::car);
  EXPECT_EQ(h.first_out, g.first_out);
  EXPECT_EQ(h.head, g.head);
  EXPECT_EQ(h.weight_ms, g.weight_ms);
  EXPECT_EQ(h.edge_chain, g.edge_chain);
  EXPECT_EQ(h.shape.size(), g.shape.size());
  write_file(dir / "bad.graph", "CRGRAPH");
  EXPECT_THROW(load_graph(dir / "bad.graph"), Error);
}

TEST(StreetGraph, HilbertOrderKeepsNeighboursClose) {
  const BBox box{0, 0, 1, 1};
  EXPECT_EQ(hilbert_index(0, 0, box), 0u);
  // The curve visits the quadrants in the order SW, NW, NE, SE.
  const uint32_t sw = hilbert_index(0.25, 0.25, box), nw = hilbert_index(0.25, 0.75, box);
  const uint32_t ne = hilbert_index(0.75, 0.75, box), se = hilbert_index(0.75, 0.25, box);
  EXPECT_LT(sw, nw);
  EXPECT_LT(nw, ne);
  EXPECT_LT(ne, se);
  EXPECT_EQ(sw >> 30, 0u);
  EXPECT_EQ(se >> 30, 3u);
}

TEST(StreetGraph, IsochroneFollowsStreetsWithHoles) {
  TempDir dir;
  OsmFixture f;
  // A square loop of about 600 m sides; its middle is 300 m from any street.
  const double dlat = 600 / 111195.08, dlon = 600 / (111195.08 * std::cos(49.0 * M_PI / 180));
  f.node(1, 49.0, 8.0);
  f.node(2, 49.0, 8.0 + dlon);
  f.node(3, 49.0 + dlat, 8.0 + dlon);
  f.node(4, 49.0 + dlat, 8.0);
  f.way(40, {1, 2, 3, 4, 1}, {{"highway", "residential"}});
  const auto walk = build(f, Mode::walk, dir);
  Dijkstra search(walk.graph());
  const auto isos = isochrones(walk, search, walk.locate(f.at(1), 50), {{5, 20}, 25, 50});
  ASSERT_EQ(isos.size(), 2u);
  auto contains = [&](const Isochrone& iso, double lat, double lon) {
    OGRPoint p(lon, lat);
    return iso.area->Contains(&p);
  };
  const double mid_lat = 49.0 + dlat / 2, mid_lon = 8.0 + dlon / 2;
  // 5 min at 5 km/h is 417 m: along both streets from the corner, not to the far corners.
  EXPECT_TRUE(contains(isos[0], 49.0, 8.0 + dlon * 0.5));
  EXPECT_TRUE(contains(isos[0], 49.0 + dlat * 0.5, 8.0));
  EXPECT_FALSE(contains(isos[0], 49.0 + dlat, 8.0 + dlon));
  // 20 min reach the whole loop (1200 m to the far corner = 14.4 min), yet the middle stays a hole.
  EXPECT_TRUE(contains(isos[1], 49.0 + dlat, 8.0 + dlon));
  EXPECT_TRUE(contains(isos[1], 49.0 + dlat, mid_lon));
  EXPECT_FALSE(contains(isos[1], mid_lat, mid_lon));
  // A band about 2 × 50 m wide along 2.4 km of street (corners and cells make it a little larger).
  EXPECT_NEAR(isos[1].area_km2, 2.4 * 0.1, 0.06);
  EXPECT_GT(isos[1].area_km2, isos[0].area_km2);
}
