#include "land/site_balance.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "land/site_ranking.hpp"

namespace cityregions {

namespace {
void count(LandSupply& s, const Site& site) {
  auto value = [&](const char* field) {
    const auto it = site.values.find(field);
    return it == site.values.end() || it->second.empty() ? std::string("unknown") : it->second;
  };
  ++s.sites;
  s.total_ha += site.area_ha;
  s.by_availability[value("availability")] += site.area_ha;
  s.by_status[value("planning_status")] += site.area_ha;
}
}  // namespace

LandBalance land_balance(const std::vector<Site>& sites, const std::map<std::string, std::string>& names,
                         const std::map<std::string, double>& demand, int years) {
  if (years < 1) throw Error("--years: expected at least 1");
  LandBalance b;
  b.years = years;
  b.region = {"region", "Region", 0, 0, {}, {}};
  std::map<std::string, LandSupply> per;
  for (const auto& s : sites) {
    auto& m = per[s.municipality];
    if (m.key.empty() && !s.municipality.empty()) {
      m.key = s.municipality;
      const auto it = names.find(s.municipality);
      m.name = it == names.end() ? s.municipality : it->second;
    } else if (s.municipality.empty()) {
      m.name = "(outside the municipalities)";
    }
    count(m, s);
    count(b.region, s);
  }
  for (auto& [key, m] : per) b.municipalities.push_back(std::move(m));
  std::sort(b.municipalities.begin(), b.municipalities.end(), [](const LandSupply& x, const LandSupply& y) {
    return x.total_ha != y.total_ha ? x.total_ha > y.total_ha : x.key < y.key;
  });
  for (const auto& [sector, rate] : demand) {
    if (rate < 0) throw Error("--demand " + sector + ": expected hectares per year ≥ 0");
    const Ranking r = rank_sites(sites, load_sector_profile(sector));
    SectorDemand d{r.profile.name, rate, rate * years, 0, 0, 0, 0};
    for (const auto& s : r.ranked) {
      d.suitable_ha += s.site.area_ha;
      const auto it = s.site.values.find("availability");
      if (it != s.site.values.end() && (it->second == "immediately" || it->second == "within_2_years"))
        d.suitable_soon_ha += s.site.area_ha;
    }
    d.balance_ha = d.suitable_ha - d.demand_ha;
    d.years_of_supply = rate > 0 ? d.suitable_ha / rate : 0;
    b.demand_ha += d.demand_ha;
    b.sectors.push_back(d);
  }
  b.balance_ha = b.region.total_ha - b.demand_ha;
  return b;
}

}  // namespace cityregions
