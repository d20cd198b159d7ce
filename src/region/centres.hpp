#pragma once
// Municipality centres, the points that stand for a municipality in matrices, in the demo's reach
// table and in zones "municipalities" (docs/access.md, "Municipality centres"). In order of
// preference:
//   file    a point given with --centres FILE (id = key or name, lat, lon); kept until replaced
//   grid    the population-weighted centre of the finest grid layer with a population column
//           (the populated cell nearest to it when the weighted centre falls outside the polygon)
//   place   the OSM node place=city|town|village whose name is the municipality's, inside it
//           (city before town before village)
//   inside  the polygon's centroid, or a point on its surface when the centroid lies outside
// The choice is stored in municipalities.centre_source.
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct CentreChoice {
  std::string key, name, source;  // source: file, grid, place, inside
  LonLat before, after;
};

struct CentreReport {
  std::vector<CentreChoice> municipalities;
  std::string grid_layer;  // the grid used, "" when none
  size_t count(const std::string& source) const;
};

// Recomputes every centre (keeping those a file gave earlier); `centres_file` gives new ones.
CentreReport update_centres(Workspace& ws, const std::string& centres_file = "");

}  // namespace cityregions
