// GTFS reading: real feeds, the robustness cases of real files, and bad input named by file:line.
#include "io/gtfs.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "support/test_support.hpp"
#include "transit/gtfs_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(Gtfs, ReadsTheRnvFeed) {
  const auto f = read_gtfs(data_path("rhein-neckar-rnv/rnv-gtfs-2016.zip"), "rnv");
  EXPECT_EQ(f.stop_id.size(), 2057u);
  EXPECT_EQ(f.route_id.size(), 100u);
  EXPECT_EQ(f.trip_count(), 20636u);
  EXPECT_EQ(f.stop_time_stop.size(), 424266u);
  EXPECT_EQ(f.timezone, "Europe/Berlin");
  EXPECT_EQ(f.date_range(), std::make_pair(20161022, 20161210));
  EXPECT_EQ(std::count(f.route_type.begin(), f.route_type.end(), 900), 19);  // extended route types kept
  EXPECT_TRUE(f.warnings.empty());
  int tuesday = 0;
  for (uint32_t t = 0; t < f.trip_count(); ++t) tuesday += f.service_active(f.trip_service[t], 20161115);
  EXPECT_GT(tuesday, 5000);
}

TEST(Gtfs, ReadsThePidSampleWithStationsPathwaysAndFares) {
  const auto f = read_gtfs(data_path("cz-prague-pid-gtfs-sample/PID_GTFS_sample_2020.zip"), "pid");
  EXPECT_EQ(f.stop_id.size(), 12472u);
  EXPECT_EQ(f.route_id.size(), 526u);
  size_t with_parent = 0;
  for (auto p : f.stop_parent) with_parent += p != kNone;
  EXPECT_GT(with_parent, 100u);
  EXPECT_FALSE(f.transfers.empty());
  EXPECT_FALSE(f.warnings.empty());  // trips without stop times are reported, not fatal
}

