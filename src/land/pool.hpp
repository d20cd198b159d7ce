#pragma once
// A regional commercial-land pool (research/domain.md §8.3, after the Neckar-Alb model): members
// bring sites at agreed values (and cash); shares s_i = V_i / Σ V. When a site sells, the
// development costs go back to whoever bore them and the rest of the price goes into the pool;
// the trade tax of sold pool sites (net of levies) goes into the pool every year; each year the
// pool pays out — all by share, or the host first α and the rest by shares or votes. The
// simulation compares every member's revenue alone and in the pool, year by year, for the
// planned sale years and for many random sale timings (risk sharing).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cityregions {

struct PoolMember {
  std::string key, name;
  double cash = 0;   // cash contribution at entry
  double votes = 0;  // for remainder = votes
};

struct PoolSite {
  std::string id, host;     // host: member key
  double value = 0;         // agreed value v_k
  double development_cost = 0;  // E_k, refunded to the host on sale
  double price = 0;         // expected sale price P_k (default: the value)
  double trade_tax = 0;     // net trade tax per year once sold
  int sale_year = 1;        // planned year of sale (1 = first year)
  int earliest = 0, latest = 0;  // range of sale years for the timing scenarios (default planned ± 3)
};

struct PoolRules {
  double host_bonus = 0;          // α: share of each revenue that first goes to the site's host
  std::string remainder = "shares";  // shares or votes
  double running_costs = 0;       // € per year, borne by the pool
};

struct PoolScenario {
  std::vector<PoolMember> members;
  std::vector<PoolSite> sites;
  PoolRules rules;
  int years = 20;
  int timing_runs = 200;  // random sale timings
  unsigned seed = 1;
};

// TOML: years, runs, seed, [rules] host_bonus/remainder/running_costs, [[member]] key/name/cash/votes,
// [[site]] id/host/value/development_cost/price/trade_tax/sale_year/earliest/latest.
PoolScenario load_pool_scenario(const std::filesystem::path& file);
// Members given by key only take their name from `names` (municipality key → name).
void name_members(PoolScenario& scenario, const std::map<std::string, std::string>& names);

struct MemberOutcome {
  std::string key, name;
  double capital = 0, share = 0, weight = 0;  // V_i, s_i, weight of the remainder (share or votes)
  std::vector<double> alone, pool;  // per year (planned sales): revenue alone / in the pool (cash paid in year 1)
  double total_alone = 0, total_pool = 0;
  double distributed = 0;  // Σ payouts from the pool (planned sales), without the cash paid in
  // Across the timing runs: cumulative totals, 10th and 90th percentiles and standard deviation.
  double alone_p10 = 0, alone_p90 = 0, alone_sd = 0, pool_p10 = 0, pool_p90 = 0, pool_sd = 0;
};

struct PoolResult {
  int years = 0, runs = 0;
  std::vector<MemberOutcome> members;
};

PoolResult simulate_pool(const PoolScenario& scenario);
// Every member's figures (per year and totals, with the timing spread) as JSON.
nlohmann::json pool_result_to_json(const PoolResult& result);

}  // namespace cityregions
