#pragma once
// Marketability of the region's sites for a sector: hard constraints exclude sites (each
// exclusion names the constraint), the rest are scored by the profile's weighted, normalised
// criteria (research/domain.md §8.7: benefit (x − min)/(max − min), cost (max − x)/(max − min))
// and ranked across all municipalities. Every score comes with its parts per criterion.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "land/sector_profile.hpp"
#include "land/sites.hpp"

namespace cityregions {

struct CriterionPart {
  std::string field, label;
  std::string value;       // as shown ("6.4 min", "binding_plan", "unknown")
  double normalised = 0;   // 0…1; 0 when unknown
  double weight = 0;       // 0…1
  double points = 0;       // 100 · weight · normalised
  bool known = false;
};

struct RankedSite {
  Site site;
  int rank = 0;
  double score = 0;  // 0…100 points
  std::vector<CriterionPart> parts;
  std::string summary;  // strongest and weakest criteria in words
};

struct ExcludedSite {
  Site site;
  std::vector<std::string> reasons;  // one per failed constraint
};

struct Ranking {
  SectorProfile profile;
  std::vector<RankedSite> ranked;
  std::vector<ExcludedSite> excluded;
};

Ranking rank_sites(const std::vector<Site>& sites, const SectorProfile& profile);

// An investor's enquiry: its requirements become further hard constraints of the profile.
struct Enquiry {
  std::optional<double> min_ha, max_ha, max_motorway_min, max_price;
  bool rail = false;      // a siding existing or possible
  std::string available;  // "" | immediately | within_2_years
};
SectorProfile with_enquiry(SectorProfile profile, const Enquiry& enquiry);

// One constraint in words ("area (ha) ≥ 10").
std::string describe(const SiteConstraint& c);
// A site's value of a field as shown to people ("12.5 ha", "6.4 min", "yes"); "unknown" if absent.
std::string shown_value(const Site& site, const std::string& field);

// The ranking as JSON: profile, constraints, ranked sites with their parts, excluded with reasons.
nlohmann::json ranking_to_json(const Ranking& ranking);

// The ranking as a layer of the workspace (the sites' polygons with rank, score, status and
// reasons), replacing a layer of that name; export it with export_layer for the map.
void write_ranking_layer(Workspace& ws, const Ranking& ranking, const std::string& layer);

}  // namespace cityregions
