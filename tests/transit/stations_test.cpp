// Stations and the transfers within them, on hand-made feeds and streets whose times can be
// worked out by hand.
#include "transit/stations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "network/graph_builder.hpp"
#include "network/osm_fixture.hpp"
#include "network/osm_reader.hpp"
#include "region/networks.hpp"
#include "region/transit.hpp"
#include "transit/quality_classes.hpp"
#include "support/test_support.hpp"
#include "transit/access.hpp"
#include "transit/gtfs_fixture.hpp"
#include "transit/raptor.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

constexpr double kWalk = 5 / 3.6;  // m/s

const std::string kAgency = "agency_id,agency_name,agency_url,agency_timezone\nA,Test,http://x,Europe/Berlin\n";
const std::string kCalendar =
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "WK,1,1,1,1,1,0,0,20161001,20161231\n";

// A divided road along 49°N: the south carriageway (nodes 1–2–3) and the north one (4–5–6),
// 0.0003° (33 m) apart, joined only at their ends 8.000 and 8.010; with `crossing` a footway
// 2–5 crosses at 8.005, where the platforms stand.
StreetNetwork divided_road(const TempDir& dir, bool crossing) {
  OsmFixture f;
  f.node(1, 49.0, 8.000);
  f.node(2, 49.0, 8.005);
  f.node(3, 49.0, 8.010);
  f.node(4, 49.0003, 8.000);
  f.node(5, 49.0003, 8.005);
  f.node(6, 49.0003, 8.010);
  f.way(1, {1, 2, 3}, {{"highway", "primary"}, {"oneway", "yes"}});
  f.way(2, {6, 5, 4}, {{"highway", "primary"}, {"oneway", "yes"}});
  f.way(3, {1, 4}, {{"highway", "residential"}});
  f.way(4, {3, 6}, {{"highway", "residential"}});
  if (crossing) f.way(5, {2, 5}, {{"highway", "footway"}});
  f.write(dir / "road.osm");
  return StreetNetwork(build_graph(read_osm_roads(dir / "road.osm", default_profile(), false), Mode::walk));
}

// Platforms P1 (south) and P2 (north) of the station "Mitte"; line A arrives at P1 at 08:00,
// line B leaves P2 at 08:01:40 and 08:15.
std::map<std::string, std::string> mitte_feed() {
  return {{"agency.txt", kAgency},
          {"calendar.txt", kCalendar},
          {"stops.txt",
           "stop_id,stop_name,stop_lat,stop_lon\nS0,West,49.0,7.96\nP1,Mitte,49.0,8.005\nP2,Mitte,49.0003,8.005\nZ,East,49.0,8.06\n"},
          {"routes.txt", "route_id,route_short_name,route_type\nA,A,3\nB,B,3\n"},
          {"trips.txt", "route_id,service_id,trip_id\nA,WK,a1\nB,WK,b1\nB,WK,b2\n"},
          {"stop_times.txt",
           "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,07:50:00,07:50:00,S0,1\na1,08:00:00,08:00:00,P1,2\n"
           "b1,08:01:40,08:01:40,P2,1\nb1,08:10:00,08:10:00,Z,2\nb2,08:15:00,08:15:00,P2,1\nb2,08:25:00,08:25:00,Z,2\n"}};
}

struct Built {
  TempDir dir;
  StreetNetwork walk;
  Timetable tt;
  Built(bool crossing, const std::map<std::string, std::string>& files) : walk(divided_road(dir, crossing)) {
    write_gtfs(dir / "f.zip", files);
    tt = build_timetable({read_gtfs(dir / "f.zip", "t")}, 20161115, walk);
  }
  uint32_t stop(const std::string& id) const {
    for (uint32_t s = 0; s < tt.stop_count(); ++s)
      if (tt.stop_key[s] == "t:" + id) return s;
    throw std::runtime_error("no stop " + id);
  }
  TransferSource source(uint32_t a, uint32_t b) const {
    for (uint32_t i = tt.transfer_first[a]; i < tt.transfer_first[a + 1]; ++i)
      if (tt.transfer_to[i] == b) return tt.transfer_source[i];
    throw std::runtime_error("no transfer");
  }
  int32_t arrive_z() const {
    Raptor r(tt);
    const StopAccess a{stop("S0"), 0};
    r.run({&a, 1}, 7 * 3600 + 45 * 60);
    return r.arrival(stop("Z"));
  }
};

