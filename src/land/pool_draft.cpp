#include "land/pool_draft.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>

#include "core/output_file.hpp"
#include "core/error.hpp"

namespace cityregions {

namespace {
std::string value_of(const Site& s, const char* field) {
  const auto it = s.values.find(field);
  return it == s.values.end() ? std::string() : it->second;
}
std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

PoolScenario draft_pool_scenario(const std::vector<Site>& sites, const std::map<std::string, std::string>& names,
                                 const PoolDraftAssumptions& a) {
  double default_price = a.default_price_eur_m2;
  if (default_price <= 0) {
    std::vector<double> prices;
    for (const auto& s : sites)
      if (const auto p = value_of(s, "price_eur_m2"); !p.empty()) prices.push_back(std::stod(p));
    if (prices.empty()) throw Error("pool draft: no site has a price (price_eur_m2); give a default price");
    std::nth_element(prices.begin(), prices.begin() + static_cast<std::ptrdiff_t>(prices.size() / 2), prices.end());
    default_price = prices[prices.size() / 2];
  }
  PoolScenario sc;
  std::map<std::string, bool> member;
  for (const auto& s : sites) {
    if (value_of(s, "owner_willing") == "no" || s.municipality.empty()) continue;
    const std::string p = value_of(s, "price_eur_m2");
    const double m2 = s.area_ha * 10000;
    PoolSite k;
    k.id = s.id;
    k.host = s.municipality;
    k.price = m2 * (p.empty() ? default_price : std::stod(p));
    k.development_cost = value_of(s, "planning_status") == "serviced" ? m2 * a.servicing_eur_m2 : 0;
    k.value = k.price - k.development_cost;
    if (k.value <= 0) continue;
    k.trade_tax = s.area_ha * a.jobs_per_ha * a.trade_tax_per_job;
    const std::string avail = value_of(s, "availability");
    k.sale_year = avail == "immediately" ? 2 : avail == "within_2_years" ? 4 : avail == "later" ? 9 : 12;
    k.earliest = std::max(1, k.sale_year - 2);
    k.latest = k.sale_year + 4;
    sc.sites.push_back(k);
    if (!member[s.municipality]) {
      member[s.municipality] = true;
      const auto n = names.find(s.municipality);
      sc.members.push_back({s.municipality, n == names.end() ? s.municipality : n->second, 0, 0});
    }
  }
  if (sc.sites.empty()) throw Error("pool draft: no site can enter the pool (all owners unwilling or no municipality)");
  std::sort(sc.members.begin(), sc.members.end(), [](const PoolMember& x, const PoolMember& y) { return x.key < y.key; });
  return sc;
}

void write_pool_scenario(const std::filesystem::path& file, const PoolScenario& sc, const PoolDraftAssumptions& a) {
  auto out = open_output_file(file);
  out << "# Pool scenario drafted by `cityregions pool draft` from the site inventory (docs/pool.md).\n"
      << "# A starting point for the partners: agreed values come from a valuation commission, not from here.\n"
      << fmt::format("# Assumptions: price = area x price_eur_m2; development cost refunded = {} EUR/m2 for serviced sites;\n"
                     "# trade tax = {} jobs/ha x {} EUR net per job and year; sale year 2/4/9/12 for availability\n"
                     "# immediately/within_2_years/later/unknown (earliest -2, latest +4); owners unwilling: left out.\n",
                     a.servicing_eur_m2, a.jobs_per_ha, a.trade_tax_per_job)
      << fmt::format("years = {}\nruns = {}\nseed = {}\n\n[rules]\nhost_bonus = {}\nremainder = {}\nrunning_costs = {}\n", sc.years,
                     sc.timing_runs, sc.seed, sc.rules.host_bonus, toml_string(sc.rules.remainder), sc.rules.running_costs);
  for (const auto& m : sc.members)
    out << fmt::format("\n[[member]]\nkey = {}\nname = {}\ncash = {}\nvotes = {}\n", toml_string(m.key), toml_string(m.name), m.cash,
                       m.votes);
  for (const auto& k : sc.sites)
    out << fmt::format(
        "\n[[site]]\nid = {}\nhost = {}\nvalue = {:.0f}\ndevelopment_cost = {:.0f}\nprice = {:.0f}\ntrade_tax = {:.0f}\n"
        "sale_year = {}\nearliest = {}\nlatest = {}\n",
        toml_string(k.id), toml_string(k.host), k.value, k.development_cost, k.price, k.trade_tax, k.sale_year, k.earliest, k.latest);
  if (!out) throw Error(file.string() + ": cannot write");
}

}  // namespace cityregions
