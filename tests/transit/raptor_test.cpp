// RAPTOR on hand-made feeds with known answers, and against a plain connection scan on rnv.
#include "transit/raptor.hpp"

#include <gtest/gtest.h>

#include <random>

#include "network/graph_builder.hpp"
#include "network/osm_reader.hpp"
#include "network/osm_fixture.hpp"
#include "support/test_support.hpp"
#include "transit/access.hpp"
#include "transit/connection_scan.hpp"
#include "transit/gtfs_fixture.hpp"

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

const Timetable& rnv_tuesday() {
  static const Timetable tt = [] {
    const auto roads = read_osm_roads(data_path("rhein-neckar-rnv/rnv-highways.osm.pbf"), highways_only_profile(), false);
    static const StreetNetwork walk(build_graph(roads, Mode::walk));
    return build_timetable({read_gtfs(data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip"), "rnv")}, 20161115, walk);
  }();
  return tt;
}

}  // namespace

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
