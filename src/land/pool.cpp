#include "land/pool.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "core/error.hpp"
#include "core/toml_file.hpp"

namespace cityregions {

PoolScenario load_pool_scenario(const std::filesystem::path& file) {
  const toml::table doc = parse_toml_file(file);
  const std::string f = file.string();
  PoolScenario s;
  s.years = doc["years"].value_or(20);
  s.timing_runs = doc["runs"].value_or(200);
  s.seed = static_cast<unsigned>(doc["seed"].value_or(1));
  if (s.years < 1 || s.years > 100) throw input_error(f, "", "years", "expected 1 … 100");
  if (s.timing_runs < 0) throw input_error(f, "", "runs", "must not be negative");
  if (const auto* r = doc["rules"].as_table()) {
    s.rules.host_bonus = (*r)["host_bonus"].value_or(0.0);
    s.rules.remainder = (*r)["remainder"].value_or(std::string("shares"));
    s.rules.running_costs = (*r)["running_costs"].value_or(0.0);
  }
  if (s.rules.host_bonus < 0 || s.rules.host_bonus > 1) throw input_error(f, "rules", "host_bonus", "expected a fraction 0 … 1");
  if (s.rules.remainder != "shares" && s.rules.remainder != "votes")
    throw input_error(f, "rules", "remainder", "expected shares or votes");
  std::set<std::string> keys;
  if (const auto* ms = doc["member"].as_array())
    for (size_t i = 0; i < ms->size(); ++i) {
      const auto* t = (*ms)[i].as_table();
      const std::string where = "member " + std::to_string(i + 1);
      if (!t) throw input_error(f, where, "", "expected a table");
      PoolMember m{(*t)["key"].value_or(std::string()), (*t)["name"].value_or(std::string()), (*t)["cash"].value_or(0.0),
                   (*t)["votes"].value_or(0.0)};
      if (m.key.empty()) throw input_error(f, where, "key", "missing");
      if (!keys.insert(m.key).second) throw input_error(f, where, "key", "duplicate member '" + m.key + "'");
      if (m.cash < 0 || m.votes < 0) throw input_error(f, where, "cash/votes", "must not be negative");
      if (m.name.empty()) m.name = m.key;
      s.members.push_back(std::move(m));
    }
  if (s.members.empty()) throw input_error(f, "", "member", "give at least one [[member]]");
  if (const auto* ss = doc["site"].as_array())
    for (size_t i = 0; i < ss->size(); ++i) {
      const auto* t = (*ss)[i].as_table();
      const std::string where = "site " + std::to_string(i + 1);
      if (!t) throw input_error(f, where, "", "expected a table");
      PoolSite k;
      k.id = (*t)["id"].value_or(std::string("site" + std::to_string(i + 1)));
      k.host = (*t)["host"].value_or(std::string());
      k.value = (*t)["value"].value_or(0.0);
      k.development_cost = (*t)["development_cost"].value_or(0.0);
      k.price = (*t)["price"].value_or(k.value);
      k.trade_tax = (*t)["trade_tax"].value_or(0.0);
      k.sale_year = (*t)["sale_year"].value_or(1);
      k.earliest = (*t)["earliest"].value_or(std::max(1, k.sale_year - 3));
      k.latest = (*t)["latest"].value_or(k.sale_year + 3);
      if (!keys.count(k.host)) throw input_error(f, where + " (" + k.id + ")", "host", "'" + k.host + "' is not a member");
      if (k.value <= 0) throw input_error(f, where + " (" + k.id + ")", "value", "must be positive");
      if (k.development_cost < 0 || k.price < 0 || k.trade_tax < 0)
        throw input_error(f, where + " (" + k.id + ")", "costs/price/tax", "must not be negative");
      if (k.sale_year < 1 || k.earliest < 1 || k.latest < k.earliest)
        throw input_error(f, where + " (" + k.id + ")", "sale_year", "years count from 1; earliest ≤ latest");
      s.sites.push_back(std::move(k));
    }
  if (s.rules.remainder == "votes") {
    double votes = 0;
    for (const auto& m : s.members) votes += m.votes;
    if (votes <= 0) throw input_error(f, "rules", "remainder", "remainder by votes needs votes for the members");
  }
  return s;
}

void name_members(PoolScenario& s, const std::map<std::string, std::string>& names) {
  for (auto& m : s.members)
    if (const auto it = names.find(m.key); m.name == m.key && it != names.end()) m.name = it->second;
}

namespace {

struct Run {
  std::vector<std::vector<double>> alone, pool;  // member × year
  std::vector<double> distributed;
};

// One sale timing: sale year per site (0 = not sold within the horizon).
Run run_once(const PoolScenario& s, const std::vector<int>& sale_year, const std::vector<double>& share,
             const std::vector<double>& weight, const std::map<std::string, size_t>& index) {
  const size_t n = s.members.size();
  const auto years = static_cast<size_t>(s.years);
  Run r{std::vector<std::vector<double>>(n, std::vector<double>(years, 0.0)),
        std::vector<std::vector<double>>(n, std::vector<double>(years, 0.0)), std::vector<double>(n, 0.0)};
  double total_value = 0, cash = 0;
  for (const auto& k : s.sites) total_value += k.value;
  for (size_t i = 0; i < n; ++i) {
    cash += s.members[i].cash;
    r.pool[i][0] -= s.members[i].cash;  // paid in at entry
  }
  auto pay = [&](double amount, size_t host, size_t year, bool host_bonus) {
    const double bonus = host_bonus ? s.rules.host_bonus * amount : 0.0;
    r.pool[host][year] += bonus;
    r.distributed[host] += bonus;
    for (size_t i = 0; i < n; ++i) {
      r.pool[i][year] += (amount - bonus) * weight[i];
      r.distributed[i] += (amount - bonus) * weight[i];
    }
  };
  for (size_t y = 0; y < years; ++y) {
    double sold_value = 0;
    for (size_t k = 0; k < s.sites.size(); ++k) {
      const auto& site = s.sites[k];
      const size_t h = index.at(site.host);
      if (sale_year[k] == 0 || static_cast<size_t>(sale_year[k]) > y + 1) continue;
      const double tax = site.trade_tax;
      if (static_cast<size_t>(sale_year[k]) == y + 1) {
        // The sale: costs back to the host (alone and in the pool alike), the land price net of them.
        const double land = site.price - site.development_cost;
        r.alone[h][y] += land;
        pay(land, h, y, true);
        sold_value += site.value;
      } else {
        // Trade tax from the second year on, of every site sold before.
        r.alone[h][y] += tax;
        pay(tax, h, y, true);
      }
    }
    // Running costs by share; cash paid back in step with the value sold.
    for (size_t i = 0; i < n; ++i) {
      r.pool[i][y] -= s.rules.running_costs * share[i];
      r.distributed[i] -= s.rules.running_costs * share[i];
      const double back = total_value > 0 ? cash * sold_value / total_value * share[i] : 0.0;
      r.pool[i][y] += back;
      r.distributed[i] += back;
    }
  }
  return r;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

double stddev(const std::vector<double>& v) {
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  return std::sqrt(var / static_cast<double>(v.size()));
}

}  // namespace

PoolResult simulate_pool(const PoolScenario& s) {
  const size_t n = s.members.size();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index[s.members[i].key] = i;
  std::vector<double> capital(n, 0.0), share(n), weight(n);
  double total = 0, votes = 0;
  for (size_t i = 0; i < n; ++i) capital[i] = s.members[i].cash, votes += s.members[i].votes;
  for (const auto& k : s.sites) capital[index.at(k.host)] += k.value;
  for (double c : capital) total += c;
  if (total <= 0) throw Error("pool: the members bring neither sites nor cash");
  for (size_t i = 0; i < n; ++i) {
    share[i] = capital[i] / total;
    weight[i] = s.rules.remainder == "votes" ? s.members[i].votes / votes : share[i];
  }
  // Planned sale years (beyond the horizon: not sold).
  std::vector<int> planned;
  for (const auto& k : s.sites) planned.push_back(k.sale_year <= s.years ? k.sale_year : 0);
  const Run base = run_once(s, planned, share, weight, index);
  PoolResult result{s.years, s.timing_runs, {}};
  for (size_t i = 0; i < n; ++i) {
    MemberOutcome m{s.members[i].key, s.members[i].name, capital[i], share[i], weight[i], base.alone[i], base.pool[i]};
    for (double v : m.alone) m.total_alone += v;
    for (double v : m.pool) m.total_pool += v;
    m.distributed = base.distributed[i];
    result.members.push_back(std::move(m));
  }
  // Sale-timing runs: each site sells in a uniformly drawn year of its range (maybe after the horizon).
  if (s.timing_runs > 0) {
    std::mt19937 rng(s.seed);
    std::vector<std::vector<double>> alone(n), pool(n);
    for (int run = 0; run < s.timing_runs; ++run) {
      std::vector<int> years;
      for (const auto& k : s.sites) {
        const int y = std::uniform_int_distribution<int>(k.earliest, k.latest)(rng);
        years.push_back(y <= s.years ? y : 0);
      }
      const Run r = run_once(s, years, share, weight, index);
      for (size_t i = 0; i < n; ++i) {
        double a = 0, p = 0;
        for (double v : r.alone[i]) a += v;
        for (double v : r.pool[i]) p += v;
        alone[i].push_back(a);
        pool[i].push_back(p);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      auto& m = result.members[i];
      m.alone_p10 = percentile(alone[i], 10);
      m.alone_p90 = percentile(alone[i], 90);
      m.alone_sd = stddev(alone[i]);
      m.pool_p10 = percentile(pool[i], 10);
      m.pool_p90 = percentile(pool[i], 90);
      m.pool_sd = stddev(pool[i]);
    }
  }
  return result;
}

nlohmann::json pool_result_to_json(const PoolResult& r) {
  nlohmann::json j = {{"years", r.years}, {"runs", r.runs}, {"members", nlohmann::json::array()}};
  for (const auto& m : r.members)
    j["members"].push_back({{"key", m.key}, {"name", m.name}, {"capital", m.capital}, {"share", m.share}, {"weight", m.weight},
                            {"alone", m.alone}, {"pool", m.pool}, {"total_alone", m.total_alone}, {"total_pool", m.total_pool},
                            {"alone_p10", m.alone_p10}, {"alone_p90", m.alone_p90}, {"pool_p10", m.pool_p10},
                            {"pool_p90", m.pool_p90}, {"alone_sd", m.alone_sd}, {"pool_sd", m.pool_sd}});
  return j;
}

}  // namespace cityregions
