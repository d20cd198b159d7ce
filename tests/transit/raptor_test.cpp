// RAPTOR on hand-made feeds with known answers, and against a plain connection scan on rnv.
#include "transit/raptor.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <numeric>
#include <random>

#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"
#include "network/osm_fixture.hpp"
#include "support/test_support.hpp"
#include "transit/access.hpp"
#include "transit/connection_scan.hpp"
#include "transit/gtfs_fixture.hpp"
#include "transit/transit_times.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

// A straight street along 49°N from 8.000 to 8.100 for the walking links.
StreetNetwork street(const TempDir& dir) {
  OsmFixture f;
  f.node(1, 49.0, 8.000);
  f.node(2, 49.0, 8.100);
  f.way(1, {1, 2}, {{"highway", "residential"}});
  f.write(dir / "street.osm");
  return StreetNetwork(build_graph(read_osm_roads(dir / "street.osm", default_profile(), false), Mode::walk));
}

struct Fixture {
  TempDir dir;
  StreetNetwork walk = street(dir);
  Timetable tt;
  uint32_t stop(const std::string& id) const {
    for (uint32_t s = 0; s < tt.stop_count(); ++s)
      if (tt.stop_key[s] == "t:" + id) return s;
    throw std::runtime_error("no stop " + id);
  }
  void build(const std::map<std::string, std::string>& files, int32_t date = 20161115) {
    write_gtfs(dir / "f.zip", files);
    tt = build_timetable({read_gtfs(dir / "f.zip", "t")}, date, walk);
  }
  int32_t arrive(const std::string& from, const std::string& to, int32_t at, int max_transfers = 5) {
    Raptor r(tt, max_transfers);
    const StopAccess a{stop(from), 0};
    r.run({&a, 1}, at);
    return r.arrival(stop(to));
  }
};

const std::string kAgency = "agency_id,agency_name,agency_url,agency_timezone\nA,Test,http://x,Europe/Berlin\n";
const std::string kCalendar =
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "WK,1,1,1,1,1,0,0,20161001,20161231\n";
// Stops along the street; S1b is 110 m from S1, the others kilometres apart.
const std::string kStops =
    "stop_id,stop_name,stop_lat,stop_lon\nS1,One,49.0,8.000\nS1b,One B,49.0,8.0015\nS2,Two,49.0,8.030\n"
    "S3,Three,49.0,8.060\nS4,Four,49.0,8.090\n";

}  // namespace

TEST(Raptor, NeededTransfer) {
  Fixture f;
  f.build({{"agency.txt", kAgency}, {"calendar.txt", kCalendar}, {"stops.txt", kStops},
           {"routes.txt", "route_id,route_short_name,route_type\nA,1,3\nB,2,3\n"},
           {"trips.txt", "route_id,service_id,trip_id\nA,WK,a1\nB,WK,b1\n"},
           {"stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,08:00:00,08:00:00,S1,1\na1,08:10:00,08:10:00,S2,2\n"
            "b1,08:15:00,08:15:00,S2,1\nb1,08:25:00,08:25:00,S3,2\n"}});
  EXPECT_EQ(f.arrive("S1", "S3", hms(7, 55)), hms(8, 25));
  EXPECT_EQ(f.arrive("S1", "S3", hms(7, 55), 0), kUnreached);  // needs one transfer
  Raptor r(f.tt);
  const StopAccess a{f.stop("S1"), 0};
  r.run({&a, 1}, hms(7, 55));
  const auto legs = r.journey(f.stop("S3"));
  ASSERT_EQ(legs.size(), 3u);  // access, ride, ride
  EXPECT_EQ(legs[1].kind, Leg::Kind::ride);
  EXPECT_EQ(f.tt.route_short_name[legs[1].route], "1");
  EXPECT_EQ(legs[1].depart, hms(8, 0));
  EXPECT_EQ(f.tt.route_short_name[legs[2].route], "2");
  EXPECT_EQ(legs[2].from_stop, f.stop("S2"));
  EXPECT_EQ(legs[2].arrive, hms(8, 25));
}