const double kApart = haversine_m({8.005, 49.0}, {8.005, 49.0003});
const int32_t kCap = static_cast<int32_t>(std::ceil(kApart * 1.4 / kWalk)) + 60;

}  // namespace

TEST(StationTransfers, DividedRoadWithoutCrossingGetsTheCrowFlyCap) {
  Built b(false, mitte_feed());
  const uint32_t p1 = b.stop("P1"), p2 = b.stop("P2");
  EXPECT_EQ(b.tt.stop_station[p1], b.tt.stop_station[p2]);
  EXPECT_EQ(b.tt.station_name[b.tt.stop_station[p1]], "Mitte");
  // On the network the way round the ends is 2 × 365 m + 33 m: 550 s, within the 600 s of a walk link.
  const double round_m = 2 * haversine_m({8.0, 49.0}, {8.005, 49.0}) + kApart;
  TimetableOptions no_cap;
  no_cap.detour_factor = 100;
  const Timetable walked = build_timetable({read_gtfs(b.dir / "f.zip", "t")}, 20161115, b.walk, no_cap);
  EXPECT_NEAR(walked.transfer_time(p1, p2), round_m / kWalk, 2);
  EXPECT_GT(round_m / kWalk, 500);
  EXPECT_EQ(kCap, 94);  // 33.4 m × 1.4 at 5 km/h = 34 s, plus the change time of 60 s
  EXPECT_EQ(b.tt.transfer_time(p1, p2), kCap);
  EXPECT_EQ(b.tt.transfer_time(p2, p1), kCap);
  EXPECT_EQ(b.source(p1, p2), TransferSource::station);
  // The change is caught: B at 08:01:40, 100 s after A's arrival.
  EXPECT_EQ(b.arrive_z(), 8 * 3600 + 10 * 60);

  // A point at P1 reaches P2 no later than through P1 and the change (never farther than its own platforms).
  Dijkstra search(b.walk.graph());
  const auto at_p1 = b.walk.locate({8.005, 49.0}, 20);
  const auto near = stops_within(b.tt, b.walk, search, at_p1, 900);
  const auto to_p2 = std::find_if(near.begin(), near.end(), [&](const StopAccess& a) { return a.stop == p2; });
  ASSERT_NE(to_p2, near.end());
  EXPECT_EQ(to_p2->seconds, kCap);  // 0 s to P1, then the change
  const auto egress = stops_within(b.tt, b.walk, search, at_p1, 900, Direction::egress);
  EXPECT_EQ(std::find_if(egress.begin(), egress.end(), [&](const StopAccess& a) { return a.stop == p2; })->seconds, kCap);
}

TEST(StationTransfers, WithACrossingTheShorterNetworkWalkWins) {
  Built b(true, mitte_feed());
  const uint32_t p1 = b.stop("P1"), p2 = b.stop("P2");
  const auto expected = static_cast<int32_t>(std::ceil(kApart / kWalk));  // 25 s across the footway
  EXPECT_NEAR(b.tt.transfer_time(p1, p2), expected, 1);
  EXPECT_LT(b.tt.transfer_time(p1, p2), kCap);
  EXPECT_EQ(b.source(p1, p2), TransferSource::walk);
  EXPECT_EQ(b.arrive_z(), 8 * 3600 + 10 * 60);
}

TEST(StationTransfers, TransfersTxtOverridesNetworkAndCap) {
  for (bool crossing : {false, true}) {
    auto files = mitte_feed();
    files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nP1,P2,2,300\n";
    Built b(crossing, files);
    EXPECT_EQ(b.tt.transfer_time(b.stop("P1"), b.stop("P2")), 300) << crossing;
    EXPECT_EQ(b.source(b.stop("P1"), b.stop("P2")), TransferSource::feed);
    EXPECT_NE(b.tt.transfer_time(b.stop("P2"), b.stop("P1")), 300);  // the other direction keeps its rule
    EXPECT_EQ(b.arrive_z(), 8 * 3600 + 25 * 60) << crossing;  // 08:01:40 missed, 08:15 taken
  }
  // Type 3: no transfer there at all.
  auto files = mitte_feed();
  files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nP1,P2,3,\n";
  Built b(true, files);
  EXPECT_EQ(b.tt.transfer_time(b.stop("P1"), b.stop("P2")), kUnreached);
  EXPECT_EQ(b.arrive_z(), kUnreached);
}

