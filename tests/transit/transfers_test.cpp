// transfers.txt as read from a feed: minimum times kept per row, rows that cannot be used counted
// in one warning, bad values refused with file, line and field.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/test_support.hpp"
#include "io/gtfs.hpp"
#include "transit/gtfs_fixture.hpp"

using namespace cityregions;
using namespace cityregions::test;

TEST(Transfers, MinimumTimesAreReadPerRow) {
  TempDir dir;
  auto files = small_feed();
  files["transfers.txt"] =
      "from_stop_id,to_stop_id,transfer_type,min_transfer_time\n"
      "S1,S2,2,240\n"   // a minimum time
      "S2,S3,0,\n"      // recommended, no time
      "S3,S1,2,0\n"     // zero is a time
      "S2,S1,3,\n"      // forbidden
      "S1,NOPE,2,60\n"  // unknown stop: not used
      "S1,S1,2,60\n"    // same stop: not used
      "S3,S2,5,\n";     // type 5 (in-seat): not used
  write_gtfs(dir / "f.zip", files);
  const GtfsFeed f = read_gtfs(dir / "f.zip", "t");
  ASSERT_EQ(f.transfers.size(), 4u);
  auto id = [&](uint32_t s) { return f.stop_id[s]; };
  EXPECT_EQ(id(f.transfers[0].from), "S1");
  EXPECT_EQ(id(f.transfers[0].to), "S2");
  EXPECT_EQ(f.transfers[0].type, 2);
  EXPECT_EQ(f.transfers[0].min_seconds, 240);
  EXPECT_EQ(f.transfers[1].min_seconds, -1);
  EXPECT_EQ(f.transfers[2].min_seconds, 0);
  EXPECT_EQ(f.transfers[3].type, 3);
  size_t warned = 0;
  for (const auto& w : f.warnings)
    if (w.find("transfers.txt: 3 rows not used") != std::string::npos) ++warned;
  EXPECT_EQ(warned, 1u);
}

TEST(Transfers, BadMinimumTimesNameTheLineAndField) {
  TempDir dir;
  for (const std::string bad : {"-5", "2.5", "soon"}) {
    auto files = small_feed();
    files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,60\nS2,S3,2," + bad + "\n";
    write_gtfs(dir / "f.zip", files);
    try {
      read_gtfs(dir / "f.zip", "t");
      FAIL() << "accepted min_transfer_time " << bad;
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("transfers.txt"), std::string::npos) << m;
      EXPECT_NE(m.find(":3"), std::string::npos) << m;
      EXPECT_NE(m.find("min_transfer_time"), std::string::npos) << m;
    }
  }
}
