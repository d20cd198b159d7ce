// Ranking scales computed by hand: ratio with better = "lower" (min / x), fixed range bounds
// (clipped, not the candidates' min…max), and the direction of min-max criteria; plus an enquiry
// that needs a rail siding.
#include <gtest/gtest.h>

#include "land/site_ranking.hpp"
#include "support/test_support.hpp"

using namespace cityregions;

namespace {

std::vector<Site> sites() {
  return {Site{"A", "m1", 10, {{"motorway_car_min", "2"}, {"price_eur_m2", "60"}, {"rail_siding", "none"}}},
          Site{"B", "m2", 10, {{"motorway_car_min", "8"}, {"price_eur_m2", "40"}, {"rail_siding", "existing"}}},
          Site{"C", "m3", 10, {{"motorway_car_min", "4"}, {"price_eur_m2", "120"}, {"rail_siding", "possible"}}}};
}

std::map<std::string, double> scores(const Ranking& r) {
  std::map<std::string, double> out;
  for (const auto& s : r.ranked) out[s.site.id] = s.score;
  return out;
}

std::vector<std::string> order(const Ranking& r) {
  std::vector<std::string> out;
  for (const auto& s : r.ranked) out.push_back(s.site.id);
  return out;
}

}  // namespace

TEST(RankingScales, RatioWithLowerIsBetterIsTheShortestOverEach) {
  const auto p = parse_sector_profile(R"(name = "t"
[[criterion]]
field = "motorway_car_min"
weight = 1
better = "lower"
scale = "ratio"
)",
                                      "t.toml");
  const auto r = rank_sites(sites(), p);
  const auto s = scores(r);
  EXPECT_NEAR(s.at("A"), 100, 1e-9);   // 2 / 2
  EXPECT_NEAR(s.at("B"), 25, 1e-9);    // 2 / 8
  EXPECT_NEAR(s.at("C"), 50, 1e-9);    // 2 / 4
  EXPECT_EQ(order(r), (std::vector<std::string>{"A", "C", "B"}));
  EXPECT_EQ(r.ranked[0].rank, 1);
  EXPECT_NEAR(r.ranked[2].parts[0].normalised, 0.25, 1e-12);
}

TEST(RankingScales, FixedRangeBoundsAreUsedAndClipped) {
  const auto p = parse_sector_profile(R"(name = "t"
[[criterion]]
field = "price_eur_m2"
weight = 1
better = "lower"
range = [0, 100]
)",
                                      "t.toml");
  ASSERT_TRUE(p.criteria[0].range);
  const auto s = scores(rank_sites(sites(), p));
  EXPECT_NEAR(s.at("A"), 40, 1e-9);  // 1 − 60/100
  EXPECT_NEAR(s.at("B"), 60, 1e-9);  // 1 − 40/100
  EXPECT_NEAR(s.at("C"), 0, 1e-9);   // 120 lies above the range: clipped
  // Higher is better over the same range.
  const auto q = parse_sector_profile("name = \"t\"\n[[criterion]]\nfield = \"price_eur_m2\"\nweight = 1\nrange = [20, 100]\n", "t.toml");
  const auto s2 = scores(rank_sites(sites(), q));
  EXPECT_NEAR(s2.at("A"), 50, 1e-9);   // (60 − 20) / 80
  EXPECT_NEAR(s2.at("B"), 25, 1e-9);
  EXPECT_NEAR(s2.at("C"), 100, 1e-9);
}

TEST(RankingScales, MinMaxDirection) {
  const auto lower = parse_sector_profile("name = \"t\"\n[[criterion]]\nfield = \"price_eur_m2\"\nweight = 1\nbetter = \"lower\"\n", "t.toml");
  const auto s = scores(rank_sites(sites(), lower));
  EXPECT_NEAR(s.at("B"), 100, 1e-9);
  EXPECT_NEAR(s.at("A"), 75, 1e-9);  // (120 − 60) / 80
  EXPECT_NEAR(s.at("C"), 0, 1e-9);
}

TEST(RankingScales, EveryBuiltInProfileUsesFixedRanges) {
  for (const auto& name : builtin_profile_names()) {
    size_t ranged = 0;
    for (const auto& c : load_sector_profile(name).criteria) ranged += c.range.has_value();
    EXPECT_GE(ranged, 1u) << name;
  }
}

TEST(RankingScales, AnEnquiryForRailExcludesSitesWithoutASiding) {
  const auto p = with_enquiry(parse_sector_profile("name = \"t\"\n[[criterion]]\nfield = \"price_eur_m2\"\nweight = 1\n", "t.toml"),
                              Enquiry{std::nullopt, std::nullopt, std::nullopt, std::nullopt, true, ""});
  const auto r = rank_sites(sites(), p);
  ASSERT_EQ(r.excluded.size(), 1u);
  EXPECT_EQ(r.excluded[0].site.id, "A");
  ASSERT_EQ(r.excluded[0].reasons.size(), 1u);
  EXPECT_NE(r.excluded[0].reasons[0].find("enquiry"), std::string::npos) << r.excluded[0].reasons[0];
  EXPECT_EQ(order(r), (std::vector<std::string>{"C", "B"}));  // higher price is "better" here
}