TEST(Raptor, OvertakingTripIsTaken) {
  Fixture f;
  f.build({{"agency.txt", kAgency}, {"calendar.txt", kCalendar}, {"stops.txt", kStops},
           {"routes.txt", "route_id,route_short_name,route_type\nA,1,3\n"},
           {"trips.txt", "route_id,service_id,trip_id\nA,WK,slow\nA,WK,fast\n"},
           {"stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nslow,08:00:00,08:00:00,S1,1\nslow,08:40:00,08:40:00,S2,2\n"
            "slow,09:00:00,09:00:00,S3,3\nfast,08:05:00,08:05:00,S1,1\nfast,08:15:00,08:15:00,S2,2\nfast,08:30:00,08:30:00,S3,3\n"}});
  EXPECT_EQ(f.tt.pattern_count(), 2u);  // split so that each pattern is FIFO
  EXPECT_EQ(f.arrive("S1", "S3", hms(7, 59)), hms(8, 30));
  EXPECT_EQ(f.arrive("S1", "S2", hms(8, 1)), hms(8, 15));
}

TEST(Raptor, TripsAfterMidnightAndCalendarExceptions) {
  Fixture f;
  auto files = std::map<std::string, std::string>{
      {"agency.txt", kAgency}, {"calendar.txt", kCalendar}, {"stops.txt", kStops},
      {"routes.txt", "route_id,route_short_name,route_type\nN,N1,3\n"},
      {"trips.txt", "route_id,service_id,trip_id\nN,WK,night\nN,EXTRA,sunday\n"},
      {"calendar_dates.txt", "service_id,date,exception_type\nWK,20161116,2\nEXTRA,20161120,1\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nnight,24:30:00,24:30:00,S1,1\nnight,25:00:00,25:00:00,S2,2\n"
       "sunday,10:00:00,10:00:00,S1,1\nsunday,10:20:00,10:20:00,S2,2\n"}};
  // Tuesday 15 Nov's night trip runs on Wednesday 16 at 00:30, though WK itself is cancelled on the 16th.
  f.build(files, 20161116);
  EXPECT_EQ(f.arrive("S1", "S2", hms(0, 20)), hms(1, 0));
  // On Thursday 17, Wednesday's trip does not run (cancelled): the next is Thursday's own, a day later.
  f.build(files, 20161117);
  EXPECT_EQ(f.arrive("S1", "S2", hms(0, 20)), hms(25, 0));
  // Sunday 20 Nov: only the added service.
  f.build(files, 20161120);
  EXPECT_EQ(f.arrive("S1", "S2", hms(9, 0)), hms(10, 20));
  EXPECT_EQ(f.arrive("S1", "S2", hms(0, 0)), hms(10, 20));
}

TEST(Raptor, StopReachedFasterOnFoot) {
  Fixture f;
  f.build({{"agency.txt", kAgency}, {"calendar.txt", kCalendar}, {"stops.txt", kStops},
           {"routes.txt", "route_id,route_short_name,route_type\nA,1,3\nB,2,3\n"},
           {"trips.txt", "route_id,service_id,trip_id\nA,WK,a1\nB,WK,b1\n"},
           {"stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,08:00:00,08:00:00,S2,1\na1,08:10:00,08:10:00,S1,2\n"
            "b1,08:12:00,08:12:00,S1,1\nb1,08:30:00,08:30:00,S3,2\nb1,08:45:00,08:45:00,S1b,3\n"}});
  // From S2: ride to S1 (08:10), then walk 110 m to S1b instead of the bus loop arriving 08:45.
  const int32_t walk_s = static_cast<int32_t>(std::ceil(haversine_m({8.0, 49.0}, {8.0015, 49.0}) / (5 / 3.6)));
  EXPECT_EQ(f.arrive("S2", "S1b", hms(7, 55)), hms(8, 10) + walk_s);
  // A point next to S1 reaches S1b on foot directly: the access search finds both stops.
  Dijkstra search(f.walk.graph());
  const auto origin = f.walk.locate({8.0002, 49.0}, 50);
  const auto near = stops_within(f.tt, f.walk, search, origin, 300);
  EXPECT_EQ(near.size(), 2u);
}