TEST(Gtfs, HandlesBomQuotesCrlfColumnOrderPastMidnightAndFrequencies) {
  TempDir dir;
  auto files = small_feed();
  files["stops.txt"] = "\xEF\xBB\xBF" "stop_lon,stop_name,stop_id,stop_lat\r\n8.0,\"One, Main St\",S1,49.0\r\n8.03,Two,S2,49.0\r\n8.06,Three,S3,49.0\r\n";
  files["stop_times.txt"] =
      "trip_id,stop_id,stop_sequence,arrival_time,departure_time\nT1,S3,30,25:20:00,25:20:00\nT1,S1,10,24:50:00,24:50:00\n"
      "T1,S2,20,,\n";
  files["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs\nT1,24:50:00,25:50:00,1200\n";
  files.erase("calendar.txt");
  files["calendar_dates.txt"] = "service_id,date,exception_type\nWK,20161115,1\n";
  files["routes.txt"] = "route_id,route_short_name,route_type\nR1,1,700\n";
  write_gtfs(dir / "f.zip", files);
  const auto f = read_gtfs(dir / "f.zip", "t");
  EXPECT_EQ(f.stop_name[0], "One, Main St");
  ASSERT_EQ(f.trip_count(), 4u);  // the template plus three departures at 24:50, 25:10, 25:30
  EXPECT_EQ(f.trip_service[0], kNone);  // the template itself does not run
  EXPECT_FALSE(f.service_active(f.trip_service[0], 20161115));
  EXPECT_EQ(f.trip_id[1], "T1@24:50:00");
  // Sorted by stop_sequence; the middle time interpolated.
  const uint32_t b = f.trip_first_stop_time[2];
  EXPECT_EQ(f.stop_time_stop[b], 0u);
  EXPECT_EQ(f.stop_time_arrival[b], 25 * 3600 + 10 * 60);
  EXPECT_EQ(f.stop_time_arrival[b + 1], 25 * 3600 + 25 * 60);
  EXPECT_TRUE(f.service_active(0, 20161115));
  EXPECT_FALSE(f.service_active(0, 20161116));
}

TEST(Gtfs, CalendarExceptionsAndRoundTrip) {
  TempDir dir;
  auto files = small_feed();
  files["calendar_dates.txt"] = "service_id,date,exception_type\nWK,20161115,2\nWK,20161119,1\nEXTRA,20161120,1\n";
  write_gtfs(dir / "f.zip", files);
  const auto f = read_gtfs(dir / "f.zip", "t");
  EXPECT_TRUE(f.service_active(0, 20161114));   // Monday
  EXPECT_FALSE(f.service_active(0, 20161115));  // removed
  EXPECT_TRUE(f.service_active(0, 20161119));   // Saturday, added
  EXPECT_FALSE(f.service_active(0, 20161120));  // Sunday
  EXPECT_EQ(f.service_id.size(), 2u);
  save_feed(f, dir / "f.feed");
  const auto g = load_feed(dir / "f.feed");
  EXPECT_EQ(g.stop_id, f.stop_id);
  EXPECT_EQ(g.stop_time_arrival, f.stop_time_arrival);
  EXPECT_EQ(g.exceptions.size(), f.exceptions.size());
  EXPECT_EQ(g.name, "t");
}

TEST(Gtfs, BadInputNamesFileLineAndField) {
  TempDir dir;
  auto expect = [&](std::map<std::string, std::string> files, const std::string& fragment) {
    write_gtfs(dir / "bad.zip", files);
    try {
      read_gtfs(dir / "bad.zip", "bad");
      ADD_FAILURE() << "no error, expected: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  auto files = small_feed();
  files.erase("stop_times.txt");
  expect(files, "bad.zip: required file stop_times.txt is missing");
  files = small_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T1\n";
  expect(files, "bad.zip:trips.txt:3: field 'trip_id': duplicate trip_id 'T1'");
  files = small_feed();
  files["stop_times.txt"] += "T1,08:30:00,08:30:00,S9,4\n";
  expect(files, "bad.zip:stop_times.txt:5: field 'stop_id': unknown stop 'S9'");
  files = small_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,3\n"
      "T1,08:20:00,08:20:00,S3,2\n";
  expect(files, "bad.zip:stop_times.txt:3: field 'arrival_time': earlier than the departure from the previous stop");
  files = small_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,1\n";
  expect(files, "bad.zip:stop_times.txt:3: field 'stop_sequence': stop_sequence 1 repeats");
  files = small_feed();
  files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,8h00,08:00:00,S1,1\n";
  expect(files, "bad.zip:stop_times.txt:2: field 'arrival_time': '8h00' is not a time");
  files = small_feed();
  files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nS1,One,north,8.0\n";
  expect(files, "bad.zip:stops.txt:2: field 'stop_lat'");
  files = small_feed();
  files.erase("calendar.txt");
  expect(files, "calendar.txt or calendar_dates.txt is missing");
  files = small_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR9,WK,T1\n";
  expect(files, "bad.zip:trips.txt:2: field 'route_id': unknown route 'R9'");
  write_file(dir / "notazip.zip", "PK but not really");
  EXPECT_THROW(read_gtfs(dir / "notazip.zip", "x"), Error);
}

TEST(Gtfs, HostileFeedsAreRefusedBeforeTheyClaimTheMachine) {
  TempDir dir;
  auto refused = [&](const std::map<std::string, std::string>& files, const std::string& fragment) {
    write_gtfs(dir / "hostile.zip", files);
    try {
      read_gtfs(dir / "hostile.zip", "hostile");
      ADD_FAILURE() << "no error, expected: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  // 64 MiB of one repeated line compress to a few dozen KiB: a zip bomb, not a timetable.
  auto files = small_feed();
  std::string bomb = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  while (bomb.size() < (size_t{64} << 20)) bomb += "T1,08:00:00,08:00:00,S1,1\n";
  files["stop_times.txt"] = bomb;
  refused(files, "hostile.zip: stop_times.txt claims 64 MiB from");
  // A few rows of frequencies.txt that would expand to millions of trips.
  files = small_feed();
  std::string freq = "trip_id,start_time,end_time,headway_secs\n";
  for (int i = 0; i < 30; ++i) freq += "T1,00:00:00,24:00:00,1\n";
  files["frequencies.txt"] = freq;
  refused(files, "hostile.zip:frequencies.txt:");
  refused(files, "field 'headway_secs': the frequencies expand to more than 2000000 trips");
}
