// The pool's rules worked out by hand: running costs charged by capital share (from the scenario
// file), and the 10th/90th percentiles of the sale-timing runs.
#include <gtest/gtest.h>

#include "land/pool.hpp"
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

TEST(PoolRules, RunningCostsAreChargedEveryYearByCapitalShare) {
  TempDir dir;
  // a brings a site of 3 m € that sells after the horizon, b 1 m € cash: shares 3/4 and 1/4.
  write_file(dir / "pool.toml", R"(years = 3
runs = 0
[rules]
running_costs = 10000
[[member]]
key = "a"
[[member]]
key = "b"
cash = 1000000
[[site]]
id = "s"
host = "a"
value = 3000000
sale_year = 10
earliest = 10
latest = 10
)");
  const PoolScenario s = load_pool_scenario(dir / "pool.toml");
  EXPECT_DOUBLE_EQ(s.rules.running_costs, 10000);
  const auto r = simulate_pool(s);
  const auto &a = member(r, "a"), &b = member(r, "b");
  EXPECT_DOUBLE_EQ(a.share, 0.75);
  ASSERT_EQ(a.pool.size(), 3u);
  for (size_t y = 0; y < 3; ++y) {
    EXPECT_NEAR(a.pool[y], -7500, 1e-6) << y;
    EXPECT_NEAR(b.pool[y], (y == 0 ? -1'000'000 : 0) - 2500, 1e-6) << y;
    EXPECT_NEAR(a.alone[y], 0, 1e-9);  // alone, nothing is sold and nothing is paid
  }
  EXPECT_NEAR(a.total_pool, -22'500, 1e-6);
  EXPECT_NEAR(b.total_pool, -1'007'500, 1e-6);
  EXPECT_NEAR(a.distributed, -22'500, 1e-6);
  EXPECT_NEAR(b.distributed, -7'500, 1e-6);
  // Without running costs the pool costs nothing.
  PoolScenario free = s;
  free.rules.running_costs = 0;
  EXPECT_NEAR(member(simulate_pool(free), "a").total_pool, 0, 1e-9);
}

TEST(PoolRules, TimingPercentilesAreTheTenthAndNinetiethOfTheRuns) {
  // One site that sells in year 1 or 2 with equal odds; the horizon is one year: in about half the
  // runs the host gets the land price (2 m €), in the others nothing.
  PoolScenario s;
  s.members = {{"h", "Host", 0, 0}, {"o", "Other", 2'000'000, 0}};
  s.sites = {{"k", "h", 2'000'000, 0, 2'000'000, 0, 1, 1, 2}};
  s.years = 1;
  s.timing_runs = 400;
  s.seed = 7;
  const auto r = simulate_pool(s);
  const auto& h = member(r, "h");
  EXPECT_DOUBLE_EQ(h.alone_p10, 0);
  EXPECT_DOUBLE_EQ(h.alone_p90, 2'000'000);
  EXPECT_GT(h.alone_sd, 900'000);  // two outcomes 2 m apart, about equally often: sd ≈ 1 m
  EXPECT_LT(h.alone_sd, 1'001'000);
  // In the pool (shares 1/2 each) a sale pays each member half of the land price and half of
  // the cash paid in: the host 1 m + 1 m; unsold: 0.
  EXPECT_DOUBLE_EQ(h.pool_p10, 0);
  EXPECT_NEAR(h.pool_p90, 2'000'000, 1e-6);
  const auto& o = member(r, "o");
  EXPECT_NEAR(o.pool_p10, -2'000'000, 1e-6);  // paid in, nothing back
  EXPECT_NEAR(o.pool_p90, -2'000'000 + 1'000'000 + 1'000'000, 1e-6);
}