namespace {

struct Rnv {
  StreetNetwork walk;
  Timetable tt;       // the rules of docs/transit.md
  Timetable walking;  // every transfer walked on the network, as before stations had a cap
};

const Rnv& rnv() {
  static const Rnv r = [] {
    const auto roads = read_osm_roads(data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
    StreetNetwork walk(build_graph(roads, Mode::walk));
    const std::vector<GtfsFeed> feeds{read_gtfs(data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip"), "rnv")};
    TimetableOptions no_cap;
    no_cap.detour_factor = 1e6;
    Timetable tt = build_timetable(feeds, 20161115, walk), walking = build_timetable(feeds, 20161115, walk, no_cap);
    return Rnv{std::move(walk), std::move(tt), std::move(walking)};
  }();
  return r;
}
const Timetable& rnv_tuesday() { return rnv().tt; }

uint32_t rnv_stop(const Timetable& tt, const std::string& id) {
  for (uint32_t s = 0; s < tt.stop_count(); ++s)
    if (tt.stop_key[s] == "rnv:" + id) return s;
  throw std::runtime_error("no stop " + id);
}

int32_t arrive(const Timetable& tt, const std::string& from, std::initializer_list<const char*> to, int32_t at) {
  Raptor r(tt, 8);
  const StopAccess a{rnv_stop(tt, from), 0};
  r.run({&a, 1}, at);
  int32_t best = kUnreached;
  for (const char* t : to) best = std::min(best, r.arrival(rnv_stop(tt, t)));
  return best;
}

}  // namespace

// The station rule modelled here, apart from the engine: stations are stops of one name within
// 200 m of each other (the feed has no parent stations); within one, a change takes the network
// walk of the walking-only timetable but never more than crow-fly × 1.4 at 5 km/h + 60 s.
std::vector<ConnectionScan::Footpath> rnv_station_rule(const Timetable& walking, size_t* capped = nullptr) {
  const uint32_t n = walking.stop_count();
  std::vector<uint32_t> station(n);
  std::iota(station.begin(), station.end(), 0u);
  std::function<uint32_t(uint32_t)> root = [&](uint32_t s) { return station[s] == s ? s : station[s] = root(station[s]); };
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = a + 1; b < n; ++b)
      if (walking.stop_name[a] == walking.stop_name[b] && haversine_m(walking.stop_coord[a].lonlat(), walking.stop_coord[b].lonlat()) <= 200)
        station[root(a)] = root(b);
  std::vector<ConnectionScan::Footpath> out;
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const int32_t walked = walking.transfer_time(a, b);
      if (root(a) != root(b)) {
        if (walked != kUnreached) out.push_back({a, b, walked});
        continue;
      }
      const double metres = haversine_m(walking.stop_coord[a].lonlat(), walking.stop_coord[b].lonlat());
      const int32_t cap = static_cast<int32_t>(std::ceil(metres * 1.4 / (5 / 3.6))) + 60;
      const int32_t network = walked > 100000 ? kUnreached : walked;  // beyond the transfer walk: only the (huge) cap
      out.push_back({a, b, std::min(network, cap)});
      if (capped) *capped += cap < network;
    }
  return out;
}

TEST(RnvStations, TransfersFollowTheStationRule) {
  const auto& r = rnv();
  const Timetable& tt = r.tt;
  ASSERT_EQ(tt.stop_count(), r.walking.stop_count());
  size_t capped = 0;
  const auto expected = rnv_station_rule(r.walking, &capped);
  size_t within = 0;
  for (const auto& f : expected) {
    ASSERT_EQ(tt.transfer_time(f.from, f.to), f.seconds) << tt.stop_key[f.from] << " " << tt.stop_key[f.to];
    within += tt.stop_station[f.from] == tt.stop_station[f.to];
  }
  EXPECT_EQ(tt.transfer_to.size(), expected.size());
  EXPECT_GT(within, 1800u);  // ordered pairs of platforms of one station
  EXPECT_GT(capped, 400u);   // the extract has no footways: a quarter of them get the cap
}

TEST(RnvStations, RheinstrasseAndParadeplatzChangesOfPlatformPayNoDetour) {
  const auto& r = rnv();
  auto hms_ = [](int h, int m) { return h * 3600 + m * 60; };
  // From platform 245803 at 07:30 to Weinheim Händelstraße, door to door: the tram at 245801, 30 m away.
  const auto at = [&](const std::string& id) {
    return r.walk.locate(r.tt.stop_coord[rnv_stop(r.tt, id)].lonlat(), 300);
  };
  const TransitQuery q{hms_(7, 30), 0, 60, 900, 5};
  const auto now = plan_transit_trip(r.tt, r.walk, at("245803"), at("411812"), q);
  const auto walked = plan_transit_trip(r.walking, r.walk, at("245803"), at("411812"), q);
  ASSERT_TRUE(now && walked);
  EXPECT_LE(now->arrive - hms_(7, 30), 47 * 60);
  EXPECT_GE(walked->arrive - now->arrive, 15 * 60);  // 66 min when platforms are linked only by the walk network
  ASSERT_GE(now->legs.size(), 3u);
  EXPECT_EQ(now->legs[0].to, "Rheinstraße");  // access to the other platform, capped by the change
  EXPECT_EQ(now->legs[1].from, "Rheinstraße");
  EXPECT_LE(now->legs[1].depart, hms_(7, 33));
  // Konrad-Adenauer-Brücke (line 7) to MVV-Hochhaus (line 2): a change of platform at Paradeplatz.
  Raptor raptor(r.tt, 8);
  const StopAccess a{rnv_stop(r.tt, "242601"), 0};
  raptor.run({&a, 1}, hms_(7, 35));
  const auto legs = raptor.journey(rnv_stop(r.tt, "554902"));
  const auto change = std::find_if(legs.begin(), legs.end(), [&](const Leg& l) {
    return l.kind == Leg::Kind::walk && l.from_stop != kNone && r.tt.stop_name[l.from_stop] == "Paradeplatz";
  });
  ASSERT_NE(change, legs.end());
  EXPECT_NE(change->from_stop, change->to_stop);
  EXPECT_EQ(r.tt.stop_station[change->from_stop], r.tt.stop_station[change->to_stop]);
  EXPECT_LT(change->arrive - change->depart, r.walking.transfer_time(change->from_stop, change->to_stop));
  EXPECT_LT(raptor.arrival(rnv_stop(r.tt, "554902")), arrive(r.walking, "242601", {"554902"}, hms_(7, 35)));
}

TEST(RaptorReference, RnvStationRuleEqualsConnectionScanWithItsOwnRule) {
  const auto& r = rnv();
  Raptor raptor(r.tt, 15);
  const ConnectionScan reference(r.walking, rnv_station_rule(r.walking));
  std::mt19937 rng(1511);
  std::uniform_int_distribution<uint32_t> stop(0, r.tt.stop_count() - 1);
  std::uniform_int_distribution<int32_t> time(hms(5, 0), hms(22, 0));
  for (int i = 0; i < 300; ++i) {
    const uint32_t a = stop(rng), b = stop(rng);
    const int32_t t = time(rng);
    const StopAccess access{a, 0};
    raptor.run({&access, 1}, t);
    ASSERT_EQ(raptor.arrival(b), reference.earliest_arrival(a, t)[b]) << r.tt.stop_key[a] << " -> " << r.tt.stop_key[b];
  }
}

TEST(RaptorReference, WhereNoPlatformChangeIsInvolvedTheOldRuleGivesTheSameTimes) {
  // The scan on the walking-only timetable is the reference; RAPTOR with the station rule must
  // equal it unless its journey changes platform through a capped transfer, and never be later.
  const auto& r = rnv();
  Raptor raptor(r.tt, 15);
  const ConnectionScan reference(r.walking);
  std::mt19937 rng(2211);
  std::uniform_int_distribution<uint32_t> stop(0, r.tt.stop_count() - 1);
  std::uniform_int_distribution<int32_t> time(hms(5, 0), hms(22, 0));
  int same = 0, faster = 0;
  for (int i = 0; i < 300; ++i) {
    const uint32_t a = stop(rng), b = stop(rng);
    const int32_t t = time(rng);
    const StopAccess access{a, 0};
    raptor.run({&access, 1}, t);
    const int32_t expected = reference.earliest_arrival(a, t)[b], got = raptor.arrival(b);
    const auto legs = raptor.journey(b);
    const bool capped_change = std::any_of(legs.begin(), legs.end(), [&](const Leg& l) {
      return l.kind == Leg::Kind::walk && l.from_stop != kNone && r.tt.transfer_time(l.from_stop, l.to_stop) < r.walking.transfer_time(l.from_stop, l.to_stop);
    });
    ASSERT_LE(got, expected) << r.tt.stop_key[a] << " -> " << r.tt.stop_key[b] << " at " << format_time_of_day(t);
    if (!capped_change) {
      ASSERT_EQ(got, expected) << r.tt.stop_key[a] << " -> " << r.tt.stop_key[b] << " at " << format_time_of_day(t);
      ++same;
    } else {
      faster += got < expected;
    }
  }
  EXPECT_GT(same, 150);
  EXPECT_GT(faster, 0);
}

TEST(RaptorReference, RnvEqualsConnectionScanOn300Triples) {
  const Timetable& tt = rnv_tuesday();
  ASSERT_GT(tt.pattern_count(), 100u);
  ASSERT_GT(tt.transfer_to.size(), 1000u);
  Raptor raptor(tt, 15);  // enough rounds to match the unlimited transfers of the scan
  const ConnectionScan reference(tt);
  std::mt19937 rng(1115);
  std::uniform_int_distribution<uint32_t> stop(0, tt.stop_count() - 1);
  std::uniform_int_distribution<int32_t> time(hms(5, 0), hms(22, 0));
  int reached = 0;
  for (int i = 0; i < 300; ++i) {
    const uint32_t a = stop(rng), b = stop(rng);
    const int32_t t = time(rng);
    const StopAccess access{a, 0};
    raptor.run({&access, 1}, t);
    const int32_t expected = reference.earliest_arrival(a, t)[b];
    ASSERT_EQ(raptor.arrival(b), expected) << tt.stop_key[a] << " -> " << tt.stop_key[b] << " at " << format_time_of_day(t);
    reached += expected != kUnreached;
  }
  EXPECT_GT(reached, 200);  // the rest leave too late or from stops without onward service
}

TEST(RaptorReference, RangeQueryEqualsRepeatedSingleQueries) {
  const Timetable& tt = rnv_tuesday();
  Raptor range(tt), single(tt);
  std::mt19937 rng(60);
  std::uniform_int_distribution<uint32_t> stop(0, tt.stop_count() - 1);
  for (int origin = 0; origin < 3; ++origin) {
    const std::vector<StopAccess> access{{stop(rng), 0}, {stop(rng), 240}};
    std::vector<uint32_t> targets;
    for (int i = 0; i < 40; ++i) targets.push_back(stop(rng));
    int departures = 0;
    range.run_range(access, hms(7, 0), hms(8, 0), 60, [&](int32_t dep) {
      single.run(access, dep);
      for (uint32_t s : targets) ASSERT_EQ(range.arrival(s), single.arrival(s)) << "departure " << format_time_of_day(dep);
      ++departures;
    });
    EXPECT_EQ(departures, 61);
  }
}
