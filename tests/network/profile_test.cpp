#include "network/profile.hpp"

#include <gtest/gtest.h>

#include <cmath>
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

namespace {
// The car's travelled speed for a way's tags, forward, in a built-up area or not.
double car_kmh(std::map<std::string, std::string> tags, bool built_up, const std::string& country = "DE",
               const Profile& p = default_profile(), bool backward = false) {
  const WayRule r = judge(Mode::car, tags, p);
  EXPECT_TRUE(r.usable());
  CarWay w{r.road, r.limit_kmh[backward ? 1 : 0], r.dual_carriageway, built_up,
           p[Mode::car].highway_kmh.at(std::string(road_class_name(r.road))), p.car.typical_rural[static_cast<size_t>(r.road)]};
  return car_speed_kmh(p.car, country_limits(country), w);
}
}  // namespace

TEST(Profile, Speeds) {
  // Tagged limits: × 0.8 on roads, × 0.95 on motorway-like roads (docs/profiles.md).
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}, {"maxspeed", "100"}}, false), 80);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway"}, {"maxspeed", "120"}}, false), 114);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway"}, {"maxspeed", "none"}}, false), 130 * 0.95);
  EXPECT_NEAR(car_kmh({{"highway", "primary"}, {"maxspeed", "30 mph"}}, true), 30 * 1.609344 * 0.8, 1e-4);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "secondary"}, {"maxspeed", "DE:urban"}}, false), 40);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "residential"}, {"maxspeed", "30"}}, true), 24);
  // Per direction.
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}, {"maxspeed", "70"}, {"maxspeed:backward", "50"}}, false, "DE",
                           default_profile(), true), 40);
  // Untagged: the country's default limit × factor, never above the class's typical speed.
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway"}}, false), 130 * 0.95);      // DE: no limit, advisory 130
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "residential"}}, true), 30);            // min(50 × 0.8, 30)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "residential"}}, false), 30);           // residential is built-up
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "secondary"}}, true), 40);              // min(50 × 0.8, 49)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "secondary"}}, false), 60);             // min(100 × 0.8, 60)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "secondary"}, {"maxspeed", "signals"}}, false), 60);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}}, false), 75);               // min(80, 75)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}}, false, "PL"), 72);         // min(90 × 0.8, 75)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "trunk"}, {"oneway", "yes"}}, false), 130 * 0.95);  // DE dual carriageway
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "trunk"}, {"oneway", "yes"}}, false, "PL"), 95);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "trunk"}}, false, "AT"), 80);  // single carriageway: like other roads
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway"}}, true, "CZ"), 76);         // urban motorway 80
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway"}}, false, "IT"), 130 * 0.95);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "living_street"}}, true), 7);           // walking pace
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "living_street"}}, true, "PL"), 10);    // min(20, 10)
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "motorway_link"}}, false), 45);
  // Walk and bike keep their class table.
  EXPECT_DOUBLE_EQ(judge(Mode::bike, {{"highway", "track"}, {"surface", "gravel"}}).kmh, 12 * 0.7);
  EXPECT_DOUBLE_EQ(judge(Mode::walk, {{"highway", "primary"}, {"maxspeed", "70"}}).kmh, 5);
  EXPECT_FALSE(parse_maxspeed("variable"));
  EXPECT_DOUBLE_EQ(*parse_maxspeed("none"), kNoLimit);
  EXPECT_DOUBLE_EQ(*parse_maxspeed("50 km/h"), 50);
}

TEST(Profile, AreaTagsAndCountryCodes) {
  EXPECT_EQ(area_of_zone_code("DE:urban"), AreaTag::built_up);
  EXPECT_EQ(area_of_zone_code("DE:zone30"), AreaTag::built_up);
  EXPECT_EQ(area_of_zone_code("DE:30"), AreaTag::built_up);
  EXPECT_EQ(area_of_zone_code("AT:rural"), AreaTag::rural);
  EXPECT_EQ(area_of_zone_code("DE:motorway"), AreaTag::rural);
  EXPECT_EQ(area_of_zone_code("sign"), AreaTag::none);
  EXPECT_EQ(country_of_zone_code("IT:urban"), "IT");
  EXPECT_EQ(country_of_zone_code("50"), "");
  EXPECT_EQ(judge(Mode::car, {{"highway", "tertiary"}, {"zone:traffic", "DE:urban"}}).area, AreaTag::built_up);
  EXPECT_EQ(judge(Mode::car, {{"highway", "tertiary"}, {"source:maxspeed", "DE:rural"}, {"maxspeed", "100"}}).area,
            AreaTag::rural);
  EXPECT_TRUE(judge(Mode::car, {{"highway", "motorway_link"}}).forward);
  EXPECT_FALSE(judge(Mode::car, {{"highway", "motorway_link"}}).backward);  // implied oneway
}

