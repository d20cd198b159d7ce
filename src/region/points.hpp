#pragma once
// Point sets for matrices and accessibility: a CSV (id,lat,lon), any GDAL point layer, or the
// municipalities of the workspace (their centres).
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "network/street_network.hpp"
#include "store/workspace.hpp"

namespace cityregions {

struct NamedPoint {
  std::string id;
  LonLat position;
  std::string where;  // "file:line" or "file:feature N", for error messages
};

// Points outside the region's extent (with a 2 km margin) are refused with an error naming them.
std::vector<NamedPoint> read_points(Workspace& ws, const std::string& source);

// Snaps every point; an error names the point's source and the snap limit.
std::vector<Location> locate_all(const StreetNetwork& net, const std::vector<NamedPoint>& points, double max_snap_m);

}  // namespace cityregions
