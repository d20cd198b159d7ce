// Sector profiles, ranking with explanations and exclusions, enquiries, the land balance and the
// pool draft — on hand-made sites whose scores are computed by hand.
#include "land/site_ranking.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "land/pool_draft.hpp"
#include "land/site_balance.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {

Site site(const std::string& id, const std::string& muni, double ha, std::map<std::string, std::string> values) {
  return Site{id, muni, ha, std::move(values)};
}

// Three sites: A near the motorway, B large and serviced, C too small; D without motorway time.
std::vector<Site> sites() {
  return {site("A", "m1", 12, {{"motorway_car_min", "2"}, {"planning_status", "binding_plan"}, {"pop_car_30", "900000"},
                                {"availability", "immediately"}, {"price_eur_m2", "60"}}),
          site("B", "m2", 30, {{"motorway_car_min", "12"}, {"planning_status", "serviced"}, {"pop_car_30", "1000000"},
                                {"availability", "later"}, {"price_eur_m2", "40"}}),
          site("C", "m1", 4, {{"motorway_car_min", "1"}, {"planning_status", "serviced"}}),
          site("D", "m3", 8, {{"planning_status", "none"}, {"flood_zone", "1"}})};
}

const char* kProfile = R"(name = "test"
[[constraint]]
field = "area_ha"
min = 5
why = "regionally significant"
[[constraint]]
field = "motorway_car_min"
max = 15
[[constraint]]
field = "flood_zone"
equals = false
unknown = "pass"
[[criterion]]
field = "motorway_car_min"
weight = 2
better = "lower"
[[criterion]]
field = "planning_status"
weight = 1
scores = { serviced = 1, binding_plan = 0.5 }
[[criterion]]
field = "pop_car_30"
weight = 1
scale = "ratio"
)";

}  // namespace

TEST(SectorProfile, BuiltInProfilesParseAndWeightsSumToOne) {
  const auto names = builtin_profile_names();
  EXPECT_EQ(names, (std::vector<std::string>{"automotive", "chemicals", "general", "logistics"}));
  for (const auto& n : names) {
    const auto p = load_sector_profile(n);
    EXPECT_EQ(p.name, n);
    double w = 0;
    for (const auto& c : p.criteria) w += c.weight;
    EXPECT_NEAR(w, 1.0, 1e-12) << n;
    EXPECT_FALSE(p.constraints.empty()) << n;
  }
}

TEST(SectorProfile, ErrorsNameTheEntryAndField) {
  auto expect = [](const std::string& text, const std::string& what) {
    try {
      parse_sector_profile(text, "p.toml");
      FAIL() << "accepted: " << text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect("name = \"x\"\n[[criterion]]\nfield = \"height\"\nweight = 1\n", "p.toml:criterion 1: field 'field': 'height' is not");
  expect("name = \"x\"\n[[criterion]]\nfield = \"area_ha\"\nweight = 0\n", "criterion 1: field 'weight'");
  expect("name = \"x\"\n[[criterion]]\nfield = \"rail_siding\"\nweight = 1\nscores = { yes = 1 }\n", "'yes' is not one of existing");
  expect("name = \"x\"\n[[constraint]]\nfield = \"area_ha\"\n[[criterion]]\nfield = \"area_ha\"\nweight = 1\n",
         "constraint 1: field 'min/max'");
  expect("name = \"x\"\n[[criterion]]\nfield = \"area_ha\"\nweight = 1\nscale = \"log\"\n", "field 'scale'");
  expect("name = \"x\"\n[[criterion\n", "p.toml:2:");
  EXPECT_THROW(load_sector_profile("no-such-profile"), Error);
}

TEST(SiteRanking, ScoresAreComputedByHandAndExplained) {
  const Ranking r = rank_sites(sites(), parse_sector_profile(kProfile, "test"));
  // C is too small, D has no motorway time; D's unknown flood zone passes, its flood zone "1" does not.
  ASSERT_EQ(r.excluded.size(), 2u);
  EXPECT_EQ(r.excluded[0].site.id, "C");
  ASSERT_EQ(r.excluded[0].reasons.size(), 1u);
  EXPECT_EQ(r.excluded[0].reasons[0], "area ≥ 5.0 ha — is 4.0 ha (regionally significant)");
  EXPECT_EQ(r.excluded[1].site.id, "D");
  ASSERT_EQ(r.excluded[1].reasons.size(), 2u);
  EXPECT_EQ(r.excluded[1].reasons[0], "car time to the nearest motorway junction ≤ 15.0 min — unknown");
  EXPECT_EQ(r.excluded[1].reasons[1], "flood zone must be no — is yes");
  // Weights 0.5 / 0.25 / 0.25. Motorway min–max over A and B (2…12): A 1, B 0. Ratio of population
  // to the best candidate: A 0.9, B 1.
  ASSERT_EQ(r.ranked.size(), 2u);
  EXPECT_EQ(r.ranked[0].site.id, "A");
  EXPECT_NEAR(r.ranked[0].score, 100 * (0.5 * 1 + 0.25 * 0.5 + 0.25 * 0.9), 1e-9);
  EXPECT_NEAR(r.ranked[1].score, 100 * (0.5 * 0 + 0.25 * 1 + 0.25 * 1), 1e-9);
  EXPECT_EQ(r.ranked[1].rank, 2);
  const auto& parts = r.ranked[0].parts;
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].value, "2.0 min");
  EXPECT_NEAR(parts[0].points, 50, 1e-9);
  EXPECT_EQ(parts[1].value, "binding_plan");
  EXPECT_NEAR(parts[1].points, 12.5, 1e-9);
  EXPECT_EQ(r.ranked[0].summary.substr(0, 50), "strongest: car time to the nearest motorway juncti");
  EXPECT_NE(r.ranked[0].summary.find("weakest: planning status binding_plan (12 of 25)"), std::string::npos) << r.ranked[0].summary;
}