TEST(Profile, TurnTimesAndPeriods) {
  const CarProfile p = default_car_profile();
  // OSRM's sigmoid: right-hand traffic favours right turns.
  EXPECT_NEAR(turn_seconds(p, 0), 7.5 / (1 + std::exp(6.5 * 1.075)), 1e-12);
  EXPECT_NEAR(turn_seconds(p, 90), 7.5 / (1 + std::exp(-(13 / 1.075 * 0.5 - 6.5 * 1.075))), 1e-12);
  EXPECT_NEAR(turn_seconds(p, 90), 2.105, 0.001);
  EXPECT_NEAR(turn_seconds(p, -90), 5.395, 0.001);
  EXPECT_GT(turn_seconds(p, -90), turn_seconds(p, 90));
  EXPECT_GT(turn_seconds(p, 90), turn_seconds(p, 0));
  CarProfile left = p;
  left.left_hand_traffic = true;
  EXPECT_NEAR(turn_seconds(left, 90), turn_seconds(p, -90), 1e-12);
  // Peaks 07:00–09:00 and 16:00–19:00.
  EXPECT_EQ(p.period_at(parse_clock_minute("08:00")), 1u);
  EXPECT_EQ(p.period_at(parse_clock_minute("2016-11-15T18:59")), 1u);
  EXPECT_EQ(p.period_at(parse_clock_minute("19:00")), 0u);
  EXPECT_EQ(p.period_at(parse_clock_minute("12:30")), 0u);
  EXPECT_THROW(parse_clock_minute("7h30"), Error);
  EXPECT_THROW(parse_clock_minute("24:10"), Error);
}

TEST(Profile, TomlOverrides) {
  cityregions::test::TempDir dir;
  cityregions::test::write_file(dir / "p.toml",
                                "[car]\nmaxspeed_factor = 1.0\nsignal_s = 12\ncountry = \"AT\"\n"
                                "[car.highway]\nresidential = 25\nservice = 0\n"
                                "[car.highway_rural]\nprimary = 90\n"
                                "[car.periods.peak]\nwindows = [\"06:30-09:30\"]\nroad_urban = 1.5\n"
                                "[car.periods.night]\nwindows = [\"22:00-24:00\"]\nroad_urban = 0.9\n"
                                "[bike]\noneway = false\n");
  const Profile p = load_profile(dir / "p.toml");
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "residential"}}, true, "DE", p), 25);
  EXPECT_FALSE(judge(Mode::car, {{"highway", "service"}}, p).usable());
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}, {"maxspeed", "80"}}, false, "DE", p), 80);
  EXPECT_DOUBLE_EQ(car_kmh({{"highway", "primary"}}, false, "DE", p), 90);
  EXPECT_DOUBLE_EQ(p.car.signal_s, 12);
  EXPECT_EQ(p.car.country, "AT");
  ASSERT_EQ(p.car.periods.size(), 3u);
  EXPECT_DOUBLE_EQ(p.car.periods[1].factor[static_cast<size_t>(congestion_class(RoadClass::residential, Area::urban))], 1.5);
  EXPECT_EQ(p.car.period_at(7 * 60), 1u);
  EXPECT_EQ(p.car.period_at(16 * 60), 0u);  // the windows were replaced
  EXPECT_EQ(p.car.period_at(23 * 60), 2u);
  EXPECT_TRUE(judge(Mode::bike, {{"highway", "residential"}, {"oneway", "yes"}}, p).backward);
  cityregions::test::write_file(dir / "walk.toml", "[walk]\naccess_keys = [\"access\"]\n");
  const Profile w = load_profile(dir / "walk.toml");
  EXPECT_TRUE(judge(Mode::walk, {{"highway", "primary"}, {"foot", "no"}}, w).usable());
  EXPECT_FALSE(judge(Mode::walk, {{"highway", "primary"}, {"foot", "no"}}).usable());
  const Profile h = highways_only_profile();
  EXPECT_TRUE(judge(Mode::bike, {{"highway", "secondary"}, {"bicycle", "no"}}, h).usable());
  EXPECT_FALSE(judge(Mode::bike, {{"highway", "secondary"}, {"access", "private"}}, h).usable());
  EXPECT_FALSE(judge(Mode::walk, {{"highway", "trunk"}, {"motorroad", "yes"}}, h).usable());
  auto fails = [&](const std::string& text, const std::string& says) {
    cityregions::test::write_file(dir / "bad.toml", text);
    try {
      load_profile(dir / "bad.toml");
      ADD_FAILURE() << "expected an error for " << text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  fails("[car]\nspeeed = 3\n", "car.speeed");
  fails("[car]\ncountry = \"XX\"\n", "car.country");
  fails("[car]\nsignal_s = -2\n", "car.signal_s");
  fails("[car.highway]\nfootway = 5\n", "not a car road class");
  fails("[car.periods.peak]\nwindows = [\"09:00-07:00\"]\n", "ends before it starts");
  fails("[car.periods.peak]\nroad_town = 1.2\n", "car.periods.peak.road_town");
  fails("[car.periods.off-peak]\nroad_urban = 1.2\n", "default period");
  cityregions::test::write_file(dir / "syntax.toml", "[car\n");
  try {
    load_profile(dir / "syntax.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("syntax.toml:1"), std::string::npos) << e.what();
  }
}
