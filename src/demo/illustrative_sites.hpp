#pragma once
// An ILLUSTRATIVE site inventory for a demo region, where no public inventory exists: per
// municipality, reserves of about 8 % of its industrial and commercial land (official land-use
// statistics, ../shared/data/de-landuse-area-2018) split into sites of 5 ha or more, placed as
// squares beside the car network inside the municipality, with attributes drawn from a fixed
// seed, only where commercial land is plausible (near motorway junctions or OSM commercial land
// and roads, never in or beside 1 km cells of urban-centre density). Every site is named and noted as illustrative, and the layer's source says so.
#include <filesystem>
#include <map>
#include <string>

#include "store/workspace.hpp"

namespace cityregions {

inline constexpr const char* kIllustrativeNote =
    "ILLUSTRATIVE: generated from municipal land-use statistics, not a real site";

struct IllustrativeInventory {
  size_t sites = 0, municipalities = 0;
  size_t without_statistics = 0, without_network = 0;  // municipalities skipped
  size_t without_plausible_land = 0;  // no road node near commercial land outside dense cells
  double hectares = 0;
};

// Makes drawn attributes consistent (land/site_consistency.hpp): a serviced site has road access and
// water/sewer; a site with a contradiction is not available immediately.
void make_consistent(std::map<std::string, std::string>& values);

// Needs the municipalities and the car network in the workspace; adds to the `sites` layer.
IllustrativeInventory build_illustrative_sites(Workspace& ws, const std::filesystem::path& landuse_csv, unsigned seed = 1);

}  // namespace cityregions
