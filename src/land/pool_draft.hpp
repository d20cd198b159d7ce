#pragma once
// A first pool scenario drawn from the site inventory, for the partners to edit before they
// agree on values (research/domain.md §8.3): every site whose owner is not unwilling becomes a
// pool site of its municipality; its sale price is area × price €/m², the servicing already paid
// by the host (serviced sites, an assumed 20 €/m²) is the refunded development cost, the rest is
// the agreed value; trade tax follows the INKOBA planning norm of 20 jobs per hectare at an
// assumed 500 € net trade tax per job and year; the sale year follows the availability.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "land/pool.hpp"
#include "land/sites.hpp"

namespace cityregions {

struct PoolDraftAssumptions {
  double servicing_eur_m2 = 20;
  double jobs_per_ha = 20;
  double trade_tax_per_job = 500;
  double default_price_eur_m2 = 0;  // 0: the median of the inventory's prices
};

// `names` maps municipality keys to names.
PoolScenario draft_pool_scenario(const std::vector<Site>& sites, const std::map<std::string, std::string>& names,
                                 const PoolDraftAssumptions& assumptions = {});
// The scenario as a TOML file that load_pool_scenario reads back, with the assumptions as comments.
void write_pool_scenario(const std::filesystem::path& file, const PoolScenario& scenario, const PoolDraftAssumptions& assumptions);

}  // namespace cityregions