TEST(SiteRanking, UnknownValuesScoreZeroAndSaySo) {
  auto s = sites();
  s[1].values.erase("pop_car_30");
  const Ranking r = rank_sites(s, parse_sector_profile(kProfile, "test"));
  const auto& b = r.ranked[0].site.id == "B" ? r.ranked[0] : r.ranked[1];
  EXPECT_FALSE(b.parts[2].known);
  EXPECT_EQ(b.parts[2].value, "unknown");
  EXPECT_EQ(b.parts[2].points, 0);
  // A is now the only known population: ratio 1.
  const auto& a = r.ranked[0].site.id == "A" ? r.ranked[0] : r.ranked[1];
  EXPECT_NEAR(a.parts[2].normalised, 1.0, 1e-12);
}

TEST(SiteRanking, EnquiryAddsConstraints) {
  Enquiry e;
  e.min_ha = 20;
  e.rail = true;
  auto s = sites();
  s[1].values["rail_siding"] = "possible";
  const Ranking r = rank_sites(s, with_enquiry(parse_sector_profile(kProfile, "test"), e));
  ASSERT_EQ(r.ranked.size(), 1u);
  EXPECT_EQ(r.ranked[0].site.id, "B");
  // A: too small for the enquiry and no rail siding known.
  const auto a = std::find_if(r.excluded.begin(), r.excluded.end(), [](const ExcludedSite& x) { return x.site.id == "A"; });
  ASSERT_NE(a, r.excluded.end());
  ASSERT_EQ(a->reasons.size(), 2u);
  EXPECT_EQ(a->reasons[0], "area ≥ 20.0 ha — is 12.0 ha (enquiry)");
  EXPECT_EQ(a->reasons[1], "rail siding must be existing or possible — unknown (enquiry)");
  e.available = "soon";
  EXPECT_THROW(with_enquiry(parse_sector_profile(kProfile, "test"), e), Error);
}

TEST(LandBalance, SumsByMunicipalityAndSector) {
  const auto b = land_balance(sites(), {{"m1", "One"}, {"m2", "Two"}}, {{"general", 4}}, 10);
  EXPECT_NEAR(b.region.total_ha, 54, 1e-9);
  EXPECT_EQ(b.region.sites, 4u);
  EXPECT_NEAR(b.region.by_availability.at("immediately"), 12, 1e-9);
  EXPECT_NEAR(b.region.by_availability.at("later"), 30, 1e-9);
  EXPECT_NEAR(b.region.by_availability.at("unknown"), 12, 1e-9);  // C and D say nothing
  EXPECT_NEAR(b.region.by_status.at("serviced"), 34, 1e-9);
  ASSERT_EQ(b.municipalities.size(), 3u);
  EXPECT_EQ(b.municipalities[0].name, "Two");  // 30 ha
  EXPECT_EQ(b.municipalities[1].name, "One");  // 16 ha
  EXPECT_EQ(b.municipalities[2].name, "m3");   // no name known: the key
  // general: ≥ 5 ha → A, B, D = 50 ha; within 2 years only A.
  ASSERT_EQ(b.sectors.size(), 1u);
  EXPECT_NEAR(b.sectors[0].demand_ha, 40, 1e-9);
  EXPECT_NEAR(b.sectors[0].suitable_ha, 50, 1e-9);
  EXPECT_NEAR(b.sectors[0].suitable_soon_ha, 12, 1e-9);
  EXPECT_NEAR(b.sectors[0].balance_ha, 10, 1e-9);
  EXPECT_NEAR(b.sectors[0].years_of_supply, 12.5, 1e-9);
  EXPECT_NEAR(b.balance_ha, 14, 1e-9);
}

TEST(PoolDraft, ValuesFollowTheInventoryAndTheFileReadsBack) {
  auto s = sites();
  s[2].values["owner_willing"] = "no";  // C stays out
  const auto sc = draft_pool_scenario(s, {{"m1", "One"}}, {});
  ASSERT_EQ(sc.sites.size(), 3u);
  ASSERT_EQ(sc.members.size(), 3u);
  const auto& b = sc.sites[1];
  EXPECT_EQ(b.id, "B");
  EXPECT_NEAR(b.price, 30 * 10000 * 40.0, 1e-6);
  EXPECT_NEAR(b.development_cost, 30 * 10000 * 20.0, 1e-6);  // serviced
  EXPECT_NEAR(b.value, b.price - b.development_cost, 1e-6);
  EXPECT_NEAR(b.trade_tax, 30 * 20 * 500.0, 1e-6);
  EXPECT_EQ(b.sale_year, 9);  // later
  // D has no price: the median of the prices given (40, 60) → the upper middle, 60.
  EXPECT_NEAR(sc.sites[2].price, 8 * 10000 * 60.0, 1e-6);
  TempDir dir;
  write_pool_scenario(dir / "draft.toml", sc, {});
  const auto back = load_pool_scenario(dir / "draft.toml");
  ASSERT_EQ(back.sites.size(), sc.sites.size());
  for (size_t i = 0; i < sc.sites.size(); ++i) {
    EXPECT_EQ(back.sites[i].host, sc.sites[i].host);
    EXPECT_NEAR(back.sites[i].value, sc.sites[i].value, 0.5);
    EXPECT_EQ(back.sites[i].latest, sc.sites[i].latest);
  }
  EXPECT_EQ(back.members[0].name, "One");
  const auto r = simulate_pool(back);
  double capital = 0;
  for (const auto& m : r.members) capital += m.capital;
  EXPECT_NEAR(capital, sc.sites[0].value + sc.sites[1].value + sc.sites[2].value, 1.5);
}