TEST(StationTransfers, SameStopIdTakesNoChangeTime) {
  auto files = mitte_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,07:50:00,07:50:00,S0,1\na1,08:00:00,08:00:00,P1,2\n"
      "b1,08:00:00,08:00:00,P1,1\nb1,08:10:00,08:10:00,Z,2\n";
  files["trips.txt"] = "route_id,service_id,trip_id\nA,WK,a1\nB,WK,b1\n";
  Built b(false, files);
  EXPECT_EQ(b.arrive_z(), 8 * 3600 + 10 * 60);
}

TEST(StationTransfers, PathwaysTakePrecedenceAndTransfersTxtOverThem) {
  // A parent station with two platforms 110 m apart, a 45 s pathway between them, not on any street.
  std::map<std::string, std::string> files = {
      {"agency.txt", kAgency},
      {"calendar.txt", kCalendar},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nST,Hbf,49.0,8.0008,1,\nPA,Hbf Gleis 1,49.0,8.0,0,ST\n"
       "PB,Hbf Gleis 2,49.0,8.0015,0,ST\nN1,,,,3,ST\nS0,West,49.0,7.96,0,\nZ,East,49.0,8.06,0,\n"},
      {"pathways.txt",
       "pathway_id,from_stop_id,to_stop_id,pathway_mode,is_bidirectional,traversal_time,length\nw1,PA,N1,1,1,20,\n"
       "w2,N1,PB,2,1,25,\nw3,PA,PB,1,0,,400\n"},
      {"routes.txt", "route_id,route_short_name,route_type\nA,A,2\nB,B,2\n"},
      {"trips.txt", "route_id,service_id,trip_id\nA,WK,a1\nB,WK,b1\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,07:50:00,07:50:00,S0,1\na1,08:00:00,08:00:00,PA,2\n"
       "b1,08:01:00,08:01:00,PB,1\nb1,08:10:00,08:10:00,Z,2\n"}};
  TempDir dir;
  const StreetNetwork far_street = [&] {
    OsmFixture f;
    f.node(1, 49.1, 8.0);
    f.node(2, 49.1, 8.01);
    f.way(1, {1, 2}, {{"highway", "residential"}});
    f.write(dir / "s.osm");
    return StreetNetwork(build_graph(read_osm_roads(dir / "s.osm", default_profile(), false), Mode::walk));
  }();
  auto build = [&](const std::map<std::string, std::string>& fs) {
    write_gtfs(dir / "p.zip", fs);
    return build_timetable({read_gtfs(dir / "p.zip", "t")}, 20161115, far_street);
  };
  auto stop = [](const Timetable& tt, const std::string& id) {
    for (uint32_t s = 0; s < tt.stop_count(); ++s)
      if (tt.stop_key[s] == "t:" + id) return s;
    throw std::runtime_error("no stop " + id);
  };
  const Timetable tt = build(files);
  const uint32_t pa = stop(tt, "PA"), pb = stop(tt, "PB");
  EXPECT_EQ(tt.stop_station[pa], tt.stop_station[pb]);
  EXPECT_EQ(tt.station_name[tt.stop_station[pa]], "Hbf");
  EXPECT_EQ(tt.transfer_time(pa, pb), 45);  // via the node; the 400 m walkway (288 s) is slower
  EXPECT_EQ(tt.transfer_time(pb, pa), 45);  // w3 is one-way
  // transfers.txt between the parent stations stands for each pair of their platforms.
  files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nPA,PB,2,120\n";
  const Timetable with_min = build(files);
  EXPECT_EQ(with_min.transfer_time(stop(with_min, "PA"), stop(with_min, "PB")), 120);
  EXPECT_EQ(with_min.transfer_time(stop(with_min, "PB"), stop(with_min, "PA")), 45);
}

