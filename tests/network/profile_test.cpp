#include "network/profile.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace cityregions;

namespace {
WayRule judge(Mode m, std::map<std::string, std::string> tags, const Profile& p = default_profile()) {
  return evaluate_way(p[m], m, [&](const char* k) -> const char* {
    auto it = tags.find(k);
    return it == tags.end() ? nullptr : it->second.c_str();
  });
}
}  // namespace

TEST(Profile, OnewayVariants) {
  auto r = judge(Mode::car, {{"highway", "residential"}, {"oneway", "-1"}});
  EXPECT_FALSE(r.forward);
  EXPECT_TRUE(r.backward);
  r = judge(Mode::car, {{"highway", "primary"}, {"junction", "roundabout"}});
  EXPECT_TRUE(r.forward);
  EXPECT_FALSE(r.backward);
  r = judge(Mode::car, {{"highway", "motorway"}});
  EXPECT_FALSE(r.backward);
  r = judge(Mode::car, {{"highway", "motorway"}, {"oneway", "no"}});
  EXPECT_TRUE(r.backward);
  // Cyclists may ride against a oneway street where it says so.
  r = judge(Mode::bike, {{"highway", "residential"}, {"oneway", "yes"}, {"oneway:bicycle", "no"}});
  EXPECT_TRUE(r.forward && r.backward);
  r = judge(Mode::bike, {{"highway", "residential"}, {"oneway", "yes"}, {"cycleway", "opposite_lane"}});
  EXPECT_TRUE(r.forward && r.backward);
  r = judge(Mode::bike, {{"highway", "residential"}, {"oneway", "yes"}});
  EXPECT_FALSE(r.backward);
  // Pedestrians ignore oneway.
  r = judge(Mode::walk, {{"highway", "residential"}, {"oneway", "yes"}});
  EXPECT_TRUE(r.forward && r.backward);
}

TEST(Profile, AccessTagsMostSpecificWins) {
  EXPECT_FALSE(judge(Mode::car, {{"highway", "residential"}, {"access", "private"}}).usable());
  EXPECT_TRUE(judge(Mode::car, {{"highway", "residential"}, {"access", "no"}, {"motorcar", "yes"}}).usable());
  EXPECT_FALSE(judge(Mode::car, {{"highway", "residential"}, {"motor_vehicle", "no"}}).usable());
  EXPECT_TRUE(judge(Mode::walk, {{"highway", "residential"}, {"motor_vehicle", "no"}}).usable());
  EXPECT_FALSE(judge(Mode::bike, {{"highway", "primary"}, {"bicycle", "use_sidepath"}}).usable());
  EXPECT_FALSE(judge(Mode::bike, {{"highway", "trunk"}, {"motorroad", "yes"}}).usable());
  EXPECT_TRUE(judge(Mode::car, {{"highway", "residential"}, {"access", "destination"}}).usable());
  EXPECT_FALSE(judge(Mode::car, {{"highway", "footway"}}).usable());
  EXPECT_FALSE(judge(Mode::walk, {{"highway", "motorway"}}).usable());
  EXPECT_FALSE(judge(Mode::car, {{"highway", "construction"}}).usable());
}

TEST(Profile, Speeds) {
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "residential"}}).kmh, 30);
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "primary"}, {"maxspeed", "100"}}).kmh, 90);
  EXPECT_NEAR(judge(Mode::car, {{"highway", "primary"}, {"maxspeed", "30 mph"}}).kmh, 30 * 1.609344 * 0.9, 1e-9);
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "secondary"}, {"maxspeed", "DE:urban"}}).kmh, 45);
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "secondary"}, {"maxspeed", "signals"}}).kmh, 60);
  EXPECT_DOUBLE_EQ(judge(Mode::bike, {{"highway", "track"}, {"surface", "gravel"}}).kmh, 12 * 0.7);
  EXPECT_DOUBLE_EQ(judge(Mode::walk, {{"highway", "primary"}, {"maxspeed", "70"}}).kmh, 5);
  EXPECT_FALSE(parse_maxspeed("none"));
  EXPECT_DOUBLE_EQ(*parse_maxspeed("50 km/h"), 50);
}

TEST(Profile, TomlOverrides) {
  cityregions::test::TempDir dir;
  cityregions::test::write_file(dir / "p.toml", "[car]\nmaxspeed_factor = 1.0\n[car.highway]\nresidential = 25\nservice = 0\n[bike]\noneway = false\n");
  const Profile p = load_profile(dir / "p.toml");
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "residential"}}, p).kmh, 25);
  EXPECT_FALSE(judge(Mode::car, {{"highway", "service"}}, p).usable());
  EXPECT_DOUBLE_EQ(judge(Mode::car, {{"highway", "primary"}, {"maxspeed", "80"}}, p).kmh, 80);
  EXPECT_TRUE(judge(Mode::bike, {{"highway", "residential"}, {"oneway", "yes"}}, p).backward);
  cityregions::test::write_file(dir / "walk.toml", "[walk]\naccess_keys = [\"access\"]\n");
  const Profile w = load_profile(dir / "walk.toml");
  EXPECT_TRUE(judge(Mode::walk, {{"highway", "primary"}, {"foot", "no"}}, w).usable());
  EXPECT_FALSE(judge(Mode::walk, {{"highway", "primary"}, {"foot", "no"}}).usable());
  const Profile h = highways_only_profile();
  EXPECT_TRUE(judge(Mode::bike, {{"highway", "secondary"}, {"bicycle", "no"}}, h).usable());
  EXPECT_FALSE(judge(Mode::bike, {{"highway", "secondary"}, {"access", "private"}}, h).usable());
  EXPECT_FALSE(judge(Mode::walk, {{"highway", "trunk"}, {"motorroad", "yes"}}, h).usable());
  cityregions::test::write_file(dir / "bad.toml", "[car]\nspeeed = 3\n");
  EXPECT_THROW(load_profile(dir / "bad.toml"), Error);
  cityregions::test::write_file(dir / "syntax.toml", "[car\n");
  try {
    load_profile(dir / "syntax.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("syntax.toml:1"), std::string::npos) << e.what();
  }
}
