// The car model on hand-made OSM files: turn times, U-turns, turn restrictions via ways,
// junction controls, built-up and rural default speeds, countries and time periods. Expected
// times are worked out from the geometry and the documented constants (docs/profiles.md).
#include <gtest/gtest.h>

#include <cmath>

#include "network/graph_builder.hpp"
#include "network/osm_fixture.hpp"
#include "network/osm_reader.hpp"
#include "network/route.hpp"
#include "network/street_network.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

constexpr double kCar = 30 / 3.6;  // untagged residential street, m/s
const CarProfile kP = default_car_profile();
const double kLeft = turn_seconds(kP, -90), kRight = turn_seconds(kP, 90), kStraight = turn_seconds(kP, 0);
const double kUTurn = turn_seconds(kP, 180) + kP.u_turn_penalty_s;
const double kDlon = 0.001 / std::cos(49.0 * M_PI / 180);  // about 111 m east–west at 49° N

const std::map<std::string, std::string> kRoad{{"highway", "residential"}};

StreetNetwork build(const OsmFixture& f, const TempDir& dir, const Profile& p = default_profile()) {
  f.write(dir / "f.osm");
  return StreetNetwork(build_graph(read_osm_roads(dir / "f.osm", p, false), Mode::car));
}

double seconds(const StreetNetwork& net, LonLat from, LonLat to) {
  Dijkstra search(net.graph());
  auto r = route(net, search, net.locate(from, 500), net.locate(to, 500));
  return r ? r->duration_s : -1;
}

// A junction C with arms of about 111 m to the north, south, east and west.
OsmFixture plus_junction() {
  OsmFixture f;
  f.node(1, 49.000, 8.000);
  f.node(2, 49.001, 8.000);
  f.node(3, 48.999, 8.000);
  f.node(4, 49.000, 8.000 + kDlon);
  f.node(5, 49.000, 8.000 - kDlon);
  f.way(10, {3, 1}, kRoad);
  f.way(11, {1, 2}, kRoad);
  f.way(12, {1, 4}, kRoad);
  f.way(13, {1, 5}, kRoad);
  return f;
}

// Travelled speed (km/h) of the segment nearest a point, in the direction of its shape.
double kmh_at(const StreetNetwork& net, LonLat p) {
  const auto loc = net.locate(p, 50);
  const auto& g = net.graph();
  const auto& c = g.chains[loc.snap.chain];
  const uint32_t e = c.forward_edge != kNone ? c.forward_edge : c.backward_edge;
  return c.length_m / (g.weight_ms[e] / 1000.0) * 3.6;
}

}  // namespace

TEST(CarModel, LeftTurnCostsMoreThanStraightAndRight) {
  TempDir dir;
  const auto f = plus_junction();
  const auto car = build(f, dir);
  const LonLat from = f.between(3, 1, 0.5);
  const double half = f.dist(3, 1) / 2;
  const double straight = seconds(car, from, f.between(1, 2, 0.5));
  const double right = seconds(car, from, f.between(1, 4, 0.5));
  const double left = seconds(car, from, f.between(1, 5, 0.5));
  EXPECT_NEAR(straight, (half + f.dist(1, 2) / 2) / kCar + kStraight, 0.002);
  EXPECT_NEAR(right, (half + f.dist(1, 4) / 2) / kCar + kRight, 0.002);
  EXPECT_NEAR(left, (half + f.dist(1, 5) / 2) / kCar + kLeft, 0.002);
  // Arms of equal length: only the turn differs.
  EXPECT_GT(left, straight + 5);
  EXPECT_GT(left, right + 3);
  EXPECT_GT(right, straight + 2);
  // Left-hand traffic mirrors it.
  Profile lh = default_profile();
  lh.car.left_hand_traffic = true;
  const auto uk = build(f, dir, lh);
  EXPECT_GT(seconds(uk, from, f.between(1, 4, 0.5)), seconds(uk, from, f.between(1, 5, 0.5)) + 3);
}