TEST(Stations, GroupingRulesAcrossFeedsAndOverrides) {
  TempDir dir;
  auto feed = [&](const std::string& name, const std::string& stops) {
    auto files = small_feed();
    files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n" + stops;
    files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
    write_gtfs(dir / (name + ".zip"), files);
    return read_gtfs(dir / (name + ".zip"), name);
  };
  // a: "Markt" ×3 (M1–M2 150 m, M2–M3 150 m, M1–M3 300 m: one station by the chain), "Markt" 2 km
  // away (another), two parent stations "Hbf" 100 m apart (never merged) and a lone stop "Hbf"
  // between them that joins the nearer one.
  const auto a = feed("a",
                      "M1,Markt,49.0,8.0,0,\nM2,Markt,49.00135,8.0,0,\nM3,Markt,49.0027,8.0,0,\nM9,Markt,49.02,8.0,0,\n"
                      "H1,Hbf,49.1,8.0,1,\nH1a,Hbf 1,49.1,8.0001,0,H1\nH2,Hbf,49.1009,8.0,1,\nH2a,Hbf 2,49.1009,8.0001,0,H2\n"
                      "HX,Hbf,49.1003,8.0,0,\n");
  // b: the same Markt under the same name, a stop 10 m from H1a under another name, and "Post".
  const auto b = feed("b", "BM,Markt,49.0001,8.0,0,\nBH,Hauptbahnhof,49.1,8.00023,0,\nBP,Post,49.05,8.0,0,\n");
  const std::vector<GtfsFeed> feeds{a, b};
  auto id = [](const GtfsFeed& f, const std::string& stop_id) {
    return static_cast<uint32_t>(std::find(f.stop_id.begin(), f.stop_id.end(), stop_id) - f.stop_id.begin());
  };
  const Stations st = group_stations(feeds);
  auto of = [&](size_t fi, const std::string& s) { return st.of_stop[fi][id(feeds[fi], s)]; };
  EXPECT_EQ(of(0, "M1"), of(0, "M2"));
  EXPECT_EQ(of(0, "M1"), of(0, "M3"));
  EXPECT_NE(of(0, "M1"), of(0, "M9"));
  EXPECT_EQ(st.source[of(0, "M1")], Stations::Source::name);
  EXPECT_EQ(of(0, "H1a"), of(0, "H1"));
  EXPECT_EQ(st.source[of(0, "H1")], Stations::Source::parent);
  EXPECT_NE(of(0, "H1"), of(0, "H2"));
  EXPECT_EQ(of(0, "HX"), of(0, "H1"));  // 33 m from H1, 67 m from H2
  EXPECT_EQ(st.name[of(0, "H1")], "Hbf");
  EXPECT_EQ(of(1, "BM"), of(0, "M1"));  // same name across feeds
  EXPECT_EQ(of(1, "BH"), of(0, "H1"));  // 10 m from H1a: the same place
  EXPECT_NE(of(1, "BP"), of(0, "M9"));
  EXPECT_EQ(st.source[of(1, "BP")], Stations::Source::single);
  // The station position: the parent's; else the platforms' mean.
  EXPECT_DOUBLE_EQ(st.position[of(0, "H1")].lat, 49.1);
  EXPECT_NEAR(st.position[of(0, "M1")].lat, (49.0 + 49.00135 + 49.0027 + 49.0001) / 4, 1e-9);

  // Overrides: M3 on its own, BP and M9 together.
  const std::vector<StationOverride> overrides{{"a", "M3", "Markt Nord"}, {"a", "M9", "Post"}, {"b", "BP", "Post"}};
  const Stations o = group_stations(feeds, overrides);
  auto oof = [&](size_t fi, const std::string& s) { return o.of_stop[fi][id(feeds[fi], s)]; };
  EXPECT_NE(oof(0, "M3"), oof(0, "M1"));
  EXPECT_EQ(o.name[oof(0, "M3")], "Markt Nord");
  EXPECT_EQ(oof(0, "M9"), oof(1, "BP"));
  EXPECT_EQ(o.source[oof(1, "BP")], Stations::Source::override);
  EXPECT_EQ(oof(0, "M1"), oof(0, "M2"));
  EXPECT_THROW(group_stations(feeds, std::vector<StationOverride>{{"c", "M1", "x"}}), Error);
  EXPECT_THROW(group_stations(feeds, std::vector<StationOverride>{{"a", "nope", "x"}}), Error);
}

namespace {

// A workspace with the divided road and the Mitte feed.
struct TransitWorkspace {
  TempDir dir;
  Workspace ws = Workspace::create(dir / "ws", "T", 32632);
  explicit TransitWorkspace(bool crossing) {
    divided_road(dir, crossing);
    import_osm(ws, dir / "road.osm", default_profile(), false);
    write_gtfs(dir / "mitte.zip", mitte_feed());
    import_gtfs(ws, dir / "mitte.zip", "mitte", "");
  }
};

}  // namespace

