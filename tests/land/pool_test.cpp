// The land pool: the BBSR invariant, the host-bonus keys on worked examples, and risk sharing.
#include "land/pool.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace cityregions;
using namespace cityregions::test;

namespace {
const MemberOutcome& member(const PoolResult& r, const std::string& key) {
  for (const auto& m : r.members)
    if (m.key == key) return m;
  throw std::runtime_error("no member " + key);
}
}  // namespace

TEST(Pool, EveryMemberGetsBackItsContributionWhenAllSitesSellAtTheirValue) {
  // domain.md §8.3: with L_k = v_k, no tax and no costs, Σ_t D_i(t) = s_i · Σ_j V_j = V_i.
  PoolScenario s;
  s.members = {{"a", "A", 0, 0}, {"b", "B", 250'000, 0}, {"c", "C", 1'000'000, 0}};
  s.sites = {{"a1", "a", 3'000'000, 0, 3'000'000, 0, 2, 1, 5},
             {"a2", "a", 1'000'000, 0, 1'000'000, 0, 9, 1, 5},
             {"b1", "b", 2'000'000, 0, 2'000'000, 0, 5, 1, 5}};
  s.years = 10;
  s.timing_runs = 0;
  const auto r = simulate_pool(s);
  EXPECT_NEAR(member(r, "a").capital, 4'000'000, 1e-6);
  EXPECT_NEAR(member(r, "b").share, 2'250'000.0 / 7'250'000, 1e-12);
  for (const auto& m : r.members) {
    EXPECT_NEAR(m.distributed, m.capital, 1e-6) << m.key;            // contribution back, land or money
    EXPECT_NEAR(m.total_pool, m.total_alone, 1e-6) << m.key;         // net of the cash paid in: as if alone
  }
  EXPECT_NEAR(member(r, "c").total_alone, 0, 1e-9);
  // Year by year: the pool pays out as sites sell (years 2, 5, 9).
  EXPECT_NEAR(member(r, "a").pool[1], 3'000'000 * member(r, "a").share + 1'250'000 * 3.0 / 6.0 * member(r, "a").share, 1e-6);
  EXPECT_NEAR(member(r, "a").pool[2], 0, 1e-9);
}

TEST(Pool, HostBonusThenVotesAsInZollernalb) {
  // 10 % to the host, 90 % by votes 50/24/20/3/3 — domain.md §8.3, a sale of 1 m € land price.
  PoolScenario s;
  s.members = {{"m", "Meßstetten", 0, 50}, {"a", "Albstadt", 0, 24}, {"b", "Balingen", 0, 20},
               {"o", "Obernheim", 0, 3},   {"n", "Nusplingen", 0, 3}};
  s.sites = {{"barracks", "m", 1'200'000, 200'000, 1'200'000, 100'000, 1, 1, 1}};
  s.rules.host_bonus = 0.10;
  s.rules.remainder = "votes";
  s.years = 2;
  s.timing_runs = 0;
  const auto r = simulate_pool(s);
  // Year 1: land price 1.2 m − 0.2 m refunded costs = 1 m; year 2: trade tax 100 k.
  EXPECT_NEAR(member(r, "m").pool[0], 100'000 + 900'000 * 0.50, 1e-6);
  EXPECT_NEAR(member(r, "a").pool[0], 900'000 * 0.24, 1e-6);
  EXPECT_NEAR(member(r, "b").pool[0], 180'000, 1e-6);
  EXPECT_NEAR(member(r, "o").pool[0], 27'000, 1e-6);
  EXPECT_NEAR(member(r, "n").pool[0], 27'000, 1e-6);
  EXPECT_NEAR(member(r, "m").pool[1], 10'000 + 90'000 * 0.50, 1e-6);
  EXPECT_NEAR(member(r, "m").alone[0], 1'000'000, 1e-6);
  EXPECT_NEAR(member(r, "m").alone[1], 100'000, 1e-6);
  double paid = 0;
  for (const auto& m : r.members) paid += m.total_pool;
  EXPECT_NEAR(paid, 1'100'000, 1e-6);  // nothing lost, nothing created
}

TEST(Pool, HostBonus25And75ByShares) {
  // INKOBA-style: the host keeps 25 %, 75 % by pool shares; B brings a site worth three times A's.
  PoolScenario s;
  s.members = {{"a", "A", 0, 0}, {"b", "B", 0, 0}};
  s.sites = {{"a1", "a", 1'000'000, 0, 1'000'000, 0, 1, 1, 1}, {"b1", "b", 3'000'000, 0, 3'000'000, 0, 2, 2, 2}};
  s.rules.host_bonus = 0.25;
  s.years = 2;
  s.timing_runs = 0;
  const auto r = simulate_pool(s);
  EXPECT_NEAR(member(r, "a").pool[0], 250'000 + 750'000 * 0.25, 1e-6);
  EXPECT_NEAR(member(r, "b").pool[0], 750'000 * 0.75, 1e-6);
  EXPECT_NEAR(member(r, "a").pool[1], 2'250'000 * 0.25, 1e-6);
  EXPECT_NEAR(member(r, "b").pool[1], 750'000 + 2'250'000 * 0.75, 1e-6);
}

TEST(Pool, PoolingSpreadsTheTimingRisk) {
  // Four equal members, one equal site each, sale year uncertain (1 … 15 in a 10-year horizon).
  PoolScenario s;
  for (const char* k : {"a", "b", "c", "d"}) {
    s.members.push_back({k, k, 0, 0});
    s.sites.push_back({std::string(k) + "1", k, 1'000'000, 0, 1'000'000, 50'000, 5, 1, 15});
  }
  s.years = 10;
  s.timing_runs = 400;
  const auto r = simulate_pool(s);
  for (const auto& m : r.members) {
    EXPECT_LT(m.pool_sd, 0.7 * m.alone_sd) << m.key;
    EXPECT_GT(m.pool_p10, m.alone_p10) << m.key;  // the bad case is less bad
  }
}

TEST(Pool, TimingPercentilesAndSpreadByHand) {
  // One member, one site of 1 M€ with 50 k€ trade tax a year once sold, sale year uniform in
  // 1 … 15 over a 10-year horizon. Sold in year y ≤ 10 the member gets 1 M€ + 50 k€ · (10 − y),
  // else nothing: 0 with probability 1/3, then 1.00, 1.05, … 1.45 M€ with 1/15 each.
  // p10 (nearest rank 40 of 400): 0, a third of the runs sell too late. p90 (rank 360): the
  // top 40 runs are the ~27 of year 1 (1.45 M€) and then year 2 (1.40 M€).
  // sd of the distribution: mean 12.25/15 M€, E[x²] = 15.2125/15 (M€)², sd = 0.589 M€.
  PoolScenario s;
  s.members = {{"a", "A", 0, 0}};
  s.sites = {{"a1", "a", 1'000'000, 0, 1'000'000, 50'000, 5, 1, 15}};
  s.years = 10;
  s.timing_runs = 400;
  const auto r = simulate_pool(s);
  const auto& m = member(r, "a");
  EXPECT_DOUBLE_EQ(m.alone_p10, 0);
  EXPECT_DOUBLE_EQ(m.alone_p90, 1'400'000);
  EXPECT_DOUBLE_EQ(m.pool_p10, 0);  // alone in the pool: the same money
  EXPECT_DOUBLE_EQ(m.pool_p90, 1'400'000);
  const double sd = std::sqrt(15.2125 / 15 - (12.25 / 15) * (12.25 / 15)) * 1e6;
  EXPECT_NEAR(m.alone_sd, sd, 0.08 * sd);
  EXPECT_NEAR(m.pool_sd, m.alone_sd, 1e-6);
}

TEST(Pool, ScenarioFileIsChecked) {
  TempDir dir;
  auto expect = [&](const std::string& toml, const std::string& fragment) {
    write_file(dir / "s.toml", toml);
    try {
      load_pool_scenario(dir / "s.toml");
      ADD_FAILURE() << "no error: " << fragment;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  const std::string members = "[[member]]\nkey = \"a\"\n[[member]]\nkey = \"b\"\n";
  expect(members + "[[site]]\nid = \"x\"\nhost = \"z\"\nvalue = 1\n", "s.toml:site 1 (x): field 'host': 'z' is not a member");
  expect(members + "[[site]]\nid = \"x\"\nhost = \"a\"\nvalue = -5\n", "field 'value': must be positive");
  expect(members + "[rules]\nremainder = \"votes\"\n", "remainder by votes needs votes");
  expect(members + "[rules]\nhost_bonus = 1.5\n", "field 'host_bonus'");
  expect("[[member]]\nkey = \"a\"\n[[member]]\nkey = \"a\"\n", "duplicate member 'a'");
  write_file(dir / "ok.toml", members + "years = 5\n[[site]]\nid = \"x\"\nhost = \"a\"\nvalue = 100\nsale_year = 2\n");
  const auto s = load_pool_scenario(dir / "ok.toml");
  EXPECT_EQ(s.sites[0].price, 100);
  EXPECT_EQ(s.sites[0].earliest, 1);
  EXPECT_EQ(s.sites[0].latest, 5);
}