TEST(CarModel, UTurnsOnlyWhereAllowed) {
  TempDir dir;
  // Only straight on from the south at C: to get east one must turn back somewhere north.
  OsmFixture f;
  f.node(1, 49.000, 8.000);  // C
  f.node(2, 49.001, 8.000);  // N
  f.node(3, 48.999, 8.000);  // S
  f.node(4, 49.000, 8.000 + kDlon);  // E
  f.way(10, {3, 1}, kRoad);
  f.way(11, {1, 2}, kRoad);
  f.way(12, {1, 4}, kRoad);
  f.restriction(100, 10, 1, 11, "only_straight_on");
  const double sc = f.dist(3, 1), cn = f.dist(1, 2), ce = f.dist(1, 4);
  {
    // N is a dead end: turning back there is allowed, with OSRM's U-turn penalty.
    const auto car = build(f, dir);
    EXPECT_NEAR(seconds(car, f.at(3), f.at(4)), (sc + 2 * cn + ce) / kCar + kStraight + kUTurn + kLeft, 0.004);
  }
  // The road goes on from N to a dead end X: at N two two-way roads meet, a U-turn is not
  // allowed there, so the car turns back at X.
  f.node(5, 49.002, 8.000);  // X
  f.way(13, {2, 5}, kRoad);
  const auto car = build(f, dir);
  const double nx = f.dist(2, 5), nx_s = nx / kCar;
  const double via_x = (sc + 2 * cn + ce) / kCar + 2 * nx_s + kStraight + kUTurn + kLeft;
  EXPECT_NEAR(seconds(car, f.at(3), f.at(4)), via_x, 0.004);
  EXPECT_GT(via_x, (sc + 2 * cn + ce) / kCar + kStraight + kUTurn + kLeft + 20) << "turning at N would be faster";
}

TEST(CarModel, ViaWayRestrictionIsObeyed) {
  TempDir dir;
  // Two parallel roads 55 m apart joined by a short connector B (2–3), and at their east end by F (6–5).
  OsmFixture f;
  f.node(1, 49.0000, 8.000);
  f.node(2, 49.0000, 8.003);
  f.node(3, 49.0005, 8.003);
  f.node(4, 49.0005, 8.000);
  f.node(5, 49.0005, 8.006);
  f.node(6, 49.0000, 8.006);
  f.way(20, {1, 2}, kRoad);  // A
  f.way(21, {2, 3}, kRoad);  // B, the via way
  f.way(22, {3, 4}, kRoad);  // C
  f.way(23, {3, 5}, kRoad);  // D
  f.way(24, {2, 6}, kRoad);  // E
  f.way(25, {6, 5}, kRoad);  // F
  const LonLat p = f.between(1, 2, 0.5), q = f.between(3, 4, 0.5), on_e = f.between(2, 6, 0.5);
  const double a = f.dist(1, 2), b = f.dist(2, 3), c = f.dist(3, 4), d = f.dist(3, 5), e = f.dist(2, 6), fl = f.dist(6, 5);
  {
    const auto free = build(f, dir);
    EXPECT_NEAR(seconds(free, p, q), (a / 2 + b + c / 2) / kCar + 2 * kLeft, 0.003);
  }
  for (const char* type : {"no_u_turn", "only_straight_on"}) {
    OsmFixture r = f;
    // From A via B: no turning onto C (no_u_turn), or only on along D (only_straight_on).
    r.restriction_via_ways(100, 20, {21}, std::string(type) == "no_u_turn" ? 22 : 23, type);
    const auto car = build(r, dir);
    EXPECT_EQ(car.graph().restrictions_applied, 1) << type;
    // Round by E, F and D, straight on at both three-way junctions.
    EXPECT_NEAR(seconds(car, p, q), (a / 2 + e + fl + d + c / 2) / kCar + 2 * kStraight, 0.004) << type;
    // Coming from E, the turn from B onto C stays allowed.
    EXPECT_NEAR(seconds(car, on_e, q), (e / 2 + b + c / 2) / kCar + kRight + kLeft, 0.003) << type;
  }
}