TEST(StationCheck, ListsPlatformsLinkedOnlyByADetour) {
  TransitWorkspace without(false);
  const auto check = check_workspace_stations(without.ws);
  EXPECT_EQ(check.stations, 1u);
  ASSERT_EQ(check.gaps.size(), 1u);
  const auto& g = check.gaps[0];
  EXPECT_EQ(g.station, "Mitte");
  EXPECT_EQ(g.platforms, 2u);
  EXPECT_EQ(g.detours, 1u);
  EXPECT_NEAR(g.crow_fly_m, kApart, 0.1);
  EXPECT_NEAR(g.network_m, 2 * haversine_m({8.0, 49.0}, {8.005, 49.0}) + kApart, 2);
  EXPECT_NEAR(g.ratio, g.network_m / kApart, 1e-9);
  TransitWorkspace with(true);
  EXPECT_TRUE(check_workspace_stations(with.ws).gaps.empty());
}

TEST(TransitWorkspace, SameFeedContentRefusedUnlessReplace) {
  TransitWorkspace t(true);
  auto expect_error = [&](const std::function<void()>& f, const std::string& fragment) {
    try {
      f();
      ADD_FAILURE() << "no error, expected: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  // The same tables zipped again (another file, another name): refused, nothing changes.
  write_gtfs(t.dir / "again.zip", mitte_feed());
  expect_error([&] { import_gtfs(t.ws, t.dir / "again.zip", "other", ""); },
               "again.zip: the same feed content is in the workspace already as feed 'mitte' (use --replace");
  EXPECT_EQ(load_feeds(t.ws).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(t.ws.dir() / "transit" / "other.feed"));
  // Another feed under a name taken: refused too.
  auto files = mitte_feed();
  files["routes.txt"] = "route_id,route_short_name,route_type\nA,A,3\nB,B2,3\n";
  write_gtfs(t.dir / "changed.zip", files);
  expect_error([&] { import_gtfs(t.ws, t.dir / "changed.zip", "mitte", ""); }, "has a feed named 'mitte' already");
  // --replace: the same content under a new name takes the old one's place.
  const auto r = import_gtfs(t.ws, t.dir / "again.zip", "other", "", true);
  EXPECT_EQ(r.replaced, "mitte");
  const auto feeds = load_feeds(t.ws);
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].name, "other");
  EXPECT_FALSE(std::filesystem::exists(t.ws.dir() / "transit" / "mitte.feed"));
  EXPECT_EQ(import_gtfs(t.ws, t.dir / "changed.zip", "other", "", true).replaced, "other");
}

