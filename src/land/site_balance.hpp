#pragma once
// Regional balance of commercial land: the hectares on offer by availability and planning status,
// per municipality and for the region, against a demand forecast in hectares per year by sector
// (research/domain.md §2.1: the 2021 stock-take set 146 sites ≥ 5 ha against a demand to 2038).
#include <map>
#include <string>
#include <vector>

#include "land/sector_profile.hpp"
#include "land/sites.hpp"

namespace cityregions {

struct LandSupply {
  std::string key, name;
  size_t sites = 0;
  double total_ha = 0;
  std::map<std::string, double> by_availability, by_status;  // ha per value; "unknown" where not given
};

struct SectorDemand {
  std::string sector;           // a profile: its constraints decide which sites suit the sector
  double ha_per_year = 0;
  double demand_ha = 0;         // ha_per_year · years
  double suitable_ha = 0;       // sites passing the profile's constraints
  double suitable_soon_ha = 0;  // … of them available immediately or within 2 years
  double balance_ha = 0;        // suitable − demand
  double years_of_supply = 0;   // suitable / ha_per_year
};

struct LandBalance {
  int years = 0;
  std::vector<LandSupply> municipalities;  // with sites, by hectares, largest first
  LandSupply region;
  std::vector<SectorDemand> sectors;
  double demand_ha = 0;   // all sectors
  double balance_ha = 0;  // region total − demand (a site counts once, whatever sectors it suits)
};

// `names` maps municipality keys to names. Demand: profile name or file → ha per year.
LandBalance land_balance(const std::vector<Site>& sites, const std::map<std::string, std::string>& names,
                         const std::map<std::string, double>& demand, int years);

}  // namespace cityregions