TEST(CarModel, JunctionControlsDelay) {
  TempDir dir;
  // A straight street 1–3 of about 222 m with node 2 in the middle; node 4 10 m east of 2;
  // with `side`, a side street north from 2 makes 2 a junction.
  auto street = [](const std::map<std::string, std::string>& at2, const std::map<std::string, std::string>& at4,
                   bool side = false) {
    OsmFixture f;
    f.node(1, 49.0, 8.000);
    f.node(2, 49.0, 8.000 + kDlon, at2);
    f.node(4, 49.0, 8.000 + kDlon * 1.09, at4);
    f.node(3, 49.0, 8.000 + 2 * kDlon);
    f.way(10, {1, 2, 4, 3}, kRoad);
    if (side) {
      f.node(5, 49.001, 8.000 + kDlon);
      f.way(11, {2, 5}, kRoad);
    }
    return f;
  };
  auto time = [&](const OsmFixture& f, bool back) {
    const auto car = build(f, dir);
    return back ? seconds(car, f.at(3), f.at(1)) : seconds(car, f.at(1), f.at(3));
  };
  const auto plain = street({}, {});
  const double base = time(plain, false);
  EXPECT_NEAR(base, plain.dist(1, 3) / kCar, 0.002);
  const std::map<std::string, std::string> signal{{"highway", "traffic_signals"}};
  EXPECT_NEAR(time(street(signal, {}), false) - base, kP.signal_s, 0.002);
  EXPECT_NEAR(time(street(signal, {}), true) - time(plain, true), kP.signal_s, 0.002);
  // Signals on both approaches of one junction, 10 m apart: one delay.
  EXPECT_NEAR(time(street(signal, signal), false) - base, kP.signal_s, 0.002);
  EXPECT_EQ(build(street(signal, signal), dir).graph().signal_junctions, 1);
  EXPECT_NEAR(time(street({{"highway", "crossing"}, {"crossing", "traffic_signals"}}, {}), false) - base,
              kP.pedestrian_signal_s, 0.002);
  EXPECT_NEAR(time(street({{"highway", "crossing"}, {"crossing", "zebra"}}, {}), false) - base, kP.zebra_s, 0.002);
  EXPECT_NEAR(time(street({{"railway", "level_crossing"}}, {}), false) - base, kP.level_crossing_s, 0.002);
  EXPECT_NEAR(time(street({{"railway", "level_crossing"}, {"crossing:barrier", "full"}}, {}), false) - base,
              kP.level_crossing_barrier_s, 0.002);
  EXPECT_NEAR(time(street({{"barrier", "lift_gate"}}, {}), false) - base, kP.gate_s, 0.002);
  // A sign 10 m before junction 2 applies to those driving towards the junction (OSRM's rule for
  // stop signs without a direction), or as its direction tag says.
  const auto side = street({}, {}, true);
  const auto stop = street({}, {{"highway", "stop"}}, true);
  const auto give_way = street({}, {{"highway", "give_way"}, {"direction", "backward"}}, true);
  EXPECT_NEAR(time(give_way, true) - time(side, true), kP.give_way_s, 0.002);
  EXPECT_NEAR(time(give_way, false) - time(side, false), 0, 0.002);
  EXPECT_NEAR(time(stop, true) - time(side, true), kP.stop_s, 0.002) << "westbound: junction 2 lies 10 m ahead";
  EXPECT_NEAR(time(stop, false) - time(side, false), 0, 0.002) << "eastbound the sign is just behind";
}

TEST(CarModel, SignalDelaysOnlyWhereTheRoadPasses) {
  TempDir dir;
  // A signalised junction, and a road on a bridge crossing right above it without a common node.
  OsmFixture f;
  f.node(1, 49.000, 8.000);
  f.node(2, 49.000, 8.000 + kDlon, {{"highway", "traffic_signals"}});
  f.node(3, 49.000, 8.000 + 2 * kDlon);
  f.node(4, 49.001, 8.000 + kDlon);
  f.node(5, 48.999, 8.000 + kDlon);
  f.node(6, 49.0005, 8.000 + 0.5 * kDlon);  // the bridge crosses right above node 2
  f.node(7, 48.9995, 8.000 + 1.5 * kDlon);
  f.way(10, {1, 2, 3}, kRoad);
  f.way(11, {4, 2, 5}, kRoad);
  f.way(12, {6, 7}, {{"highway", "residential"}, {"bridge", "yes"}, {"layer", "1"}});
  f.way(13, {3, 6}, kRoad);  // the bridge is reachable, so it stays in the network
  f.way(14, {7, 1}, kRoad);
  const auto car = build(f, dir);
  EXPECT_NEAR(seconds(car, f.between(6, 7, 0.1), f.between(6, 7, 0.9)), 0.8 * f.dist(6, 7) / kCar, 0.002);
  EXPECT_NEAR(seconds(car, f.between(1, 2, 0.5), f.between(2, 3, 0.5)),
              (f.dist(1, 2) / 2 + f.dist(2, 3) / 2) / kCar + kP.signal_s + kStraight, 0.003);
}

TEST(CarModel, BarrierClosesTheRoadToCars) {
  TempDir dir;
  OsmFixture f;
  f.node(1, 49.000, 8.000);
  f.node(2, 49.000, 8.000 + kDlon, {{"barrier", "bollard"}});
  f.node(3, 49.000, 8.000 + 2 * kDlon);
  f.node(4, 49.001, 8.000 + kDlon);
  f.way(10, {1, 2, 3}, kRoad);
  f.way(11, {1, 4, 3}, kRoad);
  const auto car = build(f, dir);
  EXPECT_EQ(car.graph().barriers, 1);
  EXPECT_NEAR(seconds(car, f.at(1), f.at(3)), (f.dist(1, 4) + f.dist(4, 3)) / kCar, 0.003);
  // A bollard with motor_vehicle=yes lets cars pass.
  OsmFixture open;
  open.node(1, 49.000, 8.000);
  open.node(2, 49.000, 8.000 + kDlon, {{"barrier", "bollard"}, {"motor_vehicle", "yes"}});
  open.node(3, 49.000, 8.000 + 2 * kDlon);
  open.way(10, {1, 2, 3}, kRoad);
  EXPECT_NEAR(seconds(build(open, dir), open.at(1), open.at(3)), open.dist(1, 3) / kCar, 0.002);
}