TEST(TransitWorkspace, StationOverridesFromACsvChecked) {
  TransitWorkspace t(false);
  write_file(t.dir / "o.csv", "feed,stop_id,station\nmitte,P2,Mitte Nord\n");
  EXPECT_EQ(set_station_overrides(t.ws, t.dir / "o.csv"), 1u);
  const auto feeds = load_feeds(t.ws);
  const Stations st = workspace_stations(t.ws, feeds);
  EXPECT_NE(st.of_stop[0][1], st.of_stop[0][2]);  // P1, P2 now apart
  // The timetable of the workspace follows: P1 → P2 is walked round the road again.
  const Timetable tt = load_timetable(t.ws, load_street_network(t.ws, Mode::walk), 20161115);
  uint32_t p1 = kNone, p2 = kNone;
  for (uint32_t s = 0; s < tt.stop_count(); ++s) (tt.stop_key[s] == "mitte:P1" ? p1 : tt.stop_key[s] == "mitte:P2" ? p2 : s) = s;
  EXPECT_NE(tt.stop_station[p1], tt.stop_station[p2]);
  EXPECT_GT(tt.transfer_time(p1, p2), 500);
  auto expect_error = [&](const std::string& csv, const std::string& fragment) {
    write_file(t.dir / "bad.csv", csv);
    try {
      set_station_overrides(t.ws, t.dir / "bad.csv");
      ADD_FAILURE() << "no error, expected: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
    EXPECT_EQ(station_overrides(t.ws).size(), 1u);  // unchanged
  };
  expect_error("feed,stop_id,station\nmitte,P1,X\nnope,P2,X\n", "bad.csv:3: field 'feed': no feed 'nope'");
  expect_error("feed,stop_id,station\nmitte,P9,X\n", "bad.csv:2: field 'stop_id': feed 'mitte' has no stop 'P9'");
  expect_error("feed,stop_id,station\nmitte,P1,\n", "bad.csv:2: field 'station': empty");
  expect_error("feed,stop_id,station\nmitte,P1,X\nmitte,P1,Y\n", "bad.csv:3: field 'stop_id': stop 'P1' is listed already on line 2");
  expect_error("feed,stop\nmitte,P1\n", "stop_id");
  EXPECT_EQ(set_station_overrides(t.ws, {}), 0u);
  EXPECT_TRUE(station_overrides(t.ws).empty());
}

TEST(QualityClasses, AStationTwoFeedsHoldCountsOnce) {
  TempDir dir;
  // Feed a: a bus every 30 min 06:00–08:00 from Markt (one platform each way) to End.
  auto feed = [&](const std::string& name, const std::string& stops, const std::string& line, int first_min) {
    std::string trips = "route_id,service_id,trip_id\n", times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
    for (int m = first_min, i = 0; m < 120; m += 30, ++i) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "R1,WK,%s%d\n", name.c_str(), i);
      trips += buf;
      std::snprintf(buf, sizeof buf, "%s%d,%02d:%02d:00,%02d:%02d:00,M,1\n%s%d,%02d:%02d:00,%02d:%02d:00,E,2\n", name.c_str(), i,
                    6 + m / 60, m % 60, 6 + m / 60, m % 60, name.c_str(), i, 6 + (m + 10) / 60, (m + 10) % 60, 6 + (m + 10) / 60,
                    (m + 10) % 60);
      times += buf;
    }
    auto files = small_feed();
    files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\n" + stops;
    files["routes.txt"] = "route_id,route_short_name,route_type\nR1," + line + ",3\n";
    files["trips.txt"] = trips;
    files["stop_times.txt"] = times;
    write_gtfs(dir / (name + ".zip"), files);
    return read_gtfs(dir / (name + ".zip"), name);
  };
  const auto a = feed("a", "M,Markt,49.0,8.0\nE,End,49.05,8.0\n", "7", 0);
  // b: the same trips under other stop ids and names, 5 m off (a regional feed holding the local line).
  const auto b = feed("b", "M,Marktplatz (Nord),49.00004,8.0\nE,Endstation,49.05004,8.0\n", "7", 0);
  // c: another line at the same station, 15 minutes later.
  const auto c = feed("c", "M,Markt,49.0001,8.0\nE,Elsewhere,49.1,8.0\n", "9", 15);
  auto markt = [](const std::vector<PtStation>& st) {
    return *std::find_if(st.begin(), st.end(), [](const PtStation& s) { return s.name == "Markt"; });
  };
  EXPECT_EQ(markt(pt_stations({a}, 20161115, 6 * 3600, 8 * 3600)).departures, 4);
  const auto ab = pt_stations({a, b}, 20161115, 6 * 3600, 8 * 3600);
  EXPECT_EQ(markt(ab).departures, 4);  // not 8
  EXPECT_EQ(std::count_if(ab.begin(), ab.end(), [](const PtStation& s) { return s.departures > 0; }), 1);
  EXPECT_EQ(markt(ab).stops, "a:M b:M");
  EXPECT_EQ(markt(pt_stations({a, b, c}, 20161115, 6 * 3600, 8 * 3600)).departures, 8);  // the other line adds
}

TEST(TransitCli, ImportSummaryCheckAndRefusal) {
  TransitWorkspace t(false);
  const std::string ws = t.ws.dir().string();
  // The import summary lists the station with a detour, the check prints a table, CSV and JSON.
  write_gtfs(t.dir / "again.zip", mitte_feed());
  auto r = run_cli("import gtfs " + ws + " " + (t.dir / "again.zip").string() + " --name mitte --replace");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("replaces feed 'mitte'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 of 1 stations with two or more platforms"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Mitte "), std::string::npos) << r.out;
  const std::string before = fingerprint(t.ws.dir());
  r = run_cli("import gtfs " + ws + " " + (t.dir / "again.zip").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: " + (t.dir / "again.zip").string() +
                       ": the same feed content is in the workspace already as feed 'mitte' (use --replace to import it again)\n");
  EXPECT_EQ(fingerprint(t.ws.dir()), before);
  r = run_cli("transit check " + ws + " --csv " + (t.dir / "gaps.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("mitte:P1 – mitte:P2"), std::string::npos) << r.out;
  EXPECT_TRUE(read_file(t.dir / "gaps.csv")
                  .starts_with("station,platforms,pairs,detour_pairs,worst_from,worst_to,crow_fly_m,network_m,ratio\nMitte,2,1,1,"));
  r = run_cli("transit check " + ws + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["stations_checked"], 1);
  EXPECT_EQ(j["gaps"][0]["station"], "Mitte");
  EXPECT_EQ(j["gaps"][0]["crow_fly_m"], 33);
  r = run_cli("transit stations " + ws + " --out " + (t.dir / "st.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(t.dir / "st.csv").find("mitte,P2,Mitte,Mitte,"), std::string::npos);
}