TEST(CarModel, BuiltUpAndRuralDefaultsAndCountry) {
  TempDir dir;
  // A town: a grid of residential streets every 50 m over 3 km × 3 km, whose middle row is an
  // untagged secondary road; from its east end an untagged secondary road runs 20 km into the
  // countryside, then a dual-carriageway trunk.
  OsmFixture f;
  const int n = 61;
  const double step_lat = 50 / 111195.08, step_lon = 50 / (111195.08 * std::cos(49.0 * M_PI / 180));
  auto id = [&](int r, int c) { return int64_t{1000} + r * n + c; };
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) f.node(id(r, c), 49.0 + r * step_lat, 8.0 + c * step_lon);
  for (int r = 0; r < n; ++r) {
    std::vector<int64_t> row, col;
    for (int c = 0; c < n; ++c) row.push_back(id(r, c)), col.push_back(id(c, r));
    f.way(10000 + r, row, r == n / 2 ? std::map<std::string, std::string>{{"highway", "secondary"}} : kRoad);
    f.way(20000 + r, col, kRoad);
  }
  const double east = 8.0 + (n - 1) * step_lon;
  const double mid_lat = 49.0 + (n / 2) * step_lat;
  f.node(1, mid_lat, east + 0.27);  // about 20 km east
  f.node(2, mid_lat, east + 0.28);
  f.node(3, mid_lat, east + 0.30);
  f.way(30, {id(n / 2, n - 1), 1}, {{"highway", "secondary"}});
  f.way(31, {1, 2}, {{"highway", "tertiary"}, {"zone:traffic", "DE:urban"}});  // a signposted village
  f.way(32, {2, 3}, {{"highway", "trunk"}, {"oneway", "yes"}});
  f.way(33, {3, 2}, {{"highway", "trunk"}, {"oneway", "yes"}});
  for (int k = 0; k < 2; ++k)  // speed tags name the country (two votes against the village's one)
    f.way(34 + k, {id(5 + k, 5), id(5 + k, 6)}, {{"highway", "residential"}, {"source:maxspeed", "AT:urban"}});
  const LonLat town{8.0 + (n / 2 + 0.5) * step_lon, mid_lat}, country_road{east + 0.1, mid_lat},
      village{east + 0.275, mid_lat}, trunk{east + 0.29, mid_lat};
  {
    const auto car = build(f, dir);
    EXPECT_EQ(car.graph().country, "AT") << "from the one AT: zone code";
    EXPECT_NEAR(kmh_at(car, town), 40, 0.1);          // built-up: min(50 × 0.8, 49)
    EXPECT_NEAR(kmh_at(car, country_road), 60, 0.1);  // rural: min(100 × 0.8, 60)
    EXPECT_NEAR(kmh_at(car, village), 40, 0.1);       // tagged built-up: min(50 × 0.8, 40)
    EXPECT_NEAR(kmh_at(car, trunk), 95, 0.1);         // AT: 100 on dual carriageways
    // Congestion classes: the town's road is urban, the country road rural.
    const auto& g = car.graph();
    const uint32_t e_town = g.chains[car.locate(town, 50).snap.chain].forward_edge;
    const uint32_t e_rural = g.chains[car.locate(country_road, 50).snap.chain].forward_edge;
    EXPECT_EQ(g.edge_class[e_town], congestion_class(RoadClass::secondary, Area::urban));
    EXPECT_EQ(g.edge_class[e_rural], congestion_class(RoadClass::secondary, Area::rural));
    Graph peak = g;
    apply_period(peak, 1);
    EXPECT_EQ(peak.weight_ms[e_town], static_cast<uint32_t>(std::lround(g.weight_ms[e_town] * 1.40)));
    EXPECT_EQ(peak.weight_ms[e_rural], static_cast<uint32_t>(std::lround(g.weight_ms[e_rural] * 1.06)));
    for (uint32_t a = g.turn_first[e_town]; a < g.turn_first[e_town + 1]; ++a)
      EXPECT_EQ(peak.turn_ms[a], static_cast<uint32_t>(std::lround(g.turn_ms[a] * 1.40)));
  }
  Profile de = default_profile();
  de.car.country = "DE";
  const auto car = build(f, dir, de);
  EXPECT_EQ(car.graph().country, "DE");
  EXPECT_NEAR(kmh_at(car, trunk), 130 * 0.95, 0.1);  // DE: no limit there, advisory 130
}
